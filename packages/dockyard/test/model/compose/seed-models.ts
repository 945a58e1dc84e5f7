import { type ComposeProjectSpec, perTask } from '../../../src/model/compose';

/*
 * Project models equivalent to the seeds' hand-written files (test/fixtures/compose/seed-*.yaml), written the way
 * the constructs layer will produce them: exec-form commands, long-form ports and mounts, typed templates.
 */

/** Seed 000, second version: three Flask replicas with per-replica hostname, SLOT and log volume. */
export function seed000(): ComposeProjectSpec {
  return {
    name: 'loadbalancer',
    services: {
      nginx: {
        image: 'nginx:production',
        ports: [{ target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' }],
      },
      backend: {
        image: 'flask:production',
        hostname: perTask`backend.${'Task.Slot'}`,
        environment: { SLOT: perTask`${'Task.Slot'}`, ENVIRONMENT: 'production' },
        volumes: [{ type: 'volume', source: 'log', target: '/src/logs' }],
        deploy: { replicas: 3 },
        command: ['gunicorn', '-c', 'gunicorn.conf.py', '-w', '1', 'app:app', '-b', '0.0.0.0:5000'],
      },
    },
    volumes: { log: { name: perTask`log-${'Task.Slot'}` } },
  };
}

const flask = (port: number): ComposeProjectSpec['services'][string] => ({
  restart: 'always',
  build: { context: '.', dockerfile: 'Dockerfile.flask' },
  environment: { PORT: String(port) },
  expose: [port],
});

/** Seed 001: three Flask services built from one Dockerfile, nginx in front; no images (Compose builds). */
export function seed001(): ComposeProjectSpec {
  return {
    name: 'legacy',
    services: {
      flaskservice: flask(8001),
      redudantservice: flask(8003),
      gotyourback: flask(8002),
      nginx: {
        restart: 'always',
        build: { context: '.', dockerfile: 'Dockerfile.nginx' },
        ports: [{ target: 80, published: 80 }],
        depends_on: { flaskservice: {} },
      },
    },
  };
}

/** Seed 001 with the image tags a build pushes, so it can also be deployed as a stack. */
export function seed001WithImages(): ComposeProjectSpec {
  const project = seed001();
  for (const [name, service] of Object.entries(project.services))
    service.image = `registry.local/legacy-${name}:1`;
  return project;
}

const curlCheck = (url: string): NonNullable<ComposeProjectSpec['services'][string]['healthcheck']> => ({
  test: ['sh', '-c', `curl --silent --fail ${url} || exit 1`],
  interval: '10s',
  timeout: '10s',
  retries: 3,
});

/** Seed 003 (completed as in its fixture): nginx-proxy and a scalable flask-app, both health-checked. */
export function seed003(): ComposeProjectSpec {
  return {
    name: 'nginx-wsgi-flask',
    services: {
      'nginx-proxy': {
        image: 'nginx-wsgi-flask-nginx-proxy',
        build: { context: 'nginx' },
        restart: 'always',
        ports: [{ target: 80, published: 80 }],
        depends_on: { 'flask-app': {} },
        healthcheck: curlCheck('localhost:80/health-check'),
      },
      'flask-app': {
        image: 'nginx-wsgi-flask-flask-app',
        build: { context: 'flask' },
        restart: 'always',
        ports: [{ target: 8000 }],
        healthcheck: curlCheck('localhost:8000/flask-health-check'),
        command: ['gunicorn', '-w', '3', '-t', '60', '-b', '0.0.0.0:8000', 'app:app'],
        deploy: { replicas: 3 },
      },
    },
  };
}

/** Seed 004: the `docker service create` commands as a model: overlay network, shared static volume. */
export function seed004(): ComposeProjectSpec {
  return {
    name: 'web',
    services: {
      webapp: {
        image: 'kmmanoj/flask_gunicorn_app',
        deploy: { replicas: 3 },
        volumes: [{ type: 'volume', source: 'web_static', target: '/app/static' }],
        networks: { web_network: {} },
      },
      webproxy: {
        image: 'nginx',
        networks: { web_network: {} },
        volumes: [
          { type: 'volume', source: 'web_static', target: '/var/www-data' },
          { type: 'bind', source: '/path/to/nginx_conf', target: '/etc/nginx/conf.d' },
        ],
        ports: [{ target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' }],
      },
    },
    networks: {
      web_network: {
        name: 'web_network',
        driver: 'overlay',
        ipam: { config: [{ subnet: '192.168.100.0/24' }] },
      },
    },
    volumes: { web_static: { name: 'web_static' } },
  };
}
