#!/usr/bin/env node
'use strict';
// `dockyard <command>`: `dockyard synth` is the `synth` bin; the other subcommands are listed by `dockyard --help`.
require('./launch.cjs')('dockyard', 'dockyard');
