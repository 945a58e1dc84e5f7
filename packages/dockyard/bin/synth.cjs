#!/usr/bin/env node
'use strict';
// `synth [file]`: synthesize a Dockyard program.
require('./launch.cjs')('main', 'main');
