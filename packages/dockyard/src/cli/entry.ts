import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockyardUserError } from '../core/errors';

/** Files tried, in order, when neither the command line nor package.json names the program. */
export const DEFAULT_ENTRIES = ['infra.ts', 'main.ts'] as const;

/**
 * Finds the program to synthesize: the FILE argument, else `package.json#dockyard.app`, else `infra.ts`,
 * else `main.ts`, each relative to the current directory.
 */
export function resolveEntry(cwd: string, file: string | undefined): string {
  if (file) return existingFile(path.resolve(cwd, file), `${file} does not exist`);
  const configured = configuredEntry(cwd);
  if (configured)
    return existingFile(
      path.resolve(cwd, configured),
      `package.json names dockyard.app "${configured}", which does not exist`,
    );
  for (const candidate of DEFAULT_ENTRIES) {
    const full = path.resolve(cwd, candidate);
    if (fs.existsSync(full)) return full;
  }
  throw new DockyardUserError(
    `no program to synthesize: pass a file (synth infra.ts), set "dockyard": { "app": "infra.ts" } in package.json, or create ${DEFAULT_ENTRIES.join(' or ')} here`,
  );
}

function configuredEntry(cwd: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(cwd, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const app = (JSON.parse(text) as { dockyard?: { app?: unknown } }).dockyard?.app;
    return typeof app === 'string' ? app : undefined;
  } catch {
    throw new DockyardUserError('package.json is not valid JSON');
  }
}

function existingFile(file: string, message: string): string {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new DockyardUserError(message);
  return file;
}
