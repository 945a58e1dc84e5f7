import fc from 'fast-check';
import { FlaskService, type FlaskServiceProps, Network, Volume } from '../../src';
import { ServicePropsSchema } from '../../src/constructs/compose/service';
import { problemsOf } from '../../src/core/checks';
import { formatProblem } from '../../src/core/problems';
import { ordered } from '../helpers/ordered';
import { newStack } from '../helpers/synth';

/** Valid FlaskService props, each optional part present or not (the networks and volume are made per run). */
const validProps = fc.record(
  {
    image: fc.constantFrom('shop:1.4', 'registry.example/a/b:2'),
    build: fc.record(
      { context: fc.constantFrom('.', '../app'), dockerfile: fc.constant('Dockerfile.flask') },
      { requiredKeys: ['context'] },
    ),
    wsgi: fc.constantFrom('app:app', 'shop.wsgi:application', 'app:create_app("prod")'),
    port: fc.integer({ min: 1, max: 65535 }),
    workers: fc.integer({ min: 1, max: 64 }),
    threads: fc.integer({ min: 1, max: 256 }),
    workerClass: fc.constantFrom('sync', 'gthread', 'gevent'),
    timeout: fc.integer({ min: 1, max: 3600 }),
    gunicornConfig: fc.constant('/app/gunicorn.conf.py'),
    extraArgs: fc.array(fc.constantFrom('--preload', '--max-requests', '1000'), { maxLength: 3 }),
    environment: fc.dictionary(fc.constantFrom('A', 'DEBUG', 'FLASK_ENV'), fc.string({ maxLength: 8 })),
    replicas: fc.integer({ min: 1, max: 1000 }),
    healthcheck: fc.oneof(
      fc.constant(false as const),
      fc.record(
        {
          path: fc.constantFrom('/', '/health'),
          interval: fc.constant('5s'),
          retries: fc.integer({ min: 1 }),
        },
        { requiredKeys: [] },
      ),
    ),
    restart: fc.constantFrom('no', 'always', 'on-failure', 'unless-stopped'),
    resources: fc.record(
      {
        cpus: fc.constantFrom(0.5, 2),
        memory: fc.constant('512m'),
        reserveCpus: fc.constant(0.25),
        reserveMemory: fc.constant('256m'),
      },
      { requiredKeys: [] },
    ),
    perReplicaIdentity: fc.oneof(
      fc.constant(true as const),
      fc.record(
        { slotVariable: fc.constant('TASK'), logDir: fc.constant('/var/log/app') },
        { requiredKeys: [] },
      ),
    ),
    staticFiles: fc.record(
      { appDir: fc.constant('/app/static'), variable: fc.constant('STATIC'), volume: fc.constant('given') },
      { requiredKeys: ['appDir'] },
    ),
    networks: fc.constant('given'),
    update: fc.record(
      { parallelism: fc.integer({ min: 0, max: 5 }), order: fc.constantFrom('start-first', 'stop-first') },
      { requiredKeys: [] },
    ),
    stopDelay: fc.integer({ min: 0, max: 600 }),
  },
  { requiredKeys: ['image'] },
);

describe('FlaskService hands its Service already-parsed props', () => {
  test('from any valid props, the Service props are exactly what the Service schema would have parsed them to', () => {
    fc.assert(
      fc.property(validProps, (generated) => {
        // GIVEN
        const stack = newStack();
        const { networks, staticFiles, ...rest } = generated;
        const props = {
          ...rest,
          ...(networks ? { networks: [new Network(stack, 'net', {})] } : {}),
          ...(staticFiles
            ? {
                staticFiles: {
                  ...staticFiles,
                  volume: staticFiles.volume ? new Volume(stack, 'files', {}) : undefined,
                },
              }
            : {}),
        } as FlaskServiceProps;
        // WHEN
        const flask = new FlaskService(stack, 'web', props);
        const handed = flask.service.spec;
        const reparsed = ServicePropsSchema.safeParse(handed);
        // THEN
        expect(problemsOf(flask).filter((problem) => problem.level === 'error')).toEqual([]);
        expect(reparsed.error?.issues).toBeUndefined();
        expect(ordered(reparsed.data)).toBe(ordered(handed));
      }),
      { numRuns: 300 },
    );
  });

  test('from invalid props, the Service still parses its props and reports what it finds', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const flask = new FlaskService(stack, 'web', { build: { context: '' }, port: 0 });
    // THEN
    expect(problemsOf(flask).map(formatProblem)).toEqual([
      'build.context: expected text of length >= 1, got ""',
      'port: expected a number >= 1, got 0',
    ]);
    expect(problemsOf(flask.service).map(formatProblem)).toEqual([
      'build.context: expected text of length >= 1, got ""',
    ]);
  });
});
