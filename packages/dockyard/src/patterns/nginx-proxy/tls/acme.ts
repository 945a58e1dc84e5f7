import * as z from 'zod';
import { propsSchema } from '../../../core/props';
import { nginxHost } from '../../../model/values';

/** Let's Encrypt's production directory. */
const LETS_ENCRYPT_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory';
/** The certbot image the ACME service runs (pinned, like the nginx image). */
const CERTBOT_IMAGE = 'certbot/certbot:v2.11.0';

/** Where the HTTP-01 challenge files are written by certbot and served by nginx. */
export const ACME_WEBROOT = '/var/www/acme';
/** certbot's config folder (accounts, lineages); nginx reads the copies under `dockyard/`. */
export const ACME_CERTS = '/etc/letsencrypt';
/** The URL path of HTTP-01 challenges. */
export const ACME_CHALLENGE_PATH = '/.well-known/acme-challenge/';

/** The files nginx reads for an ACME site: copies certbot's deploy hook replaces atomically. */
export function acmeFiles(site: string): { certificate: string; key: string } {
  return {
    certificate: `${ACME_CERTS}/dockyard/${site}/fullchain.pem`,
    key: `${ACME_CERTS}/dockyard/${site}/privkey.pem`,
  };
}

/** Options of `NginxProxy.useAcme`. */
export interface AcmeOptions {
  /** The account's contact address (expiry warnings go there). */
  readonly email: string;
  /**
   * The ACME directory URL.
   * @default 'https://acme-v02.api.letsencrypt.org/directory' (Let's Encrypt production)
   */
  readonly server?: string;
  /**
   * The certbot image.
   * @default 'certbot/certbot:v2.11.0'
   */
  readonly image?: string;
  /**
   * Seconds between two renewal checks (certbot renews 30 days before expiry).
   * @default 43200 (12 h)
   */
  readonly renewEvery?: number;
  /**
   * Seconds between two looks of nginx at the certificate files (a reload follows a change).
   * @default 60
   */
  readonly reloadCheckEvery?: number;
}

