import { textRule } from './rule';

/** Compose project names (compose-go's rule); also stack names, which become project names. */
export const projectName = textRule(
  /^[a-z0-9][a-z0-9_-]*$/,
  'a project name matching ^[a-z0-9][a-z0-9_-]*$ (lowercase)',
);

/**
 * Service names Compose accepts: a letter or digit, then letters, digits, `_`, `.`, `-`. Docker requires a second
 * character for container names, but a Compose container is `<project>-<service>-1`, so one character is enough.
 */
export const serviceName = textRule(
  /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/,
  'a service name matching ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$',
);

/**
 * The name of a service that other services reach by DNS (a FlaskService's, which is also its nginx upstream's
 * and its `server` lines' host): lowercase, since DNS names are compared without case and nginx keeps names apart.
 */
export const dnsServiceName = textRule(
  /^[a-z0-9][a-z0-9_.-]*$/,
  'a service name of lowercase letters, digits, "_", "." and "-"',
);

/** A name Docker gives an object it creates (a volume, a container): `log-1`, `shop_static`. */
export const dockerName = textRule(
  /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/,
  'a name matching ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$',
);

/** Keys of networks, volumes, configs and secrets (the Compose schema's pattern). */
export const resourceKey = textRule(/^[a-zA-Z0-9._-]+$/, 'a key matching ^[a-zA-Z0-9._-]+$');

/** An environment variable name: `LOG_LEVEL`, `STATIC_DIR`. */
export const variableName = textRule(
  /^[A-Za-z_][A-Za-z0-9_]*$/,
  'a variable name of letters, digits and "_" such as "LOG_LEVEL"',
);

/** An IPv4 or IPv6 CIDR such as `192.168.100.0/24`. */
export const cidr = textRule(
  /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)\/\d{1,3}$/,
  'a subnet in CIDR form such as "192.168.100.0/24"',
);

/** An IPv4 or IPv6 address such as `127.0.0.1`. */
export const ipAddress = textRule(
  /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)$/,
  'an IP address such as "127.0.0.1"',
);

/** A DNS name or IPv4 address nginx connects to (`flask`, `tasks.web`, `10.0.0.2`). */
export const nginxHost = textRule(
  /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/,
  'a host name such as "web" or an IPv4 address',
);

/** A DNS server nginx asks (`resolver`): a name, an IPv4 or a bracketed IPv6 address, with an optional port. */
export const resolverAddress = textRule(/^[A-Za-z0-9.:[\]_-]+$/, 'an address such as "127.0.0.11"');

/** Names nginx keeps in one namespace per kind: upstreams, shared memory zones, cache zones. */
export const nginxName = textRule(
  /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/,
  'a name of letters, digits, "_", "." and "-"',
);

const SERVER_NAME_LABELS = '[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*';

/**
 * A `server_name` nginx accepts: an exact name (`shop.example`, `_`), a wildcard at the start or the end only
 * (`*.shop.example`, `shop.*`) or `.shop.example` (the name and every subdomain). nginx refuses `*`, `.` and
 * `a*b` at start-up ("server name is invalid"); regular expressions are left to a Server's raw directives.
 */
export const serverName = textRule(
  new RegExp(`^(\\*\\.|\\.)?${SERVER_NAME_LABELS}$|^${SERVER_NAME_LABELS}\\.\\*$`),
  'a host name such as "shop.example", "*.shop.example" or "shop.*"',
);

/** A dotted nginx version such as `1.28.0` or `1.22`. */
export const nginxVersion = textRule(/^\d+\.\d+(\.\d+)?$/, 'an nginx version such as "1.28.0" or "1.22"');

/** A file name in a stack folder: no folder, no leading dot. */
export const artifactFileName = textRule(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a file name such as "nginx.conf"');
