import * as path from 'node:path';
import { WORK_DIR } from '../lib/paths';

/**
 * What the cdk8s side installs, pinned so that reruns compare like with like. typescript stays on 5.x:
 * ts-node 10 drives the compiler's JavaScript API, which TypeScript 7 (the native port) does not ship.
 */
export const CDK8S_PACKAGES = {
  cdk8s: '2.70.106',
  'cdk8s-cli': '2.207.60',
  constructs: '10.8.1',
  'ts-node': '10.9.2',
  typescript: '5.9.3',
} as const;

/** The scratch project cdk8s is installed into (git-ignored). */
export const CDK8S_DIR = path.join(WORK_DIR, 'cdk8s');
