import type { Construct } from 'constructs';
import { Network } from '../../constructs/compose/network';
import type { Secret } from '../../constructs/compose/secret';
import { Service, type ServiceProps } from '../../constructs/compose/service';
import type { Volume } from '../../constructs/compose/volume';
import type { ServiceSpec } from '../../model/compose/schemas';

/** What the proxy learns after its service exists: routes and backups are added later in the program. */
export interface ProxyServiceExtras {
  /** Volumes the proxy serves files from, mounted read-only. */
  readonly staticMounts: ReadonlyArray<{ readonly volume: Volume; readonly target: string }>;
  /** Services the proxy sends traffic to. */
  readonly backends: readonly Service[];
  /** Secrets nginx reads (site certificates and keys), mounted at /run/secrets/<key>. */
  readonly secrets: readonly Secret[];
  /** Ports published besides the HTTP one (HTTPS once a site has TLS). */
  readonly ports: ReadonlyArray<{ readonly target: number; readonly published: number }>;
  /** The entrypoint in place of the image's (the ACME wait-and-reload script). @default the image's */
  readonly entrypoint?: string[];
  /** Whether Compose should start the backends first (nginx resolving names only at start needs them to exist). */
  readonly startAfterBackends: boolean;
}

/**
 * The nginx L1 Service, completed at synth with what the NginxProxy learned after creating it: read-only
 * static-files mounts, the backends' networks (the proxy must share one with each backend) and, when nginx
 * resolves names only at start, `depends_on` on the backends. Everything else is the plain L1 Service.
 */
export class ProxyService extends Service {
  constructor(
    scope: Construct,
    id: string,
    props: ServiceProps,
    private readonly extras: () => ProxyServiceExtras,
  ) {
    super(scope, id, props);
  }

  override toModel(): ServiceSpec {
    const model = super.toModel();
    const extras = this.extras();
    if (extras.staticMounts.length > 0) {
      model.volumes = [
        ...(model.volumes ?? []),
        ...extras.staticMounts.map(({ volume, target }) => ({
          type: 'volume' as const,
          source: volume.key,
          target,
          read_only: true,
        })),
      ];
    }
    if (extras.entrypoint) model.entrypoint = extras.entrypoint;
    if (extras.ports.length > 0) model.ports = [...(model.ports ?? []), ...extras.ports];
    if (extras.secrets.length > 0) {
      model.secrets = [...(model.secrets ?? []), ...extras.secrets.map((secret) => ({ source: secret.key }))];
    }
    const networks = backendNetworks(extras.backends);
    const onlyDefault = networks.size === 0 || (networks.size === 1 && networks.has('default'));
    if (model.networks !== undefined || !onlyDefault) {
      const joined = { ...(model.networks ?? {}) };
      for (const key of networks) joined[key] ??= {};
      model.networks = joined;
    }
    if (extras.startAfterBackends && extras.backends.length > 0) {
      const dependsOn = { ...(model.depends_on ?? {}) };
      for (const backend of extras.backends) dependsOn[backend.name] ??= { condition: 'service_started' };
      model.depends_on = dependsOn;
    }
    return model;
  }
}

/** The network keys the backends are on, in order of first use; `default` for a service that names none. */
function backendNetworks(backends: readonly Service[]): Set<string> {
  const keys = new Set<string>();
  for (const backend of backends) {
    const networks = backend.spec.networks;
    if (networks === undefined || networks.length === 0) keys.add('default');
    else {
      for (const entry of networks) {
        keys.add(entry === 'default' ? 'default' : Network.isNetwork(entry) ? entry.key : entry.network.key);
      }
    }
  }
  return keys;
}

/** The certbot service of `NginxProxy.useAcme`: its script lists the ACME sites, known only at synth. */
export class CertbotService extends Service {
  constructor(
    scope: Construct,
    id: string,
    props: ServiceProps,
    private readonly entrypoint: () => string[],
  ) {
    super(scope, id, props);
  }

  override toModel(): ServiceSpec {
    return { ...super.toModel(), entrypoint: this.entrypoint() };
  }
}
