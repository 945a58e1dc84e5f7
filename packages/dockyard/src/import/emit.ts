import { HelperCall, type ProgramPlan, Ref, type Statement, TaskTemplateExpr, type Value } from './program';

/** biome.json's `lineWidth` and `indentWidth`: the emitted text is already what `biome format` writes. */
const WIDTH = 110;
const INDENT = '  ';

/**
 * Prints a plan as a formatted TypeScript program (biome's style: 2 spaces, single quotes, trailing commas,
 * 110 columns), so it reads well in a project that has no formatter. A test keeps `biome format` a no-op on it.
 */
export function emitProgram(plan: ProgramPlan): string {
  const lines: string[] = plan.header.map((line) => (line === '' ? '//' : `// ${line}`));
  lines.push(importLine(classesOf(plan)), '');
  for (const statement of plan.statements) {
    if (statement.comment !== undefined) {
      if (lines.at(-1) !== '') lines.push('');
      // A statement's own comment may follow a section's ("compose.yaml and stack.yaml"), one per line.
      lines.push(...statement.comment.split('\n').map((line) => `// ${line}`));
    }
    lines.push(printStatement(statement));
  }
  lines.push('', `${plan.app}.synth();`, '');
  return lines.join('\n');
}

/** Every name the program imports from `dockyard`, in biome's order. */
function classesOf(plan: ProgramPlan): string[] {
  const names = new Set<string>();
  const visit = (value: Value): void => {
    if (value instanceof HelperCall) {
      names.add(value.fn);
      value.args.forEach(visit);
    } else if (value instanceof TaskTemplateExpr) names.add('perTask');
    else if (Array.isArray(value)) (value as readonly Value[]).forEach(visit);
    else if (value !== null && typeof value === 'object' && !(value instanceof Ref)) {
      Object.values(value as Record<string, Value>).forEach(visit);
    }
  };
  for (const statement of plan.statements) {
    if (statement.kind === 'new') {
      names.add(statement.className);
      visit(statement.props);
    } else statement.args.forEach(visit);
  }
  return [...names].sort(compareNames);
}

/** biome's organizeImports order: case-insensitive, upper case first on a tie. */
export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function importLine(names: readonly string[]): string {
  const flat = `import { ${names.join(', ')} } from 'dockyard';`;
  if (flat.length <= WIDTH) return flat;
  return ['import {', ...names.map((name) => `${INDENT}${name},`), "} from 'dockyard';"].join('\n');
}

function printStatement(statement: Statement): string {
  const lead = statement.variable === undefined ? '' : `const ${statement.variable} = `;
  if (statement.kind === 'new') {
    const args: Value[] = [];
    if (statement.scope !== undefined) args.push(new Ref(statement.scope));
    if (statement.id !== undefined) args.push(statement.id);
    if (statement.props !== undefined) args.push(statement.props);
    return printCall(`${lead}new ${statement.className}(`, args, ');');
  }
  return printCall(`${lead}${statement.target}.${statement.method}(`, statement.args, ');');
}

/** A call with its arguments: on one line, else with the last argument (an object) hugged, else one per line. */
function printCall(head: string, args: readonly Value[], tail: string): string {
  const flat = args.map(flatValue);
  if (flat.every((text) => text !== undefined)) {
    const line = `${head}${flat.join(', ')}${tail}`;
    if (line.length <= WIDTH) return line;
  }
  const last = args.at(-1);
  const rest = flat.slice(0, -1);
  if (isHuggable(last) && rest.every((text) => text !== undefined)) {
    const opening = `${head}${[...rest, ''].join(', ')}`;
    const body = printValue(last, '', tail.length, true);
    if (!body.split('\n')[0]?.includes('\n') && (opening + firstLine(body)).length <= WIDTH) {
      return `${opening}${body}${tail}`;
    }
  }
  const inner = args.map((arg) => `${INDENT}${printValue(arg, INDENT, 1)},`);
  return [head, ...inner, tail].join('\n');
}

const firstLine = (text: string): string => text.split('\n')[0] ?? '';

function isHuggable(value: Value): boolean {
  return isPlainObject(value) || (Array.isArray(value) && value.length > 0);
}

const isPlainObject = (value: Value): value is { readonly [key: string]: Value } =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  !(value instanceof Ref) &&
  !(value instanceof HelperCall) &&
  !(value instanceof TaskTemplateExpr);

const entriesOf = (value: { readonly [key: string]: Value }): [string, Value][] =>
  Object.entries(value).filter(([, v]) => v !== undefined);

