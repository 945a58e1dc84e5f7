import type { IConstruct } from 'constructs';
import * as z from 'zod';
import { addProblems } from './checks';
import { builtSchema, lazySchema } from './lazy-schema';
import { issuesToProblems } from './zod-issues';

/** How many times each props schema was parsed, see {@link JIT_AFTER}. */
const parseCounts = new WeakMap<z.ZodType, number>();
/**
 * Parses of one schema before zod's JIT parses it. zod compiles an object schema into a function of its own on
 * first parse (`new Function`): a few hundred µs per schema, and the compiled code runs slowly until V8 has
 * seen it many times, slower than zod's shared interpreting parser, which every schema warms up. A test file
 * builds a program a few times, so it pays the compile and never the gain; a program of a thousand services
 * parses each schema a thousand times, where the compiled parser is 2 to 3x faster per parse.
 */
const JIT_AFTER = 200;
const JITLESS = { jitless: true } as const;

/**
 * Validates a construct's props with its zod schema without throwing: every problem is recorded on the
 * construct and reported at synth together with all the others in the program.
 *
 * When the props are invalid the construct still needs something to build with, so each top-level field
 * falls back to its own parse, else its default, else the raw value. Synthesis never renders a program with
 * errors, so these stand-ins are only ever seen by construction code, never by a file.
 */
export function parseProps<Schema extends z.ZodType>(
  scope: IConstruct,
  given: Schema,
  raw: unknown,
  prefix?: string,
): z.output<Schema> {
  return checkProps(scope, given, raw, prefix).props;
}

/**
 * {@link parseProps}, telling also whether the props were valid: a pattern that builds an L1 construct from
 * valid props can hand them over with {@link alreadyParsed}; from invalid ones, it lets the L1 parse them.
 */
export function checkProps<Schema extends z.ZodType>(
  scope: IConstruct,
  given: Schema,
  raw: unknown,
  prefix?: string,
): { props: z.output<Schema>; valid: boolean } {
  // Asking zod to keep each issue's input (`reportInput`, which the messages need for "got ...") makes even a
  // successful parse several times slower, so the common valid case parses without it and only a failure is
  // parsed again for its messages. The schemas are pure, so both parses find the same issues. `schema` is the
  // schema itself, not a lazy stand-in, whose every member read goes through a proxy trap. Handed-over props are
  // matched to the schema as the constructor names it, before building it: an L1 construct that only ever gets
  // props from patterns never builds its schema (a Server's, a Location's: about 1 ms each in a first build).
  if (typeof raw === 'object' && raw !== null && handedOver.get(raw) === given) {
    handedOver.delete(raw);
    return { props: raw as z.output<Schema>, valid: true };
  }
  const schema = builtSchema(given);
  const parses = (parseCounts.get(schema) ?? 0) + 1;
  parseCounts.set(schema, parses);
  const jitless = parses <= JIT_AFTER;
  const result = schema.safeParse(raw, jitless ? JITLESS : undefined);
  if (result.success) return { props: result.data, valid: true };
  const detailed = schema.safeParse(raw, { reportInput: true, jitless });
  addProblems(scope, issuesToProblems(detailed.error?.issues ?? result.error.issues, prefix));
  return { props: lenient(schema, raw) as z.output<Schema>, valid: false };
}

/**
 * Props handed to a construct as already parsed, to the schema its constructor would parse them with, as the
 * constructor names it: a lazy stand-in stays unbuilt.
 */
const handedOver = new WeakMap<object, z.ZodType>();

/**
 * Marks props that a pattern built from its own valid props as parsed by `schema`: the construct they are given
 * to uses them as they are instead of parsing them again (a FlaskService's inner Service, for one). Only for
 * props that the schema accepts whatever valid props they were built from, with nothing for it to add or
 * change (no defaults left to fill, keys in the schema's order), which a test of the pattern shows by parsing
 * them again; the type makes them the schema's output. Used once: a second construct given the same object
 * parses it. `schema` is the one the construct's constructor passes to {@link parseProps} (its exported
 * constant), which is not built here.
 * @internal
 */
export function alreadyParsed<Schema extends z.ZodType>(
  schema: Schema,
  props: z.output<Schema>,
): z.output<Schema> {
  handedOver.set(props as object, schema);
  return props;
}

