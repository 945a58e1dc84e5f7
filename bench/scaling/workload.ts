/** The scaling workload: N Flask services of 3 replicas, each behind its own upstream and route on one proxy. */
export interface Workload {
  readonly services: number;
}

/** Names and numbers every implementation of the workload uses, so they describe the same system. */
export const WORKLOAD = {
  image: 'app:1',
  port: 8000,
  replicas: 3,
  publish: 8080,
  service: (i: number) => `s${i}`,
  upstream: (i: number) => `u${i}`,
  route: (i: number) => `/s${i}`,
} as const;
