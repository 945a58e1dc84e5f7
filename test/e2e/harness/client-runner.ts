import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { transformSync } from '@swc/core';
import type { Sandbox } from '../../support/sandbox';
import type {
  DnsCommand,
  DnsResult,
  RequestsCommand,
  RequestsResult,
  WaitCommand,
  WaitResult,
} from './client-protocol';

/** What the client needs of a namespace: running a command in it and a scratch path both sides can see. */
export type NamespaceRunner = Pick<Sandbox, 'exec' | 'scratch'>;

let compiled: string | undefined;

/** request-client.ts as plain CommonJS, transpiled once per process (swc is what jest uses too). */
function clientSource(): string {
  compiled ??= transformSync(readFileSync(path.join(__dirname, 'request-client.ts'), 'utf8'), {
    filename: 'request-client.ts',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  }).code;
  return compiled;
}

/** Runs the request client inside a sandbox; each call is one short-lived node process there. */
export class ClientRunner {
  private readonly script: string;

  constructor(private readonly sandbox: NamespaceRunner) {
    this.script = sandbox.scratch('request-client.js');
    writeFileSync(this.script, clientSource());
  }

  /** Sends bounded requests from inside the namespace and returns the counts. */
  requests(command: Omit<RequestsCommand, 'mode'>): Promise<RequestsResult> {
    const bound = (command.deadlineMs ?? 30_000) + (command.requestTimeoutMs ?? 5000) + 5000;
    return this.run<RequestsResult>({ mode: 'requests', ...command }, bound);
  }

  /** Waits until every target accepts connections (bounded), polling inside the namespace. */
  waitFor(targets: WaitCommand['targets'], timeoutMs: number): Promise<WaitResult> {
    return this.run<WaitResult>({ mode: 'wait', targets, timeoutMs }, timeoutMs + 5000);
  }

  /** Resolves a name against a DNS server inside the namespace. */
  dns(server: string, name: string, timeoutMs = 1000): Promise<DnsResult> {
    const command: DnsCommand = { mode: 'dns', server, name, timeoutMs };
    return this.run<DnsResult>(command, timeoutMs + 5000);
  }

  private async run<T>(command: object, timeoutMs: number): Promise<T> {
    const result = await this.sandbox.exec(process.execPath, [this.script, JSON.stringify(command)], {
      timeoutMs,
    });
    if (result.code !== 0) throw new Error(`request client failed (${result.code}): ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  }
}
