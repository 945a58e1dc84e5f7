import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { perTask } from '../../packages/dockyard/src';
import { emitProgram, quote } from '../../packages/dockyard/src/import/emit';
import { Names, Ref, TaskTemplateExpr } from '../../packages/dockyard/src/import/program';
import { runProgram } from '../../packages/dockyard/src/import/run';
import { ROOT } from './support';

// The emitter writes the program as biome formats it, with strings and templates that read back exactly.

test.each([
  ['plain', "'plain'"],
  ["it's", '"it\'s"'],
  ['say "hi"', '\'say "hi"\''],
  ['both \' and "', "'both \\' and \"'"],
  ['line\nbreak\t$x', "'line\\nbreak\\t$x'"],
])('GIVEN %j WHEN quoted THEN biome would write %s, which evaluates back to it', (text, expected) => {
  expect(quote(text)).toBe(expected);
  expect(new Function(`return ${expected};`)()).toBe(text);
});

test('GIVEN service names WHEN turned into variables THEN they are camelCase identifiers without clashes', () => {
  const names = new Names();
  expect(
    ['flask-app', 'flask_app', 'nginx', 'new', '1st', 'web_network'].map((id) => names.variable(id)),
  ).toEqual(['flaskApp', 'flaskApp2', 'nginx', 'new2', 'v1st', 'webNetwork']);
  expect(names.variable('web_network', 'network')).toBe('webNetwork2');
});

test('GIVEN per-replica values with backticks, backslashes and dollar-brace WHEN emitted THEN the template literal evaluates to the same value', () => {
  // GIVEN
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text "${d}" is the point of the test
  const expr = new TaskTemplateExpr(['a`b\\c${d}.', { placeholder: 'Task.Slot' }], "it's");
  const plan = {
    header: ['a comment'],
    app: 'app',
    statements: [
      { kind: 'new' as const, variable: 'app', className: 'App' },
      { kind: 'new' as const, variable: 'shop', className: 'Stack', scope: 'app', id: 'shop' },
      {
        kind: 'new' as const,
        className: 'Service',
        scope: 'shop',
        id: 'web',
        props: {
          image: 'web:1',
          hostname: expr,
          labels: { 'com.example/team': 'shop' },
          networks: [new Ref('shop')],
        },
      },
    ],
  };
  // WHEN
  const text = emitProgram(plan);
  const literal = /hostname: (perTask`.*`\.withComposeValue\("it's"\))/.exec(text)?.[1] as string;
  // THEN
  expect(new Function('perTask', `return ${literal};`)(perTask)).toEqual(
    perTask`a\`b\\c\${d}.${'Task.Slot'}`.withComposeValue("it's"),
  );
  expect(text).toContain("labels: { 'com.example/team': 'shop' }");
  const formatted = spawnSync(
    path.join(ROOT, 'node_modules/.bin/biome'),
    ['format', '--stdin-file-path=examples/x.ts'],
    {
      input: text,
      encoding: 'utf8',
      cwd: ROOT,
    },
  );
  expect({ code: formatted.status, text: formatted.stdout }).toEqual({ code: 0, text });
  expect(() => runProgram({ ...plan, statements: plan.statements.slice(0, 2) })).not.toThrow();
});
