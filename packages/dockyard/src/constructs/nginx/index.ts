export { CacheZone, type CacheZoneProps, CacheZonePropsSchema } from './cache-zone';
export {
  Location,
  type LocationCache,
  LocationCacheSchema,
  type LocationProps,
  LocationPropsSchema,
  LocationProxySchema,
} from './location';
export {
  DEFAULT_GZIP_TYPES,
  NginxConfig,
  type NginxConfigProps,
  NginxConfigPropsSchema,
} from './nginx-config';
export { ListenSchema, Server, type ServerProps, ServerPropsSchema } from './server';
export {
  type DnsResolution,
  DnsResolutionSchema,
  Upstream,
  type UpstreamProps,
  UpstreamPropsSchema,
  UpstreamServerSchema,
  type UpstreamServerSpec,
} from './upstream';
export {
  type AddHeader,
  AddHeaderSchema,
  HeaderValueSchema,
  type NginxValue,
  NginxValueSchema,
  type NginxVariable,
  nginxVar,
  type ProxyHeader,
  ProxyHeaderSchema,
  type ProxyTuning,
  ProxyTuningSchema,
} from './values';
