export { CacheZone, type CacheZoneProps, CacheZonePropsSchema } from './cache-zone';
export { type Limits, LimitsSchema, LimitZone, type LimitZoneProps, LimitZonePropsSchema } from './limits';
export {
  Location,
  type LocationCache,
  LocationCacheSchema,
  type LocationProps,
  LocationPropsSchema,
  LocationProxySchema,
} from './location';
export { NginxMap, type NginxMapProps, NginxMapPropsSchema } from './map';
export {
  DEFAULT_GZIP_TYPES,
  NginxConfig,
  type NginxConfigProps,
  NginxConfigPropsSchema,
} from './nginx-config';
export { ListenSchema, Server, type ServerProps, ServerPropsSchema } from './server';
export {
  MOZILLA_INTERMEDIATE_CIPHERS,
  MOZILLA_INTERMEDIATE_PROTOCOLS,
  type ServerTls,
  ServerTlsSchema,
} from './tls';
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
