import { type Directive, parseDirectives, walk } from '../../../support/nginx/parse-directives';

/**
 * Values read back from an nginx.conf, so a test's expectations come from the config under test
 * (`valid=`, `client_max_body_size`, `weight=`) instead of being typed again.
 */
export class ConfigValues {
  private readonly tree: Directive[];

  constructor(text: string) {
    this.tree = parseDirectives(text);
  }

  /** Every directive called `name`, in file order, with the blocks it sits in. */
  all(name: string): Array<{ args: string[]; parents: readonly string[] }> {
    return [...walk(this.tree)]
      .filter(({ directive }) => directive.name === name)
      .map(({ directive, parents }) => ({ args: directive.args, parents }));
  }

  /** The arguments of the only directive called `name`; throws when there is none or several. */
  one(name: string): string[] {
    const found = this.all(name);
    if (found.length !== 1) throw new Error(`expected one ${name}, found ${found.length}`);
    return (found[0] as { args: string[] }).args;
  }

  /** The `server` lines of upstream `upstream` as `{ address, params }` (`weight=3` -> `{ weight: '3' }`). */
  upstreamServers(upstream: string): Array<{ address: string; params: Record<string, string | true> }> {
    const block = [...walk(this.tree)].find(
      ({ directive }) => directive.name === 'upstream' && directive.args[0] === upstream,
    )?.directive.block;
    if (block === undefined) throw new Error(`no upstream ${upstream}`);
    return block
      .filter((d) => d.name === 'server')
      .map((d) => {
        const [address = '', ...rest] = d.args;
        const params: Record<string, string | true> = {};
        for (const arg of rest) {
          const at = arg.indexOf('=');
          if (at < 0) params[arg] = true;
          else params[arg.slice(0, at)] = arg.slice(at + 1);
        }
        return { address, params };
      });
  }

  /** `valid=` of the `resolver`, in milliseconds. */
  resolverValidMs(): number {
    const valid = this.one('resolver').find((arg) => arg.startsWith('valid='));
    if (valid === undefined) throw new Error('resolver without valid=');
    return nginxTimeMs(valid.slice('valid='.length));
  }
}

const TIME_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** nginx's time syntax (`10s`, `1m30s`, bare seconds) in milliseconds. */
export function nginxTimeMs(value: string): number {
  const parts = [...value.matchAll(/(\d+)(ms|s|m|h|d)?/g)];
  if (parts.map((p) => p[0]).join('') !== value) throw new Error(`not an nginx time: ${value}`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (TIME_UNITS[unit ?? 's'] ?? 0), 0);
}

/** nginx's size syntax (`512`, `1k`, `20m`, `1g`) in bytes. */
export function nginxSizeBytes(value: string): number {
  const match = /^(\d+)([kKmMgG]?)$/.exec(value);
  if (match === null) throw new Error(`not an nginx size: ${value}`);
  return Number(match[1]) * (SIZE_UNITS[(match[2] ?? '').toLowerCase()] ?? 0);
}
