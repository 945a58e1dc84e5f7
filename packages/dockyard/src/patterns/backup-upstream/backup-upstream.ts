import { Construct } from 'constructs';
import * as z from 'zod';
import { Upstream } from '../../constructs/nginx/upstream';
import { constructRef, crossStackProblem } from '../../constructs/references';
import { addProblems } from '../../core/checks';
import type { Problem } from '../../core/problems';
import { parseProps, propsSchema } from '../../core/props';
import { FlaskService } from '../flask-service/flask-service';

const BACKUP = Symbol.for('dockyard.BackupUpstream');
const flaskRef = constructRef('FlaskService', FlaskService.isFlaskService);

/** Props of a {@link BackupUpstream}: the upstream, and one service or several. */
export interface BackupUpstreamProps {
  /** The upstream (from `NginxProxy.addUpstream`) the backup serves. */
  readonly upstream: Upstream;
  /**
   * The FlaskService nginx falls back to.
   * @default none (then `services` is required)
   */
  readonly service?: FlaskService;
  /**
   * Several FlaskServices to fall back to (nginx balances over the backups too).
   * @default none (then `service` is required)
   */
  readonly services?: FlaskService[];
}

/** The props schema of a {@link BackupUpstream}, checked against {@link BackupUpstreamProps}. */
export const BackupUpstreamPropsSchema = propsSchema<BackupUpstreamProps>()(() =>
  z
    .strictObject({
      upstream: constructRef('Upstream', Upstream.isUpstream),
      service: flaskRef.optional(),
      services: z.array(flaskRef).min(1).optional(),
    })
    .refine((props) => (props.service === undefined) !== (props.services === undefined), {
      error: (issue) =>
        `expected exactly one of service and services, got ${typeof issue.input === 'object' && issue.input !== null && 'service' in issue.input ? 'both' : 'neither'}`,
      path: ['service'],
    }),
);

/**
 * A backup server for when every replica is down: the service's `server` line in the upstream gets `backup`, so nginx sends it
 * requests only while every primary server is unavailable. A service already in the upstream is turned into
 * a backup; any other is added as one. nginx allows backups only with round-robin and least_conn, and an
 * upstream needs a primary besides them: both are errors at synth, reported here.
 *
 * @example
 * const pool = proxy.addUpstream('flaskappproxy', { servers: [primary, redundant] });
 * new BackupUpstream(stack, 'fallback', { upstream: pool, service: spare });
 */
export class BackupUpstream extends Construct {
  /** True for a BackupUpstream, from any copy of the library (a brand, not `instanceof`). */
  static isBackupUpstream(x: unknown): x is BackupUpstream {
    return typeof x === 'object' && x !== null && BACKUP in x;
  }

  /** The services nginx falls back to. */
  readonly services: readonly FlaskService[];

  constructor(scope: Construct, id: string, props: BackupUpstreamProps) {
    super(scope, id);
    Object.defineProperty(this, BACKUP, { value: true });
    const parsed = parseProps(this, BackupUpstreamPropsSchema, props);
    const services = parsed.services ?? (parsed.service ? [parsed.service] : []);
    this.services = services.filter((service) => FlaskService.isFlaskService(service));
    const upstream = parsed.upstream;
    if (!Upstream.isUpstream(upstream)) return;
    const problems: Problem[] = [];
    this.services.forEach((service, i) => {
      const property = parsed.services ? `services[${i}]` : 'service';
      const foreign = crossStackProblem(upstream, property, service, 'FlaskService');
      if (foreign) problems.push(foreign);
      const origin = { construct: this, property };
      if (!upstream.markBackup(service.serviceName, service.port, origin)) {
        upstream.addServer(
          {
            host: service.serviceName,
            port: service.port,
            backup: true,
            ...(foreign ? {} : { service: service.service }),
          },
          origin,
        );
      }
    });
    addProblems(this, problems);
  }
}
