import type * as z from 'zod';
import { type AddHeaderSchema, nginxVar, type ProxyHeader } from '../../constructs/nginx/values';
import type { ParsedNginxProxyProps } from './proxy-props';

/**
 * The response headers a proxy adds to everything it serves, as configured (all on by default); complete, as the
 * Server's schema returns them.
 */
export function securityHeaders(props: ParsedNginxProxyProps): z.output<typeof AddHeaderSchema>[] {
  const { contentTypeOptions, frameOptions, referrerPolicy } = props.securityHeaders;
  const headers: z.output<typeof AddHeaderSchema>[] = [];
  if (contentTypeOptions) headers.push({ name: 'X-Content-Type-Options', value: 'nosniff', always: true });
  if (frameOptions) headers.push({ name: 'X-Frame-Options', value: frameOptions, always: true });
  if (referrerPolicy) headers.push({ name: 'Referrer-Policy', value: referrerPolicy, always: true });
  return headers;
}

/** What the app learns about the client. An edge proxy overwrites X-Forwarded-For instead of trusting it. */
export function forwardedHeaders(trustForwardedFor: boolean): ProxyHeader[] {
  return [
    { name: 'Host', value: nginxVar('host') },
    { name: 'X-Real-IP', value: nginxVar('remote_addr') },
    {
      name: 'X-Forwarded-For',
      value: nginxVar(trustForwardedFor ? 'proxy_add_x_forwarded_for' : 'remote_addr'),
    },
    { name: 'X-Forwarded-Proto', value: nginxVar('scheme') },
  ];
}
