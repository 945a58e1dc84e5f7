export { ComposeProject } from './compose-project';
export {
  Config,
  type ConfigArtifactProps,
  type ConfigContentProps,
  type ConfigFileProps,
  type ConfigProps,
  ConfigPropsSchema,
} from './config';
export { Network, type NetworkProps, NetworkPropsSchema } from './network';
export {
  Secret,
  type SecretEnvironmentProps,
  type SecretFileProps,
  type SecretProps,
  SecretPropsSchema,
} from './secret';
export {
  Service,
  type ServiceBindMount,
  type ServiceConfigGrant,
  type ServiceDependency,
  type ServiceMount,
  type ServiceNetworkAttachment,
  type ServiceProps,
  ServicePropsSchema,
  type ServiceSecretGrant,
  type ServiceTmpfsMount,
  type ServiceVolumeMount,
} from './service';
export type {
  BuildProps,
  ServiceDeploy,
  ServiceHealthcheck,
  ServiceLogging,
  ServicePlacement,
  ServicePort,
  ServiceResources,
  ServiceRestartPolicy,
  ServiceUpdateConfig,
} from './service-parts';
export { Volume, type VolumeProps, VolumePropsSchema } from './volume';
