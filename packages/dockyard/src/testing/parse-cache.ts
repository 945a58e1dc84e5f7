import type { ArtifactKind } from '../core/artifact';

// Texts up to this size are kept: a test's program, not a 5000-service one (which a test file builds once,
// and whose parsed tree would hold tens of megabytes).
const MAX_TEXT_LENGTH = 64 * 1024;
const MAX_ENTRIES = 32;

// Least recently used first (a Map iterates in insertion order, and a hit is re-inserted).
const parsedByText = new Map<string, unknown>();

/**
 * `parse(text)`, remembered for texts seen before in this process (in jest, this test file). Tests commonly
 * build the same program in every test (a `beforeEach`, a shared builder) and read the same views of it, and
 * parsing YAML back was the testing toolkit's largest cost after rendering. Each caller gets its own copy,
 * so a test that changes what it was given never changes what the next one reads.
 */
export function parseRemembered(kind: ArtifactKind, text: string, parse: (text: string) => unknown): unknown {
  if (text.length > MAX_TEXT_LENGTH) return parse(text);
  const key = `${kind}\n${text}`;
  if (parsedByText.has(key)) {
    const kept = parsedByText.get(key);
    parsedByText.delete(key);
    parsedByText.set(key, kept);
    return structuredClone(kept);
  }
  const parsed = parse(text);
  parsedByText.set(key, structuredClone(parsed));
  if (parsedByText.size > MAX_ENTRIES) parsedByText.delete(parsedByText.keys().next().value as string);
  return parsed;
}
