import * as fs from 'node:fs';
import * as path from 'node:path';
import { ValidationError } from '../core/errors';
import { formatDiagnostic } from '../core/problems';
import type { Stack } from '../core/stack';
import { parseNginx } from '../model/nginx/parser';
import { printNginx } from '../model/nginx/printer';
import { STATIC_MOUNT_ROOT } from '../patterns/nginx-proxy/nginx-proxy';
import { synthesizeInMemory } from '../pipeline/synthesis';
import { type HandWrittenService, type NginxArtifact, planCompose } from './compose-plan';
import { flattenData, flattenNginx, missing } from './diff';
import { emitProgram } from './emit';
import { type NginxLevel, planNginx } from './nginx-plan';
import { formatPosition, ImportError, type ImportNote } from './problems';
import { dropUnusedVariables, Names, type ProgramPlan, Ref, type Statement, type Value } from './program';
import { cacheDifference } from './proxy-cache';
import { flaskServicesOf, planProxy } from './proxy-pattern';
import { type ComposeInput, readCompose } from './read-compose';
import { type NginxInput, readNginx } from './read-nginx';
import { runProgram } from './run';

/** What to import, and where the program will live (paths in it are relative to that folder). */
export interface ImportOptions {
  /** compose.yaml / docker-compose.yml, and optionally the stack.yaml synthesized beside it. */
  readonly yamlFiles: readonly string[];
  /** nginx.conf (or a conf.d fragment); further files are fragments added to its http context. */
  readonly nginxFiles: readonly string[];
  /** The program's path, e.g. `infra.ts`. */
  readonly programFile: string;
}

/** The imported program, as a plan and as text, with everything the user must know. */
export interface ImportResult {
  readonly plan: ProgramPlan;
  readonly text: string;
  readonly notes: readonly ImportNote[];
  readonly stackName: string;
}

const LEVELS: readonly NginxLevel[] = ['constructs', 'raw-upstreams', 'raw'];

/** Hand-written gunicorn services as FlaskServices; with an NginxProxy in front, or BackupUpstreams. */
type HandWrittenPatterns = 'hand-written-proxy' | 'hand-written-backup' | 'hand-written';

/**
 * Reads the files and plans a program. Where a part of the nginx config can be written more than one way,
 * each plan is run in memory and the most structured one that prints the input exactly is kept.
 * @throws ImportError for input that cannot be read (with file, line and column)
 */
