export { ComposeProject } from './compose-project';
export { Config, type ConfigProps, ConfigPropsSchema } from './config';
export { Network, type NetworkProps, NetworkPropsSchema } from './network';
export { Secret, type SecretProps, SecretPropsSchema } from './secret';
export { Service, type ServiceProps, ServicePropsSchema } from './service';
export { Volume, type VolumeProps, VolumePropsSchema } from './volume';
