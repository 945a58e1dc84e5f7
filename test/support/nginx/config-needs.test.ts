import { discoverNeeds } from './config-needs';
import { nginxMounts } from './nginx-mounts';
import { parseDirectives } from './parse-directives';

const CONFIG = `user nginx nginx;
pid /var/run/nginx.pid;
error_log /var/log/nginx/error.log warn;
events {}
http {
    proxy_cache_path /var/cache/nginx/flask levels=1:2 keys_zone=c:10m;
    client_body_temp_path /var/tmp/body;
    upstream pool {
        server flaskservice:8001;
        server gotyourback:8002 backup;
        server 10.1.2.3:80;
        server unix:/run/app.sock;
    }
    server {
        listen 8080;
        access_log logs/access.log;
        root /www/html/;
        location / { proxy_pass http://pool; }
        location /api { proxy_pass http://webapp:8000/api/; }
        location /dyn { set $b flaskapp; proxy_pass http://$b:5090; }
        location /static { alias /var/www-data; }
    }
    server { server_name other; }
}
`;

describe('discoverNeeds', () => {
  test('finds the hosts, paths and users a config needs', () => {
    // WHEN
    const needs = discoverNeeds(CONFIG);
    // THEN variables, IP literals, unix sockets and upstream names are not host names
    expect(needs).toEqual({
      hosts: ['flaskservice', 'gotyourback', 'webapp'],
      contentDirs: ['/var/www-data', '/www/html'],
      writableDirs: ['/var/cache/nginx/flask', '/var/tmp/body'],
      writtenFiles: ['/usr/share/nginx/logs/access.log', '/var/log/nginx/error.log', '/var/run/nginx.pid'],
      users: ['nginx'],
      listens: ['*:80', '*:8080'],
      setsDaemon: false,
    });
  });

  test('still reads a config nginx will reject', () => {
    // GIVEN a missing semicolon and an unclosed block
    const needs = discoverNeeds('http { upstream u { server a:1 } server { location / { proxy_pass http://b');
    // THEN
    expect(needs.hosts).toEqual(['a', 'b']);
  });
});

describe('parseDirectives', () => {
  // nginx's own `${var}` syntax is the point here, not a forgotten template literal.
  const hostVar = ['$', '{host}'].join('');

  test('undoes quotes and escapes, skips comments, keeps a braced variable in a word', () => {
    // WHEN
    const tree = parseDirectives(`# c\nadd_header "X-A" 'a b;c' ; set $x ${hostVar}\\;y; # tail\nhttp { }`);
    // THEN
    expect(tree).toEqual([
      { name: 'add_header', args: ['X-A', 'a b;c'] },
      { name: 'set', args: ['$x', `${hostVar};y`] },
      { name: 'http', args: [], block: [] },
    ]);
  });
});

describe('nginxMounts', () => {
  test('keeps what nginx writes private and makes missing content dirs', () => {
    // WHEN
    const mounts = nginxMounts(discoverNeeds(CONFIG), [{ target: '/var/www-data', volume: 'static' }]);
    // THEN
    expect(mounts).toEqual([
      { target: '/var/www-data', volume: 'static' },
      { target: '/etc/nginx/modules-enabled' },
      { target: '/usr/share/nginx/logs' },
      { target: '/var/cache/nginx' },
      { target: '/var/cache/nginx/flask' },
      { target: '/var/lib/nginx' },
      { target: '/var/log/nginx' },
      { target: '/var/tmp/body' },
      { target: '/www/html' },
      { kind: 'shadow', target: '/run', hide: ['nginx.pid'] },
    ]);
  });
});
