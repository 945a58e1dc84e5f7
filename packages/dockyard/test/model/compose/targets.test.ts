import {
  type ComposeProjectSpec,
  perTask,
  renderCompose,
  renderSwarm,
  type Target,
  targetDifferencesMarkdown,
  targetRules,
} from '../../../src/model/compose';

// One model that uses every key the targets disagree on.
const everything: ComposeProjectSpec = {
  name: 'all',
  services: {
    built: { build: { context: '.' } },
    web: {
      image: 'nginx',
      build: { context: '.' },
      container_name: 'web',
      hostname: perTask`web.${'Task.Slot'}`,
      restart: 'unless-stopped',
      ports: [{ target: 80, published: 80, host_ip: '127.0.0.1', mode: 'host' }],
      volumes: [{ type: 'bind', source: './html', target: '/html' }],
      depends_on: { built: {} },
      deploy: { mode: 'global', placement: { constraints: ['node.role == manager'] } },
    },
    worker: { image: 'w', restart: 'always', deploy: { restart_policy: { condition: 'none' } } },
  },
  networks: { a: { driver: 'overlay', attachable: true }, b: { driver: 'bridge' } },
  configs: { inline: { content: 'x' }, file: { file: './unknown.conf' } },
  secrets: { env: { environment: 'TOKEN' } },
};

describe('targetRules', () => {
  test.each<Target>(['compose', 'swarm'])(
    'every %s note in the table is what the renderer reports',
    (target) => {
      // GIVEN a model that touches every difference
      const { diagnostics } = target === 'compose' ? renderCompose(everything) : renderSwarm(everything);
      const reported = new Set(diagnostics.map((d) => `${d.level}: ${d.message}`));
      // THEN each note the table declares for the target shows up, and nothing the table does not declare
      const declared = Object.values(targetRules).flatMap((rule) => {
        const note =
          'notes' in rule
            ? (rule.notes as Partial<Record<Target, { level: string; message: string }>>)[target]
            : undefined;
        return note === undefined ? [] : [`${note.level}: ${note.message}`];
      });
      expect([...reported].sort()).toEqual([...new Set(declared)].sort());
    },
  );

  test('the Markdown table has a header and one row per rule, with pipes escaped', () => {
    const markdown = targetDifferencesMarkdown();
    const lines = markdown.trimEnd().split('\n');
    expect(lines[0]).toBe('| key | Compose | Swarm | Dockyard |');
    expect(lines).toHaveLength(2 + Object.keys(targetRules).length);
    for (const line of lines.slice(2)) expect(line.replaceAll('\\|', '').split('|')).toHaveLength(6);
    expect(markdown).toContain('| `services.*.build` |');
    expect(markdown.endsWith('\n')).toBe(true);
  });
});
