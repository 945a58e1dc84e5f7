/** Where in an input file something is: 1-based line and column. */
export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Input the importer cannot read at all: printed as `file:line:column: message`; nothing is written. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly at: Position,
    readonly detail: string,
  ) {
    super(`${at.file}:${at.line}:${at.column}: ${detail}`);
  }
}

/**
 * What the importer tells the user about one input item:
 * - `lost`: not carried over (the program does not reproduce it);
 * - `warning`: carried over, but it behaves differently or needs a look (e.g. `${VAR}` kept as literal text);
 * - `changed`: carried over with a deliberate improvement (a pattern's secure default, a health check).
 */
export interface ImportNote {
  readonly level: 'lost' | 'warning' | 'changed';
  readonly at: Position;
  readonly message: string;
}

export const formatPosition = (at: Position): string => `${at.file}:${at.line}:${at.column}`;

export const formatNote = (note: ImportNote): string =>
  `${formatPosition(note.at)}: ${note.level}: ${note.message}`;
