import * as path from 'node:path';
import { ComposeProject } from '../../packages/dockyard/src/constructs/compose/compose-project';
import { touchTree } from '../../packages/dockyard/src/core/tree-version';
import { synthText } from '../../packages/dockyard/src/pipeline/synth-text';
import { committedStacks, EXAMPLES_ROOT, EXPECTED_EXAMPLES } from './support/examples';
import { loadExample } from './support/load-example';

// A stack's Compose model is built once per synthesis (core/synthesis-pass.ts) and shared by its check and its
// two renders (compose.yaml, stack.yaml), which must therefore only read it. Frozen, any write to it throws
// (the library's modules are strict), so each example rendering its committed files from frozen models shows
// that none of them writes.

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

describe('examples: one Compose model per stack and synthesis, only read', () => {
  test.each(EXPECTED_EXAMPLES)('%s: frozen models render every committed file, each built once', (name) => {
    // GIVEN the example's program, and every model it builds from now on frozen
    const example = loadExample(path.join(EXAMPLES_ROOT, name));
    const toModel = ComposeProject.prototype.toModel;
    const builtBy: ComposeProject[] = [];
    const spy = jest.spyOn(ComposeProject.prototype, 'toModel').mockImplementation(function (
      this: ComposeProject,
    ) {
      builtBy.push(this);
      return deepFreeze(toModel.call(this));
    });
    try {
      // WHEN each app is synthesized again (touched, so the render memo starts over)
      const texts = new Map<string, string>();
      for (const app of example.apps) {
        touchTree(app);
        for (const file of synthText(app).artifacts) texts.set(`${file.stack}/${file.fileName}`, file.text);
      }
      // THEN every committed file comes out as committed
      const committed = committedStacks(name).flatMap((stack) =>
        Object.entries(stack.files).map(([file, { text }]): [string, string] => [
          `${stack.name}/${file}`,
          text,
        ]),
      );
      expect(committed.length).toBeGreaterThan(0);
      for (const [file, text] of committed) expect([file, texts.get(file)]).toEqual([file, text]);
      // AND each project built its model once for its check and both renders
      expect(builtBy.length).toBeGreaterThan(0);
      expect(new Set(builtBy).size).toBe(builtBy.length);
    } finally {
      spy.mockRestore();
    }
  });
});
