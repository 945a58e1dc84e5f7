import { type Directive, findAll } from '../model/nginx';
import { failureLines, indent } from './diff';
import { AssertionError } from './errors';
import { type LocationExpectation, locationPath, matchLocation, passDirective, passHost } from './location';
import type { MatchResult } from './matcher';
import { didYouMean, nameList } from './suggest';
import { readUpstream, type UpstreamExpectation, type UpstreamInfo, upstreamDifferences } from './upstream';

/**
 * Assertions over a parsed `nginx.conf` (`template.nginx`).
 *
 * @example
 * const nginx = Template.fromStack(stack).nginx;
 * nginx.hasUpstream('web', { servers: ['web-1:5000', 'web-2:5000'], method: 'least_conn' });
 * nginx.routesTo('/', 'web');
 */
export class NginxView {
  constructor(
    /** The artifact's file name, which every failure message starts with. */
    readonly fileName: string,
    /** The file's text. */
    readonly text: string,
    private readonly config: readonly Directive[],
  ) {}

  /** Upstream names in file order. */
  get upstreamNames(): string[] {
    return this.blocks('upstream').map((block) => block.args.join(' '));
  }

  /** Location paths (`/`, `= /50x.html`) in file order, once each. */
  get locationPaths(): string[] {
    return [...new Set(this.blocks('location').map(locationPath))];
  }

  /** Upstream `name` as data: its servers and balancing method. @throws AssertionError when missing */
  upstream(name: string): UpstreamInfo {
    const block = this.blocks('upstream').find((candidate) => candidate.args.join(' ') === name);
    if (block === undefined) {
      const names = this.upstreamNames;
      throw new AssertionError(
        `${this.fileName}: no upstream ${JSON.stringify(name)}${didYouMean(name, names)} ${nameList('upstreams', names)}`,
      );
    }
    return readUpstream(structuredClone(block));
  }

  /**
   * Asserts that upstream `name` exists and, when given, has exactly these servers (in any order) and this
   * balancing method.
   * @example nginx.hasUpstream('web', { servers: ['web:5000', { address: 'spare:5000', backup: true }] })
   */
  hasUpstream(name: string, expected: UpstreamExpectation = {}): void {
    const differences = upstreamDifferences(this.upstream(name), expected);
    if (differences.length > 0) {
      throw new AssertionError(
        `${this.fileName}: upstream ${JSON.stringify(name)} does not match:\n${indent(differences)}`,
      );
    }
  }

  /**
   * Asserts that a location with this path (`/static`, or `= /50x.html` with its modifier) exists and, when
   * given, that its directives match `props` (see `matchLocation` for the rules). When several locations
   * share the path (in different servers), one match is enough; a failure shows the closest.
   */
  hasLocation(path: string, props?: LocationExpectation): void {
    const candidates = this.locations(path);
    if (props === undefined) return;
    const results = candidates.map((location) => matchLocation(location.block ?? [], props));
    const matching = results.filter((result) => result.ok);
    for (const result of matching) result.deliverCaptures();
    if (matching.length > 0) return;
    const closest = [...results].sort((a, b) => a.cost - b.cost)[0] as MatchResult;
    const which = candidates.length > 1 ? ` (closest of ${candidates.length} such locations)` : '';
    throw new AssertionError(
      `${this.fileName}: location ${JSON.stringify(path)} does not match${which}:\n${indent(failureLines(closest))}`,
    );
  }

  /**
   * Asserts that the location with this path passes requests (`proxy_pass`, `grpc_pass`, `uwsgi_pass`, ...)
   * to upstream `upstreamName`, and that such an upstream is defined (otherwise nginx would resolve the
   * name as a host).
   */
  routesTo(path: string, upstreamName: string): void {
    const targets = this.locations(path).map((location) => {
      const pass = passDirective(location.block ?? []);
      return { pass, host: pass === undefined ? undefined : passHost(pass.args[0] ?? '') };
    });
    const routed = targets.find((target) => target.host === upstreamName);
    if (routed === undefined) {
      const found = targets
        .map(({ pass, host }) => {
          if (pass === undefined) return 'no *_pass directive';
          // A variable target (Dockyard's `dns: 'variable'`) is resolved per request and bypasses upstreams.
          const variable = host?.includes('$')
            ? ' (a variable, resolved per request: no upstream block is used)'
            : '';
          return `${pass.name} ${pass.args.join(' ')}${variable}`;
        })
        .join('; ');
      throw new AssertionError(
        `${this.fileName}: location ${JSON.stringify(path)} does not route to upstream ${JSON.stringify(upstreamName)}: it has ${found}`,
      );
    }
    if (!this.upstreamNames.includes(upstreamName)) {
      const pass = routed.pass as Directive;
      throw new AssertionError(
        `${this.fileName}: location ${JSON.stringify(path)} has ${pass.name} ${pass.args.join(' ')}, but there is no upstream ${JSON.stringify(upstreamName)}, so nginx would resolve it as a host name ${nameList('upstreams', this.upstreamNames)}`,
      );
    }
  }

  /** Copies of every directive called `name`, anywhere in the file, in file order. */
  directives(name: string): Directive[] {
    return findAll(this.config, name).map((found) => structuredClone(found.directive));
  }

  /** A copy of the whole parsed file. */
  toJSON(): Directive[] {
    return structuredClone([...this.config]);
  }

  private blocks(name: string): Directive[] {
    return findAll(this.config, name)
      .map((found) => found.directive)
      .filter((directive) => directive.block !== undefined);
  }

  private locations(path: string): Directive[] {
    const found = this.blocks('location').filter((location) => locationPath(location) === path);
    if (found.length === 0) {
      const paths = this.locationPaths;
      throw new AssertionError(
        `${this.fileName}: no location ${JSON.stringify(path)}${didYouMean(path, paths)} (locations: ${paths.join(', ') || 'none'})`,
      );
    }
    return found;
  }
}
