import { config } from 'zod';

/**
 * Tells zod to check values by interpreting each schema instead of compiling it first. zod 4 compiles each
 * object schema into a fast path (`new Function`) on its first parse: a win for a server that parses a schema
 * many times, a loss for a CLI that parses each a few times. A CPU profile of the installed `synth` on the
 * flagship put 0.5 s of 6.9 s (loaded machine) in that compiler under the props checks; without it the run
 * takes about 0.1 s less CPU. The results are the same either way. zod keeps this setting on `globalThis`, so
 * it reaches the copy of zod the library runs whether or not it is this one (the published build bundles zod).
 */
export function interpretSchemas(): void {
  config({ jitless: true });
}