/** A string literal as biome writes it: single quotes unless double quotes need fewer escapes. */
export function quote(text: string): string {
  const json = JSON.stringify(text);
  const singles = (text.match(/'/g) ?? []).length;
  const doubles = (text.match(/"/g) ?? []).length;
  if (doubles < singles) return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name);
}

/**
 * biome (like prettier) always breaks an array of two or more objects that each have more than one property,
 * or of arrays with more than one element.
 */
function mustBreak(value: Value): boolean {
  if (!Array.isArray(value) || value.length < 2) return false;
  const items = value as readonly Value[];
  const objects = items.every((item) => isPlainObject(item) && entriesOf(item).length > 1);
  const arrays = items.every((item) => Array.isArray(item) && item.length > 1);
  return objects || arrays;
}

/** One-line text of a value, or undefined when it may not be written on one line. */
function flatValue(value: Value): string | undefined {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Ref) return value.variable;
  if (value instanceof TaskTemplateExpr) return taskTemplateText(value);
  if (value instanceof HelperCall) {
    const args = value.args.map(flatValue);
    return args.every((arg) => arg !== undefined) ? `${value.fn}(${args.join(', ')})` : undefined;
  }
  if (Array.isArray(value)) {
    if (mustBreak(value)) return undefined;
    const items = (value as readonly Value[]).map(flatValue);
    return items.every((item) => item !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  const entries = entriesOf(value as { readonly [key: string]: Value });
  if (entries.length === 0) return '{}';
  const parts = entries.map(([name, v]) => {
    const text = flatValue(v);
    return text === undefined ? undefined : `${key(name)}: ${text}`;
  });
  return parts.every((part) => part !== undefined) ? `{ ${parts.join(', ')} }` : undefined;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot print ${value}`);
  return String(value);
}

/**
 * The text of a value that starts at column `indent.length + prefix` and is followed by `tail` characters on its
 * last line. `expand` forces an object open (a hugged last argument).
 */
function printValue(value: Value, indent: string, tail: number, expand = false, prefix = 0): string {
  const flat = flatValue(value);
  if (!expand && flat !== undefined && indent.length + prefix + flat.length + tail <= WIDTH) return flat;
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    const items = value as readonly Value[];
    if (items.length > 0 && items.every((item) => typeof item === 'number'))
      return fillNumbers(items, indent);
    const lines = items.map((item) => `${inner}${printValue(item, inner, 1)},`);
    return ['[', ...lines, `${indent}]`].join('\n');
  }
  if (isPlainObject(value)) {
    const lines = entriesOf(value).map(([name, v]) => {
      const head = `${key(name)}: `;
      const text = printValue(v, inner, 1, false, head.length);
      // biome breaks after the colon of a long string whose key is not short.
      if (
        typeof v === 'string' &&
        inner.length + head.length + text.length + 1 > WIDTH &&
        key(name).length > INDENT.length
      ) {
        return `${inner}${key(name)}:\n${inner}${INDENT}${text},`;
      }
      return `${inner}${head}${text},`;
    });
    return ['{', ...lines, `${indent}}`].join('\n');
  }
  if (value instanceof HelperCall) {
    const args = value.args.map((arg) => `${inner}${printValue(arg, inner, 1)},`);
    return [`${value.fn}(`, ...args, `${indent})`].join('\n');
  }
  return flat ?? '';
}

/** Numbers fill lines the way biome prints a long array of numbers. */
function fillNumbers(items: readonly Value[], indent: string): string {
  const inner = indent + INDENT;
  const lines: string[] = [];
  let current = '';
  for (const item of items) {
    const text = `${numberText(item as number)},`;
    if (current === '') current = `${inner}${text}`;
    else if (current.length + 1 + text.length <= WIDTH) current += ` ${text}`;
    else {
      lines.push(current);
      current = `${inner}${text}`;
    }
  }
  lines.push(current);
  return ['[', ...lines, `${indent}]`].join('\n');
}

/** `perTask\`backend.${'Task.Slot'}\``: literal text escaped for a template literal, placeholders as holes. */
function taskTemplateText(template: TaskTemplateExpr): string {
  const body = template.parts
    .map((part) =>
      typeof part === 'string'
        ? part.replace(/[\\`]/g, (char) => `\\${char}`).replace(/\$\{/g, '\\${')
        : `\${${quote(part.placeholder)}}`,
    )
    .join('');
  const tagged = `perTask\`${body}\``;
  return template.composeValue === undefined
    ? tagged
    : `${tagged}.withComposeValue(${quote(template.composeValue)})`;
}
