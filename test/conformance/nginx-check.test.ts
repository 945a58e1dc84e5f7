import { existsSync, readFileSync, statSync } from 'node:fs';
import { debianNginx, unstableNginx } from '../support/nginx/nginx-binary';
import { checkNginxConfig, nginxVersion } from '../support/nginx/nginx-check';

// The seeds' nginx configs, as the tutorials print them, wrapped in the least nginx.conf needs.
const wrap = (http: string) => `events {}\nhttp {\n${http}}\n`;

const SEED_000 = `upstream loadbalancer {
    server backend:5000;
}

server {
    server_tokens off;
    client_max_body_size 20M;
    location / {
        proxy_pass http://loadbalancer;
    }
}
`;

const SEED_001 = `upstream flaskappproxy {
    server flaskservice:8001;
    server gotyourback:8002 backup;
    server redudantservice:8003;
}

server {
    listen       80;
    server_name  localhost;
    root   /www/html/;


    location / {
        proxy_pass http://flaskappproxy;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header Host $host;
        proxy_redirect off;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

const SEED_002_STATIC = `server {
    listen 80;
    server_name localhost;

    location / {
        proxy_pass http://flaskapp:5090;
    }
}
`;

// The seed's workaround, with the semicolon its snippet forgot after `set`.
const SEED_002_RESOLVER = `server {
    listen 80;
    server_name localhost;
    resolver 127.0.0.11;
    set $backends flaskapp;
    location / {
        proxy_pass http://$backends:5090;
    }
}
`;

// Seed 003 names /cache-me as cached by the proxy without printing its config; this is the usual form.
const SEED_003 = `proxy_cache_path /var/cache/nginx levels=1:2 keys_zone=flask_cache:10m max_size=100m inactive=60m;

