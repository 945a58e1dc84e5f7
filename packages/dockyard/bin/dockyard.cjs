#!/usr/bin/env node
'use strict';
// `dockyard <command>`: `dockyard synth` is the `synth` bin; the other subcommands are listed by `dockyard --help`.
// In this repository the CLI runs from its TypeScript source through tsx; a published package runs the compiled
// JavaScript in dist/ (the source is not shipped).
const fs = require('node:fs');
const path = require('node:path');

const source = path.join(__dirname, '..', 'src', 'cli', 'dockyard.ts');
let cli;
if (fs.existsSync(source)) {
  require('tsx/cjs');
  cli = require(source);
} else {
  cli = require(path.join(__dirname, '..', 'dist', 'cli', 'dockyard.js'));
}
cli.dockyard(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(
      `${error?.stack ? error.stack : error}\nThis is a bug in Dockyard. Please report it.\n`,
    );
    process.exitCode = 70;
  },
);