/** The schema of {@link AcmeOptions}. */
export const AcmeOptionsSchema = propsSchema<AcmeOptions>()(() =>
  z.strictObject({
    email: z.string().regex(/^[^\s@'"$`\\]+@[^\s@'"$`\\]+$/, { error: 'expected an e-mail address' }),
    server: z
      .string()
      .regex(/^https:\/\/[^\s'"$`\\]+$/, { error: 'expected an https:// directory URL' })
      .default(LETS_ENCRYPT_DIRECTORY),
    image: z.string().min(1).default(CERTBOT_IMAGE),
    renewEvery: z.number().int().min(60).default(43_200),
    reloadCheckEvery: z.number().int().min(1).default(60),
  }),
);
export type ParsedAcmeOptions = z.output<typeof AcmeOptionsSchema>;

/** One ACME site: its construct id (the lineage name) and its host names. */
export interface AcmeSite {
  readonly name: string;
  readonly domains: readonly string[];
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
const hostNames = z.array(nginxHost.schema);

// A self-signed placeholder with python3-cryptography (in the certbot image and in Debian's certbot): nginx can
// start, and serve HTTP-01 on port 80, before the first real certificate exists.
const PLACEHOLDER_PY = [
  'import datetime, sys',
  'from cryptography import x509',
  'from cryptography.hazmat.primitives import hashes, serialization',
  'from cryptography.hazmat.primitives.asymmetric import ec',
  'from cryptography.x509.oid import NameOID',
  'key = ec.generate_private_key(ec.SECP256R1())',
  'name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dockyard placeholder " + sys.argv[2])])',
  'now = datetime.datetime.utcnow()',
  'cert = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=7)).sign(key, hashes.SHA256())',
  'open(sys.argv[1] + "/privkey.pem", "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))',
  'open(sys.argv[1] + "/fullchain.pem", "wb").write(cert.public_bytes(serialization.Encoding.PEM))',
].join('\n');

// Polls the proxy until it serves a probe file from the webroot under a site's host name: asking the CA before
// nginx is up fails the HTTP-01 challenge, and a CA counts failed validations (Let's Encrypt allows 5 an hour).
// Bounded: after the deadline certbot asks anyway, and its own retry takes over.
const READY_PY = [
  'import sys, time, urllib.request',
  'url, host, token, end = sys.argv[1], sys.argv[2], sys.argv[3], time.time() + float(sys.argv[4])',
  'while time.time() < end:',
  '    try:',
  '        request = urllib.request.Request(url, headers={"Host": host})',
  '        if urllib.request.urlopen(request, timeout=2).read().decode().strip() == token: sys.exit(0)',
  '    except Exception:',
  '        pass',
  '    time.sleep(1)',
  'sys.exit(1)',
].join('\n');

/** How long the certbot service waits for nginx to serve the challenge path before it asks the CA anyway. */
const READY_WITHIN_SECONDS = 120;

/** Where the certbot service reaches the proxy's plain-HTTP listener (its service name and listen port). */
export interface AcmeProxyEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * The certbot service's script (`sh -c`): a placeholder per site where no certificate exists yet, a bounded wait
 * until nginx serves the webroot (through the proxy's service name, under each site's first host name), then forever
 * `certbot certonly --webroot --keep-until-expiring` per site (a first issue, or a renewal when due, or
 * nothing), whose deploy hook copies the new files over the ones nginx reads (write, then rename: nginx never
 * reads half a file). A failure (nginx not up yet, a DNS record not there yet) is retried a minute later.
 * `DOCKYARD_ACME_SERVER` and `DOCKYARD_ACME_ARGS` in the environment override the directory and add arguments
 * (a test CA's, `--no-verify-ssl`).
 */
export function certbotScript(
  options: ParsedAcmeOptions,
  sites: readonly AcmeSite[],
  proxy: AcmeProxyEndpoint,
): string {
  hostNames.parse(sites.flatMap((site) => site.domains));
  const hook = [
    'd=/etc/letsencrypt/dockyard/$(basename "$RENEWED_LINEAGE")',
    'cp -L "$RENEWED_LINEAGE/privkey.pem" "$d/.privkey.pem"',
    'cp -L "$RENEWED_LINEAGE/fullchain.pem" "$d/.fullchain.pem"',
    'mv "$d/.privkey.pem" "$d/privkey.pem"',
    'mv "$d/.fullchain.pem" "$d/fullchain.pem"',
  ].join(' && ');
  // certbot wants a hook's first word to be a program on PATH, so the hook is a script in the certificates volume.
  const hookFile = `${ACME_CERTS}/dockyard/deploy-hook`;
  const lines = [
    'set -u',
    `mkdir -p ${ACME_CERTS}/dockyard && printf '%s\\n' '#!/bin/sh' ${quote(`set -e; ${hook}`)} > ${hookFile} && chmod 0755 ${hookFile}`,
    `server="\${DOCKYARD_ACME_SERVER:-${options.server}}"`,
    `placeholder=${quote(PLACEHOLDER_PY)}`,
  ];
  for (const site of sites) {
    const dir = `${ACME_CERTS}/dockyard/${site.name}`;
    lines.push(
      `mkdir -p ${dir} && { [ -s ${dir}/fullchain.pem ] || python3 -c "$placeholder" ${dir} ${site.name}; }`,
    );
  }
  const probe = `${ACME_WEBROOT}/.well-known/acme-challenge/dockyard-ready`;
  lines.push(
    `ready=${quote(READY_PY)}`,
    `mkdir -p ${ACME_WEBROOT}/.well-known/acme-challenge && token="dockyard-$$-$(date +%s)" && echo "$token" > ${probe}`,
  );
  for (const site of sites) {
    const host = site.domains[0];
    if (host === undefined) continue;
    const url = `http://${proxy.host}:${proxy.port}/.well-known/acme-challenge/dockyard-ready`;
    lines.push(
      `python3 -c "$ready" ${url} ${host} "$token" ${READY_WITHIN_SECONDS} || echo "dockyard: ${proxy.host} did not serve the challenge path for ${host} within ${READY_WITHIN_SECONDS} s; asking the CA anyway"`,
    );
  }
  lines.push(`rm -f ${probe}`);
  lines.push('while :; do', `  pause=${options.renewEvery}`);
  for (const site of sites) {
    const domains = site.domains.map((domain) => `-d ${domain}`).join(' ');
    lines.push(
      `  certbot certonly --non-interactive --agree-tos --email ${quote(options.email)} --server "$server" \${DOCKYARD_ACME_ARGS:-} --webroot -w ${ACME_WEBROOT} --cert-name ${site.name} ${domains} --keep-until-expiring --deploy-hook ${hookFile} || pause=60`,
    );
  }
  lines.push('  sleep "$pause" & wait $!', 'done');
  return lines.join('\n');
}

/**
 * The nginx service's script (`sh -c`): wait until every certificate file exists (certbot's placeholder comes
 * first, within seconds), start nginx, and reload it whenever a certificate file changes. It needs no Docker
 * socket, so it works the same in Compose and in Swarm; a reload keeps serving open connections.
 */
export function nginxAcmeScript(options: ParsedAcmeOptions, sites: readonly AcmeSite[]): string {
  const files = sites.map((site) => acmeFiles(site.name).certificate).join(' ');
  return [
    'set -u',
    `for f in ${files}; do`,
    '  until [ -s "$f" ]; do echo "dockyard: waiting for $f (the certbot service writes it)"; sleep 1; done',
    'done',
    // A new file (the hook renames it into place) has a new inode: busybox's and coreutils' stat both show it.
    `stamp() { stat -L -c %i:%Y:%s ${files} 2>/dev/null; }`,
    '(last=$(stamp); while :; do',
    `  sleep ${options.reloadCheckEvery}`,
    '  now=$(stamp); if [ "$now" != "$last" ]; then last=$now; nginx -s reload; fi',
    'done) &',
    "exec nginx -g 'daemon off;'",
  ].join('\n');
}
