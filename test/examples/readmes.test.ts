import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from '../../packages/dockyard/src/testing';
import { EXAMPLES_ROOT, EXPECTED_EXAMPLES, REPO_ROOT } from './support/examples';
import { type CodeBlock, codeBlocks, containsExcerpt } from './support/readme-excerpts';
import { buildVariant, type NginxTarget } from './support/variants';

// Each example's README sets the seed's hand-written files beside what Dockyard emits. Every quoted block
// names its source in an HTML comment on the line before it, and is checked against that source here, so the
// comparison cannot drift from the seeds' transcriptions or from the committed output.

/** Languages that show commands or terminal output rather than quote a file. */
const UNQUOTED = new Set(['sh', 'console']);

function readme(example: string): string {
  return fs.readFileSync(path.join(EXAMPLES_ROOT, example, 'README.md'), 'utf8');
}

/** The text a block says it quotes. */
function sourceText(example: string, block: CodeBlock): string {
  const dir = path.join(EXAMPLES_ROOT, example);
  const source = block.source;
  if (!source) throw new Error(`line ${block.line}: no source`);
  switch (source.kind) {
    case 'seed':
      return fs.readFileSync(path.join(REPO_ROOT, source.ref), 'utf8');
    case 'dist':
    case 'file':
      return fs.readFileSync(path.join(dir, source.ref), 'utf8');
    case 'variant': {
      const split = source.ref.lastIndexOf(' ');
      const target = JSON.parse(source.ref.slice(0, split)) as NginxTarget;
      const fileName = source.ref.slice(split + 1);
      const file = Testing.synth(buildVariant(dir, target)).files[fileName];
      if (!file) throw new Error(`line ${block.line}: the variant has no ${fileName}`);
      return file.text;
    }
  }
}

const readmeCases = EXPECTED_EXAMPLES.map((example) => [example] as const);

describe('examples: READMEs quote their sources faithfully', () => {
  test.each(readmeCases)('%s: every quoted block names its source on the line before it', (example) => {
    // WHEN
    const unnamed = codeBlocks(readme(example))
      .filter((block) => !UNQUOTED.has(block.language) && block.source === undefined)
      .map((block) => `line ${block.line} (${block.language || 'no language'})`);
    // THEN
    expect(unnamed).toEqual([]);
  });

  test.each(readmeCases)('%s: every quoted block is found, line for line, in its source', (example) => {
    // WHEN
    const misquoted = codeBlocks(readme(example))
      .filter((block) => block.source !== undefined)
      .filter((block) => !containsExcerpt(sourceText(example, block), block.text))
      .map((block) => `line ${block.line}: not in ${block.source?.kind} ${block.source?.ref}`);
    // THEN
    expect(misquoted).toEqual([]);
  });

  test.each(readmeCases)(
    '%s: puts what Dockyard emits beside the program (and the seed, for a seed example)',
    (example) => {
      // GIVEN
      const kinds = new Set(codeBlocks(readme(example)).map((block) => block.source?.kind));
      // THEN
      expect(kinds.has('dist')).toBe(true);
      expect(kinds.has('file')).toBe(true);
      // Examples that rebuild no seed (the flagship, the production proxy) have nothing to set beside.
      if (example !== 'flagship' && example !== 'two-sites') expect(kinds.has('seed')).toBe(true);
    },
  );

  test('examples/README.md links every example folder', () => {
    // GIVEN
    const index = fs.readFileSync(path.join(EXAMPLES_ROOT, 'README.md'), 'utf8');
    // WHEN
    const linked = [...index.matchAll(/\]\(([a-z0-9-]+)\/\)/g)].map((match) => match[1]);
    // THEN
    expect(new Set(linked)).toEqual(new Set([...EXPECTED_EXAMPLES, 'flask-app']));
  });
});

describe('containsExcerpt', () => {
  const text = 'http {\n    server {\n        listen 80;\n        location / {\n        }\n    }\n}\n';

  test('finds consecutive lines whatever their common indentation', () => {
    expect(containsExcerpt(text, 'server {\n    listen 80;\n')).toBe(true);
    expect(containsExcerpt(text, 'listen 80;\nlocation / {\n}')).toBe(true);
  });

  test('refuses lines that are not consecutive, or whose relative indentation differs', () => {
    expect(containsExcerpt(text, 'server {\nlocation / {')).toBe(false);
    expect(containsExcerpt(text, 'server {\nlisten 80;')).toBe(false);
    expect(containsExcerpt(text, 'listen 81;')).toBe(false);
  });
});
