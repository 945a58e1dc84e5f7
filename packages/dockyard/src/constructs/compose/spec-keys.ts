/**
 * The camelCase prop names of the L1 Compose constructs whose Compose key is snake_case. Props are camelCase
 * like every other prop of the library; the model and the rendered files keep Compose's own keys. One table,
 * read in both directions: props to model (synthesis), model path to prop path (problems), model to props
 * (`dockyard import`).
 */
const SNAKE_CASE_KEYS = {
  dependsOn: 'depends_on',
  containerName: 'container_name',
  stopGracePeriod: 'stop_grace_period',
  readOnly: 'read_only',
  hostIp: 'host_ip',
  startPeriod: 'start_period',
  startInterval: 'start_interval',
  endpointMode: 'endpoint_mode',
  restartPolicy: 'restart_policy',
  updateConfig: 'update_config',
  rollbackConfig: 'rollback_config',
  maxReplicasPerNode: 'max_replicas_per_node',
  failureAction: 'failure_action',
  maxFailureRatio: 'max_failure_ratio',
  maxAttempts: 'max_attempts',
} as const;

const TO_PROP: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SNAKE_CASE_KEYS).map(([prop, key]) => [key, prop]),
);

// Keys whose value is a map of the user's own names (variables, labels, options): never renamed inside.
const USER_KEYS = new Set([
  'environment',
  'labels',
  'args',
  'options',
  'networks',
  'depends_on',
  'dependsOn',
]);

/** `value` with its prop names replaced by Compose keys, recursively through plain objects and arrays. */
export function toSpecKeys(value: unknown): unknown {
  return renamed(value, SNAKE_CASE_KEYS);
}

/** `value` (model data) with its Compose keys replaced by prop names: the inverse of {@link toSpecKeys}. */
export function toPropKeys(value: unknown): unknown {
  return renamed(value, TO_PROP);
}

/**
 * A model path inside one entry (`deploy.update_config.parallelism`) as the prop path the user wrote
 * (`deploy.updateConfig.parallelism`).
 */
export function propPath(modelPath: string): string {
  let user = false;
  return modelPath.replace(
    /(\.?)([A-Za-z_][A-Za-z0-9_]*)|\[[^\]]*\]/g,
    (segment, dot: string, name?: string) => {
      if (name === undefined) {
        user = false;
        return segment;
      }
      const prop = user ? name : (TO_PROP[name] ?? name);
      user = USER_KEYS.has(name) && !user;
      return `${dot}${prop}`;
    },
  );
}

function renamed(value: unknown, names: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(value)) return value.map((item) => renamed(item, names));
  if (!isPlainObject(value)) return value;
  // A loop, not Object.fromEntries(Object.entries(...).map(...)): every service's props pass through here at
  // each synthesis, and the arrays of pairs were most of what it allocated.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const inner = value[key];
    const renamedKey = Object.hasOwn(names, key) ? (names[key] as string) : key;
    const innerOut = USER_KEYS.has(key) ? inner : renamed(inner, names);
    // An own `__proto__` key stays a key, as Object.fromEntries keeps it, and does not set the prototype.
    if (renamedKey === '__proto__')
      Object.defineProperty(out, renamedKey, {
        value: innerOut,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    else out[renamedKey] = innerOut;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
