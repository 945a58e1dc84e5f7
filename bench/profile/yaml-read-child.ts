// One fresh process of bench/profile/yaml-read.ts: reads the flagship's YAML artifacts with one variant and
// prints its times. Usage: yaml-read-child.ts library|reader <reader bundle>
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { REPO_ROOT } from '../lib/paths';

/** The flagship's compose.yaml and stack.yaml of both its stacks: what its tests read back. */
const FLAGSHIP_YAML = ['shop', 'legacy'].flatMap((stack) =>
  ['compose.yaml', 'stack.yaml'].map((file) =>
    path.join(REPO_ROOT, 'examples', 'flagship', 'dist', stack, file),
  ),
);

const WARM_ROUNDS = 200;

function main(): void {
  const [variant, bundle] = process.argv.slice(2);
  const texts = FLAGSHIP_YAML.map((file) => fs.readFileSync(file, 'utf8'));
  const loadStarted = performance.now();
  // The library is loaded in both: the printer has it loaded in a test already, and the reader's fallback
  // and this check need it. Only the library's load is the library variant's cost.
  const yaml = require('yaml') as typeof import('yaml');
  const libraryLoaded = performance.now();
  const read =
    variant === 'reader'
      ? (require(bundle as string) as { readYaml: (text: string) => unknown }).readYaml
      : (text: string) => yaml.parse(text) as unknown;
  const loadMs = variant === 'reader' ? performance.now() - libraryLoaded : libraryLoaded - loadStarted;
  const firstStarted = performance.now();
  const first = texts.map((text) => read(text));
  const firstReadMs = performance.now() - firstStarted;
  if (!first.every((value, i) => isDeepStrictEqual(value, yaml.parse(texts[i] as string)))) {
    throw new Error(`${variant} read a flagship file differently from the yaml library`);
  }
  const warm: number[] = [];
  const clones: number[] = [];
  for (let round = 0; round < WARM_ROUNDS; round++) {
    const started = performance.now();
    for (const text of texts) read(text);
    warm.push(performance.now() - started);
    const cloneStarted = performance.now();
    for (const tree of first) structuredClone(tree);
    clones.push(performance.now() - cloneStarted);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
  const result = { loadMs, firstReadMs, warmReadMs: median(warm), warmCloneMs: median(clones) };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main();
