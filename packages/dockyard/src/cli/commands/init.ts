import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newCommand, parseArguments } from '../command';
import { EXIT } from '../exit-codes';
import { isPackageName, packageNameFromFolder, projectFiles, stackNameFor } from '../init/project-files';
import { type CliIo, defaultIo } from '../io';
import { packageVersion } from '../version';

/** Runs the package manager's install in a folder and resolves to its exit code. */
export type Installer = (command: PackageManager, cwd: string) => Promise<number>;

/** The package manager a project's next steps name: the one that ran `dockyard init`. */
export interface PackageManager {
  /** `npm`, `pnpm`, `yarn` or `bun`. */
  readonly name: string;
  /** How a bin of the project runs: `npx`, `pnpm exec`, ... */
  readonly exec: string;
}

/** What `init` takes from its surroundings; tests pass their own. */
export interface InitEnvironment {
  /** Runs the install `--install` asks for. */
  readonly install: Installer;
  /** `npm_config_user_agent`, which names the package manager that started this process. */
  readonly userAgent: string | undefined;
}

interface Options {
  readonly name?: string;
  readonly install?: boolean;
}

/**
 * Runs `dockyard init [options]`: writes a new project (package.json, infra.ts, infra.test.ts, tsconfig.json,
 * .gitignore, README.md) into the current folder and prints the next steps. It writes nothing when any of
 * those files exists, and installs nothing unless `--install` asks. Resolves to the exit code.
 */
export async function init(
  argv: readonly string[],
  io: CliIo = defaultIo,
  env: InitEnvironment = { install: runInstall, userAgent: process.env.npm_config_user_agent },
): Promise<number> {
  const program = newCommand('dockyard init', io)
    .description(
      'Start a Dockyard project in the current folder: package.json, infra.ts (a LoadBalancedStack), ' +
        'infra.test.ts, tsconfig.json, .gitignore and README.md. Writes nothing if any of them exists.',
    )
    .option('--name <name>', 'the package name (default: from the folder name)')
    .option('--install', 'also install the dependencies with the package manager that ran init');
  const answered = parseArguments(program, argv);
  if (answered !== undefined) return answered;
  const options = program.opts<Options>();

  const name = options.name ?? packageNameFromFolder(path.basename(io.cwd));
  if (!isPackageName(name)) {
    io.err(
      `dockyard init: --name expects an npm package name (lowercase letters, digits, "-", ".", "_", "~", optionally @scope/), got ${JSON.stringify(name)}`,
    );
    return EXIT.usage;
  }
  const stackName = stackNameFor(name);
  const files = projectFiles({ name, stackName, dockyardRange: `^${packageVersion()}` });

  const existing = files.filter((file) => fs.existsSync(path.join(io.cwd, file.path)));
  if (existing.length > 0) {
    io.err(
      [
        `dockyard init: refusing to overwrite ${existing.length === 1 ? 'a file that exists' : 'files that exist'}; nothing was written:`,
        ...existing.map((file) => `  ${file.path}`),
        'Run it in an empty folder, or move these files away.',
      ].join('\n'),
    );
    return EXIT.userError;
  }
  const written: string[] = [];
  try {
    for (const file of files) {
      // `wx` fails rather than overwrite a file created since the check above.
      fs.writeFileSync(path.join(io.cwd, file.path), file.text, { flag: 'wx' });
      written.push(file.path);
    }
  } catch (error) {
    // Half a project is worse than none: take back what this run wrote, and only that.
    for (const file of written) fs.rmSync(path.join(io.cwd, file), { force: true });
    const { code, path: where } = error as NodeJS.ErrnoException;
    io.err(`dockyard init: cannot write ${where ?? io.cwd} (${code ?? String(error)}); nothing was written.`);
    return EXIT.userError;
  }

  const manager = packageManager(env.userAgent);
  const width = Math.max(...files.map((file) => file.path.length));
  io.out(`Created the Dockyard project "${name}" in ${io.cwd}:`);
  for (const file of files) io.out(`  ${file.path.padEnd(width)}  ${file.summary}`);

  if (options.install) {
    io.out('');
    io.out(`Installing the dependencies (${manager.name} install) ...`);
    const code = await env.install(manager, io.cwd);
    if (code !== 0) {
      io.err(`dockyard init: ${manager.name} install failed (exit ${code}); the project files are in place.`);
      return EXIT.userError;
    }
  }
  const steps: [string, string][] = [
    ...(options.install
      ? []
      : [[`${manager.name} install`, 'install dockyard, jest and TypeScript'] as [string, string]]),
    [`${manager.exec} synth`, `write dist/${stackName}/compose.yaml, stack.yaml and nginx.conf`],
    [`${manager.name} test`, 'type-check, then run infra.test.ts'],
    [`docker compose -f dist/${stackName}/compose.yaml up`, 'run it'],
  ];
  const stepWidth = Math.max(...steps.map(([command]) => command.length));
  io.out('');
  io.out('Next steps:');
  for (const [command, why] of steps) io.out(`  ${command.padEnd(stepWidth)}  # ${why}`);
  return EXIT.ok;
}

/**
 * The package manager from the user agent it gives its children (`pnpm/10.34.8 npm/? node/v20...`), so that
 * `pnpm dlx dockyard init` suggests pnpm; npm otherwise.
 */
export function packageManager(userAgent: string | undefined): PackageManager {
  const agent = (userAgent ?? '').split('/')[0];
  if (agent === 'pnpm') return { name: 'pnpm', exec: 'pnpm exec' };
  if (agent === 'yarn') return { name: 'yarn', exec: 'yarn' };
  if (agent === 'bun') return { name: 'bun', exec: 'bunx' };
  return { name: 'npm', exec: 'npx' };
}

/** `<manager> install` in `cwd`, its output shown as it comes. */
const runInstall: Installer = (manager, cwd) =>
  new Promise((resolve) => {
    const child = spawn(manager.name, ['install'], {
      cwd,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
