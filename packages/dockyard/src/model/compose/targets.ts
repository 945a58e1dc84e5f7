import type { Deploy, RestartPolicy } from './deploy';
import type { ModelPath, ModelProblem, ProblemLevel } from './problem';
import type { Restart } from './service';

/** The two artifacts rendered from one project model. */
export type Target = 'compose' | 'swarm';

/** What a renderer reports when the model uses a key its target handles differently. */
export interface TargetNote {
  readonly level: ProblemLevel;
  readonly message: string;
}

/**
 * One difference between Compose and Swarm, and what Dockyard does about it. The renderers take their
 * decisions and their diagnostics from these entries; the README's table is generated from them.
 */
export interface TargetRule {
  /** The model key it is about, `*` for any name: `services.*.build`. */
  readonly key: string;
  /** What `docker compose` does with the key. */
  readonly compose: string;
  /** What `docker stack deploy` does with the key. */
  readonly swarm: string;
  /** What Dockyard writes in each file. */
  readonly dockyard: string;
  /** The diagnostic each target's renderer reports when the model uses the key (none when absent). */
  readonly notes?: Partial<Record<Target, TargetNote>>;
}

/** The stack file format stack.yaml declares. */
export const SWARM_STACK_VERSION = '3.13';

/** Every difference between the two targets, in the order the README lists them. */
export const targetRules = {
  version: {
    key: 'version',
    compose: 'Obsolete: the Compose Specification has no version and Compose warns about one.',
    swarm: '`docker stack deploy` reads the file format version; an old CLI refuses a file without one.',
    dockyard: `compose.yaml has no \`version\`; stack.yaml starts with \`version: "${SWARM_STACK_VERSION}"\` (the schema docker CLI 28 enforces).`,
  },
  projectName: {
    key: 'name',
    compose: 'Top-level `name:` is the project name.',
    swarm: 'Not allowed in a stack file; the stack name is an argument of `docker stack deploy`.',
    dockyard:
      'compose.yaml has `name:`; stack.yaml has none and uses the name to prefix config and secret names.',
  },
  dollar: {
    key: '(every string value)',
    compose: '`$VAR` and its braced form are interpolated from the environment; `$$` is a literal `$`.',
    swarm: 'Same interpolation as Compose.',
    dockyard:
      'Model values are literal: every `$` is written `$$` in both files (nginx `$remote_addr` survives).',
  },
  build: {
    key: 'services.*.build',
    compose: 'Builds the image (and tags it `image` when set).',
    swarm: 'Ignored: `docker stack deploy` cannot build; every node pulls `image`.',
    dockyard: 'compose.yaml keeps `build` and `image`; stack.yaml keeps only `image` (an error without one).',
    notes: {
      swarm: {
        level: 'info',
        message:
          'Swarm cannot build: build is left out and nodes pull the image, so push it to a registry every node can reach',
      },
    },
  },
  buildWithoutImage: {
    key: 'services.*.image',
    compose: 'Optional when `build` is set (Compose names the image itself).',
    swarm: 'Required.',
    dockyard: 'stack.yaml reports an error for a service with `build` and no `image`.',
    notes: {
      swarm: {
        level: 'error',
        message: 'expected an image (Swarm cannot build; set image to the tag the build produces), got none',
      },
    },
  },
  restart: {
    key: 'services.*.restart',
    compose: 'Container restart policy.',
    swarm: 'Ignored; tasks restart per `deploy.restart_policy`.',
    dockyard:
      'stack.yaml maps it to `deploy.restart_policy.condition` (no: none, always: any, on-failure: on-failure, unless-stopped: any) unless `deploy.restart_policy` is set.',
  },
  restartUnlessStopped: {
    key: 'services.*.restart: unless-stopped',
    compose: 'Restarts unless stopped by hand.',
    swarm: 'No such condition: a Swarm task is not stopped by hand.',
    dockyard: 'stack.yaml writes `condition: any`.',
    notes: {
      swarm: {
        level: 'info',
        message: 'Swarm has no unless-stopped; written as deploy.restart_policy condition any',
      },
    },
  },
  restartShadowed: {
    key: 'services.*.restart with deploy.restart_policy',
    compose: 'Both apply; `restart` takes precedence.',
    swarm: 'Only `deploy.restart_policy` applies.',
    dockyard:
      'Both are written to compose.yaml; stack.yaml keeps `deploy.restart_policy` and drops `restart`.',
    notes: {
      swarm: {
        level: 'info',
        message: 'restart is left out of stack.yaml: deploy.restart_policy is set and is what Swarm applies',
      },
    },
  },
  dependsOn: {
    key: 'services.*.depends_on',
    compose:
      'Start order; long form waits for `service_healthy` or `service_started` (Dockyard picks healthy when the dependency has a healthcheck).',
    swarm: 'Only a list, and ignored: Swarm starts services in any order.',
    dockyard:
      'compose.yaml gets the long form with a condition; stack.yaml leaves it out, so a dependent must tolerate a dependency that is not up yet.',
    notes: {
      swarm: {
        level: 'info',
        message: 'Swarm ignores start order: depends_on is left out of stack.yaml',
      },
    },
  },
  containerName: {
    key: 'services.*.container_name',
    compose: 'Fixed container name (then the service cannot scale).',
    swarm: 'Ignored: Swarm names tasks itself.',
    dockyard: 'Written to compose.yaml only.',
    notes: {
      swarm: {
        level: 'warning',
        message: 'Swarm names tasks itself: container_name is left out of stack.yaml',
      },
    },
  },
  taskTemplate: {
    key: 'services.*.hostname, services.*.environment.*, volumes.*.name (per-replica templates)',
    compose: 'No per-replica identity: `{{.Task.Slot}}` would stay literal text.',
    swarm: 'Expanded per task (`backend.{{.Task.Slot}}` gives backend.1, backend.2...).',
    dockyard:
      "stack.yaml gets the Go template; compose.yaml gets the template's `composeValue`, or leaves the key out with a warning. Literal `{{` in plain strings is escaped for Swarm.",
    notes: {
      compose: {
        level: 'warning',
        message:
          'Compose has no per-replica values and this template has no composeValue: left out of compose.yaml',
      },
    },
  },
  hostIp: {
    key: 'services.*.ports[*].host_ip',
    compose: 'Publishes on that host address only (e.g. 127.0.0.1).',
    swarm: 'Not supported: Swarm publishes on every interface.',
    dockyard:
      'Written to compose.yaml; stack.yaml reports an error (publishing wider than asked is not safe).',
    notes: {
      swarm: {
        level: 'error',
        message: 'Swarm cannot bind a published port to one address; it would publish on every interface',
      },
    },
  },
  portMode: {
    key: 'services.*.ports[*].mode',
    compose: 'Accepted; a Compose port is always bound on the host.',
    swarm: '`ingress` (routing mesh, any node) or `host` (the node running the task).',
    dockyard: 'Written to both files as given.',
  },
  deployGlobal: {
    key: 'services.*.deploy.mode: global',
    compose: 'No nodes to spread over: Compose runs one container per replica.',
    swarm: 'One task on every node.',
    dockyard: 'stack.yaml only; compose.yaml runs the default one container, with a warning.',
    notes: {
      compose: {
        level: 'warning',
        message: 'Compose has no global mode: left out, Compose runs one container',
      },
    },
  },
  deploySwarmOnly: {
    key: 'services.*.deploy.{endpoint_mode, placement, update_config, rollback_config, labels}',
    compose: 'Ignored (single engine, no rolling updates, no service object).',
    swarm: 'Applied.',
    dockyard: 'stack.yaml only; compose.yaml leaves them out with an info note.',
    notes: {
      compose: { level: 'info', message: 'Swarm-only deploy setting: left out of compose.yaml' },
    },
  },
  deployShared: {
    key: 'services.*.deploy.{replicas, resources, restart_policy}',
    compose: 'Applied (`replicas` is what `--scale` sets).',
    swarm: 'Applied.',
    dockyard: 'Written to both files; `cpus` as a string, which both read.',
  },
  expose: {
    key: 'services.*.expose',
    compose: 'Documents the container ports other services use.',
    swarm: 'Accepted; every port is reachable on an overlay network anyway.',
    dockyard: 'Written to both files.',
  },
  bindMountSwarm: {
    key: 'services.*.volumes[*] (type: bind)',
    compose: 'A path on the machine running Compose; relative to compose.yaml.',
    swarm: 'Resolved against stack.yaml by the CLI, but mounted from every node that runs a task.',
    dockyard: 'Written to both files; stack.yaml notes that the path must exist on every node.',
    notes: {
      swarm: {
        level: 'info',
        message: 'bind mount: the host path must exist on every node that may run this service',
      },
    },
  },
  networkDriver: {
    key: 'networks.*.driver',
    compose: '`bridge` (one engine); `overlay` only works on a swarm manager.',
    swarm: '`overlay`; a stack cannot create a `bridge` network.',
    dockyard:
      'Each file gets the driver its target can run: compose.yaml bridge (the default, not written), stack.yaml overlay. A model driver that differs is reported.',
    notes: {
      compose: {
        level: 'info',
        message: 'Compose runs on one engine: the network is a bridge in compose.yaml',
      },
      swarm: { level: 'warning', message: 'A stack cannot create a bridge network: written as overlay' },
    },
  },
  attachable: {
    key: 'networks.*.attachable',
    compose: 'Only meaningful for swarm-scoped (overlay) networks.',
    swarm: 'Lets standalone containers join the overlay.',
    dockyard: 'stack.yaml only; compose.yaml leaves it out with an info note.',
    notes: {
      compose: {
        level: 'info',
        message: 'attachable only applies to overlay networks: left out of compose.yaml',
      },
    },
  },
  configNaming: {
    key: 'configs.*, secrets.*',
    compose: 'Re-read on every `up`.',
    swarm: 'Immutable once created: deploying changed content under the same name fails.',
    dockyard:
      'stack.yaml names each one `<project>_<key>_<first 12 hex of sha256(content)>`, so new content is a new object; the renderer is given the final file text to hash (an error when it is not).',
    notes: {
      swarm: {
        level: 'error',
        message:
          'the content of this file is unknown, so it cannot be named by content hash (pass contentOf)',
      },
    },
  },
  configContent: {
    key: 'configs.*.content',
    compose: 'Inline content.',
    swarm: 'Not supported: a stack config comes from a `file`.',
    dockyard: 'compose.yaml writes `content`; stack.yaml reports an error.',
    notes: {
      swarm: { level: 'error', message: 'Swarm stack files cannot inline config content; use file' },
    },
  },
  secretEnvironment: {
    key: 'secrets.*.environment',
    compose: 'Secret value from an environment variable.',
    swarm: 'Not supported: a stack secret comes from a `file`.',
    dockyard: 'compose.yaml writes `environment`; stack.yaml reports an error.',
    notes: {
      swarm: {
        level: 'error',
        message: 'Swarm stack files cannot take a secret from the environment; use file',
      },
    },
  },
} as const satisfies Record<string, TargetRule>;

