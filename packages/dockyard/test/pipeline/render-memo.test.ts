import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { App, addCheck, Config, FlaskService, NginxProxy, Service, Stack, ValidationError } from '../../src';
import { installDockyardMatchers, Template, Testing } from '../../src/testing';
import { Note } from '../fixtures/note';
import { tempDir } from '../helpers/tmp';

// Rendering is memoised per tree state (pipeline/render-memo.ts): asked again about an unchanged program,
// synthesis reuses its results; after any change it starts over. Each test renders once, changes the program
// one way, and checks that the next render sees the change.

function legacy() {
  const app = new App({ outdir: '.tmp/never-written' });
  const stack = new Stack(app, 'legacy');
  const primary = new FlaskService(stack, 'primary', { image: 'legacy/flask:1', port: 8001 });
  const spare = new FlaskService(stack, 'spare', { image: 'legacy/flask:1', port: 8002 });
  const proxy = new NginxProxy(stack, 'nginx', { publish: 80 });
  const pool = proxy.addUpstream('pool', { servers: [primary] });
  proxy.addRoute('/', pool);
  return { app, stack, primary, spare, proxy, pool };
}

/** The part of stack.yaml the config test reads. */
type Swarm = { configs: Record<string, { name: string }> };

/** The texts a program made fresh gives: what a memoised render must equal after the same changes. */
function textsOf(stack: Stack): Record<string, string> {
  return Object.fromEntries(
    Object.entries(Testing.synth(stack).files).map(([name, file]) => [name, file.text]),
  );
}

function notes() {
  const app = new App({ outdir: '.tmp/never-written' });
  const stack = new Stack(app, 'notes');
  const note = new Note(stack, 'greeting', { text: 'hello' });
  return { app, stack, note };
}

