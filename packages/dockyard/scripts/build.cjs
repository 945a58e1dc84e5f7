'use strict';
// Builds dist/ for the published package: type declarations from tsc, one file per module (so every prop's
// TSDoc reaches a user's editor as the source has it), and the JavaScript as a bundle (scripts/bundle.cjs).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { bundle, PACKAGE_DIR } = require('./bundle.cjs');

const DIST = path.join(PACKAGE_DIR, 'dist');

function build() {
  fs.rmSync(DIST, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--emitDeclarationOnly'],
    { cwd: PACKAGE_DIR, stdio: 'inherit' },
  );
  if (tsc.status !== 0) throw new Error(`tsc failed (${tsc.status ?? tsc.signal})`);
  bundle(DIST);
}

build();
