import { Construct } from 'constructs';
import { App, type ArtifactKind, addCheck, type Problem, Stack } from '../../src';

/** A construct that contributes one hand-written artifact, for tests that need exact file contents. */
export class HandWritten extends Construct {
  constructor(scope: Stack, fileName: string, kind: ArtifactKind, text: string) {
    super(scope, fileName);
    scope.addArtifact({ fileName, kind, owner: this, render: () => text });
  }
}

/** A construct that reports the given problems at synth, for Annotations tests. */
export class Flawed extends Construct {
  constructor(scope: Construct, id: string, problems: readonly Problem[]) {
    super(scope, id);
    addCheck(this, () => problems);
  }
}

/** A stack holding exactly these files (`kind` from the name: compose.yaml, stack.yaml, nginx.conf). */
export function stackWith(files: Readonly<Record<string, string>>, name = 'shop'): Stack {
  const stack = new Stack(new App({ outdir: '.tmp/never-written' }), name);
  for (const [fileName, text] of Object.entries(files))
    new HandWritten(stack, fileName, kindOf(fileName), text);
  return stack;
}

function kindOf(fileName: string): ArtifactKind {
  if (fileName === 'compose.yaml') return 'compose';
  if (fileName === 'stack.yaml') return 'swarm';
  if (fileName.endsWith('.conf')) return 'nginx';
  return 'text';
}

/** The shop of the design notes, as the library writes it: three Flask replicas behind nginx. */
export const SHOP_COMPOSE = `name: shop
services:
  nginx:
    image: nginx:1.27-alpine
    ports:
      - target: 80
        published: 8080
        protocol: tcp
    networks:
      - front
      - back
    depends_on:
      web:
        condition: service_healthy
  web:
    image: shop:1.4
    command: [gunicorn, --bind, "0.0.0.0:5000", --workers, "2", "app:app"]
    environment:
      FLASK_ENV: production
      HOME_DIR: $$HOME
    expose:
      - 5000
    networks:
      - back
    deploy:
      replicas: 3
networks:
  front: {}
  back:
    internal: true
volumes:
  static:
`;

export const SHOP_STACK = `version: "3.13"
services:
  nginx:
    image: nginx:1.27-alpine
    ports:
      - target: 80
        published: 8080
        mode: ingress
  web:
    image: shop:1.4
    deploy:
      replicas: 3
      restart_policy:
        condition: any
`;

export const SHOP_NGINX = `events {
    worker_connections 1024;
}

http {
    server_tokens off;

    upstream web {
        least_conn;
        server web-1:5000 max_fails=3 fail_timeout=10s;
        server web-2:5000 weight=2;
        server spare:5000 backup;
    }

    upstream api {
        server api:8000;
    }

    server {
        listen 80;

        location / {
            proxy_pass http://web;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
        }

        location /api/ {
            proxy_pass http://api/;
        }

        location /static {
            alias /app/static/;
            expires 1h;
        }

        location /legacy {
            proxy_pass http://legacy:9000;
        }

        location = /50x.html {
            root /usr/share/nginx/html;
        }
    }
}
`;

/** The shop stack with all three artifacts. */
export function shopStack(): Stack {
  return stackWith({ 'compose.yaml': SHOP_COMPOSE, 'stack.yaml': SHOP_STACK, 'nginx.conf': SHOP_NGINX });
}

/**
 * Runs `assertion` and returns the message of the error it throws; fails the test when it does not throw
 * or throws something other than an AssertionError.
 */
export function failureOf(assertion: () => unknown): string {
  try {
    assertion();
  } catch (error) {
    if (error instanceof Error && error.name === 'AssertionError') return error.message;
    throw error;
  }
  throw new Error('expected the assertion to fail, but it passed');
}
