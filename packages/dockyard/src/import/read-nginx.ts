import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Directive } from '../model/nginx/ast';
import { NginxParseError, parseNginx } from '../model/nginx/parser';
import { NginxPrintError, printNginx } from '../model/nginx/printer';
import { ImportError, type ImportNote, type Position } from './problems';

/** One nginx config read with its includes, as a whole `nginx.conf` tree. */
export interface NginxInput {
  readonly file: string;
  /** The main context: `events`, `http` and the rest. */
  readonly tree: Directive[];
  /** True when the file was a fragment (e.g. `conf.d/default.conf`): its directives are the `http` context. */
  readonly fragment: boolean;
  readonly notes: ImportNote[];
}

const HTTP_LEVEL = new Set(['server', 'upstream', 'map', 'proxy_cache_path', 'limit_req_zone', 'log_format']);

/**
 * Reads an nginx config and the files its `include`s name (relative to the including file; a glob such as
 * `conf.d/*.conf` in file-name order). Absolute includes (`/etc/nginx/mime.types`, files of the image) and
 * relative ones that match no file here stay as they are. A syntax error is an {@link ImportError} with line and column.
 */
export function readNginx(text: string, file: string): NginxInput {
  const notes: ImportNote[] = [];
  const tree = expandIncludes(parse(text, file), path.dirname(path.resolve(file)), file, notes, 0);
  const fragment = !tree.some((directive) => directive.name === 'http' || directive.name === 'events');
  if (
    fragment &&
    !tree.every((directive) => HTTP_LEVEL.has(directive.name) || directive.block === undefined)
  ) {
    throw new ImportError({ file, line: 1, column: 1 }, 'expected a whole nginx.conf or http-level blocks');
  }
  if (fragment) {
    notes.push({
      level: 'changed',
      at: { file, line: 1, column: 1 },
      message: 'a conf.d fragment becomes a whole nginx.conf (main, events and http contexts added)',
    });
    return { file, tree: [{ name: 'http', args: [], block: tree }], fragment, notes };
  }
  return { file, tree, fragment, notes };
}

function parse(text: string, file: string): Directive[] {
  let tree: Directive[];
  try {
    tree = parseNginx(text);
  } catch (failure) {
    if (failure instanceof NginxParseError) {
      throw new ImportError({ file, line: failure.line, column: failure.column ?? 1 }, failure.detail);
    }
    throw failure;
  }
  try {
    // What nginx would refuse as a directive (an elision "...." left in a copied config) the program could
    // not write either: an error at its place now, not a crash when the program is printed.
    printNginx(tree);
  } catch (failure) {
    if (!(failure instanceof NginxPrintError)) throw failure;
    const message =
      failure.argument === undefined && failure.directive !== undefined
        ? `${JSON.stringify(failure.directive)} is not an nginx directive (nginx -t refuses it; names are lowercase letters, digits and _): an elision left in a copied config?`
        : failure.message;
    throw new ImportError(positionOf(text, file, failure), message);
  }
  return tree;
}

/** Where the directive a print error names starts (its first occurrence at the start of a line). */
function positionOf(text: string, file: string, failure: NginxPrintError): Position {
  const name = failure.directive ?? '';
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.trimStart().startsWith(name) && name !== '');
  if (index < 0) return { file, line: 1, column: 1 };
  const line = lines[index] as string;
  return { file, line: index + 1, column: line.length - line.trimStart().length + 1 };
}

function expandIncludes(
  tree: readonly Directive[],
  folder: string,
  file: string,
  notes: ImportNote[],
  depth: number,
): Directive[] {
  if (depth > 10) throw new ImportError({ file, line: 1, column: 1 }, 'includes nested more than 10 deep');
  const out: Directive[] = [];
  for (const directive of tree) {
    // Only relative includes are the user's files; an absolute one (`/etc/nginx/mime.types`) is the image's.
    if (
      directive.name === 'include' &&
      directive.args.length === 1 &&
      !path.isAbsolute(directive.args[0] ?? '/')
    ) {
      const files = matchingFiles(path.resolve(folder, directive.args[0] as string));
      if (files !== undefined) {
        for (const included of files) {
          const text = fs.readFileSync(included, 'utf8');
          out.push(
            ...expandIncludes(parse(text, included), path.dirname(included), included, notes, depth + 1),
          );
        }
        continue;
      }
    }
    out.push(
      directive.block === undefined
        ? directive
        : { ...directive, block: expandIncludes(directive.block, folder, file, notes, depth) },
    );
  }
  return out;
}

/** The files an include names, or undefined when none exists here (then the include stays). */
function matchingFiles(pattern: string): string[] | undefined {
  if (!pattern.includes('*'))
    return fs.existsSync(pattern) && fs.statSync(pattern).isFile() ? [pattern] : undefined;
  const folder = path.dirname(pattern);
  if (!fs.existsSync(folder)) return undefined;
  const regex = new RegExp(
    `^${path
      .basename(pattern)
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')}$`,
  );
  const names = fs
    .readdirSync(folder)
    .filter((name) => regex.test(name))
    .sort();
  return names.length === 0 ? undefined : names.map((name) => path.join(folder, name));
}
