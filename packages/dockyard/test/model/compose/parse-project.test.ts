import { parseProject } from '../../../src/model/compose';
import { seed000 } from './seed-models';
import { printed } from './support';

describe('parseProject', () => {
  test('accepts a seed model and returns it typed', () => {
    const result = parseProject(JSON.parse(JSON.stringify(seed000())));
    expect(result.ok).toBe(true);
  });

  test('reports an unknown key and a wrong type at their model paths', () => {
    // GIVEN a misspelt key and a port given as a string
    const result = parseProject({
      name: 'demo',
      services: { web: { imagee: 'nginx', ports: [{ target: '80' }] } },
    });
    // THEN both are errors at their paths
    expect(result.ok).toBe(false);
    expect(printed(result).diagnostics.map((d) => [d.level, d.path])).toEqual(
      expect.arrayContaining([
        ['error', 'services.web'],
        ['error', 'services.web.ports[0].target'],
      ]),
    );
    expect(printed(result).diagnostics.find((d) => d.path === 'services.web')?.message).toContain('imagee');
  });

  test('refuses a restart policy Compose does not know', () => {
    const result = parseProject({ name: 'demo', services: { web: { image: 'x', restart: 'sometimes' } } });
    expect(result.diagnostics.map((d) => d.path)).toEqual([['services', 'web', 'restart']]);
  });
});
