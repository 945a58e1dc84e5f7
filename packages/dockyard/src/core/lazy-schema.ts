import * as util from 'node:util';
import type { z } from 'zod';

/** Each lazy schema's stand-in, to the schema it built (once it has). */
const builtFor = new WeakMap<object, z.ZodType>();

/**
 * A zod schema that is built on first use: reading any member (`safeParse`, `shape`, `extend`, `_zod`...) builds
 * it with `build` once and answers from it, so a program pays only for the schemas of the constructs it makes.
 * Constructing every props schema when the library is imported cost a cold `synth` most of its schema time,
 * for constructs most programs never create. The stand-in answers `instanceof` like the built schema, so it
 * can be exported, nested and derived from wherever the schema itself could.
 */
export function lazySchema<Schema extends z.ZodType>(build: () => Schema): Schema {
  let schema: Schema | undefined;
  const built = (): Schema => {
    if (schema === undefined) {
      schema = build();
      builtFor.set(standIn, schema);
    }
    return schema;
  };
  // The built schema is the receiver of every read, so zod's members bind to it rather than to the stand-in.
  const standIn: Schema = new Proxy(Object.create(null) as Schema, {
    get: (_target, key) => Reflect.get(built(), key),
    set: (_target, key, value) => Reflect.set(built(), key, value),
    has: (_target, key) => Reflect.has(built(), key),
    ownKeys: () => Reflect.ownKeys(built()),
    // Reported configurable: the empty target holds none of these, and a proxy may not claim otherwise for it.
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(built(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(built(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(built(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(built()),
  });
  return standIn;
}

/** The schema itself behind a {@link lazySchema} stand-in (built now if it was not yet), else `schema`. */
export function builtSchema<Schema extends z.ZodType>(schema: Schema): Schema {
  if (builtFor.has(schema)) return builtFor.get(schema) as Schema;
  // Reading a member builds a stand-in's schema (and registers it); a plain schema reads its own member.
  void schema._zod;
  return (builtFor.get(schema) as Schema | undefined) ?? schema;
}

/**
 * Whether a {@link lazySchema} stand-in has built its schema (always true of a plain schema): a program that
 * never needs a schema, because every construct of it was handed its props as parsed, should not build it.
 * @internal
 */
export function isBuilt(schema: z.ZodType): boolean {
  return builtFor.has(schema) || !util.types.isProxy(schema);
}
