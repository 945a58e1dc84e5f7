// Validators for compose.yaml and stack.yaml text, shared by every test suite.

export { validateComposeSchema } from './compose-schema';
export {
  type DockerStackConfigOptions,
  type DockerStackConfigResult,
  dockerStackConfig,
} from './docker-stack-config';
export { checkComposeText, checkStackText, type RenderedTextOptions } from './rendered-checks';
export { composeFixturePath, repoRoot, schemaPath } from './repo-root';
export type { SchemaError } from './schema-error';
export { isDockerPortSpec, validateSwarmSchema } from './swarm-schema';
