import { Construct } from 'constructs';
import { z } from 'zod';
import { App, Stack } from '../../src';
import { problemsOf } from '../../src/core/checks';
import { builtSchema, isBuilt, lazySchema } from '../../src/core/lazy-schema';
import { formatProblem } from '../../src/core/problems';
import { alreadyParsed, checkProps, parseProps, propsSchema } from '../../src/core/props';

interface NoteProps {
  readonly text: string;
  readonly copies?: number;
}

const noteShape = () =>
  z.strictObject({ text: z.string().min(1), copies: z.number().int().min(1).default(1) });

function scope(): Construct {
  return new Construct(new Stack(new App(), 'notes'), 'note');
}

describe('lazySchema', () => {
  test('builds nothing until the schema is first used, then builds it once', () => {
    // GIVEN
    const build = jest.fn(noteShape);
    // WHEN
    const schema = lazySchema(build);
    // THEN
    expect(build).not.toHaveBeenCalled();
    expect(schema.safeParse({ text: 'hi' })).toEqual({ success: true, data: { text: 'hi', copies: 1 } });
    expect(schema.parse({ text: 'yo', copies: 2 })).toEqual({ text: 'yo', copies: 2 });
    expect(build).toHaveBeenCalledTimes(1);
  });

  test('answers like the schema it builds: instanceof, shape, derived and nested schemas', () => {
    // GIVEN
    const schema = lazySchema(noteShape);
    // WHEN
    const extended = schema.extend({ title: z.string() });
    const nested = z.strictObject({ note: schema, notes: z.array(schema).optional() });
    // THEN
    expect(schema).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(schema.shape)).toEqual(['text', 'copies']);
    expect(extended.safeParse({ text: 'a', title: 't' }).success).toBe(true);
    expect(extended.safeParse({ text: 'a' }).success).toBe(false);
    expect(nested.parse({ note: { text: 'a' }, notes: [{ text: 'b', copies: 3 }] })).toEqual({
      note: { text: 'a', copies: 1 },
      notes: [{ text: 'b', copies: 3 }],
    });
    expect(nested.safeParse({ note: { text: '' } }).error?.issues[0]?.path).toEqual(['note', 'text']);
  });

  test('builtSchema gives the built schema behind a stand-in, and a plain schema itself', () => {
    // GIVEN
    const plain = noteShape();
    const schema = lazySchema(() => plain);
    // THEN
    expect(builtSchema(schema)).toBe(plain);
    expect(builtSchema(plain)).toBe(plain);
  });

  test('isBuilt tells whether a stand-in has built its schema; a plain schema always has', () => {
    // GIVEN
    const schema = lazySchema(noteShape);
    // THEN
    expect(isBuilt(schema)).toBe(false);
    expect(schema.safeParse({ text: 'hi' }).success).toBe(true);
    expect(isBuilt(schema)).toBe(true);
    expect(isBuilt(noteShape())).toBe(true);
  });
});

describe('parseProps', () => {
  test('a lazy props schema reports the same problems, in the same words, as the schema built at once', () => {
    // GIVEN
    const eager = propsSchema<NoteProps>()(noteShape());
    const lazy = propsSchema<NoteProps>()(noteShape);
    const bad = { text: '', copies: 0, extra: true };
    const [a, b] = [scope(), scope()];
    // WHEN
    parseProps(a, eager, bad);
    parseProps(b, lazy, bad);
    // THEN
    const messages = problemsOf(b).map(formatProblem);
    expect(problemsOf(a).map(formatProblem)).toEqual(messages);
    // The values after "got" come from the second parse, the one that keeps each issue's input.
    expect(messages).toEqual([
      'text: expected text of length >= 1, got ""',
      'copies: expected a number >= 1, got 0',
      'unknown property "extra"',
    ]);
  });

  test('valid props parse to the schema output; invalid ones leave valid fields and defaults to build with', () => {
    // GIVEN
    const schema = propsSchema<NoteProps>()(noteShape);
    // WHEN
    const valid = parseProps(scope(), schema, { text: 'hi' });
    const invalid = parseProps(scope(), schema, { text: 'hi', copies: -1 });
    // THEN
    expect(valid).toEqual({ text: 'hi', copies: 1 });
    expect(invalid).toEqual({ text: 'hi', copies: 1 });
  });

  test('a schema parsed often enough for zod to compile it parses and reports exactly as before', () => {
    // GIVEN: the first parses are jitless, later ones run zod's compiled parser
    const schema = propsSchema<NoteProps>()(noteShape);
    const bad = { text: '', copies: 0, extra: true };
    const outcome = () => {
      const at = scope();
      const data = parseProps(at, schema, bad);
      return {
        data,
        valid: parseProps(scope(), schema, { text: 'hi' }),
        problems: problemsOf(at).map(formatProblem),
      };
    };
    // WHEN
    const first = outcome();
    for (let i = 0; i < 300; i++) outcome();
    const later = outcome();
    // THEN
    expect(later).toEqual(first);
    expect(first.problems).toEqual([
      'text: expected text of length >= 1, got ""',
      'copies: expected a number >= 1, got 0',
      'unknown property "extra"',
    ]);
  });

  test('props handed over as already parsed are taken as they are, once; checkProps says whether props were valid', () => {
    // GIVEN
    const schema = propsSchema<NoteProps>()(noteShape);
    const handed = alreadyParsed(schema, { text: 'hi', copies: 2 });
    // WHEN
    const taken = checkProps(scope(), schema, handed);
    const again = checkProps(scope(), schema, handed);
    const invalid = checkProps(scope(), schema, { text: '' });
    // THEN
    expect(taken.props).toBe(handed);
    expect(taken.valid).toBe(true);
    expect(again.props).not.toBe(handed);
    expect(again).toEqual({ props: { text: 'hi', copies: 2 }, valid: true });
    expect(invalid.valid).toBe(false);
  });

  test('handing props over to a lazy schema does not build it, and neither does taking them', () => {
    // GIVEN
    const schema = propsSchema<NoteProps>()(noteShape);
    // WHEN
    const taken = checkProps(scope(), schema, alreadyParsed(schema, { text: 'hi', copies: 2 }));
    // THEN
    expect(taken.valid).toBe(true);
    expect(isBuilt(schema)).toBe(false);
  });
});
