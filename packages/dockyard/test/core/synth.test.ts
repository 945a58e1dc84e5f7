import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack, ValidationError } from '../../src';
import { isUserError } from '../../src/core/errors';
import { Testing } from '../../src/testing';
import { Note } from '../fixtures/note';
import { readTree, tempDir } from '../helpers/tmp';

function program(outdir: string, text = 'hello', layout: 'plain' | 'linked' = 'plain') {
  const app = new App({ outdir, layout });
  const stack = new Stack(app, 'notes');
  new Note(stack, 'greeting', { text });
  new Note(stack, 'farewell', { text: 'bye', copies: 2 });
  return { app, stack };
}

describe('App.synth', () => {
  test('writes each stack into its folder and returns a manifest of what it wrote', () => {
    // GIVEN
    const outdir = tempDir();
    // WHEN
    const manifest = program(outdir).app.synth();
    // THEN
    expect(fs.readFileSync(path.join(outdir, 'notes', 'greeting.txt'), 'utf8')).toBe('hello\n');
    expect(fs.readFileSync(path.join(outdir, 'notes', 'farewell.txt'), 'utf8')).toBe('bye\nbye\n');
    expect(manifest.stacks).toHaveLength(1);
    expect(
      manifest.stacks[0]?.files.map((file) => [path.basename(file.path), file.bytes, file.status]),
    ).toEqual([
      ['farewell.txt', 8, 'created'],
      ['greeting.txt', 6, 'created'],
    ]);
  });

  test('two synths of the same program give identical bytes, and the second reports them unchanged', () => {
    // GIVEN
    const first = tempDir();
    const second = tempDir();
    // WHEN
    program(first).app.synth();
    program(second).app.synth();
    const again = program(first).app.synth();
    // THEN
    expect(readTree(second)).toEqual(readTree(first));
    expect(again.stacks[0]?.files.every((file) => file.status === 'unchanged')).toBe(true);
  });

  test('a second call on the same App writes nothing and returns the first manifest', () => {
    // GIVEN
    const outdir = tempDir();
    const { app } = program(outdir);
    const manifest = app.synth();
    fs.rmSync(outdir, { recursive: true });
    // WHEN
    const again = app.synth();
    // THEN
    expect(again).toBe(manifest);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('a program with errors writes nothing and leaves the previous output untouched', () => {
    // GIVEN
    const outdir = tempDir();
    program(outdir).app.synth();
    const before = readTree(outdir);
    const app = new App({ outdir });
    const stack = new Stack(app, 'notes');
    new Note(stack, 'greeting', { text: '' });
    new Note(stack, 'farewell', { text: 'bye', copies: 0 });
    // WHEN
    const attempt = () => app.synth();
    // THEN
    expect(attempt).toThrow(ValidationError);
    expect(readTree(outdir)).toEqual(before);
  });

  test('every problem of the program is reported at once, each with construct path, property and both values', () => {
    // GIVEN
    const app = new App({ outdir: tempDir() });
    const stack = new Stack(app, 'notes');
    new Note(stack, 'empty', { text: '' });
    new Note(stack, 'zero', { text: 'x', copies: 0 });
    new Note(stack, 'words', { text: 'x', copies: 'three' as unknown as number, colour: 'red' } as never);
    // WHEN
    let caught: unknown;
    try {
      app.synth();
    } catch (error) {
      caught = error;
    }
    // THEN
    expect(isUserError(caught)).toBe(true);
    expect((caught as ValidationError).message.split('\n').slice(1)).toEqual([
      '  [notes/empty] text: expected text of length >= 1, got ""',
      '  [notes/words] unknown property "colour"',
      '  [notes/words] copies: expected a number, got "three"',
      '  [notes/zero] copies: expected a number >= 1, got 0',
    ]);
  });

  test('files in the output folder that synth did not write are kept across synths', () => {
    // GIVEN
    const outdir = tempDir();
    program(outdir).app.synth();
    fs.writeFileSync(path.join(outdir, 'notes', 'README.md'), 'mine\n');
    fs.writeFileSync(path.join(outdir, 'mine.txt'), 'also mine\n');
    // WHEN
    program(outdir, 'changed').app.synth();
    // THEN
    expect(fs.readFileSync(path.join(outdir, 'notes', 'README.md'), 'utf8')).toBe('mine\n');
    expect(fs.readFileSync(path.join(outdir, 'mine.txt'), 'utf8')).toBe('also mine\n');
    expect(fs.readFileSync(path.join(outdir, 'notes', 'greeting.txt'), 'utf8')).toBe('changed\n');
  });

  test('a user file where synth would write is never overwritten: the write stops before anything changes', () => {
    // GIVEN
    const outdir = tempDir();
    fs.mkdirSync(path.join(outdir, 'notes'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'notes', 'greeting.txt'), 'hand-written\n');
    // WHEN
    const attempt = () => program(outdir).app.synth();
    // THEN
    expect(attempt).toThrow(/greeting\.txt was not written by Dockyard/);
    expect(readTree(outdir)).toEqual({ 'notes/greeting.txt': 'hand-written\n' });
  });

  test('a stack folder is a plain folder of plain files, and synth leaves nothing hidden beside it', () => {
    // GIVEN
    const outdir = tempDir();
    fs.mkdirSync(path.join(outdir, 'notes'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'notes', 'notes.md'), 'keep\n');
    // WHEN
    program(outdir, 'one').app.synth();
    program(outdir, 'two').app.synth();
    // THEN
    expect(fs.lstatSync(path.join(outdir, 'notes')).isDirectory()).toBe(true);
    expect(fs.lstatSync(path.join(outdir, 'notes', 'greeting.txt')).isFile()).toBe(true);
    expect(fs.readdirSync(outdir)).toEqual(['notes']);
    expect(fs.readdirSync(path.join(outdir, 'notes')).sort()).toEqual([
      '.dockyard-files.json',
      'farewell.txt',
      'greeting.txt',
      'notes.md',
    ]);
    expect(readTree(path.join(outdir, 'notes'))['greeting.txt']).toBe('two\n');
  });

  test('a file the program no longer writes is removed, a user file is not', () => {
    // GIVEN
    const outdir = tempDir();
    program(outdir).app.synth();
    fs.writeFileSync(path.join(outdir, 'notes', 'mine.txt'), 'mine\n');
    const app = new App({ outdir });
    new Note(new Stack(app, 'notes'), 'greeting', { text: 'hello' });
    // WHEN
    app.synth();
    // THEN
    expect(readTree(path.join(outdir, 'notes'))).toEqual({
      '.dockyard-files.json': expect.any(String),
      'greeting.txt': 'hello\n',
      'mine.txt': 'mine\n',
    });
  });

  test('an interrupted switch (journal left behind) is finished by the next synth before it writes', () => {
    // GIVEN a folder where a synth of "two" died after its journal, with greeting.txt still staged
    const outdir = tempDir();
    program(outdir, 'one').app.synth();
    const dir = path.join(outdir, 'notes');
    const record = fs.readFileSync(path.join(dir, '.dockyard-files.json'), 'utf8');
    const two = tempDir();
    program(two, 'two').app.synth();
    fs.writeFileSync(path.join(dir, '.dockyard-new-greeting.txt'), 'two\n');
    fs.writeFileSync(path.join(dir, 'extra.txt'), 'written by the interrupted synth\n');
    const journal = JSON.parse(fs.readFileSync(path.join(two, 'notes', '.dockyard-files.json'), 'utf8'));
    journal.files['extra.txt'] = 'x';
    fs.writeFileSync(path.join(dir, '.dockyard-synth.json'), JSON.stringify({ ...journal, remove: [] }));
    expect(record).not.toContain('extra.txt');
    // WHEN the next synth runs a program that no longer writes extra.txt
    const manifest = program(outdir, 'two').app.synth();
    // THEN the staged text counted as written (unchanged), extra.txt was known to be synth's and removed
    expect(manifest.stacks[0]?.files.map((file) => [path.basename(file.path), file.status])).toEqual([
      ['farewell.txt', 'unchanged'],
      ['greeting.txt', 'unchanged'],
    ]);
    expect(readTree(dir)).toEqual(readTree(path.join(two, 'notes')));
  });

  test('a stack folder of the linked layout (an older Dockyard) becomes a plain folder, user files kept', () => {
    // GIVEN
    const outdir = tempDir();
    program(outdir, 'one', 'linked').app.synth();
    fs.writeFileSync(path.join(outdir, 'notes', 'notes.md'), 'keep\n');
    expect(fs.lstatSync(path.join(outdir, 'notes')).isSymbolicLink()).toBe(true);
    // WHEN
    program(outdir, 'two').app.synth();
    // THEN
    expect(fs.lstatSync(path.join(outdir, 'notes')).isDirectory()).toBe(true);
    expect(fs.readdirSync(outdir)).toEqual(['notes']);
    expect(readTree(path.join(outdir, 'notes'))['notes.md']).toBe('keep\n');
    expect(readTree(path.join(outdir, 'notes'))['greeting.txt']).toBe('two\n');
  });

  test("a stack folder that is the user's own link is theirs: synth writes through it and keeps the link", () => {
    // GIVEN
    const outdir = tempDir();
    const elsewhere = tempDir();
    fs.symlinkSync(elsewhere, path.join(outdir, 'notes'), 'dir');
    // WHEN
    program(outdir, 'one').app.synth();
    program(outdir, 'two').app.synth();
    // THEN
    expect(fs.readlinkSync(path.join(outdir, 'notes'))).toBe(elsewhere);
    expect(fs.readFileSync(path.join(elsewhere, 'greeting.txt'), 'utf8')).toBe('two\n');
    expect(fs.readdirSync(outdir)).toEqual(['notes']);
  });

  test("layout: 'linked' keeps the stack folder a link to one generation, and removes old generations", () => {
    // GIVEN
    const outdir = tempDir();
    program(outdir, 'one', 'linked').app.synth();
    // WHEN
    program(outdir, 'two', 'linked').app.synth();
    // THEN
    const hidden = fs.readdirSync(outdir).filter((entry) => entry.startsWith('.'));
    expect(hidden).toHaveLength(1);
    expect(fs.readlinkSync(path.join(outdir, 'notes'))).toBe(hidden[0]);
    expect(fs.readFileSync(path.join(outdir, 'notes', 'greeting.txt'), 'utf8')).toBe('two\n');
  });
});

describe('Stack', () => {
  test('rejects names that cannot be a folder and a Compose project', () => {
    // GIVEN
    const app = new App({ outdir: tempDir() });
    new Note(new Stack(app, '../Escape'), 'n', { text: 'x' });
    // THEN
    expect(() => app.synth()).toThrow(
      /\[\.\.--Escape\] id: expected a stack name of lowercase letters.*got "\.\.\/Escape"/,
    );
  });

  test('two constructs claiming one file name is an error naming both', () => {
    // GIVEN
    const app = new App({ outdir: tempDir() });
    const stack = new Stack(app, 'notes');
    const first = new Note(stack, 'same', { text: 'a' });
    stack.addArtifact({ fileName: 'same.txt', kind: 'text', owner: stack, render: () => 'b' });
    // THEN
    expect(first.node.path).toBe('notes/same');
    expect(() => app.synth()).toThrow(
      '[notes] fileName: expected a file name no other construct of stack "notes" writes, got "same.txt", which notes/same writes too',
    );
  });
});

describe('Testing.synth', () => {
  test('returns the artifacts in memory without touching the disk', () => {
    // GIVEN
    const outdir = path.join(tempDir(), 'never');
    const { stack } = program(outdir);
    // WHEN
    const result = Testing.synth(stack);
    // THEN
    expect(Object.keys(result.files)).toEqual(['farewell.txt', 'greeting.txt']);
    expect(result.files['greeting.txt']?.text).toBe('hello\n');
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
