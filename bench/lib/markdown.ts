/** Column alignment in a Markdown table. */
export type Align = 'left' | 'right';

/** A GitHub-flavoured Markdown table; cells are escaped for `|`. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly Align[],
): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rule = headers.map((_, i) => ((align?.[i] ?? 'left') === 'right' ? '---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}

/**
 * Replaces what sits between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` with `body`. A missing marker
 * is an error: a table the bench cannot place must not vanish silently.
 */
export function replaceSection(document: string, name: string, body: string): string {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const start = document.indexOf(open);
  const end = document.indexOf(close);
  if (start < 0 || end < start) throw new Error(`README has no ${open} ... ${close} section`);
  return `${document.slice(0, start + open.length)}\n${body.trimEnd()}\n${document.slice(end)}`;
}

/** The body of a section, as last written. */
export function sectionBody(document: string, name: string): string | undefined {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const start = document.indexOf(open);
  const end = document.indexOf(close);
  return start < 0 || end < start ? undefined : document.slice(start + open.length, end).trim();
}

/** A number with three significant digits (no exponent): 0.0123, 1.23, 12.3, 123, 12345. */
export function sig3(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 6));
}

/** A ratio such as `0.21×` or `4.9×`. */
export function ratio(numerator: number, denominator: number): string {
  return `${sig3(numerator / denominator)}×`;
}
