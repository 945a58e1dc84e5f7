/**
 * tsx's API for ES module programs, loaded on first use. Its own module, and its own entry point of the bundle
 * (scripts/bundle.cjs), so that the `import()` sits in a small file of its own: bin/compile-cache.cjs leaves
 * files with an `import()` to Node, and the CLI's large shared chunk stays in the cache.
 */
export function importTsxEsmApi(): Promise<typeof import('tsx/esm/api')> {
  // The ESM build of tsx's API: its CommonJS build resolves its own loader path wrongly (tsx 4.23).
  return import('tsx/esm/api');
}
