import { z } from 'zod';
import { NginxConfig } from '../../../src';
import { LocationPropsSchema } from '../../../src/constructs/nginx/location';
import { NginxConfigPropsSchema } from '../../../src/constructs/nginx/nginx-config';
import { ServerPropsSchema } from '../../../src/constructs/nginx/server';
import { controlCharacter, DirectiveSchema } from '../../../src/constructs/nginx/values';
import { builtSchema } from '../../../src/core/lazy-schema';
import type { Directive } from '../../../src/model/nginx';
import { newStack } from '../../helpers/synth';
import { lines, synthErrors } from './nginx-test-helpers';

/** The schema as it was, one `z.lazy` all the way down: the oracle of what a user is told. */
const RecursiveDirective: z.ZodType<Directive> = z.lazy(() =>
  z.strictObject({
    name: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, { error: 'expected a directive name such as "proxy_buffering"' }),
    args: z.array(
      z.string().refine((value) => controlCharacter(value, true) === undefined, {
        error: 'expected an argument without control characters',
      }),
    ),
    block: z.array(RecursiveDirective).optional(),
  }),
);

/** What a parse tells: the data, or each issue's code, path, message and the input it reports. */
function outcome(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input, { reportInput: true });
  return result.success
    ? { data: result.data }
    : {
        issues: result.error.issues.map((issue) => ({
          code: issue.code,
          path: issue.path,
          message: issue.message,
          input: (issue as { input?: unknown }).input,
        })),
      };
}

describe('DirectiveSchema', () => {
  test('a raw block is checked at any depth with the same issues, paths and inputs as the recursive schema', () => {
    // GIVEN
    const inputs: unknown[] = [
      { name: 'gzip', args: ['on'] },
      { name: 'map', args: ['$a', '$b'], block: [] },
      { name: 'map', args: ['$a', '$b'], block: [{ name: 'default', args: ['0'] }] },
      { name: 'Bad', args: [1], extra: true },
      { name: 'if', args: ['$a'], block: 'not a list' },
      {
        name: 'if',
        args: ['$a'],
        block: [
          { name: 'ok', args: [] },
          { name: 'No', args: ['a\u0000b'] },
        ],
      },
      {
        name: 'location',
        args: ['/'],
        block: [{ name: 'if', args: ['$x'], block: [{ name: 'set', args: [7], block: [{ args: [] }] }] }],
      },
      { name: 'events', args: [], block: [null, 'gzip', { name: 'deep', args: [], block: undefined }] },
      { name: 'x', args: [], block: undefined },
    ];
    // WHEN / THEN
    for (const input of inputs)
      expect(outcome(DirectiveSchema, input)).toEqual(outcome(RecursiveDirective, input));
    // A failing nested directive reports where it is, inside the blocks around it.
    expect(outcome(DirectiveSchema, inputs[6]).issues?.map((issue) => issue.path)).toEqual([
      ['block', 0, 'block', 0, 'args', 0],
      ['block', 0, 'block', 0, 'block', 0, 'name'],
    ]);
  });

  test('a bad nested directive is reported with its construct path, property path and the value given', () => {
    // GIVEN
    const stack = newStack('bad');
    new NginxConfig(stack, 'nginx', {
      directives: [
        {
          name: 'map',
          args: ['$http_upgrade', '$connection_upgrade'],
          block: [
            { name: 'default', args: ['upgrade'] },
            { name: 'if', args: ['$a'], block: [{ name: 'Bad', args: ['a\u0000b'] }] },
          ],
        },
      ],
    });
    // WHEN
    const errors = lines(synthErrors(stack));
    // THEN
    expect(errors).toEqual([
      'error [bad/nginx] directives[0].block[1].block[0].args[0]: expected an argument without control characters, got "a\\u0000b"',
      'error [bad/nginx] directives[0].block[1].block[0].name: expected a directive name such as "proxy_buffering", got "Bad"',
    ]);
  });

  test('the props of Location, Server and NginxConfig are not recursive schemas, so zod guards no cycle in them', () => {
    // WHEN / THEN
    for (const schema of [LocationPropsSchema, ServerPropsSchema, NginxConfigPropsSchema, DirectiveSchema]) {
      expect(z.core.isRecursiveSchema(builtSchema(schema as z.ZodType))).toBe(false);
    }
    expect(z.core.isRecursiveSchema(RecursiveDirective)).toBe(true);
  });
});
