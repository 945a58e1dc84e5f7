import { z } from 'zod';
import type { Directive } from '../../model/nginx/ast';

/**
 * The kinds of value an nginx L1 construct accepts, as zod schemas. Every user string reaches the file through
 * the printer, which quotes it, so no value can add a directive; these schemas reject what the printer would
 * still write faithfully but nginx would then misread: a `$` where a literal is meant (nginx has no escape for
 * it), CR/LF in anything that becomes a header line, control characters anywhere.
 */

/**
 * The first control character of `value` (tab allowed; CR/LF only when `newlines`), or undefined. A lone UTF-16
 * surrogate counts as one: it cannot be written to the UTF-8 file nginx reads (the printer refuses it too).
 */
export function controlCharacter(value: string, newlines: boolean): string | undefined {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) return `U+${code.toString(16).toUpperCase()} (a lone surrogate)`;
    if (code === 0x09) continue;
    if ((code === 0x0a || code === 0x0d) && newlines) continue;
    if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return undefined;
}

const noDollar = (what: string) =>
  z.string().refine((value) => !value.includes('$'), {
    error: `expected ${what} without "$" (nginx would read it as a variable and has no escape for a literal "$"; use nginxVar() for a variable)`,
  });

/** Text nginx takes literally (a file path, a body): no `$`, no control characters but tab, CR and LF. */
export const literalText = noDollar('text').refine((value) => controlCharacter(value, true) === undefined, {
  error: 'expected text without control characters',
});

/** Text that ends up in an HTTP header line: no `$`, and no CR/LF (a header must not be able to split). */
export const headerText = noDollar('header text').refine(
  (value) => controlCharacter(value, false) === undefined,
  {
    error: 'expected header text without CR, LF or other control characters',
  },
);

/** An nginx variable reference; `{ variable: 'host' }` is `$host`. */
export const NginxVariableSchema = z.strictObject({
  variable: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected a variable name such as "host"' }),
});
export type NginxVariable = z.infer<typeof NginxVariableSchema>;

/**
 * A value nginx evaluates per request: literal text, a variable, or parts joined together
 * (`['v1-', nginxVar('request_id')]` is `v1-${request_id}`). Literal parts may not contain `$`, so a user's
 * string can never turn into a variable reference by accident.
 */
export function valueSchema(literal: z.ZodType<string>) {
  const part = z.union([literal, NginxVariableSchema]);
  return z.union([literal, NginxVariableSchema, z.array(part).min(1)]);
}

/** A per-request value whose literal parts are header-safe (see {@link headerText}). */
export const HeaderValueSchema = valueSchema(headerText);
/** A per-request value whose literal parts may hold newlines (a response body). */
export const NginxValueSchema = valueSchema(literalText);
export type NginxValue = z.infer<typeof NginxValueSchema>;

/**
 * A variable reference for a {@link NginxValue}.
 * @example { name: 'X-Cache-Status', value: nginxVar('upstream_cache_status') }
 */
export function nginxVar(variable: string): NginxVariable {
  return { variable };
}

/** The nginx text of a value: `$name` alone, `${name}` inside a concatenation so the next part cannot extend it. */
export function renderValue(value: NginxValue): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return `$${value.variable}`;
  if (value.length === 1) return renderValue(value[0] as NginxValue);
  return value.map((part) => (typeof part === 'string' ? part : `\${${part.variable}}`)).join('');
}