export function importProject(options: ImportOptions): ImportResult {
  const yaml = options.yamlFiles.map((file) => readCompose(readText(file), file));
  const compose = yaml.find((input) => !input.swarm) ?? yaml[0];
  const swarm = yaml.find((input) => input !== compose && input.swarm);
  for (const input of yaml) {
    if (input !== compose && input !== swarm) {
      throw new ImportError(
        { file: input.file, line: 1, column: 1 },
        'expected one compose file (and at most one stack.yaml)',
      );
    }
  }
  const nginxInputs = options.nginxFiles.map((file) => readNginx(readText(file), file));
  const nginx = mergeNginx(nginxInputs);
  if (!compose && !nginx)
    throw new ImportError({ file: options.programFile, line: 1, column: 1 }, 'nothing to import');

  const programDir = path.dirname(path.resolve(options.programFile));
  const stackName = compose?.project.name ?? path.basename(path.dirname(path.resolve(nginx?.file ?? '.')));
  const attempt = (forceComposeOnly: boolean) => {
    type Attempt = {
      plan: ProgramPlan;
      notes: ImportNote[];
      files: Map<string, string> | undefined;
      level: NginxLevel;
      composeOnly: boolean;
      handWritten: HandWrittenService[];
      proxy: boolean;
    };
    let best: Attempt | undefined;
    const original = nginx ? printNginx(nginx.tree) : undefined;
    for (const level of nginx ? LEVELS : (['constructs'] as const)) {
      const candidate = planProgram(compose, swarm, nginx, stackName, programDir, level, forceComposeOnly);
      const files = synthesize(candidate.plan, programDir);
      best ??= { ...candidate, files, level, composeOnly: forceComposeOnly };
      if (!nginx) break;
      if (files?.get(nginxFileName(nginx)) === original) {
        best = { ...candidate, files, level, composeOnly: forceComposeOnly };
        break;
      }
    }
    return best as Attempt;
  };
  let chosen = attempt(false);
  /** Why a hand-written config in front of FlaskServices stays L1 constructs, said beside its NginxConfig. */
  let notProxy: string | undefined;
  // A compose file that Swarm cannot run (builds without images, a port bound to one address) and no
  // stack.yaml beside it: a Compose-only stack.
  if (chosen.files === undefined && compose && !compose.swarm && !swarm) {
    const composeOnlyPlan = attempt(true);
    if (composeOnlyPlan.files !== undefined) {
      chosen = composeOnlyPlan;
      chosen.notes.push({
        level: 'changed',
        at: { file: compose.file, line: 1, column: 1 },
        message: 'a Compose-only stack (targets: ["compose"]): Swarm could not deploy this file as it is',
      });
    }
  }
  // Patterns where the shape is theirs: kept only if the program writes the very same files.
  if (compose && chosen.files !== undefined) {
    const expected = JSON.stringify([...chosen.files]);
    const plan = (patterns: NonNullable<Parameters<typeof planProgram>[7]>) =>
      planProgram(compose, swarm, nginx, stackName, programDir, chosen.level, chosen.composeOnly, patterns);
    for (const patterns of ['backup', 'flask'] as const) {
      const withPatterns = plan(patterns);
      // A pattern that cannot be built here (an id taken, a prop it refuses) is simply not used.
      const files = synthesizeOrUndefined(withPatterns.plan, programDir);
      if (files !== undefined && JSON.stringify([...files]) === expected) {
        chosen = { ...chosen, ...withPatterns, files };
        break;
      }
    }
    // Hand-written gunicorn services as FlaskServices: the files change (FlaskService's command, health
    // check, rolling updates), so these are kept when the program validates, and the differences are listed
    // as deliberate changes.
    for (const patterns of ['hand-written-proxy', 'hand-written-backup', 'hand-written'] as const) {
      const improved = plan(patterns);
      if (improved.handWritten.length === 0) break;
      if (patterns === 'hand-written-proxy') {
        notProxy = improved.proxyReason;
        if (!improved.proxy) continue;
        const files = synthesizeOrUndefined(improved.plan, programDir);
        const notes =
          files &&
          differences(
            improved.plan,
            programDir,
            stackName,
            compose,
            swarm,
            nginx,
            improved.handWritten,
            true,
          );
        // The proxy is kept only when nothing of the input is lost (its additions are listed).
        if (files && notes && !notes.some((note) => note.level !== 'changed')) {
          chosen = { ...chosen, ...improved, files };
          break;
        }
        const lost = notes?.find((note) => note.level !== 'changed');
        notProxy = lost ? `it would lose ${lost.message}` : 'it does not validate';
        continue;
      }
      const files = synthesizeOrUndefined(improved.plan, programDir);
      if (
        files !== undefined &&
        (nginx === undefined || files.get(nginxFileName(nginx)) === chosen.files?.get(nginxFileName(nginx)))
      ) {
        chosen = { ...chosen, ...improved, files };
        break;
      }
    }
  }
  if (!chosen.proxy && notProxy)
    chosen.plan = withNginxComment(chosen.plan, `not an NginxProxy: ${notProxy}`);
  if (nginx && compose && !mountsNginx(chosen.plan)) {
    chosen.notes.push({
      level: 'warning',
      at: { file: nginx.file, line: 1, column: 1 },
      message:
        'no service mounts this nginx config (a config or bind mount of it), so the nginx.conf Dockyard writes is not used: an image that COPYs it keeps its own; mount it with a Config of artifact "nginx.conf"',
    });
  }
  const notes = [
    ...(compose?.notes ?? []),
    ...(swarm?.notes ?? []),
    ...(nginx?.notes ?? []),
    ...chosen.notes,
  ];
  notes.push(
    ...differences(
      chosen.plan,
      programDir,
      stackName,
      compose,
      swarm,
      nginx,
      chosen.handWritten,
      chosen.proxy,
    ),
  );
  const plan: ProgramPlan = dropUnusedVariables({ ...chosen.plan, header: header(options, notes) });
  return { plan, text: emitProgram(plan), notes, stackName };
}

