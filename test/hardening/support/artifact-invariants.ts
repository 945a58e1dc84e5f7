import { parse as parseYaml } from 'yaml';
import { type Directive, parseNginx, printNginx } from '../../../packages/dockyard/src/model/nginx';

/** The security headers a proxy sends unless a program turns one off. */
export interface SecurityHeaderSettings {
  readonly contentTypeOptions: boolean;
  readonly frameOptions: string | false;
  readonly referrerPolicy: string | false;
  readonly serverTokens: boolean;
  readonly trustForwardedFor: boolean;
}

const args = (directive: Directive) => directive.args;

/**
 * What is wrong with a proxy's nginx.conf against the secure defaults, read from the parsed tree (not the
 * text): `server_tokens off`, the security headers in effect in EVERY location of the public server (nginx
 * drops inherited `add_header`s in a location that declares its own, so each such location must repeat them),
 * and the forwarded headers in every proxying location. Also: the file reads back to itself.
 */
export function nginxInvariantProblems(text: string, settings: SecurityHeaderSettings): string[] {
  const problems: string[] = [];
  const tree = parseNginx(text);
  if (printNginx(tree) !== text) problems.push('nginx.conf does not print back from its own parse');
  const http = tree.find((d) => d.name === 'http')?.block ?? [];
  const tokens = http.filter((d) => d.name === 'server_tokens').map((d) => args(d).join(' '));
  const wantedTokens = settings.serverTokens ? 'on' : 'off';
  if (tokens.join() !== wantedTokens)
    problems.push(`expected server_tokens ${wantedTokens}, got ${JSON.stringify(tokens)}`);

  const wanted: string[][] = [];
  if (settings.contentTypeOptions) wanted.push(['X-Content-Type-Options', 'nosniff', 'always']);
  if (settings.frameOptions) wanted.push(['X-Frame-Options', settings.frameOptions, 'always']);
  if (settings.referrerPolicy) wanted.push(['Referrer-Policy', settings.referrerPolicy, 'always']);
  const forwardedFor = settings.trustForwardedFor ? '$proxy_add_x_forwarded_for' : '$remote_addr';
  const forwarded = [
    ['Host', '$host'],
    ['X-Real-IP', '$remote_addr'],
    ['X-Forwarded-For', forwardedFor],
    ['X-Forwarded-Proto', '$scheme'],
  ];

  const servers = http.filter((d) => d.name === 'server' && d.block !== undefined);
  const publicServers = servers.filter((server) =>
    (server.block ?? []).some((d) => d.name === 'listen' && !(d.args[0] ?? '').startsWith('127.')),
  );
  if (publicServers.length !== 1) problems.push(`expected one public server, got ${publicServers.length}`);
  for (const server of publicServers) {
    const body = server.block ?? [];
    const serverHeaders = body.filter((d) => d.name === 'add_header').map(args);
    for (const location of body.filter((d) => d.name === 'location')) {
      const where = `location ${location.args.join(' ')}`;
      const own = (location.block ?? []).filter((d) => d.name === 'add_header').map(args);
      const effective = own.length > 0 ? own : serverHeaders;
      for (const header of wanted) {
        if (!effective.some((h) => h.join('\0') === header.join('\0'))) {
          problems.push(
            `${where}: expected add_header ${header.join(' ')} in effect, got ${JSON.stringify(effective)}`,
          );
        }
      }
      const proxies = (location.block ?? []).some((d) => d.name === 'proxy_pass');
      if (!proxies) continue;
      const sent = (location.block ?? []).filter((d) => d.name === 'proxy_set_header').map(args);
      for (const header of forwarded) {
        if (!sent.some((h) => h.join('\0') === header.join('\0'))) {
          problems.push(
            `${where}: expected proxy_set_header ${header.join(' ')}, got ${JSON.stringify(sent)}`,
          );
        }
      }
    }
  }
  return problems;
}

/** Services of a compose.yaml / stack.yaml that publish host ports, other than `allowed`. */
export function unexpectedPublishers(yamlText: string, allowed: string): string[] {
  const doc = parseYaml(yamlText) as { services?: Record<string, { ports?: unknown[] }> };
  return Object.entries(doc.services ?? {})
    .filter(([name, service]) => name !== allowed && (service.ports ?? []).length > 0)
    .map(([name]) => name);
}
