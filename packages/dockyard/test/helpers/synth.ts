import { App, Stack } from '../../src';
import { Testing } from '../../src/testing';
import { tempDir } from './tmp';

/** The parts of a parsed compose.yaml / stack.yaml that tests look into. */
export type ComposeService = Record<string, unknown> & {
  command?: string[];
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
  deploy?: Record<string, unknown>;
};
export type ComposeDoc = {
  services: Record<string, ComposeService>;
  volumes?: Record<string, { name?: string }>;
  networks?: Record<string, unknown>;
  configs?: Record<string, unknown>;
  [key: string]: unknown;
};

/** Synthesizes a stack in memory and hands back its compose and swarm documents parsed, plus everything else. */
export function synthCompose(stack: Stack) {
  const result = Testing.synth(stack);
  return {
    compose: result.files['compose.yaml']?.parsed as ComposeDoc,
    swarm: result.files['stack.yaml']?.parsed as ComposeDoc,
    files: result.files,
    diagnostics: result.diagnostics,
  };
}

/** A stack in a fresh App whose outdir is a temporary folder. */
export const newStack = (name = 'shop') => new Stack(new App({ outdir: tempDir() }), name);
