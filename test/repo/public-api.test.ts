import * as root from 'dockyard';
import * as schemas from 'dockyard/schemas';
import * as testing from 'dockyard/testing';
import { packageManifest } from '../support/package/pack';

// The public surface, pinned: every runtime name each entry point exports, sorted. Adding, removing or renaming
// one is a change to the API users learn, so it has to show up as a diff here (and in the README's reference).

const names = (module: object): string[] => Object.keys(module).sort();

/** A zod schema: what the root and testing entry points must not expose (a refinement would break users). */
const isSchema = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { safeParse?: unknown }).safeParse === 'function';

describe('the public API', () => {
  test('package.json has the entry points dockyard, dockyard/testing, dockyard/schemas and dockyard/jest', () => {
    expect(Object.keys(packageManifest().exports)).toEqual([
      '.',
      './testing',
      './schemas',
      './jest',
      './package.json',
    ]);
  });

  test('dockyard: what a program constructs or calls', () => {
    expect(names(root)).toEqual([
      'App',
      'BackupUpstream',
      'CacheZone',
      'Config',
      'DockyardUserError',
      'FlaskService',
      'LimitZone',
      'LoadBalancedStack',
      'Location',
      'Network',
      'NginxConfig',
      'NginxMap',
      'NginxProxy',
      'ProxySite',
      'Secret',
      'Server',
      'Service',
      'Stack',
      'Upstream',
      'ValidationError',
      'Volume',
      'addCheck',
      'nginxVar',
      'perTask',
      'synthText',
    ]);
  });

  test('dockyard/testing: the toolkit for a program’s own tests', () => {
    expect(names(testing)).toEqual([
      'Annotations',
      'AssertionError',
      'Capture',
      'ComposeView',
      'Match',
      'MatchResult',
      'Matcher',
      'NginxView',
      'Template',
      'Testing',
      'dockyardMatchers',
      'dockyardSerializer',
      'installDockyardMatchers',
    ]);
  });

  test('dockyard/schemas: one props schema per construct, and the options of NginxProxy.addRoute/addUpstream', () => {
    expect(names(schemas)).toEqual([
      'AppPropsSchema',
      'BackupUpstreamPropsSchema',
      'CacheZonePropsSchema',
      'ConfigPropsSchema',
      'FlaskServicePropsSchema',
      'LimitZonePropsSchema',
      'LoadBalancedStackPropsSchema',
      'LocationPropsSchema',
      'NetworkPropsSchema',
      'NginxConfigPropsSchema',
      'NginxMapPropsSchema',
      'NginxProxyPropsSchema',
      'ProxyRouteOptionsSchema',
      'ProxySitePropsSchema',
      'ProxyUpstreamOptionsSchema',
      'SecretPropsSchema',
      'ServerPropsSchema',
      'ServicePropsSchema',
      'StackPropsSchema',
      'UpstreamPropsSchema',
      'VolumePropsSchema',
    ]);
    expect(Object.entries(schemas).filter(([, value]) => !isSchema(value))).toEqual([]);
  });

  test('no zod schema is exported from dockyard or dockyard/testing', () => {
    const exposed = [...Object.entries(root), ...Object.entries(testing)].filter(([, value]) =>
      isSchema(value),
    );
    expect(exposed.map(([name]) => name)).toEqual([]);
  });
});
