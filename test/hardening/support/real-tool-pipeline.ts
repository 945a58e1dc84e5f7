import { checkNginxConfigs, type NginxCheckResult } from '../../support/nginx/nginx-check';
import { type DockerVerdict, dockerStackConfig, type StackFiles } from './compose-batch';

/** What the real tools said about one stack; undefined where a tool was not asked. */
export interface RealToolVerdict {
  readonly nginx: NginxCheckResult | undefined;
  readonly docker: DockerVerdict | undefined;
}

/** Which real tools judge a stack. */
export interface RealToolRequest {
  readonly nginx: boolean;
  readonly docker: boolean;
  /** The nginx version the config is meant for: `nginx -t` runs one at least this new. @default what it needs */
  readonly nginxMeantFor?: string;
}

/**
 * Runs the real tools while the test is still generating programs: `docker stack config` as soon as a stack
 * arrives (`dockerConcurrency` at a time) and `nginx -t` per chunk of configs in one sandbox, so their
 * processes use the second core while the test's own thread synthesizes. The generating loop must yield to the
 * event loop now and then (`await yieldToIo()`), or nothing new gets started.
 */
export class RealToolPipeline {
  private readonly stacks: StackFiles[] = [];
  private readonly docker: Array<DockerVerdict | undefined> = [];
  private readonly nginxSlot: Array<number | undefined> = [];
  private readonly queue: number[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly nginxBatches: Array<Promise<NginxCheckResult[]>> = [];
  private pendingNginx: string[] = [];
  private pendingMeantFor: Array<string | undefined> = [];
  private nginxCount = 0;

  constructor(
    private readonly options: { readonly nginxChunk: number; readonly dockerConcurrency: number },
  ) {}

  /** Queues one stack's files for the tools asked for; returns its index in {@link finish}'s answer. */
  add(files: StackFiles, request: RealToolRequest = { nginx: true, docker: true }): number {
    this.stacks.push(files);
    const index = this.stacks.length - 1;
    if (request.docker && files['stack.yaml'] !== undefined) {
      this.queue.push(index);
      this.pump();
    }
    const nginx = files['nginx.conf'];
    if (request.nginx && nginx !== undefined) {
      this.nginxSlot[index] = this.nginxCount++;
      this.pendingNginx.push(nginx);
      this.pendingMeantFor.push(request.nginxMeantFor);
      if (this.pendingNginx.length >= this.options.nginxChunk) this.flushNginx();
    }
    return index;
  }

  /** Every verdict, in the order the stacks were added. */
  async finish(): Promise<RealToolVerdict[]> {
    this.flushNginx();
    while (this.running.size > 0) await Promise.race(this.running);
    const nginx = (await Promise.all(this.nginxBatches)).flat();
    return this.stacks.map((_files, i) => {
      const slot = this.nginxSlot[i];
      return { nginx: slot === undefined ? undefined : nginx[slot], docker: this.docker[i] };
    });
  }

  private pump(): void {
    while (this.running.size < this.options.dockerConcurrency && this.queue.length > 0) {
      const index = this.queue.shift() as number;
      const job: Promise<void> = dockerStackConfig(this.stacks[index] as StackFiles)
        .then((verdict) => {
          this.docker[index] = verdict;
        })
        .finally(() => {
          this.running.delete(job);
          this.pump();
        });
      this.running.add(job);
    }
  }

  private flushNginx(): void {
    if (this.pendingNginx.length === 0) return;
    this.nginxBatches.push(
      checkNginxConfigs(this.pendingNginx, { concurrency: 1, meantFor: this.pendingMeantFor }),
    );
    this.pendingNginx = [];
    this.pendingMeantFor = [];
  }
}

/** Lets child processes' completions and new spawns run between two synchronous stretches of work. */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
