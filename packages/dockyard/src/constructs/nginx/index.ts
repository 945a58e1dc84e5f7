export { CacheZone, type CacheZoneProps, CacheZonePropsSchema } from './cache-zone';
export {
  type ConnectionLimit,
  type Limits,
  LimitsSchema,
  LimitZone,
  type LimitZoneProps,
  LimitZonePropsSchema,
  type RequestLimit,
} from './limits';
export {
  type CacheValidity,
  Location,
  type LocationCache,
  LocationCacheSchema,
  type LocationProps,
  LocationPropsSchema,
  type LocationProxy,
  LocationProxySchema,
} from './location';
export { NginxMap, type NginxMapEntry, type NginxMapProps, NginxMapPropsSchema } from './map';
export {
  DEFAULT_GZIP_TYPES,
  type ErrorLog,
  type Gzip,
  NginxConfig,
  type NginxConfigProps,
  NginxConfigPropsSchema,
  type Resolver,
} from './nginx-config';
export {
  type ErrorPage,
  type Listen,
  type ListenOptions,
  ListenSchema,
  Server,
  type ServerProps,
  ServerPropsSchema,
} from './server';
export {
  MOZILLA_INTERMEDIATE_CIPHERS,
  MOZILLA_INTERMEDIATE_PROTOCOLS,
  type RejectHandshake,
  type ServerTls,
  ServerTlsSchema,
  type TlsSessionCache,
} from './tls';
export {
  type DnsResolution,
  DnsResolutionSchema,
  Upstream,
  type UpstreamProps,
  UpstreamPropsSchema,
  UpstreamServerSchema,
  type UpstreamServerSpec,
  type UpstreamZone,
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
