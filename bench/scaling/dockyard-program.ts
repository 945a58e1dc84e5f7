import { App, FlaskService, NginxProxy, Stack } from 'dockyard';
import { WORKLOAD, type Workload } from './workload';

/** The workload in Dockyard: one stack, N FlaskServices, one NginxProxy with an upstream and a route each. */
export function buildDockyardProgram(workload: Workload): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'bench');
  const proxy = new NginxProxy(stack, 'nginx', { publish: WORKLOAD.publish });
  for (let i = 0; i < workload.services; i++) {
    const flask = new FlaskService(stack, WORKLOAD.service(i), {
      image: WORKLOAD.image,
      port: WORKLOAD.port,
      replicas: WORKLOAD.replicas,
    });
    const pool = proxy.addUpstream(WORKLOAD.upstream(i), { servers: [flask] });
    proxy.addRoute(WORKLOAD.route(i), pool);
  }
  return { app, stack };
}
