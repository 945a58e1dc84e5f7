import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultGraphDir, graphFilesOf } from '../../packages/dockyard/src/graph/draw';
import { loadExample } from '../../test/examples/support/load-example';

// The README shows graph/shop.svg and graph/legacy.svg: they must be what `dockyard graph` draws from infra.ts
// today. After changing the program, redraw them with `npx dockyard graph examples/flagship/infra.ts`.

describe('flagship: the committed pictures', () => {
  test('graph/ holds exactly the files dockyard graph draws from infra.ts, byte for byte', async () => {
    // GIVEN
    const [app] = loadExample(__dirname).apps;
    if (!app) throw new Error('infra.ts created no App');
    const dir = defaultGraphDir(app);
    // WHEN
    const drawn = await graphFilesOf(app, dir);
    // THEN
    expect(fs.readdirSync(dir).sort()).toEqual(drawn.map((file) => path.relative(dir, file.path)).sort());
    expect(drawn.map((file) => path.relative(dir, file.path))).toEqual([
      'shop.mmd',
      'shop.svg',
      'legacy.mmd',
      'legacy.svg',
    ]);
    for (const file of drawn)
      expect({ path: file.path, text: fs.readFileSync(file.path, 'utf8') }).toEqual(file);
  });
});
