/**
 * The zod schemas that validate each construct's props, for a program that checks a value before it constructs
 * anything (e.g. settings read from a file): `FlaskServicePropsSchema.safeParse(settings)`. The constructs
 * validate their own props and report every problem at synth, so most programs never need these. A schema may
 * gain refinements in a minor release; the props types of the `dockyard` entry point are the stable description.
 *
 * @module dockyard/schemas
 */

export { ConfigPropsSchema } from './constructs/compose/config';
export { NetworkPropsSchema } from './constructs/compose/network';
export { SecretPropsSchema } from './constructs/compose/secret';
export { ServicePropsSchema } from './constructs/compose/service';
export { VolumePropsSchema } from './constructs/compose/volume';
export { CacheZonePropsSchema } from './constructs/nginx/cache-zone';
export { LimitZonePropsSchema } from './constructs/nginx/limits';
export { LocationPropsSchema } from './constructs/nginx/location';
export { NginxMapPropsSchema } from './constructs/nginx/map';
export { NginxConfigPropsSchema } from './constructs/nginx/nginx-config';
export { ServerPropsSchema } from './constructs/nginx/server';
export { UpstreamPropsSchema } from './constructs/nginx/upstream';
export { StackPropsSchema } from './core/stack';
export { BackupUpstreamPropsSchema } from './patterns/backup-upstream/backup-upstream';
export { FlaskServicePropsSchema } from './patterns/flask-service/flask-service';
export { LoadBalancedStackPropsSchema } from './patterns/load-balanced-stack/load-balanced-stack';
export {
  NginxProxyPropsSchema,
  ProxyRouteOptionsSchema,
  ProxyUpstreamOptionsSchema,
} from './patterns/nginx-proxy/proxy-props';
export { ProxySitePropsSchema } from './patterns/nginx-proxy/sites/site';
export { AppPropsSchema } from './pipeline/app';