/** The id of one entry of {@link targetRules}. */
export type TargetRuleId = keyof typeof targetRules;

/** Compose's `restart` as Swarm's `deploy.restart_policy.condition` (see `targetRules.restart`). */
export const SWARM_RESTART_CONDITION: Readonly<Record<Restart, NonNullable<RestartPolicy['condition']>>> = {
  no: 'none',
  always: 'any',
  'on-failure': 'on-failure',
  'unless-stopped': 'any',
};

/** The `deploy` keys compose.yaml keeps (see `targetRules.deployShared`); the rest are Swarm-only. */
export const COMPOSE_DEPLOY_KEYS: ReadonlySet<keyof Deploy> = new Set([
  'replicas',
  'resources',
  'restart_policy',
]);

/** Hex digits of the sha256 of a config's content in its Swarm name (see `targetRules.configNaming`). */
export const CONFIG_HASH_LENGTH = 12;

/** The diagnostic `rule` prescribes for `target` at `path`; `undefined` when the rule has none for it. */
export function targetNote(id: TargetRuleId, target: Target, path: ModelPath): ModelProblem | undefined {
  const rule: TargetRule = targetRules[id];
  const note = rule.notes?.[target];
  return note === undefined ? undefined : { level: note.level, path, message: note.message };
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/**
 * The differences between the targets as a Markdown table (key | Compose | Swarm | Dockyard), for the README.
 * Generated from {@link targetRules}, so the documentation cannot drift from what the renderers do.
 */
export function targetDifferencesMarkdown(): string {
  const rows = Object.values(targetRules).map(
    (rule: TargetRule) =>
      `| \`${cell(rule.key)}\` | ${cell(rule.compose)} | ${cell(rule.swarm)} | ${cell(rule.dockyard)} |`,
  );
  return ['| key | Compose | Swarm | Dockyard |', '|---|---|---|---|', ...rows, ''].join('\n');
}
