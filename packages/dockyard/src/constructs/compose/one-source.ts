/**
 * The message for props that must name exactly one source (`file`, `content`, ...) but name none or several;
 * undefined when exactly one is present, so that the schema's own message about that source stands.
 *
 * @example oneSourceMessage({ file: 'a', content: 'b' }, ['file', 'content']) // 'expected exactly one of file and content, got file and content'
 */
export function oneSourceMessage(input: unknown, sources: readonly string[]): string | undefined {
  const given =
    typeof input === 'object' && input !== null ? sources.filter((source) => source in input) : [];
  if (given.length === 1) return undefined;
  return `expected exactly one of ${listed(sources, 'and')}, got ${given.length === 0 ? 'none' : listed(given, 'and')}`;
}

function listed(words: readonly string[], conjunction: string): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1) as string}`;
}
