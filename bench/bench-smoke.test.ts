import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { markdownTable, replaceSection, sectionBody, sig3 } from './lib/markdown';
import { summarize } from './lib/stats';
import { logLogChartSvg } from './lib/svg-chart';
import { TYPESCRIPT_NODE_ARGS } from './lib/typescript-child';

// Every bench at tiny sizes through the real entry point (`BENCH_QUICK=1`), so the benches cannot rot.
// Quick mode needs no network: cdk8s is not installed and its cells say so.

interface Run {
  code: number | null;
  stderr: string;
  readme: string;
  svg: string;
}

function runQuickBench(outDir: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, path.join(__dirname, 'run.ts')], {
      env: { ...process.env, BENCH_QUICK: '1', BENCH_OUT: outDir, BENCH_ONLY: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const read = (name: string) =>
        fs.existsSync(path.join(outDir, name)) ? fs.readFileSync(path.join(outDir, name), 'utf8') : '';
      resolve({ code, stderr, readme: read('README.md'), svg: read('scaling.svg') });
    });
  });
}

/** The data rows of the first Markdown table in a section, as cells. */
function tableRows(section: string): string[][] {
  const lines = section.split('\n');
  const start = lines.findIndex((line) => line.startsWith('| '));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('| '));
  return lines.slice(start + 2, end < 0 ? undefined : end).map((line) => line.slice(2, -2).split(' | '));
}

