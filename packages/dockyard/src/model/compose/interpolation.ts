/**
 * Writes every `$` of every string value as `$$`, the escape both Compose and Swarm read back as one literal `$`
 * (keys are not interpolated and stay as they are). Model values are literal, so nothing a user writes, such as
 * nginx's `$remote_addr`, can be replaced by the deploying shell's environment.
 */
export function escapeDollars<T>(value: T): T {
  return mapStrings(value, (text) => text.replaceAll('$', '$$$$')) as T;
}

function mapStrings(value: unknown, f: (text: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, f));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, f)]));
  }
  return value;
}
