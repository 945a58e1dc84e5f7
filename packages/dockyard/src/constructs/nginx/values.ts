import * as z from 'zod';
import type { Directive } from '../../model/nginx/ast';
import {
  containsVariable,
  controlCharacter,
  nginxHost,
  nginxName as nginxNameRule,
  nginxRate,
  nginxSeconds,
  nginxSize,
  nginxTime,
  nginxVersion,
  serverName,
  withoutDollar,
} from '../../model/values';

export { controlCharacter, portSchema } from '../../model/values';

/**
 * The kinds of value an nginx L1 construct accepts, as zod schemas. Every user string reaches the file through
 * the printer, which quotes it, so no value can add a directive; these schemas reject what the printer would
 * still write faithfully but nginx would then misread: a `$` where a literal is meant (nginx has no escape for
 * it), CR/LF in anything that becomes a header line, control characters anywhere.
 */

const noDollar = (what: string) =>
  z.string().refine((value) => !containsVariable(value), { error: `expected ${withoutDollar(what)}` });

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
export function valueSchema(literal: z.ZodType<string, string>) {
  const part = z.union([literal, NginxVariableSchema]);
  return z.union([literal, NginxVariableSchema, z.array(part).min(1).readonly()]);
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

// Array.isArray does not narrow a readonly array out of a union.
function isParts(value: NginxValue): value is Extract<NginxValue, readonly unknown[]> {
  return Array.isArray(value);
}

/** The nginx text of a value: `$name` alone, `${name}` inside a concatenation so the next part cannot extend it. */
export function renderValue(value: NginxValue): string {
  if (typeof value === 'string') return value;
  if (!isParts(value)) return `$${value.variable}`;
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

/** An nginx size (the model's rule). */
export const sizeSchema = nginxSize.schema;

/** An nginx time (the model's rule): `10s`, `500ms`, `1h`. */
export const timeSchema = nginxTime.schema;

/** An nginx time in whole seconds (the model's rule): nginx refuses `500ms` where it parses seconds. */
export const secondsSchema = nginxSeconds.schema;

/** A `server_name` nginx accepts (the model's rule). */
export const serverNameSchema = serverName.schema;

/** A DNS name or IPv4 address nginx connects to (the model's rule). */
export const hostSchema = nginxHost.schema;

/** Names nginx keeps in one namespace per kind (the model's rule): upstreams, zones. */
export const nginxName = nginxNameRule.schema;

/** An absolute path inside the nginx container. */
export const absolutePath = literalText
  .refine((value) => value.startsWith('/'), { error: 'expected an absolute path' })
  .refine((value) => !/[\s]/.test(value), { error: 'expected a path without whitespace' });

/** A dotted nginx version (the model's rule). */
export const versionSchema = nginxVersion.schema;

/** An argument of a raw directive: nginx's own syntax, so `$` is a variable; control characters are refused. */
const rawArg = z.string().refine((value) => controlCharacter(value, true) === undefined, {
  error: 'expected an argument without control characters',
});

/** The fields of a raw directive, around the schema of its `block`. */
function directiveObject(block: z.ZodType<Directive[]>) {
  return z.strictObject({
    name: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, { error: 'expected a directive name such as "proxy_buffering"' }),
    args: z.array(rawArg),
    block: block.optional(),
  });
}

/** A directive inside a raw `block`, at any depth: the recursive form. */
const NestedDirectiveSchema: z.ZodType<Directive> = z.lazy(() =>
  directiveObject(z.array(NestedDirectiveSchema)),
);

/**
 * A raw `block`, parsed by {@link NestedDirectiveSchema} behind a transform. zod's cycle guard wraps every parse
 * of a container whose schema can reach a `z.lazy` cycle (a WeakMap per object and copies of its issues, about
 * twice the parse), and its search for cycles stops at a transform. So a Location, Server or NginxConfig, whose
 * props hold `directives` but are nearly always parsed without any block, no longer pays for it; only a block
 * given is parsed recursively. Its issues are zod's own, not yet finalized (the outer parse finalizes them), so
 * they read as before: same codes, messages, paths and reported input.
 */
const rawBlock = z.unknown().transform((value, payload): Directive[] => {
  // Synchronous: the context says so and no part of the schema is async.
  const parsed = blockSchema()._zod.run({ value, issues: [] }, { async: false }) as z.core.ParsePayload;
  payload.issues.push(...parsed.issues);
  return parsed.value as Directive[];
});
let nestedBlock: z.ZodType<Directive[]> | undefined;
const blockSchema = () => (nestedBlock ??= z.array(NestedDirectiveSchema));

/**
 * Extra directives for an escape hatch, written as nginx would read them (`$host` is a variable). They go
 * through the printer like everything else, so they cannot break out of the block they are placed in.
 */
export const DirectiveSchema: z.ZodType<Directive> = directiveObject(rawBlock);

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

/** A request rate for `limit_req_zone` (the model's rule). */
export const rateSchema = nginxRate.schema;
