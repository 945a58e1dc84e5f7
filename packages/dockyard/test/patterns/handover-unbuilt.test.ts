import * as path from 'node:path';
import { loadExample } from '../../../../test/examples/support/load-example';
import { ServicePropsSchema } from '../../src/constructs/compose/service';
import { LocationPropsSchema } from '../../src/constructs/nginx/location';
import { ServerPropsSchema } from '../../src/constructs/nginx/server';
import { UpstreamPropsSchema } from '../../src/constructs/nginx/upstream';
import { isBuilt } from '../../src/core/lazy-schema';
import { Template } from '../../src/testing';

// A test file has a module registry of its own, so no schema was built before this file's first line.
describe('L1 props handed over by patterns', () => {
  const schemas = {
    Server: ServerPropsSchema,
    Location: LocationPropsSchema,
    Upstream: UpstreamPropsSchema,
    Service: ServicePropsSchema,
  };
  const built = () =>
    Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, isBuilt(schema)]));
  const none = { Server: false, Location: false, Upstream: false, Service: false };

  test('no schema of them is built to build and synthesize the flagship', () => {
    expect(built()).toEqual(none);
    const flagship = loadExample(path.join(__dirname, '../../../../examples/flagship'));
    for (const name of ['shop', 'legacy']) {
      expect(Template.fromStack(flagship.stack(name)).compose.serviceNames.length).toBeGreaterThan(2);
    }
    expect(built()).toEqual(none);
  });
});
