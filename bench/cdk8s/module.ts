import { createRequire } from 'node:module';
import * as path from 'node:path';
import { CDK8S_DIR } from './versions';

/** The props of a cdk8s ApiObject: the manifest's own fields (`spec`, `data`, ...) sit beside these. */
export interface ApiObjectProps {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly [field: string]: unknown;
}

/** The part of cdk8s's API the bench uses. Declared here because cdk8s is installed only when the bench runs. */
export interface Cdk8sModule {
  App: new (props?: { outdir?: string }) => Cdk8sApp;
  Chart: new (scope: Cdk8sApp, id: string) => object;
  ApiObject: new (scope: object, id: string, props: ApiObjectProps) => object;
}

/** cdk8s's App, as far as the bench uses it. */
export interface Cdk8sApp {
  /** Every chart's manifests as one YAML stream, in memory. */
  synthYaml(): string;
}

/** Loads the installed cdk8s from bench/.work/cdk8s. */
export function loadCdk8s(): Cdk8sModule {
  return createRequire(path.join(CDK8S_DIR, 'package.json'))('cdk8s') as Cdk8sModule;
}
