// jest gives every test file a fresh module registry, so each file builds zod's schemas anew, and zod 4
// compiles an object schema's parser (`new Function`) on its first parse. In a test file that builds a few
// programs, that compilation is never repaid: on the flagship, building the schemas and the programs jitless
// cost 130 ms less CPU per test file (bench/installed). Zod decides when a schema is built, so this module is
// imported before anything that builds one. Parsing results and messages are the same either way. It applies
// to the test file's own zod schemas too (they share the registry), with the same results.
import { z } from 'zod';

z.config({ jitless: true });
