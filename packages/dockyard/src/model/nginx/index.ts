export { block, type Config, type Directive, d, VALUE_BLOCKS } from './ast';
export { NginxParseError, parseNginx } from './parser';
export { literalArg, NginxPrintError, printNginx, quoteArg } from './printer';
export { type FoundDirective, findAll, findBlock, type UpstreamServer, upstreamServers } from './query';
export {
  ANY_NGINX_VERSION,
  compareVersions,
  minimumNginxVersion,
  NGINX_FEATURES,
  type NginxFeature,
} from './version';
