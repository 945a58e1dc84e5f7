import { failureLines, indent } from './diff';
import { AssertionError } from './errors';
import { isRecord, Match, matchPattern } from './match';
import { Matcher, type MatchResult } from './matcher';
import { didYouMean, nameList } from './suggest';

/** What an assertion expects of a map entry: props matched like `Match.objectLike`, or any matcher. */
export type EntryProps = Readonly<Record<string, unknown>> | Matcher;

type Section = 'services' | 'networks' | 'volumes';
const NOUN: Record<Section, string> = { services: 'service', networks: 'network', volumes: 'volume' };

/**
 * Assertions over a Compose-shaped artifact: `compose.yaml` (`template.compose`) or the Swarm stack file
 * (`template.swarm`). Values are the file's own (a `$` that the renderer escaped reads `$$`).
 *
 * @example
 * const compose = Template.fromStack(stack).compose;
 * compose.hasService('web', { deploy: { replicas: 3 } });
 * compose.serviceCountIs(2);
 */
export class ComposeView {
  private readonly document: Record<string, unknown>;

  constructor(
    /** The artifact's file name, which every failure message starts with. */
    readonly fileName: string,
    document: unknown,
  ) {
    this.document = isRecord(document) ? document : {};
  }

  /** Service names in file order. */
  get serviceNames(): string[] {
    return Object.keys(this.section('services'));
  }

  /**
   * Asserts that service `name` exists and, when `props` are given, matches them (plain objects match like
   * `Match.objectLike`: more keys are fine, at every depth).
   * @throws AssertionError naming each differing path (`services.web.deploy.replicas: expected 3, got 2`),
   *   or the closest existing name when there is no such service
   */
  hasService(name: string, props?: EntryProps): void {
    this.hasEntry('services', name, props);
  }

  /** Asserts that top-level network `name` exists and, when given, matches `props`. */
  hasNetwork(name: string, props?: EntryProps): void {
    this.hasEntry('networks', name, props);
  }

  /** Asserts that top-level volume `name` exists and, when given, matches `props`. */
  hasVolume(name: string, props?: EntryProps): void {
    this.hasEntry('volumes', name, props);
  }

  /** Asserts the number of services. */
  serviceCountIs(count: number): void {
    const names = this.serviceNames;
    if (names.length !== count) {
      throw new AssertionError(
        `${this.fileName}: expected ${count} service(s), got ${names.length} ${nameList('services', names)}`,
      );
    }
  }

  /** A copy of service `name`. @throws AssertionError when there is no such service */
  service(name: string): Record<string, unknown> {
    const value = this.entry('services', name);
    return structuredClone(isRecord(value) ? value : {});
  }

  /**
   * Copies of the services that match `props` (all of them without props), by name. Captures in `props`
   * receive one value per matching service, in file order.
   */
  findServices(props?: EntryProps): Record<string, Record<string, unknown>> {
    const found: Record<string, Record<string, unknown>> = {};
    for (const [name, service] of Object.entries(this.section('services'))) {
      if (props === undefined || testProps(props, service).deliverCaptures().ok) {
        found[name] = structuredClone(isRecord(service) ? service : {});
      }
    }
    return found;
  }

  /** A copy of the whole parsed file. */
  toJSON(): Record<string, unknown> {
    return structuredClone(this.document);
  }

  private hasEntry(section: Section, name: string, props: EntryProps | undefined): void {
    const value = this.entry(section, name);
    if (props === undefined) return;
    const result = testProps(props, value).deliverCaptures();
    if (!result.ok) {
      throw new AssertionError(
        `${this.fileName}: ${NOUN[section]} ${JSON.stringify(name)} does not match:\n` +
          indent(failureLines(result, [section, name])),
      );
    }
  }

  private entry(section: Section, name: string): unknown {
    const entries = this.section(section);
    if (!Object.hasOwn(entries, name)) {
      const names = Object.keys(entries);
      throw new AssertionError(
        `${this.fileName}: no ${NOUN[section]} ${JSON.stringify(name)}${didYouMean(name, names)} ${nameList(section, names)}`,
      );
    }
    // `volumes: { data: }` parses to null: an entry with every setting at its default.
    return entries[name] ?? {};
  }

  private section(section: Section): Record<string, unknown> {
    const value = this.document[section];
    return isRecord(value) ? value : {};
  }
}

function testProps(props: EntryProps, value: unknown): MatchResult {
  const matcher = Matcher.isMatcher(props) ? props : Match.objectLike(props);
  return matchPattern(matcher, value, true);
}
