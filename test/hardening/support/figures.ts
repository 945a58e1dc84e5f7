/**
 * Prints one line of figures for a suite, e.g.
 * `[hardening] property conformance: programs tried 500, nginx -t runs 500, failures 0 (seed 42)`,
 * which docs/reliability.md quotes with the command that produced it.
 */
export function printFigures(
  suite: string,
  figures: Readonly<Record<string, number | string>>,
  note?: string,
): void {
  const parts = Object.entries(figures).map(([name, value]) => `${name} ${value}`);
  console.log(`[hardening] ${suite}: ${parts.join(', ')}${note ? ` (${note})` : ''}`);
}
