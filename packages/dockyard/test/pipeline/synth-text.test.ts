import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, addCheck, Stack, synthText, ValidationError } from '../../src';
import { Note } from '../fixtures/note';
import { readTree, tempDir } from '../helpers/tmp';

function program(outdir: string, props: { printWarnings?: boolean } = {}) {
  const app = new App({ outdir, ...props });
  const notes = new Stack(app, 'notes');
  new Note(notes, 'greeting', { text: 'hello' });
  const more = new Stack(app, 'more');
  const farewell = new Note(more, 'farewell', { text: 'bye', copies: 2 });
  addCheck(farewell, () => [
    { level: 'warning', property: 'copies', message: 'expected one copy, got 2 (a note to say it twice)' },
  ]);
  return { app, notes, more };
}

describe('synthText', () => {
  test("returns every stack's files as the text synth writes, and writes nothing", () => {
    // GIVEN
    const outdir = tempDir();
    const { app } = program(path.join(outdir, 'dist'));
    // WHEN
    const { stacks, artifacts } = app.synthText();
    // THEN nothing is on disk, and the texts are the bytes a synth of the same program writes
    expect(fs.readdirSync(outdir)).toEqual([]);
    expect(stacks).toEqual({
      notes: { 'greeting.txt': 'hello\n' },
      more: { 'farewell.txt': 'bye\nbye\n' },
    });
    expect(artifacts.map((a) => [a.stack, a.fileName, a.kind])).toEqual([
      ['notes', 'greeting.txt', 'text'],
      ['more', 'farewell.txt', 'text'],
    ]);
    program(path.join(outdir, 'dist')).app.synth();
    const written = readTree(path.join(outdir, 'dist'));
    expect(written['notes/greeting.txt']).toBe(stacks.notes?.['greeting.txt']);
    expect(written['more/farewell.txt']).toBe(stacks.more?.['farewell.txt']);
  });

  test('given a Stack, renders that stack alone and still validates the whole program', () => {
    // GIVEN a program whose other stack has an error
    const { notes, more } = program(tempDir());
    new Note(more, 'broken', { text: '' });
    // THEN rendering one stack reports the other's error
    expect(() => synthText(notes)).toThrow(ValidationError);
    expect(() => synthText(notes)).toThrow(/\[more\/broken\] text:/);
    // GIVEN a valid program, WHEN one stack is asked for, THEN only its files come back
    const valid = program(tempDir());
    expect(Object.keys(synthText(valid.notes).stacks)).toEqual(['notes']);
  });

  test('returns warnings as values and prints nothing', () => {
    // GIVEN
    const { app } = program(tempDir());
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      // WHEN
      const { diagnostics } = app.synthText();
      // THEN
      expect(diagnostics).toEqual([
        expect.objectContaining({ level: 'warning', path: 'more/farewell', property: 'copies' }),
      ]);
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('App printWarnings', () => {
  function stderrOf(run: () => void): string {
    const lines: string[] = [];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((text) => {
      lines.push(String(text));
      return true;
    });
    try {
      run();
    } finally {
      stderr.mockRestore();
    }
    return lines.join('');
  }

  test("is off by default: synth() keeps a test's output clean and puts the warning in the manifest", () => {
    // GIVEN
    const { app } = program(tempDir());
    // WHEN
    let warnings: readonly unknown[] = [];
    const printed = stderrOf(() => {
      warnings = app.synth().diagnostics;
    });
    // THEN
    expect(printed).toBe('');
    expect(warnings).toHaveLength(1);
  });

  test('when on, synth() prints each warning with its construct path and property', () => {
    // GIVEN
    const { app } = program(tempDir(), { printWarnings: true });
    // WHEN
    const printed = stderrOf(() => app.synth());
    // THEN
    expect(printed).toBe(
      'warning: [more/farewell] copies: expected one copy, got 2 (a note to say it twice)\n',
    );
  });
});
