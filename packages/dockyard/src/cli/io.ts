/** Where a command reads its working directory and writes its lines; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

/** The process's own working directory, standard output and standard error. */
export const defaultIo: CliIo = {
  cwd: process.cwd(),
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};
