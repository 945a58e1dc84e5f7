/** How serious a problem is: errors stop synthesis, warnings and infos (notes) are reported. */
export type ProblemLevel = 'error' | 'warning' | 'info';

/** One step of a path into plain data: a key or an array index. */
export type PathSegment = string | number;

/** A place in the project model, as keys and indexes: `['services', 'web', 'ports', 0, 'published']`. */
export type ModelPath = readonly PathSegment[];

/**
 * A problem or a decision a renderer or a check reports about the project model instead of silently changing
 * the output. Its `path` is structured, so a caller can tell which entry it is about without parsing; the model
 * uses the Compose key names, so {@link formatPath} of it reads the same in the rendered file.
 */
export interface ModelProblem {
  readonly level: ProblemLevel;
  readonly path: ModelPath;
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A path as messages print it: `services.web.ports[0].published`. Keys that are not plain identifiers are
 * bracketed and quoted (`services["my.app"]`) so a path stays unambiguous when a name contains a dot.
 */
export function formatPath(path: ModelPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
