import { E2eHarness, type WrkResult } from '../../test/e2e/harness';
import type { BenchPlan } from '../lib/plan';
import { quantile } from '../lib/stats';
import { APP_STATIC_DIR, dockyardProxy, PATHS, type ProxyUnderTest, seedProxies } from './proxies';

/** One config on one path: medians over the rounds, or why it was not measured. */
export interface ThroughputRow {
  readonly proxy: string;
  readonly label: string;
  readonly isDockyard: boolean;
  readonly path: string;
  readonly measured:
    | {
        readonly requestsPerSec: number;
        readonly p50Ms: number;
        readonly p99Ms: number;
        readonly requests: number;
        /** Socket errors plus responses >= 400, over all rounds. */
        readonly failures: number;
        /** Requests Flask counted itself for this path, over requests nginx answered: 0 = nginx alone. */
        readonly flaskShare: number;
      }
    | string;
}

/** Everything the throughput bench found. */
export interface ThroughputResult {
  readonly rounds: number;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly threads: number;
  readonly connections: number;
  readonly replicas: number;
  readonly rows: readonly ThroughputRow[];
}

const REPLICAS = 3;

/** A config running in its own sandbox, and what its runs measured so far. */
interface Running {
  readonly proxy: ProxyUnderTest;
  readonly harness: E2eHarness;
  readonly url: string;
  readonly runs: Map<string, Array<{ wrk: WrkResult; flaskServed: number }>>;
}

/**
 * Every config gets its own sandbox with the same backends (3 gunicorn replicas of the seeds' Flask app, one
 * worker each) and its nginx; all run at once, idle but for the one under load, so the rounds can take turns
 * over configs and paths and a busy moment of the machine does not favour one config.
 */
export async function runThroughput(plan: BenchPlan, log: (line: string) => void): Promise<ThroughputResult> {
  const { rounds, durationSec, warmupSec, threads, connections, firstOfEach } = plan.throughput;
  const groups = [[dockyardProxy('variable'), dockyardProxy('static')], seedProxies()];
  const measured = groups.flatMap((group) => (firstOfEach ? group.slice(0, 1) : group));
  const running: Running[] = [];
  // The harness unrefs its long-running processes (a forgotten sandbox must not keep jest alive), so while
  // Sandbox.destroy() waits for their exit nothing holds the event loop: node would end this script there.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    for (const proxy of measured) {
      log(`throughput: starting ${proxy.label}`);
      running.push(await start(proxy));
    }
    for (let round = 0; round < rounds; round++) {
      for (const path of PATHS) {
        // Rotate the order each round so no config always runs first (on a cold cache) or last.
        for (let k = 0; k < running.length; k++) {
          const config = running[(k + round) % running.length]!;
          log(`throughput: round ${round + 1}/${rounds}, ${path}, ${config.proxy.label}`);
          const wrk = { url: `${config.url}${path}`, threads, connections };
          if (round === 0 && warmupSec > 0) await config.harness.wrk({ ...wrk, durationSec: warmupSec });
          const before = await flaskCount(config, path);
          const result = await config.harness.wrk({ ...wrk, durationSec });
          const flaskServed = (await flaskCount(config, path)) - before;
          config.runs.set(path, [...(config.runs.get(path) ?? []), { wrk: result, flaskServed }]);
        }
      }
    }
  } finally {
    await Promise.all(running.map((r) => r.harness.destroy()));
    clearInterval(keepAlive);
  }
  const rows = groups.flat().flatMap((proxy) =>
    PATHS.map((path): ThroughputRow => {
      const runs = running.find((r) => r.proxy === proxy)?.runs.get(path);
      const base = { proxy: proxy.name, label: proxy.label, isDockyard: proxy.isDockyard, path };
      return { ...base, measured: runs ? summarizeRuns(runs) : 'not run (quick mode)' };
    }),
  );
  return { rounds, durationSec, warmupSec, threads, connections, replicas: REPLICAS, rows };
}

async function start(proxy: ProxyUnderTest): Promise<Running> {
  const harness = await E2eHarness.create({
    services: { [proxy.service]: { replicas: REPLICAS, port: proxy.port, staticDir: APP_STATIC_DIR } },
    volumes: { static: [APP_STATIC_DIR, ...(proxy.nginxStaticDir ? [proxy.nginxStaticDir] : [])] },
    nginxConfigs: [proxy.config],
  });
  try {
    const nginx = await harness.startNginx('proxy', proxy.config);
    return { proxy, harness, url: nginx.url, runs: new Map() };
  } catch (error) {
    await harness.destroy();
    throw error;
  }
}

function summarizeRuns(
  runs: ReadonlyArray<{ wrk: WrkResult; flaskServed: number }>,
): ThroughputRow['measured'] {
  const median = (values: number[]) =>
    quantile(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  const requests = runs.reduce((sum, r) => sum + r.wrk.requests, 0);
  return {
    requestsPerSec: median(runs.map((r) => r.wrk.requests / (r.wrk.durationUs / 1e6))),
    p50Ms: median(runs.map((r) => r.wrk.latencyP50Us / 1000)),
    p99Ms: median(runs.map((r) => r.wrk.latencyP99Us / 1000)),
    requests,
    failures: runs.reduce(
      (sum, { wrk: { errors: e } }) => sum + e.connect + e.read + e.write + e.status + e.timeout,
      0,
    ),
    flaskShare: runs.reduce((sum, r) => sum + r.flaskServed, 0) / requests,
  };
}

/** Requests for `path` the replicas counted themselves (asked directly, not through nginx). */
async function flaskCount(config: Running, path: string): Promise<number> {
  const slots = Array.from({ length: REPLICAS }, (_, i) => i + 1);
  const stats = await Promise.all(slots.map((slot) => config.harness.stats(config.proxy.service, slot)));
  return stats.reduce((sum, s) => sum + (s.counts[path] ?? 0), 0);
}
