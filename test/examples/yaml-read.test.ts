import { parse as parseYaml } from 'yaml';
import { readPrintedYaml } from '../../packages/dockyard/src/model/compose/yaml-reader';
import { NOT_PRINTED } from '../../packages/dockyard/src/model/compose/yaml-scalar-reader';
import { committedStacks, EXPECTED_EXAMPLES } from './support/examples';

// The testing toolkit reads compose.yaml and stack.yaml back with the reader of the printer's own output; every
// example's committed files must take that path (not the yaml library's) and read as the library reads them.
const yamlFiles = EXPECTED_EXAMPLES.flatMap((example) =>
  committedStacks(example).flatMap((stack) =>
    Object.entries(stack.files)
      .filter(([fileName]) => fileName.endsWith('.yaml'))
      .map(([fileName, { text }]): [string, string] => [`${example}/dist/${stack.name}/${fileName}`, text]),
  ),
);

describe('examples: committed YAML reads back directly', () => {
  test('every example has YAML files to read', () => {
    expect(yamlFiles.length).toBeGreaterThanOrEqual(EXPECTED_EXAMPLES.length * 2);
  });

  test.each(yamlFiles)('%s reads without the yaml library, as the library reads it', (_file, text) => {
    // WHEN
    const read = readPrintedYaml(text);
    // THEN the same values in the same key order (JSON text compares both)
    expect(read).not.toBe(NOT_PRINTED);
    expect(read).toStrictEqual(parseYaml(text));
    expect(JSON.stringify(read)).toBe(JSON.stringify(parseYaml(text)));
  });
});
