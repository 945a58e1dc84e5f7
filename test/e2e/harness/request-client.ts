// A standalone program run INSIDE a sandbox (`nsenter ... node client.js '<json>'`), so that requests
// start from the namespace's loopback like a client of the published port would. Only node builtins:
// client-runner.ts transpiles this one file and runs it with plain node.
import { Resolver } from 'node:dns/promises';
import * as http from 'node:http';
import * as net from 'node:net';
import type {
  ClientCommand,
  DnsCommand,
  DnsResult,
  KeptResponse,
  RequestsCommand,
  RequestsResult,
  WaitCommand,
  WaitResult,
} from './client-protocol';

async function runRequests(command: RequestsCommand): Promise<RequestsResult> {
  const started = Date.now();
  const deadline = started + (command.deadlineMs ?? 30_000);
  const agent = new http.Agent({
    keepAlive: command.keepAlive ?? true,
    maxSockets: command.concurrency ?? 1,
  });
  const countHeaders = (command.countHeaders ?? []).map((h) => h.toLowerCase());
  const result: RequestsResult = {
    total: 0,
    byStatus: {},
    byHeader: {},
    errors: {},
    kept: [],
    durationMs: 0,
    slowestMs: 0,
  };
  for (const header of countHeaders) result.byHeader[header] = {};
  const bump = (counts: Record<string, number>, key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  let next = 0;
  const worker = async () => {
    while (next < command.count && Date.now() < deadline) {
      next++;
      result.total++;
      const sent = Date.now();
      try {
        const response = await send(command, agent);
        bump(result.byStatus, String(response.status));
        for (const header of countHeaders)
          bump(result.byHeader[header] ?? {}, response.headers[header] ?? '-');
        if (result.kept.length < (command.keep ?? 0)) result.kept.push(response);
      } catch (error) {
        bump(result.errors, (error as NodeJS.ErrnoException).code ?? String(error));
      }
      result.slowestMs = Math.max(result.slowestMs, Date.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: command.concurrency ?? 1 }, worker));
  agent.destroy();
  result.durationMs = Date.now() - started;
  return result;
}

function send(command: RequestsCommand, agent: http.Agent): Promise<KeptResponse> {
  return new Promise((resolve, reject) => {
    const options: http.RequestOptions = {
      agent,
      method: command.method ?? 'GET',
      headers: command.headers ?? {},
      ...(command.localAddress === undefined ? {} : { localAddress: command.localAddress }),
    };
    const request = http.request(command.url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.setTimeout(command.requestTimeoutMs ?? 5000, () => {
      request.destroy(Object.assign(new Error('request timed out'), { code: 'TIMEOUT' }));
    });
    request.on('error', reject);
    request.end(command.bodyBytes === undefined ? undefined : Buffer.alloc(command.bodyBytes, 'x'));
  });
}

async function runWait(command: WaitCommand): Promise<WaitResult> {
  const started = Date.now();
  let pending = command.targets.map((t) => `${t.host}:${t.port}`);
  while (pending.length > 0 && Date.now() - started < command.timeoutMs) {
    const accepted = await Promise.all(pending.map((target) => accepts(target)));
    pending = pending.filter((_, i) => !accepted[i]);
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { ready: pending.length === 0, waitedMs: Date.now() - started, pending };
}

function accepts(target: string): Promise<boolean> {
  const at = target.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.slice(0, at), port: Number(target.slice(at + 1)) });
    socket.setTimeout(500);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

async function runDns(command: DnsCommand): Promise<DnsResult> {
  const resolver = new Resolver({ timeout: command.timeoutMs, tries: 1 });
  resolver.setServers([command.server]);
  try {
    return { addresses: (await resolver.resolve4(command.name)).sort() };
  } catch (error) {
    return { addresses: [], error: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

async function main(): Promise<void> {
  const command = JSON.parse(process.argv[2] ?? '{}') as ClientCommand;
  const result =
    command.mode === 'requests'
      ? await runRequests(command)
      : command.mode === 'wait'
        ? await runWait(command)
        : await runDns(command);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
