/**
 * Value rules, one home each: ports, durations, nginx times and sizes, memory sizes, names, control characters
 * and `$`. Props schemas (patterns, L1 constructs) and the model checks use these, so they agree on what is
 * valid and say so in the same words.
 */
export { duration, nginxRate, nginxSeconds, nginxTime } from './durations';
export {
  artifactFileName,
  cidr,
  dnsServiceName,
  dockerName,
  ipAddress,
  nginxHost,
  nginxName,
  nginxVersion,
  projectName,
  resolverAddress,
  resourceKey,
  serverName,
  serviceName,
  variableName,
} from './names';
export { CPUS, isIntAtLeast, isPort, PORT_EXPECTED, portSchema } from './numbers';
export { shown, type TextRule, textRule } from './rule';
export { memorySize, nginxSize } from './sizes';
export { containsVariable, controlCharacter, hasLoneSurrogate, withoutDollar } from './text';