/**
 * What a pattern hands an L1 construct it built from its own props: {@link alreadyParsed} when the pattern's
 * props were `valid` (see {@link checkProps}), else the props as they are, which the construct parses and
 * reports on as it always did. The same rule as for {@link alreadyParsed}: only props the schema would return
 * unchanged.
 * @internal
 */
export function parsedIf<Schema extends z.ZodType>(
  valid: boolean,
  schema: Schema,
  props: z.output<Schema>,
): z.output<Schema> {
  return valid ? alreadyParsed(schema, props) : props;
}

function lenient(schema: z.ZodType, raw: unknown): unknown {
  const shape = objectShape(schema);
  if (!shape || typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const fallback = schema.safeParse(undefined);
    return fallback.success ? fallback.data : raw;
  }
  const input = raw as Record<string, unknown>;
  const output: Record<string, unknown> = { ...input };
  for (const [key, field] of Object.entries(shape)) {
    const own = field.safeParse(input[key]);
    if (own.success) output[key] = own.data;
    else if (objectShape(field) && typeof input[key] === 'object' && input[key] !== null) {
      // A nested object (a pattern's `flask: {...}`) keeps its valid fields and defaults, field by field.
      output[key] = lenient(field, input[key]);
    } else if (Array.isArray(input[key]) && arrayElement(field)) {
      // A list keeps its valid items (`serverName: ['*', 'shop.example']` builds with 'shop.example'), so what
      // the construct passes on holds no value that was reported here and would be reported again below.
      const element = arrayElement(field) as z.ZodType;
      output[key] = (input[key] as unknown[]).flatMap((item) => {
        const parsed = element.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
    } else {
      const fallback = field.safeParse(undefined);
      output[key] = fallback.success ? fallback.data : input[key];
    }
  }
  return output;
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : undefined;
}

function arrayElement(schema: z.ZodType): z.ZodType | undefined {
  const inner = unwrap(schema);
  return inner instanceof z.ZodArray ? (inner.element as z.ZodType) : undefined;
}

/** The schema under optional/default/pipe/readonly layers: the object or array whose parts we can parse. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = builtSchema(schema);
  for (let depth = 0; depth < 8; depth++) {
    if (current instanceof z.ZodObject || current instanceof z.ZodArray) return current;
    const inner = (current as { def?: { innerType?: z.ZodType; in?: z.ZodType } }).def;
    const next = inner?.innerType ?? inner?.in;
    if (!next) return current;
    current = builtSchema(next);
  }
  return current;
}

/**
 * `true` when `A` and `B` accept the same values and name the same keys. Mutual assignability ignores
 * `readonly` (interfaces are readonly, schema inputs are not); the key check catches an optional prop that one
 * side has and the other lacks, which assignability alone lets through.
 */
export type SameProps<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Compiles when `Schema`'s input is exactly `Props`; otherwise shows both shapes (see {@link PropsMismatch}). */
type Checked<Schema extends z.ZodType, Props> = Schema &
  (SameProps<z.input<Schema>, Props> extends true ? unknown : PropsMismatch<z.input<Schema>, Props>);

/**
 * Binds a props schema to the documented props interface `Props` at compile time: the interface carries the
 * TSDoc and `@default`s that reach users' editors, the schema validates and reports, and this check fails the
 * build when the two disagree about a single prop. Use as
 * `export const XPropsSchema = propsSchema<XProps>()(() => z.strictObject({ ... }));`: given a function, the
 * schema is built on first use (see {@link lazySchema}), so importing the library builds none it does not need.
 */
export function propsSchema<Props>(): {
  <Schema extends z.ZodType>(build: () => Checked<Schema, Props>): Schema;
  <Schema extends z.ZodType>(schema: Checked<Schema, Props>): Schema;
} {
  return <Schema extends z.ZodType>(schema: Schema | (() => Schema)): Schema =>
    typeof schema === 'function' ? lazySchema(schema) : schema;
}

/** Shown by the compiler when a schema and its props interface disagree: both shapes, side by side. */
interface PropsMismatch<SchemaInput, Props> {
  readonly 'the schema input differs from the props interface': { schema: SchemaInput; props: Props };
}