describe('memoised rendering', () => {
  test('an unchanged program is rendered once, however often a test asks', () => {
    // GIVEN
    const { stack } = notes();
    const before = Note.renders;
    // WHEN
    const first = Testing.synth(stack);
    const again = Testing.synth(stack);
    Template.fromStack(stack);
    stack.node.root.node.findAll(); // reading the tree changes nothing
    // THEN
    expect(Note.renders - before).toBe(1);
    expect(again.files['greeting.txt']?.text).toBe(first.files['greeting.txt']?.text);
    expect(again).not.toBe(first); // each call still gets its own result
  });

  test('renders each stack once, when it is first asked for', () => {
    // GIVEN
    const { app, stack } = notes();
    const other = new Stack(app, 'other');
    new Note(other, 'farewell', { text: 'bye' });
    const before = Note.renders;
    // WHEN
    Testing.synth(stack);
    Testing.synth(other);
    Testing.synth(stack);
    const all = app.synthText();
    // THEN
    expect(Note.renders - before).toBe(2);
    expect(all.stacks).toEqual({ notes: { 'greeting.txt': 'hello\n' }, other: { 'farewell.txt': 'bye\n' } });
  });

  test('a service added after a render is in the next one', () => {
    // GIVEN
    const { stack } = legacy();
    const before = Template.fromStack(stack).compose.serviceNames;
    // WHEN
    new FlaskService(stack, 'late', { image: 'legacy/flask:1', port: 8004 });
    // THEN
    expect(Template.fromStack(stack).compose.serviceNames).toEqual([...before, 'late']);
  });

  test('addUpstream, addServer and addRoute on a proxy after a render are in the next one', () => {
    // GIVEN
    const program = legacy();
    const { stack, proxy, pool, spare } = program;
    Template.fromStack(stack);
    // WHEN an upstream is added
    const extra = proxy.addUpstream('extra', { servers: [spare] });
    // THEN
    Template.fromStack(stack).nginx.hasUpstream('extra', { servers: ['spare:8002'] });
    // WHEN a server is added to an upstream already rendered (no construct is created)
    pool.addServer({ host: 'spare', port: 8002 });
    // THEN
    Template.fromStack(stack).nginx.hasUpstream('pool', { servers: ['primary:8001', 'spare:8002'] });
    // WHEN a route is added
    proxy.addRoute('/extra', extra);
    // THEN
    Template.fromStack(stack).nginx.routesTo('/extra', 'extra');
    expect(textsOf(stack)).toEqual(textsOf(sameChangesFresh()));
  });

  test('markBackup on an upstream after a render is in the next one', () => {
    // GIVEN
    const { stack, pool } = legacy();
    pool.addServer({ host: 'spare', port: 8002 });
    Template.fromStack(stack).nginx.hasUpstream('pool', { servers: ['primary:8001', 'spare:8002'] });
    // WHEN
    expect(pool.markBackup('spare', 8002)).toBe(true);
    // THEN
    expect(Template.fromStack(stack).text('nginx.conf')).toMatch(/server spare:8002 .*backup/);
  });

  test("a service's addDependency after a render is in the next one", () => {
    // GIVEN
    const app = new App({ outdir: '.tmp/never-written' });
    const stack = new Stack(app, 'plain');
    const db = new Service(stack, 'db', { image: 'postgres:16' });
    const web = new Service(stack, 'web', { image: 'web:1' });
    expect(Template.fromStack(stack).text('compose.yaml')).not.toContain('depends_on');
    // WHEN
    web.addDependency(db);
    // THEN
    Template.fromStack(stack).compose.hasService('web', { depends_on: { db: {} } });
  });

  test('node.addDependency and node.addMetadata after a render start the render over', () => {
    // GIVEN
    const { app, stack, note } = notes();
    const other = new Note(stack, 'other', { text: 'hi' });
    Testing.synth(stack);
    const before = Note.renders;
    // WHEN
    note.node.addDependency(other);
    Testing.synth(stack);
    // THEN
    expect(Note.renders - before).toBe(2);
    // WHEN
    app.node.addMetadata('owner', 'ops');
    Testing.synth(stack);
    // THEN
    expect(Note.renders - before).toBe(4);
  });

  test('a construct removed after a render is gone from the next one', () => {
    // GIVEN
    const { stack } = notes();
    new Note(stack, 'spare', { text: 'x' });
    expect(Object.keys(Testing.synth(stack).files)).toEqual(['greeting.txt', 'spare.txt']);
    // WHEN one is removed and one of another name takes its place (same number of constructs)
    stack.node.tryRemoveChild('spare');
    new Construct(stack, 'plain');
    // THEN the artifact is still registered on the stack, but the tree changed, so the render runs again
    const before = Note.renders;
    Testing.synth(stack);
    expect(Note.renders).toBeGreaterThan(before);
  });

  test("a user's node.addValidation after a render fails the next one", () => {
    // GIVEN
    const { stack, note } = notes();
    Template.fromStack(stack);
    // WHEN
    note.node.addValidation({ validate: () => ['expected a signature'] });
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(ValidationError);
    expect(() => Template.fromStack(stack)).toThrow('expected a signature');
  });

  test('a check added with addCheck after a render is in the next one', () => {
    // GIVEN
    const { stack, note } = notes();
    expect(Testing.synth(stack).diagnostics).toEqual([]);
    // WHEN
    addCheck(note, () => [{ level: 'warning', property: 'text', message: 'expected a longer greeting' }]);
    // THEN
    expect(Testing.synth(stack).diagnostics).toEqual([
      { path: 'notes/greeting', level: 'warning', property: 'text', message: 'expected a longer greeting' },
    ]);
  });

  test("a user's file a renderer reads is read again on the next render (a Swarm config named by its content)", () => {
    // GIVEN
    const baseDir = tempDir();
    fs.writeFileSync(path.join(baseDir, 'api.ini'), 'a=1\n');
    const stack = new Stack(new App({ baseDir }), 'shop');
    const settings = new Config(stack, 'settings', { file: 'api.ini' });
    new Service(stack, 'api', { image: 'api:1', configs: [{ config: settings, target: '/etc/api.ini' }] });
    const nameOf = () =>
      (Testing.synth(stack).files['stack.yaml']?.parsed as Swarm | undefined)?.configs.settings?.name;
    const before = nameOf();
    // WHEN the file changes and nothing else does
    fs.writeFileSync(path.join(baseDir, 'api.ini'), 'a=2\n');
    // THEN
    expect(nameOf()).toMatch(/^shop_settings_[0-9a-f]+$/);
    expect(nameOf()).not.toBe(before);
  });

  test("a user's file a check reads is read again on the next synthesis (a site's certificate)", () => {
    // GIVEN a site whose certificate files do not exist yet
    const baseDir = tempDir();
    const stack = new Stack(new App({ baseDir }), 'sites');
    const proxy = new NginxProxy(stack, 'nginx', { nginxVersion: '1.22', dns: 'static' });
    const shop = new FlaskService(stack, 'shop', { image: 'shop:1', port: 5000 });
    const site = proxy.addSite('shop', {
      serverName: ['shop.example'],
      tls: { certificate: 'c.pem', key: 'k.pem' },
    });
    site.addRoute('/', proxy.addUpstream('shop', { servers: [shop] }));
    expect(() => Template.fromStack(stack)).toThrow('expected a readable file');
    // WHEN they appear (not PEM)
    fs.writeFileSync(path.join(baseDir, 'c.pem'), 'not a certificate\n');
    fs.writeFileSync(path.join(baseDir, 'k.pem'), 'not a key\n');
    // THEN
    expect(() => Template.fromStack(stack)).toThrow('expected a PEM certificate');
  });

  test('the matchers see a change between two assertions on the same stack', () => {
    // GIVEN
    installDockyardMatchers();
    const { stack, proxy, spare } = legacy();
    expect(stack).not.toHaveUpstream('extra');
    // WHEN
    proxy.addUpstream('extra', { servers: [spare] });
    // THEN
    expect(stack).toHaveUpstream('extra');
  });
});

/** The program of the addUpstream/addServer/addRoute test, with the same changes made before any render. */
function sameChangesFresh(): Stack {
  const { stack, proxy, pool, spare } = legacy();
  const extra = proxy.addUpstream('extra', { servers: [spare] });
  pool.addServer({ host: 'spare', port: 8002 });
  proxy.addRoute('/extra', extra);
  return stack;
}
