import * as path from 'node:path';

/** The repository root (bench/ sits directly below it). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** This folder. */
export const BENCH_DIR = path.resolve(__dirname, '..');
/** Scratch space: installs, synth outputs, raw results. Git-ignored. */
export const WORK_DIR = path.join(BENCH_DIR, '.work');
/** The library package, whose node_modules holds tsx. */
export const DOCKYARD_DIR = path.join(REPO_ROOT, 'packages', 'dockyard');
