/**
 * The importer's plan of a Dockyard program: construct creations and method calls with props as plain data.
 * One plan is both printed as TypeScript ({@link emitProgram}) and run in memory ({@link runProgram}), so the
 * tests can prove that what is printed synthesizes the input.
 */

/** A reference to a variable of the program (a construct created earlier). */
export class Ref {
  constructor(readonly variable: string) {}
}

/** A call of one of Dockyard's value helpers, e.g. `perTask('web.', 'Task.Slot')` or `nginxVar('host')`. */
export class HelperCall {
  constructor(
    readonly fn: 'perTask' | 'nginxVar',
    readonly args: readonly Value[],
  ) {}
}

/**
 * A per-replica value as `perTask\`backend.${'Task.Slot'}\`` (with `.withComposeValue('x')` when compose.yaml
 * has a value of its own).
 */
export class TaskTemplateExpr {
  constructor(
    readonly parts: readonly (string | { readonly placeholder: string })[],
    readonly composeValue?: string,
  ) {}
}

/** Props as data: JSON-like values, references and helper calls; `undefined` entries are left out. */
export type Value =
  | null
  | undefined
  | boolean
  | number
  | string
  | Ref
  | HelperCall
  | TaskTemplateExpr
  | readonly Value[]
  | { readonly [key: string]: Value };

/** `const variable = new className(scope, id, props);` (App: no scope and no id). */
export interface NewStatement {
  readonly kind: 'new';
  readonly variable?: string;
  readonly className: string;
  readonly scope?: string;
  readonly id?: string;
  readonly props?: Value;
  /** A comment line above the statement. */
  readonly comment?: string;
}

/** `const variable = target.method(...args);` */
export interface CallStatement {
  readonly kind: 'call';
  readonly variable?: string;
  readonly target: string;
  readonly method: string;
  readonly args: readonly Value[];
  readonly comment?: string;
}

export type Statement = NewStatement | CallStatement;

/** A whole program: a comment block, then statements in order, then `app.synth()`. */
export interface ProgramPlan {
  /** Lines of the comment block at the top (without `//`). */
  readonly header: readonly string[];
  readonly statements: readonly Statement[];
  /** The variable of the App whose `synth()` ends the program. */
  readonly app: string;
}

/** Variable names from ids: valid identifiers in camelCase, never a keyword or a name already taken. */
export class Names {
  private readonly taken = new Set<string>(['App', 'Stack', 'perTask', 'nginxVar', ...RESERVED]);

  /** A fresh variable name for `id` (e.g. `flask-app` gives `flaskApp`, a clash `flaskApp2`). */
  variable(id: string, suffix = ''): string {
    const words = id.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
    let base = words
      .map((word, i) =>
        i === 0 ? word[0]?.toLowerCase() + word.slice(1) : word[0]?.toUpperCase() + word.slice(1),
      )
      .join('');
    if (suffix && !base.toLowerCase().endsWith(suffix.toLowerCase()))
      base += suffix[0]?.toUpperCase() + suffix.slice(1);
    if (base === '' || /^[0-9]/.test(base)) base = `v${base}`;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}${n}`;
    this.taken.add(name);
    return name;
  }

  /** Marks a name as used (e.g. a class the program imports). */
  reserve(name: string): void {
    this.taken.add(name);
  }
}

const RESERVED = [
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'as',
  'implements',
  'interface',
  'let',
  'package',
  'private',
  'protected',
  'public',
  'static',
  'yield',
  'await',
  'any',
  'boolean',
  'constructor',
  'declare',
  'get',
  'module',
  'require',
  'number',
  'set',
  'string',
  'symbol',
  'type',
  'from',
  'of',
  'undefined',
  'NaN',
  'Infinity',
  'arguments',
  'eval',
  'process',
  'console',
  'require',
];

/** The plan without `const x =` for variables nothing refers to (the App's is kept: it ends the program). */
export function dropUnusedVariables(plan: ProgramPlan): ProgramPlan {
  const used = new Set<string>([plan.app]);
  const visit = (value: Value): void => {
    if (value instanceof Ref) used.add(value.variable.split('.')[0] ?? value.variable);
    else if (value instanceof HelperCall) value.args.forEach(visit);
    else if (value instanceof TaskTemplateExpr) return;
    else if (Array.isArray(value)) (value as readonly Value[]).forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const v of Object.values(value)) visit(v as Value);
    }
  };
  for (const statement of plan.statements) {
    if (statement.kind === 'new') {
      if (statement.scope !== undefined) used.add(statement.scope);
      visit(statement.props);
    } else {
      used.add(statement.target);
      statement.args.forEach(visit);
    }
  }
  const statements = plan.statements.map((statement) => {
    if (statement.variable === undefined || used.has(statement.variable)) return statement;
    const { variable: _unused, ...rest } = statement;
    return rest as Statement;
  });
  return { ...plan, statements };
}
