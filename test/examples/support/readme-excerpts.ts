/** Where a README's code block is quoted from, as declared by the HTML comment on the line before it. */
export type ExcerptSource =
  /** A file of the repository, usually a transcribed seed fixture (path from the repository root). */
  | 'seed'
  /** A committed artifact (path from the example folder, e.g. `dist/web/nginx.conf`). */
  | 'dist'
  /** A file of the example folder (`infra.ts`, `Dockerfile`, its test). */
  | 'file'
  /** An artifact of the example rebuilt for another nginx: `{"nginxVersion":"1.22","dns":"variable"} nginx.conf`. */
  | 'variant';

/** A fenced code block of a README, with what the comment above it says it quotes. */
export interface CodeBlock {
  /** The 1-based line of the opening fence. */
  readonly line: number;
  readonly language: string;
  readonly text: string;
  readonly source: { readonly kind: ExcerptSource; readonly ref: string } | undefined;
}

const FENCE = /^```(\S*)\s*$/;
const ANNOTATION = /^<!--\s*(seed|dist|file|variant):\s*(.+?)\s*-->$/;

/** Every fenced code block of `markdown`, in order, with its source annotation when there is one. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line.trimEnd() === '```');
    if (end < 0) throw new Error(`unclosed code block at line ${i + 1}`);
    const annotation = ANNOTATION.exec((lines[i - 1] ?? '').trim());
    blocks.push({
      line: i + 1,
      language: open[1] ?? '',
      text: lines.slice(i + 1, end).join('\n'),
      source: annotation ? { kind: annotation[1] as ExcerptSource, ref: annotation[2] ?? '' } : undefined,
    });
    i = end;
  }
  return blocks;
}

function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((line) => line.slice(cut).trimEnd());
}

/**
 * True when `excerpt` is a run of consecutive lines of `text`, compared after removing each side's common
 * indentation (a README quotes a nested nginx block without its outer indentation) and trailing spaces.
 */
export function containsExcerpt(text: string, excerpt: string): boolean {
  const wanted = dedent(excerpt.replace(/\n+$/, '').split('\n'));
  const lines = text.split('\n');
  for (let start = 0; start + wanted.length <= lines.length; start++) {
    const candidate = dedent(lines.slice(start, start + wanted.length));
    if (candidate.every((line, i) => line === wanted[i])) return true;
  }
  return false;
}