/** The plan with `line` added to the comment above its NginxConfig. */
function withNginxComment(plan: ProgramPlan, line: string): ProgramPlan {
  const statements = plan.statements.map((statement) =>
    statement.kind === 'new' && statement.className === 'NginxConfig'
      ? { ...statement, comment: [statement.comment, line].filter(Boolean).join('\n') }
      : statement,
  );
  return { ...plan, statements };
}

/** True when a Config of the plan carries the nginx artifact (or an NginxProxy mounts its own). */
function mountsNginx(plan: ProgramPlan): boolean {
  return plan.statements.some(
    (statement) =>
      (statement.kind === 'new' && statement.className === 'NginxProxy') ||
      (statement.kind === 'new' &&
        statement.className === 'Config' &&
        typeof statement.props === 'object' &&
        statement.props !== null &&
        'artifact' in statement.props),
  );
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (failure) {
    const reason = (failure as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(failure);
    throw new ImportError({ file, line: 1, column: 1 }, `cannot read: ${reason}`);
  }
}

function mergeNginx(inputs: readonly NginxInput[]): NginxInput | undefined {
  const [first, ...more] = inputs;
  if (!first) return undefined;
  if (more.length === 0) return first;
  const tree = first.tree.map((directive) =>
    directive.name === 'http'
      ? { ...directive, block: [...(directive.block ?? []), ...more.flatMap((input) => httpOf(input))] }
      : directive,
  );
  return { ...first, tree, notes: inputs.flatMap((input) => input.notes) };
}

const httpOf = (input: NginxInput) => input.tree.find((directive) => directive.name === 'http')?.block ?? [];

const nginxFileName = (nginx: NginxInput): string =>
  nginx.fragment ? 'nginx.conf' : path.basename(nginx.file) || 'nginx.conf';

/**
 * The imported nginx config as a file of the stack, with the bind mounts it replaces: the file itself
 * (`./nginx.conf:/etc/nginx/nginx.conf`, `./default.conf:/etc/nginx/conf.d/default.conf`) and, for a
 * fragment, its folder (`./conf.d:/etc/nginx/conf.d`).
 */
function nginxArtifact(nginx: NginxInput): NginxArtifact {
  const absolutePath = path.resolve(nginx.file);
  const folders = nginx.fragment ? [path.dirname(absolutePath)] : [];
  return { absolutePath, fileName: nginxFileName(nginx), folders };
}

function planProgram(
  compose: ComposeInput | undefined,
  swarm: ComposeInput | undefined,
  nginx: NginxInput | undefined,
  stackName: string,
  programDir: string,
  level: NginxLevel,
  forceComposeOnly: boolean,
  patterns: false | 'flask' | 'backup' | HandWrittenPatterns = false,
): {
  plan: ProgramPlan;
  notes: ImportNote[];
  handWritten: HandWrittenService[];
  proxy: boolean;
  /** Why the hand-written nginx config is not an NginxProxy (with `hand-written-proxy`). */
  proxyReason?: string | undefined;
} {
  const names = new Names();
  const notes: ImportNote[] = [];
  const app = names.variable('app');
  const stack = names.variable(stackName, 'stack');
  const statements: Statement[] = [
    { kind: 'new', variable: app, className: 'App' },
    {
      kind: 'new',
      variable: stack,
      className: 'Stack',
      scope: app,
      id: stackName,
      props: forceComposeOnly || composeOnly(compose, swarm) ? { targets: ['compose'] } : undefined,
    },
  ];
  const artifact = nginx && nginxArtifact(nginx);
  if (nginx) {
    const fileName = nginxFileName(nginx);
    const at = { file: nginx.file, line: 1, column: 1 };
    const nginxPlan = planNginx(nginx.tree, fileName, stack, names, level, at);
    notes.push(...nginxPlan.notes);
    statements.push(...nginxPlan.statements);
  }
  let handWritten: HandWrittenService[] = [];
  if (compose) {
    const inputDir = path.dirname(path.resolve(compose.file));
    const planned = planCompose(
      compose,
      swarm,
      stack,
      names,
      { inputDir, programDir },
      artifact,
      notes,
      patterns === false ? false : patterns.startsWith('hand-written') ? 'hand-written' : 'exact',
    );
    handWritten = planned.handWritten;
    const composeStatements = planned.statements;
    if (composeStatements[0])
      composeStatements[0] = {
        ...composeStatements[0],
        comment: ['compose.yaml and stack.yaml', composeStatements[0].comment].filter(Boolean).join('\n'),
      };
    statements.push(...composeStatements);
  }
  let proxy = false;
  let proxyReason: string | undefined;
  if (patterns === 'hand-written-proxy' && compose && nginx) {
    const planned = planProxy(
      nginx.tree,
      compose.project,
      statements,
      flaskServicesOf(statements),
      stack,
      names,
      (source) => {
        const absolute = path.resolve(path.dirname(path.resolve(compose.file)), source);
        return artifact !== undefined && [artifact.absolutePath, ...artifact.folders].includes(absolute);
      },
    );
    if (!('statements' in planned)) proxyReason = planned.reason;
    else {
      const kept = statements.filter((statement) => !planned.replaces.has(statement));
      statements.splice(0, statements.length, ...kept, ...planned.statements);
      proxy = true;
      const at = { file: nginx.file, line: 1, column: 1 };
      for (const message of planned.warnings) notes.push({ level: 'warning', at, message });
    }
  }
  if (patterns === 'backup' || patterns === 'hand-written-backup')
    statements.push(...backupUpstreams(statements, stack));
  return { plan: { header: [], statements, app }, notes, handWritten, proxy, proxyReason };
}

/**
 * The backup servers at the end of an upstream that are FlaskServices of the program become BackupUpstreams
 * (which append them, marked `backup`): seed 001's "the third service only while both are down".
 */
function backupUpstreams(statements: Statement[], stack: string): Statement[] {
  const flask = new Map<string, { variable: string; port: number }>();
  for (const statement of statements) {
    if (statement.kind === 'new' && statement.className === 'FlaskService' && statement.variable) {
      const props = statement.props as { port?: number };
      flask.set(statement.id as string, { variable: statement.variable, port: props.port ?? 8000 });
    }
  }
  const added: Statement[] = [];
  const ids = new Set(
    statements
      .filter((statement) => statement.kind === 'new' && statement.scope === stack)
      .map((s) => s.kind === 'new' && s.id),
  );
  const uniqueId = (base: string): string => {
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  statements.forEach((statement, index) => {
    if (statement.kind !== 'new' || statement.className !== 'Upstream' || !statement.variable) return;
    const props = statement.props as { servers: Record<string, unknown>[] };
    const servers = [...props.servers];
    const backups: string[] = [];
    for (;;) {
      const last = servers.at(-1);
      const match = last && flask.get(String(last.host));
      const keys = last ? Object.keys(last).sort().join() : '';
      if (!last || !match || match.port !== last.port || keys !== 'backup,host,port' || servers.length === 1)
        break;
      backups.unshift(match.variable);
      servers.pop();
    }
    if (backups.length === 0) return;
    statements[index] = { ...statement, props: { ...props, servers } as Value };
    added.push({
      kind: 'new',
      className: 'BackupUpstream',
      scope: stack,
      id: uniqueId(`${statement.id}-backup`),
      props:
        backups.length === 1
          ? { upstream: new Ref(statement.variable), service: new Ref(backups[0] as string) }
          : { upstream: new Ref(statement.variable), services: backups.map((variable) => new Ref(variable)) },
      comment: 'backup servers, used only while every other server is down',
    });
  });
  return added;
}

/**
 * A compose file that builds images without naming them cannot be a Swarm stack (Swarm deploys images), so
 * without a stack.yaml it becomes a Compose-only stack.
 */
function composeOnly(compose: ComposeInput | undefined, swarm: ComposeInput | undefined): boolean {
  if (!compose || compose.swarm || swarm) return false;
  return Object.values(compose.project.services).some((service) => service.build && !service.image);
}

/** {@link synthesize}, with a plan that cannot be built (a prop a construct refuses) as undefined. */
function synthesizeOrUndefined(plan: ProgramPlan, programDir: string): Map<string, string> | undefined {
  try {
    return synthesize(plan, programDir);
  } catch {
    return undefined;
  }
}

/** The URL paths of the plan's `proxy.addStatic(path, ...)` calls. */
function staticPaths(plan: ProgramPlan): string[] {
  return plan.statements.flatMap((statement) =>
    statement.kind === 'call' && statement.method === 'addStatic' ? [String(statement.args[0])] : [],
  );
}

/** Why a directive of a hand-written config NginxProxy writes otherwise is deliberate, or undefined. */
function proxyChange(line: string, statics: readonly string[]): string | undefined {
  const location = /^http > server > location (?:\^~ )?(\/[^ ]*?)\/?( \{\}| > (alias|expires) .*)$/.exec(
    line,
  );
  if (location && statics.includes(location[1] as string))
    return `proxy.addStatic serves the FlaskService's static-files volume, mounted at ${STATIC_MOUNT_ROOT}/<service>, as location ^~ ${location[1]}/`;
  if (/^http > server > location [^>]+ > proxy_pass http:\/\/[^/:]+:\d+\/?$/.test(line))
    return 'the FlaskService is proxied through an upstream of its own, named after it';
  if (/ > proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for$/.test(line))
    return 'an edge proxy overwrites X-Forwarded-For with the client address, which a client cannot forge; trustForwardedFor keeps the chain';
  if (/ > proxy_redirect off$/.test(line))
    return "nginx's default, which rewrites only redirects naming the upstream";
  if (
    /^http > upstream [^ ]+ > server [^ ]+( (weight|max_fails|fail_timeout|max_conns)=[^ ]+| down| backup)*$/.test(
      line,
    )
  )
    return "the server line gains what the proxy's DNS strategy needs to follow the replicas' addresses";
  if (line === 'http > server > server_tokens off') return 'set once for every server, in http';
  const cache = cacheDifference(line);
  if (cache) return cache;
  if (/^http > server > listen \d+$/.test(line)) return 'the proxy answers every host name (default_server)';
  return undefined;
}

/** Runs a plan as the program would (outdir `dist` beside it) and returns its files, or undefined if invalid. */
export function synthesize(plan: ProgramPlan, programDir: string): Map<string, string> | undefined {
  const scope = runProgram(plan, { outdir: 'dist', baseDir: programDir });
  const stacks = plan.statements
    .filter((statement) => statement.kind === 'new' && statement.className === 'Stack')
    .map((statement) => scope.get(statement.variable as string) as Stack);
  const first = stacks[0];
  if (!first) return undefined;
  try {
    const { files } = synthesizeInMemory(first.node.root, stacks);
    return new Map(files.map((file) => [file.fileName, file.text]));
  } catch (failure) {
    if (failure instanceof ValidationError) return undefined;
    throw failure;
  }
}

/** What the program writes differently from the input, read back through the same readers. */
function differences(
  plan: ProgramPlan,
  programDir: string,
  stackName: string,
  compose: ComposeInput | undefined,
  swarm: ComposeInput | undefined,
  nginx: NginxInput | undefined,
  handWritten: readonly HandWrittenService[],
  proxy = false,
): ImportNote[] {
  const notes: ImportNote[] = [];
  const proxyService = plan.statements.find(
    (statement) => statement.kind === 'new' && statement.className === 'NginxProxy',
  );
  const flaskChange = flaskChanges(
    handWritten,
    proxy ? (proxyService as { id?: string } | undefined)?.id : undefined,
  );
  let files: Map<string, string> | undefined;
  try {
    files = synthesize(plan, programDir);
  } catch {
    files = undefined;
  }
  if (files === undefined) {
    const at = { file: compose?.file ?? nginx?.file ?? '.', line: 1, column: 1 };
    notes.push({
      level: 'warning',
      at,
      message: `the imported program does not validate: ${validationMessage(plan, programDir)}`,
    });
    return notes;
  }
  for (const input of [compose, swarm]) {
    if (!input) continue;
    const fileName = input.swarm ? 'stack.yaml' : 'compose.yaml';
    const text = files.get(fileName);
    if (text === undefined) continue;
    const output = path.join(programDir, 'dist', stackName, fileName);
    const back = readCompose(text, output).project;
    const inputDir = path.dirname(path.resolve(input.file));
    const replaced = nginx ? withoutNginxMounts(input, inputDir, nginxArtifact(nginx)) : undefined;
    if (replaced) notes.push(...replaced.notes);
    const before = flattenData(comparable(replaced?.project ?? input.project, inputDir, input.swarm));
    const after = flattenData(comparable(back, path.dirname(output), input.swarm));
    const at = { file: input.file, line: 1, column: 1 };
    // A hand-written service's deliberate changes, one note per setting and reason (not one per value).
    const grouped = new Map<string, { level: 'changed'; message: string; at: ImportNote['at'] }>();
    const group = ({ setting, reason }: { setting: string; reason: string }, added: boolean) => {
      const key = `${setting}\0${reason}`;
      const existing = grouped.get(key);
      if (existing) {
        // Values both removed and added: the setting changes.
        if (!added === existing.message.includes(' adds '))
          existing.message = `${fileName} changes ${setting} (${reason})`;
        return;
      }
      grouped.set(key, {
        level: 'changed',
        at: input.positionOf(setting.split('.')),
        message: `${fileName} ${added ? 'adds' : 'drops'} ${setting} (${reason})`,
      });
    };
    for (const line of missing(before, after)) {
      const driver = /^networks\.[^.]+\.driver = /.test(line);
      const condition = /^services\.[^.]+\.depends_on\.[^.]+\.condition = /.test(line);
      const flask = flaskChange(line);
      if (flask) {
        group(flask, false);
        continue;
      }
      const level = driver || condition ? 'changed' : 'lost';
      const why = driver
        ? ' (each file gets the driver its target runs)'
        : condition
          ? ' (a dependency with a health check is awaited until healthy)'
          : '';
      notes.push({ level, at, message: `${fileName}: ${line}${why}` });
    }
    for (const line of missing(after, before)) {
      const flask = flaskChange(line);
      if (flask) group(flask, true);
      else notes.push({ level: 'changed', at, message: `${fileName} adds: ${line}` });
    }
    notes.push(...grouped.values());
  }
  if (nginx) {
    const text = files.get(nginxFileName(nginx));
    if (text !== undefined && text !== printNginx(nginx.tree)) {
      const before = flattenNginx(nginx.tree);
      const after = flattenNginx(parseNginx(text));
      const at = { file: nginx.file, line: 1, column: 1 };
      for (const line of missing(before, after)) {
        const why = proxy ? proxyChange(line, staticPaths(plan)) : undefined;
        notes.push(
          why
            ? { level: 'changed', at, message: `nginx: ${line} (${why})` }
            : { level: 'lost', at, message: `nginx: ${line}` },
        );
      }
      const added = missing(after, before);
      if (!proxy)
        for (const line of added) notes.push({ level: 'changed', at, message: `nginx adds: ${line}` });
      else {
        // NginxProxy's defaults (forwarded and security headers, timeouts, failover, gzip, its health
        // server...): one note per context instead of one per directive.
        const contexts = new Map<string, string[]>();
        for (const line of added) {
          const cut = line.lastIndexOf(' > ');
          const context = cut < 0 ? 'main' : line.slice(0, cut);
          contexts.set(context, [...(contexts.get(context) ?? []), cut < 0 ? line : line.slice(cut + 3)]);
        }
        for (const [context, directives] of contexts) {
          notes.push({
            level: 'changed',
            at,
            message: `nginx adds (NginxProxy's defaults) in ${context}: ${directives.join('; ')}`,
          });
        }
      }
    }
  }
  return notes;
}

/**
 * Why a difference in a hand-written gunicorn service that became a FlaskService is deliberate, or undefined
 * for one that is not (a real loss).
 */
function flaskChanges(
  converted: readonly HandWrittenService[],
  proxy: string | undefined,
): (line: string) => { setting: string; reason: string } | undefined {
  const proxyReasons: ReadonlyArray<readonly [RegExp, string]> = [
    [/^configs\b/, 'NginxProxy mounts the nginx.conf it writes'],
    [/^healthcheck\b/, 'NginxProxy adds a health check that asks nginx itself, not the apps'],
    [/^(restart|deploy\.restart_policy)\b/, 'NginxProxy restarts nginx when it exits'],
    [/^depends_on\b/, 'NginxProxy starts once its backends answer their health checks'],
    [/^volumes\b/, `NginxProxy mounts each FlaskService's static files at ${STATIC_MOUNT_ROOT}/<service>`],
  ];
  const services = converted.map((entry) => entry.service);
  const volumes = converted.flatMap((entry) =>
    entry.logVolume ? [entry.logVolume, `${entry.service}_logs`] : [],
  );
  const logVolume = 'the per-replica log volume is keyed <service>_logs; its name stays';
  const reasons: ReadonlyArray<readonly [RegExp, string]> = [
    [/^(command|entrypoint)\b/, "FlaskService writes gunicorn's command in exec form, with its access log"],
    [
      /^stop_grace_period\b/,
      'FlaskService keeps a stopping replica serving until nginx has re-resolved, then lets gunicorn finish',
    ],
    [/^healthcheck\b/, 'FlaskService adds a health check, so nginx and depends_on can tell a dead replica'],
    [/^(restart|deploy\.restart_policy)\b/, 'FlaskService restarts a replica that exits'],
    [/^expose\b/, "FlaskService exposes gunicorn's port"],
    [/^deploy\.replicas\b/, 'FlaskService states its replica count'],
    [/^deploy\.(update_config|rollback_config)\b/, 'FlaskService rolls updates one replica at a time'],
    [/^volumes\b/, logVolume],
    [/^environment\.STATIC_DIR\b/, 'FlaskService tells the app where it writes its static files'],
  ];
  return (line) => {
    const match = /^services\.([^.[]+)\.(.*)$/.exec(line);
    if (match && match[1] === proxy) {
      for (const [pattern, reason] of proxyReasons) {
        const prefix = pattern.exec(match[2] as string);
        if (prefix) return { setting: `services.${match[1]}.${prefix[0]}`, reason };
      }
      return undefined;
    }
    const config = /^configs\.([^.[]+)\./.exec(line);
    if (proxy && config)
      return { setting: `configs.${config[1]}`, reason: 'the nginx.conf NginxProxy writes' };
    if (match && services.includes(match[1] as string)) {
      for (const [pattern, reason] of reasons) {
        const prefix = pattern.exec(match[2] as string);
        if (prefix) return { setting: `services.${match[1]}.${prefix[0]}`, reason };
      }
      return undefined;
    }
    // The log volume FlaskService declares in place of the file's (the same Docker name).
    const volume = /^volumes\.([^.[]+)\.name\b/.exec(line);
    if (volume && volumes.includes(volume[1] as string))
      return { setting: `volumes.${volume[1]}`, reason: logVolume };
    return undefined;
  };
}

/**
 * The input without its bind mounts of the imported nginx config (the file or its conf.d folder): the
 * program mounts the nginx.conf it writes as a config instead (compose-plan), which each note says.
 */
function withoutNginxMounts(
  input: ComposeInput,
  inputDir: string,
  artifact: NginxArtifact,
): { project: ComposeInput['project']; notes: ImportNote[] } {
  const notes: ImportNote[] = [];
  const replaced = [artifact.absolutePath, ...artifact.folders];
  const services = Object.fromEntries(
    Object.entries(input.project.services).map(([key, service]) => {
      if (!service.volumes) return [key, service];
      const volumes = service.volumes.filter((mount, index) => {
        if (mount.type !== 'bind' || !replaced.includes(path.resolve(inputDir, mount.source))) return true;
        notes.push({
          level: 'changed',
          at: input.positionOf(['services', key, 'volumes', index]),
          message: `the bind mount of ${mount.source} at ${mount.target} becomes a config of the generated ${artifact.fileName} at /etc/nginx/nginx.conf (Dockyard writes the whole nginx.conf)`,
        });
        return false;
      });
      const { volumes: _, ...rest } = service;
      return [key, volumes.length > 0 ? { ...service, volumes } : rest];
    }),
  );
  return { project: { ...input.project, services }, notes };
}

/**
 * The model with paths made absolute (each file's are relative to itself) and, for a Swarm file, without the
 * names Dockyard gives configs and secrets by content hash.
 */
function comparable(project: ComposeInput['project'], folder: string, swarm: boolean): unknown {
  const absolute = (source: string): string =>
    source.startsWith('~') || path.isAbsolute(source) ? source : path.resolve(folder, source);
  const services = Object.fromEntries(
    Object.entries(project.services).map(([key, service]) => [
      key,
      {
        ...service,
        ...(service.build ? { build: { ...service.build, context: absolute(service.build.context) } } : {}),
        // Compose's default condition, written out so that only a different one shows.
        ...(service.depends_on
          ? {
              depends_on: Object.fromEntries(
                Object.entries(service.depends_on).map(([other, entry]) => [
                  other,
                  { condition: entry.condition ?? 'service_started' },
                ]),
              ),
            }
          : {}),
        ...(service.volumes
          ? {
              volumes: service.volumes.map((mount) =>
                mount.type === 'bind' ? { ...mount, source: absolute(mount.source) } : mount,
              ),
            }
          : {}),
      },
    ]),
  );
  const files = (section: Record<string, { file?: string; name?: string }> | undefined) =>
    section &&
    Object.fromEntries(
      Object.entries(section).map(([key, entry]) => {
        const { name, ...rest } = entry;
        return [
          key,
          {
            ...rest,
            ...(rest.file ? { file: absolute(rest.file) } : {}),
            ...(swarm || !name ? {} : { name }),
          },
        ];
      }),
    );
  return {
    ...project,
    services,
    configs: files(project.configs as never),
    secrets: files(project.secrets as never),
  };
}

function validationMessage(plan: ProgramPlan, programDir: string): string {
  try {
    const scope = runProgram(plan, { outdir: 'dist', baseDir: programDir });
    const stack = [...scope.values()].find((value) => (value as { stackName?: string }).stackName) as Stack;
    synthesizeInMemory(stack.node.root, [stack]);
    return 'unknown';
  } catch (failure) {
    if (failure instanceof ValidationError) {
      return failure.diagnostics
        .filter((diagnostic) => diagnostic.level === 'error')
        .map(formatDiagnostic)
        .join('; ');
    }
    return String(failure);
  }
}

function header(options: ImportOptions, notes: readonly ImportNote[]): string[] {
  const inputs = [...options.yamlFiles, ...options.nginxFiles].map((file) => path.basename(file)).join(', ');
  const lines = [`Imported by \`dockyard import\` from ${inputs}.`];
  const lost = notes.filter((note) => note.level !== 'changed');
  const changed = notes.filter((note) => note.level === 'changed');
  if (lost.length === 0) lines.push('Everything in the input was carried over.');
  else {
    lines.push('Not carried over, or to check:');
    for (const note of lost) lines.push(`- ${shortPosition(note)}: ${note.level}: ${note.message}`);
  }
  if (changed.length > 0) {
    lines.push('Changed on purpose (Dockyard defaults and long syntax):');
    for (const note of changed) lines.push(`- ${shortPosition(note)}: ${note.message}`);
  }
  return lines.flatMap((line) => wrapComment(line));
}

const shortPosition = (note: ImportNote): string =>
  formatPosition({ ...note.at, file: path.basename(note.at.file) });

/** Comment lines no longer than the formatter's width (a long word stays whole). */
function wrapComment(line: string): string[] {
  const max = 106;
  if (line.length <= max) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > max) {
      out.push(current);
      current = `  ${word}`;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  out.push(current);
  return out;
}
