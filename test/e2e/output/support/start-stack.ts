import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Stack } from '../../../../packages/dockyard/src';
import { type SynthesizedStack, Testing } from '../../../../packages/dockyard/src/testing';
import { E2eHarness, type NginxServer } from '../../harness';
import { NGINX_HTML_ROOT, NGINX_HTML_VOLUME, writeImageHtml } from './nginx-image-html';
import { NGINX_CONF_TARGET, readStackPlan, type StackPlan } from './stack-plan';

/** Options of {@link startStack}. */
export interface StartStackOptions {
  /** More nginx configs the test will start in the same sandbox (e.g. a seed's, for comparison). */
  otherConfigs?: readonly string[];
  /** TTL of the DNS answers, seconds. @default the harness's (0) */
  dnsTtl?: number;
  /**
   * Secret files by name, placed in /run/secrets before nginx starts, where Compose and Swarm mount a
   * service's secrets (e.g. a site's certificate and key). @default none
   */
  secrets?: Readonly<Record<string, string>>;
}

/** Where Compose and Swarm mount a service's secrets. */
const SECRETS_DIR = '/run/secrets';
const SECRETS_VOLUME = 'dockyard-e2e-secrets';

/** A stack running in the sandbox from its own artifacts. */
export interface StartedStack {
  readonly harness: E2eHarness;
  /** nginx running the stack's nginx.conf, unedited. */
  readonly nginx: NginxServer;
  /** What was read from the artifacts: services, replicas, ports, volumes, the proxy. */
  readonly plan: StackPlan;
  /** Everything Dockyard synthesized for the stack. */
  readonly artifacts: SynthesizedStack;
  /** The proxy's URL inside the sandbox, e.g. `http://127.0.0.1:80`. */
  readonly url: string;
}

/**
 * Synthesizes `stack` and runs what its artifacts describe: each gunicorn service with the replicas and port
 * of compose.yaml (one loopback address per replica, the service name in the sandbox's DNS), the named
 * volumes at the paths the services mount them, the image's 50x page, and nginx on the exact nginx.conf
 * text at /etc/nginx/nginx.conf. Nothing is retyped by the test. The caller owns `harness.destroy()`.
 *
 * @example
 * const { harness, url } = await startStack(new LoadBalancedStack(app, 'shop', props));
 */
export async function startStack(stack: Stack, options: StartStackOptions = {}): Promise<StartedStack> {
  const artifacts = Testing.synth(stack);
  const plan = readStackPlan(artifacts);
  const harness = await E2eHarness.create({
    services: plan.services,
    nginxConfigs: [plan.proxy.config, ...(options.otherConfigs ?? [])],
    volumes: {
      ...plan.volumes,
      [NGINX_HTML_VOLUME]: [NGINX_HTML_ROOT],
      ...(options.secrets ? { [SECRETS_VOLUME]: [SECRETS_DIR] } : {}),
    },
    ...(options.dnsTtl === undefined ? {} : { dnsTtl: options.dnsTtl }),
  });
  try {
    writeImageHtml(harness.volumePath(NGINX_HTML_VOLUME));
    for (const [name, content] of Object.entries(options.secrets ?? {})) {
      writeFileSync(path.join(harness.volumePath(SECRETS_VOLUME), name), content, { mode: 0o400 });
    }
    // The harness writes /etc/nginx/<name>.conf: named after the mount target, it lands where the image reads it.
    const nginx = await harness.startNginx(
      path.posix.basename(NGINX_CONF_TARGET, '.conf'),
      plan.proxy.config,
    );
    if (nginx.confPath !== NGINX_CONF_TARGET) throw new Error(`nginx config at ${nginx.confPath}`);
    return { harness, nginx, plan, artifacts, url: nginx.url };
  } catch (error) {
    await harness.destroy();
    throw error;
  }
}

/**
 * Ends a started stack (every process of its sandbox) and asserts that none is left: every test file's
 * afterAll. Does nothing when the stack never started (its beforeAll failed and said why).
 */
export async function stopStack(started: StartedStack | undefined): Promise<void> {
  if (started === undefined) return;
  await started.harness.destroy();
  expect(started.harness.leftovers()).toEqual([]);
}

/** The total of a path's requests as every running replica of `service` counted them (Flask's /stats). */
export async function appRequests(started: StartedStack, service: string, urlPath: string): Promise<number> {
  const { harness } = started;
  const slots = harness.flask.running(service).map((r) => r.slot);
  const stats = await Promise.all(slots.map((slot) => harness.stats(service, slot)));
  return stats.reduce((sum, s) => sum + (s.counts[urlPath] ?? 0), 0);
}