server {
    listen 80;
    location / {
        proxy_pass http://flask-app:8000;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }
    location /cache-me {
        proxy_pass http://flask-app:8000;
        proxy_cache flask_cache;
        proxy_cache_valid 200 10m;
        add_header X-Cache-Status $upstream_cache_status;
    }
}
`;

const SEED_004 = `server {
    listen  80;
    server_name localhost;

    location / {
        proxy_pass http://webapp:8000/;
    }

    location /static {
        alias /var/www-data;
    }
}
`;

// The official image's nginx.conf shape: a user Debian's host does not have, its pid and log paths.
const OFFICIAL_IMAGE_MAIN = `user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;

events {
    worker_connections  1024;
}

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;
    access_log  /var/log/nginx/access.log;
    sendfile        on;
    keepalive_timeout  65;
    include /etc/nginx/conf.d/*.conf;
${SEED_004}}
`;

describe('checkNginxConfig', () => {
  const durations: number[] = [];
  const timed = async (text: string, opts?: Parameters<typeof checkNginxConfig>[1]) => {
    const started = Date.now();
    const result = await checkNginxConfig(text, opts);
    durations.push(Date.now() - started);
    return result;
  };
  const hostLog = '/var/log/nginx/error.log';
  const hostLogBefore = existsSync(hostLog) ? statSync(hostLog).size : undefined;
  const hostHad = ['/www', '/var/cache/nginx', '/var/www-data', '/run/nginx.pid'].map((p) => [
    p,
    existsSync(p),
  ]);

  test.each([
    ['000 upstream of replicas', SEED_000],
    ['001 backup server, root in a missing dir', SEED_001],
    ['002 static proxy_pass', SEED_002_STATIC],
    ['002 resolver and variable', SEED_002_RESOLVER],
    ['003 proxy cache', SEED_003],
    ['004 static alias', SEED_004],
  ])('passes seed %s', async (_name, http) => {
    // WHEN
    const result = await timed(wrap(http));
    // THEN
    expect(result.output).toContain('test is successful');
    expect(result.warnings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test('passes the official image layout: user nginx, /var/run pid, /var/log/nginx logs', async () => {
    // WHEN
    const result = await timed(OFFICIAL_IMAGE_MAIN);
    // THEN
    expect(result.output).toContain('test is successful');
    expect(result.ok).toBe(true);
  });

  test('fails a typo: the semicolon seed 002 forgot', async () => {
    // GIVEN the seed's snippet as printed
    const text = wrap(
      'server {\n    resolver 127.0.0.11;\n    set $backends flaskapp\n    location / {\n    }\n}\n',
    );
    // WHEN
    const result = await timed(text);
    // THEN
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/\[emerg\] .*directive "set" is not terminated by ";"/);
  });

  test('fails an unknown directive, at the line of the bytes given', async () => {
    // GIVEN a misspelt directive on line 5 of the text (line numbers prove the text was not edited)
    const text = wrap(
      `proxy_cache_path /var/cache/nginx keys_zone=c:1m;\nserver {\n  proxy_cache_vaild 200 10m;\n}\n`,
    );
    // WHEN
    const result = await timed(text);
    // THEN
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(
      /\[emerg\] .*unknown directive "proxy_cache_vaild" in \/etc\/nginx\/nginx\.conf:5$/m,
    );
  });

  test.each([
    ['Debian', debianNginx],
    ['unstable', unstableNginx],
  ])(
    "loads no dynamic module of the machine (%s's nginx): a module's directive stays unknown",
    async (_name, nginx) => {
      // GIVEN Debian's own way of loading the installed modules, and a directive of one of them
      const text = `include /etc/nginx/modules-enabled/*.conf;\nevents {}\nhttp {\nserver {\n  location / { image_filter size; }\n}\n}\n`;
      // WHEN
      const result = await timed(text, { nginx: nginx() });
      // THEN
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(/\[emerg\] .*unknown directive "image_filter"/);
    },
  );

  test("judges a config that needs nginx >= 1.27.3 with unstable's nginx, on the exact bytes", async () => {
    // GIVEN a re-resolved upstream server (1.27.3), with a typo on line 4 that only a real nginx reports
    const text = wrap(
      'resolver 127.0.0.11;\nupstream app { zone app 64k; server flaskservice:8001 resolve; }\nserver { location / { proxy_pass http://app; proxy_bufering off; } }\n',
    );
    // WHEN
    const result = await timed(text);
    // THEN
    expect(result.version).toBe(unstableNginx().version);
    expect(result.version).not.toBe(debianNginx().version);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(
      /\[emerg\] .*unknown directive "proxy_bufering" in \/etc\/nginx\/nginx\.conf:5$/m,
    );
  });

  test('fails an upstream host that does not resolve', async () => {
    // WHEN only two of seed 001's three services exist
    const result = await timed(wrap(SEED_001), { hosts: ['flaskservice', 'redudantservice'] });
    // THEN
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/\[emerg\] .*host not found in upstream "gotyourback:8002"/);
  });

  test('fails a config that only warns: a server_name conflict', async () => {
    // GIVEN two servers claiming localhost on the same port: nginx starts, but ignores one
    const text = wrap(
      'server { listen 80; server_name localhost; }\nserver { listen 80; server_name localhost; }\n',
    );
    // WHEN
    const result = await timed(text);
    // THEN
    expect(result.output).toContain('test is successful');
    expect(result.ok).toBe(false);
    expect(result.warnings).toEqual([
      expect.stringMatching(/\[warn\] .*conflicting server name "localhost" on 0\.0\.0\.0:80, ignored$/),
    ]);
  });

  test('leaves the host untouched and takes well under a few seconds per check', () => {
    // THEN nothing nginx wrote (pid, logs, cache dirs, missing roots) appeared on the host
    for (const [p, had] of hostHad) expect([p, existsSync(p as string)]).toEqual([p, had]);
    if (hostLogBefore !== undefined) expect(statSync(hostLog).size).toBe(hostLogBefore);
    expect(readFileSync('/etc/hosts', 'utf8')).not.toMatch(/flaskservice|gotyourback/);
    expect(durations.length).toBeGreaterThanOrEqual(14);
    expect(Math.max(...durations)).toBeLessThan(5000);
  });
});

describe('nginxVersion', () => {
  test('reports the version of the nginx binary', async () => {
    // WHEN
    const version = await nginxVersion();
    // THEN
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
