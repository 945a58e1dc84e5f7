// Every ```ts block of docs/testing.md, as real tests. The last test checks that each block appears here
// verbatim (up to indentation), so the guide cannot drift from code that compiles and passes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, FlaskService, Stack } from '../../src';
import {
  Annotations,
  Capture,
  dockyardSerializer,
  installDockyardMatchers,
  Match,
  Template,
} from '../../src/testing';
import { shopStack } from './fixtures';

installDockyardMatchers();

const GUIDE = path.resolve(__dirname, '../../../../docs/testing.md');

describe('docs/testing.md', () => {
  test('quick start', () => {
    const app = new App();
    const stack = new Stack(app, 'shop');
    new FlaskService(stack, 'web', { image: 'shop:1.4', port: 5000, replicas: 3 });

    const template = Template.fromStack(stack);
    template.compose.hasService('web', {
      image: 'shop:1.4',
      expose: [5000],
      deploy: { replicas: 3 },
    });
  });

  test('compose and swarm views', () => {
    const stack = shopStack();

    const template = Template.fromStack(stack);
    template.compose.hasService('web', { image: 'shop:1.4', deploy: { replicas: 3 } });
    template.compose.serviceCountIs(2);
    template.compose.hasNetwork('back', { internal: true });
    template.compose.hasVolume('static');
    template.swarm.hasService('web', { deploy: { restart_policy: { condition: 'any' } } });

    const published = template.compose.findServices({ ports: Match.anyValue() });
    expect(Object.keys(published)).toEqual(['nginx']);
  });

  test('matchers', () => {
    const stack = shopStack();

    const template = Template.fromStack(stack);
    template.compose.hasService('nginx', {
      image: Match.stringLikeRegexp('^nginx:'),
      ports: [Match.objectLike({ published: 8080 })],
      networks: Match.arrayWith(['back']),
      build: Match.absent(),
    });
    template.compose.hasService('web', { image: Match.not(Match.stringLikeRegexp(':latest$')) });
    template.compose.hasNetwork('front', Match.objectEquals({}));
  });

  test('captures', () => {
    const stack = shopStack();

    const template = Template.fromStack(stack);
    const image = new Capture();
    template.compose.findServices({ image });
    expect(image.asString()).toBe('nginx:1.27-alpine');
    expect(image.next()).toBe(true);
    expect(image.asString()).toBe('shop:1.4');
  });

  test('nginx view', () => {
    const stack = shopStack();

    const nginx = Template.fromStack(stack).nginx;
    nginx.hasUpstream('web', {
      servers: ['web-1:5000', { address: 'web-2:5000', weight: 2 }, { address: 'spare:5000', backup: true }],
      method: 'least_conn',
    });
    nginx.routesTo('/', 'web');
    nginx.hasLocation('/', { proxy_pass: 'http://web', proxy_set_header: 'Host $host' });
    nginx.hasLocation('/static', { alias: '/app/static/', proxy_pass: Match.absent() });
    nginx.hasLocation('/', Match.arrayWith([{ name: 'proxy_pass', args: ['http://web'] }]));

    expect(nginx.upstream('web').method).toBe('least_conn');
    expect(nginx.upstream('web').servers[1]).toEqual({ address: 'web-2:5000', weight: 2 });
    expect(nginx.directives('server_tokens')).toEqual([{ name: 'server_tokens', args: ['off'] }]);
  });

  test('failure messages', () => {
    const stack = shopStack();

    const template = Template.fromStack(stack);
    expect(() => template.compose.hasService('web', { deploy: { replicas: 2 } })).toThrow(
      'services.web.deploy.replicas: expected 2, got 3',
    );
    expect(() => template.compose.hasService('wbe')).toThrow(
      'no service "wbe"; did you mean "web"? (services: nginx, web)',
    );
    expect(() => template.nginx.routesTo('/static', 'web')).toThrow('it has no *_pass directive');
  });

  test('annotations', () => {
    const app = new App();
    const stack = new Stack(app, 'shop');
    new FlaskService(stack, 'web', { image: 'shop:1.4', replicas: 0 });

    const annotations = Annotations.fromStack(stack);
    annotations.hasError('shop/web', 'replicas: expected a number >= 1, got 0');
    annotations.hasError('*', Match.stringLikeRegexp('got 0$'));
    expect(annotations.findErrors('shop/web')).toHaveLength(1);
  });

  test('jest matchers', () => {
    const stack = shopStack();

    expect(stack).toHaveService('web', { deploy: { replicas: 3 } });
    expect(stack).toHaveUpstream('web', { method: 'least_conn' });
    expect(stack).toHaveLocation('/static', { alias: '/app/static/' });
    expect(stack).toRouteTo('/', 'web');
    expect(stack).not.toRouteTo('/', 'api');
  });

  test('jest matchers on an invalid program', () => {
    const stack = new Stack(new App(), 'shop');
    new FlaskService(stack, 'web', { image: 'shop:1.4', replicas: 0 });

    expect(stack).toHaveError('shop/web', 'replicas');
  });

  test('snapshots', () => {
    const stack = shopStack();

    expect(stack).toMatchSnapshot();
  });

  test('every ts block of the guide appears verbatim in this file, and every text block in the snapshot', () => {
    // GIVEN
    const guide = fs.readFileSync(GUIDE, 'utf8');
    const self = fs.readFileSync(__filename, 'utf8').split('\n');
    const snapshot = dockyardSerializer.serialize(shopStack(), {}, '');
    // WHEN
    const tsBlocks = fencedBlocks(guide, 'ts');
    const textBlocks = fencedBlocks(guide, 'text');
    // THEN
    expect(tsBlocks.length).toBeGreaterThanOrEqual(9);
    expect(tsBlocks.filter((block) => !containsBlock(self, block))).toEqual([]);
    expect(textBlocks.length).toBeGreaterThanOrEqual(1);
    expect(textBlocks.filter((block) => !snapshot.includes(block.join('\n')))).toEqual([]);
  });
});

/** The lines of every fenced block with this info string. */
function fencedBlocks(markdown: string, language: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (current === undefined && line === `\`\`\`${language}`) current = [];
    else if (current !== undefined && line === '```') {
      blocks.push(current);
      current = undefined;
    } else current?.push(line);
  }
  return blocks;
}

/** True when `block` occurs as consecutive lines of `file`, all shifted by the same indentation. */
function containsBlock(file: readonly string[], block: readonly string[]): boolean {
  const first = block[0] ?? '';
  return file.some((line, start) => {
    if (!line.endsWith(first) || line.slice(0, line.length - first.length).trim() !== '') return false;
    const shift = line.slice(0, line.length - first.length);
    return block.every(
      (expected, offset) => file[start + offset] === (expected === '' ? '' : shift + expected),
    );
  });
}
