// Three projects: fast unit/conformance suites; the end-to-end suites that start real nginx and gunicorn
// processes; and the engine suites that hand Dockyard's files to a real Docker engine (dockerd, Compose, Swarm)
// in a private namespace. All run in `pnpm test`; `--selectProjects e2e` (or `engine`) runs one alone.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
// Generous timeouts: several suites start real processes (nginx -t in a namespace, docker stack config), and
// a busy 2-core machine can make one of them take seconds; a test that hangs still fails.
const common = {
  transform,
  testTimeout: 30_000,
  testEnvironment: 'node',
  // `import 'dockyard'` reads the library's TypeScript source (package.json's `dockyard-source` export
  // condition), so the tests never need a build and never run a stale one.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons', 'dockyard-source'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.tmp/', '/.work/'],
  // @hpcc-js/wasm-graphviz (`dockyard graph`) ships only ES modules, which jest's CommonJS runtime cannot load
  // untransformed; every other package is left as it is.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?@hpcc-js[+/])'],
  // Debian unstable's nginx for the configs that need nginx >= 1.27.3 (test/support/nginx/nginx-binary.ts).
  globalSetup: '<rootDir>/test/support/global-setup.js',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/packages/*/test/**/*.test.ts',
        '<rootDir>/test/**/*.test.ts',
        '<rootDir>/examples/*/*.test.ts',
        '<rootDir>/bench/**/*.test.ts',
      ],
      testPathIgnorePatterns: [
        ...common.testPathIgnorePatterns,
        '<rootDir>/test/e2e/',
        '<rootDir>/test/engine/',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'engine',
      testMatch: ['<rootDir>/test/engine/**/*.test.ts'],
      // One dockerd for the whole project: started once (rootfs, images, swarm), stopped by PID at the end.
      globalSetup: '<rootDir>/test/engine/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/engine/support/global-teardown.ts',
    },
  ],
};
