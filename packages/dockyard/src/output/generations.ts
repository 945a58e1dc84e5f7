import { createHash } from 'node:crypto';

/**
 * Naming of the folders of the linked layout inside an outdir. A stack's folder (`dist/shop`) is a symbolic link
 * to a content-addressed generation (`dist/.shop.3f2a9c1b0d4e`) beside it, so switching from the old output to
 * the new one is a single atomic rename of the link, whatever kills the process. Generations sit at the same
 * depth as the link, so a relative path inside an artifact means the same thing through either.
 */
export function generationName(
  stack: string,
  files: ReadonlyArray<{ fileName: string; text: string }>,
): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.fileName < b.fileName ? -1 : 1))) {
    hash.update(file.fileName).update('\0').update(file.text).update('\0');
  }
  return `.${stack}.${hash.digest('hex').slice(0, 12)}`;
}

export function isGenerationOf(stack: string, entry: string): boolean {
  return new RegExp(`^\\.${escapeRegExp(stack)}\\.[0-9a-f]{12}$`).test(entry);
}

/**
 * Leftovers of an interrupted run: half-built generations, links never renamed into place, and old folders or
 * links moved aside by a change of layout.
 */
export function isScratchOf(stack: string, entry: string): boolean {
  return new RegExp(`^\\.${escapeRegExp(stack)}\\.(tmp|link|previous)-[A-Za-z0-9]+$`).test(entry);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
