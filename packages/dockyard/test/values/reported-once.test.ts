import { App, FlaskService, LoadBalancedStack, NginxProxy, Stack } from '../../src';
import type { LoadBalancedStackProps } from '../../src/patterns/load-balanced-stack/load-balanced-stack';
import { Testing } from '../../src/testing';
import { tempDir } from '../helpers/tmp';

/** The `[path] property: message` lines of a program's errors, or [] when it synthesizes. */
function errorsOf(stack: Stack): string[] {
  try {
    Testing.synth(stack);
    return [];
  } catch (caught) {
    return (caught as Error).message
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('['));
  }
}

const stackWith = (
  props: Omit<LoadBalancedStackProps, 'flask'> & { flask?: LoadBalancedStackProps['flask'] },
) =>
  new LoadBalancedStack(new App({ outdir: tempDir() }), 'shop', {
    ...props,
    flask: { image: 'shop:1.4', ...props.flask },
  });

// A pattern forwards props to the constructs it builds. A mistake in one of them must be reported once, on the
// pattern, at the prop the user wrote: not again (or instead) on a construct the user never made.
describe('a LoadBalancedStack reports an invalid prop once, at the prop the user wrote', () => {
  test.each<
    [string, Omit<LoadBalancedStackProps, 'flask'> & { flask?: LoadBalancedStackProps['flask'] }, string]
  >([
    [
      'a cache ttl in milliseconds (nginx caches in whole seconds)',
      { cache: { paths: ['/c'], ttl: '500ms' } },
      '[shop] cache.ttl: expected a time in seconds such as "10s", "5m" or "1h" (nginx takes no "ms" here), got "500ms"',
    ],
    [
      'a service name that is not a DNS name',
      { flask: { name: 'Bad Name' } },
      '[shop] flask.name: expected a service name of lowercase letters, digits, "_", "." and "-", got "Bad Name"',
    ],
    [
      'a network name Compose refuses as a key',
      { network: { name: 'bad name!' } },
      '[shop] network.name: expected a key matching ^[a-zA-Z0-9._-]+$, got "bad name!"',
    ],
    [
      'a subnet that is not CIDR',
      { network: { subnet: '10.0.0.0' } },
      '[shop] network.subnet: expected a subnet in CIDR form such as "192.168.100.0/24", got "10.0.0.0"',
    ],
    [
      'a target named twice (the Stack validates its own props)',
      { targets: ['compose', 'compose'] },
      '[shop] targets: expected each target once, got an array of 2',
    ],
    [
      'a proxy server name nginx refuses',
      { proxy: { serverName: ['*'] } },
      '[shop] proxy.serverName[0]: expected a host name such as "shop.example", "*.shop.example" or "shop.*", got "*"',
    ],
  ])('%s', (_scenario, props, expected) => {
    // GIVEN a stack with one invalid prop
    const stack = stackWith(props);
    // THEN synthesis reports exactly that one problem
    expect(errorsOf(stack)).toEqual([expected]);
  });
});

describe('NginxProxy and its sites report an invalid argument once, where the user gave it', () => {
  const setUp = () => {
    const stack = new Stack(new App({ outdir: tempDir() }), 'shop');
    const web = new FlaskService(stack, 'web', { image: 'shop:1.4' });
    return { stack, web, proxy: new NginxProxy(stack, 'nginx') };
  };

  test('an upstream name nginx cannot use', () => {
    // GIVEN
    const { stack, web, proxy } = setUp();
    // WHEN
    proxy.addRoute('/', proxy.addUpstream('bad name', { servers: [web] }));
    // THEN
    expect(errorsOf(stack)).toEqual([
      '[shop/nginx] addUpstream("bad name").name: expected a name of letters, digits, "_", "." and "-", got "bad name"',
    ]);
  });

  test("a site's server name nginx refuses, next to a valid one", () => {
    // GIVEN
    const { stack, web, proxy } = setUp();
    // WHEN
    const site = proxy.addSite('s', { serverName: ['*', 'shop.example'] });
    site.addRoute('/', proxy.addUpstream('app', { servers: [web] }));
    // THEN
    expect(errorsOf(stack)).toEqual([
      '[shop/nginx/s] serverName[0]: expected a host name such as "shop.example", "*.shop.example" or "shop.*", got "*"',
    ]);
  });

  test("a backend's fail timeout in milliseconds", () => {
    // GIVEN
    const { stack, web, proxy } = setUp();
    // WHEN
    proxy.addRoute('/', proxy.addUpstream('app', { servers: [{ service: web, failTimeout: '500ms' }] }));
    // THEN
    expect(errorsOf(stack)).toEqual([
      '[shop/nginx] addUpstream("app").servers[0].failTimeout: expected a time in seconds such as "10s", "5m" or "1h" (nginx takes no "ms" here), got "500ms"',
    ]);
  });
});