/** An HTTP header name (an RFC 9110 token). */
export const headerName = z
  .string()
  .regex(/^[!#%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'expected a header name such as "X-Frame-Options"' });

/** `add_header NAME VALUE [always]`: `always` also sends it on error responses (4xx/5xx). */
export const AddHeaderSchema = z.strictObject({
  name: headerName,
  value: HeaderValueSchema,
  /** @default true — security headers matter most on error pages */
  always: z.boolean().default(true),
});
export type AddHeader = z.input<typeof AddHeaderSchema>;

/** `proxy_set_header NAME VALUE`; an empty value removes the header from the proxied request. */
export const ProxyHeaderSchema = z.strictObject({ name: headerName, value: HeaderValueSchema });
export type ProxyHeader = z.input<typeof ProxyHeaderSchema>;

/** An nginx size: `10m`, `512k`, `1g`, `4096`. */
export const sizeSchema = z
  .string()
  .regex(/^\d+[kKmMgG]?$/, { error: 'expected a size such as "10m" or "512k"' });

/** An nginx time: `10s`, `500ms`, `1h`, `65` (seconds). */
export const timeSchema = z
  .string()
  .regex(/^\d+(ms|s|m|h|d|w|M|y)?$/, { error: 'expected a time such as "10s", "500ms" or "1h"' });

/**
 * An nginx time in whole seconds: `10s`, `5m`, `1h`, `65`. nginx parses `fail_timeout`, `proxy_cache_valid`,
 * `expires`, `inactive=` and `valid=` as seconds and rejects `500ms` there ("invalid time value").
 */
export const secondsSchema = z.string().regex(/^\d+(s|m|h|d|w|M|y)?$/, {
  error: 'expected a time in seconds such as "10s", "5m" or "1h" (nginx takes no "ms" here)',
});

const SERVER_NAME_LABELS = '[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*';

/**
 * A `server_name` nginx accepts: an exact name (`shop.example`, `_`), a wildcard at the start or the end only
 * (`*.shop.example`, `shop.*`) or `.shop.example` (the name and every subdomain). nginx refuses `*`, `.` and
 * `a*b` at start-up ("server name is invalid"); regular expressions are left to a Server's raw directives.
 */
export const serverNameSchema = z
  .string()
  .regex(new RegExp(`^(\\*\\.|\\.)?${SERVER_NAME_LABELS}$|^${SERVER_NAME_LABELS}\\.\\*$`), {
    error: 'expected a host name such as "shop.example", "*.shop.example" or "shop.*"',
  });

/** A TCP port. */
export const portSchema = z.number().int().min(1).max(65535);

/** A DNS name or IPv4 address nginx connects to (`flask`, `tasks.web`, `10.0.0.2`). */
export const hostSchema = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/, {
  error: 'expected a host name such as "web" or an IPv4 address',
});

/** Names nginx keeps in one namespace per kind: upstreams, shared memory zones, cache zones. */
export const nginxName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, { error: 'expected a name of letters, digits, "_", "." and "-"' });

/** An absolute path inside the nginx container. */
export const absolutePath = literalText
  .refine((value) => value.startsWith('/'), { error: 'expected an absolute path' })
  .refine((value) => !/[\s]/.test(value), { error: 'expected a path without whitespace' });

/** A dotted nginx version such as `1.28.0` or `1.22`. */
export const versionSchema = z
  .string()
  .regex(/^\d+\.\d+(\.\d+)?$/, { error: 'expected an nginx version such as "1.28.0" or "1.22"' });

/** An argument of a raw directive: nginx's own syntax, so `$` is a variable; control characters are refused. */
const rawArg = z.string().refine((value) => controlCharacter(value, true) === undefined, {
  error: 'expected an argument without control characters',
});

/**
 * Extra directives for an escape hatch, written as nginx would read them (`$host` is a variable). They go
 * through the printer like everything else, so they cannot break out of the block they are placed in.
 */
export const DirectiveSchema: z.ZodType<Directive> = z.lazy(() =>
  z.strictObject({
    name: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, { error: 'expected a directive name such as "proxy_buffering"' }),
    args: z.array(rawArg),
    block: z.array(DirectiveSchema).optional(),
  }),
);

/** Proxy behaviour that a Server sets for all its locations and a Location may override. */
export const ProxyTuningSchema = z.strictObject({
  /** `proxy_connect_timeout`: how long to wait for a TCP connection to a server before trying the next. */
  connectTimeout: timeSchema.optional(),
  /** `proxy_read_timeout`: the longest silence allowed between two reads of the response. */
  readTimeout: timeSchema.optional(),
  /** `proxy_send_timeout`. */
  sendTimeout: timeSchema.optional(),
  /** `proxy_next_upstream`: which failures make nginx retry the request on the next server. */
  nextUpstream: z
    .array(
      z.enum([
        'error',
        'timeout',
        'invalid_header',
        'http_500',
        'http_502',
        'http_503',
        'http_504',
        'http_403',
        'http_404',
        'http_429',
        'non_idempotent',
        'off',
      ]),
    )
    .min(1)
    .optional(),
  /** `proxy_next_upstream_tries`: at most this many servers per request (0: no limit). */
  nextUpstreamTries: z.number().int().min(0).optional(),
  /** `proxy_next_upstream_timeout`: give up retrying after this long (0: no limit). */
  nextUpstreamTimeout: timeSchema.optional(),
});
export type ProxyTuning = z.input<typeof ProxyTuningSchema>;

/** A request rate for `limit_req_zone`: `10r/s` or `30r/m` (nginx keeps it per millisecond internally). */
export const rateSchema = z
  .string()
  .regex(/^[1-9]\d*r\/[sm]$/, { error: 'expected a rate such as "10r/s" or "30r/m"' });