describe('pnpm bench, quick mode', () => {
  let run: Run;
  let outDir: string;

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-bench-'));
    run = await runQuickBench(outDir);
  }, 420_000); // two minutes when the 2 cores are shared with other work, more at its worst

  afterAll(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  test('finishes and fills every section of the README', () => {
    // THEN
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    for (const name of ['machine', 'cold-start', 'user-tests', 'scaling', 'throughput']) {
      expect([name, (sectionBody(run.readme, name) ?? '').length > 0]).toEqual([name, true]);
    }
    expect(sectionBody(run.readme, 'machine')).toContain('Quick mode');
  });

  test('cold start: node and the repository synth measured; installed synth and cdk8s not run, saying why', () => {
    // GIVEN
    const rows = tableRows(sectionBody(run.readme, 'cold-start') ?? '');
    // THEN
    expect(rows.map((row) => row[0])).toEqual([
      'node -e 0 (floor)',
      'Dockyard `synth`, this repository (`pnpm synth` path, from source)',
      'Dockyard `synth`, installed from the packed tarball',
      '`cdk8s synth` (ts-node)',
    ]);
    const [floor, dockyard, installed, cdk8s] = rows.map((row) => row[1]);
    expect(Number(floor)).toBeGreaterThan(0);
    // A synth that loads a TypeScript program cannot be cheaper than starting node.
    expect(Number(dockyard)).toBeGreaterThan(Number(floor));
    expect([installed, cdk8s]).toEqual(['not run (quick mode)', 'not run (quick mode)']);
  });

  test('user tests: both jest projects listed, not run in quick mode', () => {
    // GIVEN
    const rows = tableRows(sectionBody(run.readme, 'user-tests') ?? '');
    // THEN
    expect(rows.map((row) => [row[0], row[1]])).toEqual([
      ['Dockyard testing toolkit', 'not run (quick mode)'],
      ['cdk8s `Testing`', 'not run (quick mode)'],
    ]);
  });

  test('scaling: one row per quick size, cost per service measured, cdk8s not run', () => {
    // GIVEN
    const rows = tableRows(sectionBody(run.readme, 'scaling') ?? '');
    // THEN
    expect(rows.map((row) => row[0])).toEqual(['2', '4']);
    for (const row of rows) {
      expect(Number(row[1])).toBeGreaterThan(0);
      // Both figures are rounded to three significant digits.
      const perService = Number(row[1]) / Number(row[0]);
      expect(Math.abs(Number(row[2]) - perService) / perService).toBeLessThan(0.01);
      expect(row[4]).toBe('not run (quick mode)');
      // Testing.synth measured in its own process.
      expect(Number(row[8])).toBeGreaterThan(0);
    }
    expect(sectionBody(run.readme, 'scaling')).toContain('](scaling.svg)');
  });

  test('scaling chart: an SVG with the Dockyard, Testing.synth and floor lines, and the cdk8s note', () => {
    // THEN
    expect(run.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(run.svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(run.svg.match(/<polyline /g)).toHaveLength(3);
    expect(run.svg).toContain('cdk8s: not run (quick mode)');
  });

  test('throughput: nginx alone answers static files and the cache for Dockyard; Flask answers everything for seed 000', () => {
    // GIVEN
    const rows = tableRows(sectionBody(run.readme, 'throughput') ?? '');
    const answered = (config: RegExp, urlPath: string) =>
      rows.find((row) => config.test(row[0]!) && row[1] === `\`${urlPath}\``)?.[2];
    // THEN the Flask replicas' own request counts say who answered
    expect(answered(/dns: variable/, '/')).toBe('Flask');
    expect(answered(/dns: variable/, '/static/hello.txt')).toBe('nginx alone');
    expect(answered(/dns: variable/, '/cache-me')).toBe('nginx alone');
    expect(answered(/seed-000/, '/static/hello.txt')).toBe('Flask');
    expect(answered(/seed-000/, '/cache-me')).toBe('Flask');
    expect(answered(/dns: static/, '/')).toBe('not run (quick mode)');
    expect(answered(/seed-004/, '/')).toBe('not run (quick mode)');
    for (const row of rows.filter((r) => r[2] !== 'not run (quick mode)')) {
      expect([row[0], row[1], Number(row[3]) > 0, row[6]]).toEqual([row[0], row[1], true, '0']);
    }
  });
});

describe('bench helpers', () => {
  test('summarize: median and quartiles interpolate between order statistics', () => {
    // WHEN
    const s = summarize([4, 1, 3, 2]);
    // THEN
    expect(s).toEqual({ n: 4, median: 2.5, min: 1, max: 4, q1: 1.75, q3: 3.25 });
  });

  test('replaceSection rewrites between the markers and refuses a missing marker', () => {
    // GIVEN
    const doc = 'a\n<!-- bench:x -->\nold\n<!-- /bench:x -->\nb\n';
    // WHEN
    const replaced = replaceSection(doc, 'x', 'new');
    // THEN
    expect(replaced).toBe('a\n<!-- bench:x -->\nnew\n<!-- /bench:x -->\nb\n');
    expect(replaceSection(replaced, 'x', 'new')).toBe(replaced);
    expect(() => replaceSection(doc, 'y', 'new')).toThrow('<!-- bench:y -->');
  });

  test('sig3 and markdownTable format figures for the README', () => {
    // THEN
    expect([0.012345, 1.2345, 12.345, 123.45, 12345].map(sig3)).toEqual([
      '0.0123',
      '1.23',
      '12.3',
      '123',
      '12345',
    ]);
    expect(markdownTable(['a', 'b'], [['1', 'x|y']], ['left', 'right'])).toBe(
      '| a | b |\n| --- | ---: |\n| 1 | x\\|y |',
    );
  });

  test('logLogChartSvg places a decade apart at equal distances and escapes text', () => {
    // WHEN
    const svg = logLogChartSvg({
      title: 'a < b',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 's',
          color: '#000000',
          points: [
            { x: 10, y: 1 },
            { x: 100, y: 10 },
            { x: 1000, y: 100 },
          ],
        },
      ],
    });
    // THEN
    const points = /<polyline points="([^"]+)"/
      .exec(svg)?.[1]
      ?.split(' ')
      .map((p) => p.split(',').map(Number));
    expect(points).toHaveLength(3);
    const [a, b, c] = points!;
    expect(b![0]! - a![0]!).toBeCloseTo(c![0]! - b![0]!, 5);
    expect(a![1]! - b![1]!).toBeCloseTo(b![1]! - c![1]!, 5);
    expect(svg).toContain('a &lt; b');
  });
});
