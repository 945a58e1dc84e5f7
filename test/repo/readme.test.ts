import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { targetDifferencesMarkdown } from '../../packages/dockyard/src/model/compose/targets';

// The README is part of the product: these tests keep what it says true.
const root = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function fencedBlocks(text: string, language: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g');
  for (let match = fence.exec(text); match; match = fence.exec(text)) blocks.push(match[1] ?? '');
  return blocks;
}

describe('README', () => {
  test('Quick start holds one sh block of exactly two commands, and CI runs the second verbatim', () => {
    // GIVEN
    const blocks = fencedBlocks(section('Quick start'), 'sh');
    // THEN
    expect(blocks).toHaveLength(1);
    const lines = (blocks[0] ?? '').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const ci = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8');
    expect(ci.split('\n')).toContain(lines[1]);
    expect(lines[0]).toContain('synth examples/flagship/infra.ts');
  });

  test('the flagship program in the README is the one in examples/flagship, word for word', () => {
    // GIVEN
    const program = fs.readFileSync(path.join(root, 'examples', 'flagship', 'infra.ts'), 'utf8');
    // THEN
    expect(fencedBlocks(readme, 'ts')).toContain(program);
  });

  test('every other TypeScript example in the README is one the testing guide runs', () => {
    // GIVEN
    const flagship = fs.readFileSync(path.join(root, 'examples', 'flagship', 'infra.ts'), 'utf8');
    const guide = fs.readFileSync(path.join(root, 'docs', 'testing.md'), 'utf8');
    const examples = fencedBlocks(readme, 'ts').filter((block) => block !== flagship);
    // THEN
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(fencedBlocks(guide, 'ts')).toContain(example);
  });

  test('the table of target differences is the one the renderers follow', () => {
    expect(readme).toContain(targetDifferencesMarkdown().trim());
  });

  test("the CLI reference shows synth's real --help output", () => {
    // WHEN
    const help = spawnSync(
      process.execPath,
      [path.join(root, 'packages', 'dockyard', 'bin', 'synth.cjs'), '--help'],
      {
        encoding: 'utf8',
      },
    );
    // THEN
    expect(help.status).toBe(0);
    expect(fencedBlocks(section('The synth CLI'), 'text')).toContain(`${help.stdout.trimEnd()}\n`);
  });

  test("the graph section shows dockyard graph's real --help output, and the README shows the flagship's pictures", () => {
    // WHEN
    const help = spawnSync(
      process.execPath,
      [path.join(root, 'packages', 'dockyard', 'bin', 'dockyard.cjs'), 'graph', '--help'],
      { encoding: 'utf8' },
    );
    // THEN
    expect(help.status).toBe(0);
    expect(fencedBlocks(section('The graph command'), 'text')).toContain(`${help.stdout.trimEnd()}\n`);
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+\.svg)\)/g)].map((match) => match[1]);
    expect(pictures).toEqual(['examples/flagship/graph/shop.svg', 'examples/flagship/graph/legacy.svg']);
    for (const picture of pictures) expect(fs.existsSync(path.join(root, picture ?? ''))).toBe(true);
  });

  test('the CLI reference names every dockyard command and shows `dockyard init --help` as it prints', () => {
    // WHEN
    const bin = path.join(root, 'packages', 'dockyard', 'bin', 'dockyard.cjs');
    const list = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    const init = spawnSync(process.execPath, [bin, 'init', '--help'], { encoding: 'utf8', cwd: os.tmpdir() });
    // THEN
    expect(list.status).toBe(0);
    const commands = [...list.stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((match) => match[1]);
    expect(commands).toEqual(expect.arrayContaining(['synth', 'init', 'graph']));
    for (const command of commands)
      expect(section('The synth CLI')).toContain(`- **\`dockyard ${command}\`**`);
    expect(init.status).toBe(0);
    expect(fencedBlocks(section('The synth CLI'), 'text')).toContain(`${init.stdout.trimEnd()}\n`);
  });

  test('Start a project shows the commands the packed-package test runs, with `npx dockyard init` first', () => {
    // GIVEN
    const commands = fencedBlocks(section('Start a project'), 'sh')
      .join('')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, ''))
      .filter((line) => line.length > 0);
    const suite = fs.readFileSync(path.join(root, 'test', 'package', 'published.test.ts'), 'utf8');
    // THEN
    expect(commands).toEqual(['npx dockyard init', 'npm install', 'npx synth', 'npm test']);
    expect(suite).toContain("['--no', 'dockyard', 'init']");
    expect(suite).toContain("runCommand('npx', ['synth'], project)");
    expect(suite).toContain("runCommand('npm', ['test'], project");
  });
});
