export type { KeptResponse, RequestsResult } from './client-protocol';
export { ClientRunner } from './client-runner';
export { DnsServer } from './dns-server';
export { FLASK_APP_DIR, FlaskReplicas, type Replica, type ServiceSpec } from './flask-replicas';
export { E2eHarness, type FlaskStats, type HarnessOptions } from './harness';
export { NginxServer } from './nginx-server';
export { runWrk, type WrkOptions, type WrkResult } from './wrk';
