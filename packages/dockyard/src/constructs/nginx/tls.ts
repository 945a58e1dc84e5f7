import * as z from 'zod';
import { propsSchema } from '../../core/props';
import { type Directive, d } from '../../model/nginx/ast';
import { absolutePath, nginxName, sizeSchema, timeSchema } from './values';

/**
 * The cipher list of Mozilla's "intermediate" server-side TLS profile (guidelines 5.7): forward-secret AEAD
 * suites only, for every client of the last several years. The DHE suites need `ssl_dhparam`, which nginx has
 * no default for, so without one nginx simply never picks them. TLS 1.3 suites are not configurable here
 * (OpenSSL's defaults are all strong).
 */
export const MOZILLA_INTERMEDIATE_CIPHERS: readonly string[] = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-CHACHA20-POLY1305',
];

/** Mozilla "intermediate": TLS 1.2 and 1.3 (1.0 and 1.1 are broken and disabled by every browser). */
const MOZILLA_INTERMEDIATE_PROTOCOLS = ['TLSv1.2', 'TLSv1.3'] as const;

const cipherName = z.string().regex(/^[A-Za-z0-9!+@=_-]+$/, { error: 'expected an OpenSSL cipher name' });

/** The `ssl_session_cache` of a {@link ServerTls}. */
export interface TlsSessionCache {
  /**
   * The shared zone's name.
   * @default 'dockyard_tls'
   */
  readonly name?: string;
  /**
   * Its size (about 4000 sessions per megabyte).
   * @default '10m'
   */
  readonly size?: string;
}

/** TLS of a `server` block: where nginx reads its certificate and key, and the protocol settings. */
export interface ServerTls {
  /** `ssl_certificate`: the certificate chain (PEM) inside the nginx container. */
  readonly certificate: string;
  /** `ssl_certificate_key`: its private key (PEM) inside the nginx container. */
  readonly key: string;
  /**
   * `ssl_protocols`.
   * @default MOZILLA_INTERMEDIATE_PROTOCOLS (['TLSv1.2', 'TLSv1.3'])
   */
  readonly protocols?: Array<'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'>;
  /**
   * `ssl_ciphers` for TLS 1.2.
   * @default MOZILLA_INTERMEDIATE_CIPHERS
   */
  readonly ciphers?: string[];
  /**
   * `ssl_prefer_server_ciphers`: off (Mozilla's advice) because every listed cipher is strong, so the client
   * may pick the one its hardware runs fastest (ChaCha20 on phones).
   * @default false
   */
  readonly preferServerCiphers?: boolean;
  /**
   * `ssl_session_timeout`.
   * @default '1d'
   */
  readonly sessionTimeout?: string;
  /**
   * `ssl_session_cache shared:NAME:SIZE`, one cache shared by the workers. Servers that name the same zone must
   * give the same size.
   * @default { name: 'dockyard_tls', size: '10m' }
   */
  readonly sessionCache?: TlsSessionCache;
  /**
   * `ssl_session_tickets`: off, because nginx never rotates its ticket key, so one stolen key would decrypt
   * every recorded session (no forward secrecy).
   * @default false
   */
  readonly sessionTickets?: boolean;
}

/** The schema of {@link ServerTls}. */
export const ServerTlsSchema = propsSchema<ServerTls>()(() =>
  z.strictObject({
    certificate: absolutePath,
    key: absolutePath,
    protocols: z
      .array(z.enum(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']))
      .min(1)
      .default([...MOZILLA_INTERMEDIATE_PROTOCOLS]),
    ciphers: z
      .array(cipherName)
      .min(1)
      .default([...MOZILLA_INTERMEDIATE_CIPHERS]),
    preferServerCiphers: z.boolean().default(false),
    sessionTimeout: timeSchema.default('1d'),
    sessionCache: z
      .strictObject({ name: nginxName.default('dockyard_tls'), size: sizeSchema.default('10m') })
      .default({ name: 'dockyard_tls', size: '10m' }),
    sessionTickets: z.boolean().default(false),
  }),
);

/**
 * A default server that has no certificate: `ssl_reject_handshake on` refuses TLS to host names no server
 * claims instead of presenting the first site's certificate (nginx >= 1.19.4).
 */
export interface RejectHandshake {
  /** Always `true`: `ssl_reject_handshake on`. */
  readonly rejectHandshake: true;
}

/** The schema of {@link RejectHandshake}. */
export const RejectHandshakeSchema = propsSchema<RejectHandshake>()(() =>
  z.strictObject({ rejectHandshake: z.literal(true) }),
);

/** The `ssl_*` directives of a server. */
export function tlsDirectives(
  tls: z.output<typeof ServerTlsSchema> | z.output<typeof RejectHandshakeSchema>,
): Directive[] {
  if ('rejectHandshake' in tls) return [d('ssl_reject_handshake', 'on')];
  return [
    d('ssl_certificate', tls.certificate),
    d('ssl_certificate_key', tls.key),
    d('ssl_protocols', ...tls.protocols),
    d('ssl_ciphers', tls.ciphers.join(':')),
    d('ssl_prefer_server_ciphers', tls.preferServerCiphers ? 'on' : 'off'),
    d('ssl_session_timeout', tls.sessionTimeout),
    d('ssl_session_cache', `shared:${tls.sessionCache.name}:${tls.sessionCache.size}`),
    d('ssl_session_tickets', tls.sessionTickets ? 'on' : 'off'),
  ];
}
