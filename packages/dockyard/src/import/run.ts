import * as dockyard from '../index';
import { App } from '../pipeline/app';
import { HelperCall, type ProgramPlan, Ref, TaskTemplateExpr, type Value } from './program';

type Constructor = new (...args: unknown[]) => object;

/**
 * Runs a plan in memory, as the printed program would run: every `new` and method call in order. `appProps`
 * replace the App's own (tests point `outdir` and `baseDir` at the folder the program stands for).
 * Returns every variable the program defines.
 */
export function runProgram(plan: ProgramPlan, appProps?: dockyard.AppProps): Map<string, unknown> {
  const scope = new Map<string, unknown>();
  const library = dockyard as unknown as Record<string, unknown>;
  const resolve = (value: Value): unknown => {
    if (value instanceof Ref) {
      // `web.service`: a member of a construct (the Service inside a FlaskService).
      const [variable = '', ...members] = value.variable.split('.');
      if (!scope.has(variable)) throw new Error(`plan refers to ${variable} before defining it`);
      return members.reduce(
        (object, member) => (object as Record<string, unknown>)[member],
        scope.get(variable),
      );
    }
    if (value instanceof TaskTemplateExpr) {
      // What the tagged template in the printed program evaluates to.
      const strings: string[] = [''];
      const holes: string[] = [];
      for (const part of value.parts) {
        if (typeof part === 'string') strings[strings.length - 1] += part;
        else {
          holes.push(part.placeholder);
          strings.push('');
        }
      }
      const raw = Object.assign([...strings], { raw: [...strings] }) as unknown as TemplateStringsArray;
      const template = dockyard.perTask(
        raw,
        ...(holes as dockyard.TaskTemplate['swarmTemplate'][number][] as never[]),
      );
      return value.composeValue === undefined ? template : template.withComposeValue(value.composeValue);
    }
    if (value instanceof HelperCall) {
      const fn = library[value.fn] as (...args: unknown[]) => unknown;
      return fn(...value.args.map(resolve));
    }
    if (Array.isArray(value)) return (value as readonly Value[]).map(resolve);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, resolve(v as Value)]),
      );
    }
    return value;
  };
  for (const statement of plan.statements) {
    let result: unknown;
    if (statement.kind === 'new') {
      const Class = library[statement.className] as Constructor | undefined;
      if (Class === undefined) throw new Error(`plan uses unknown class ${statement.className}`);
      if (Class === (App as unknown))
        result = new App(appProps ?? (resolve(statement.props) as dockyard.AppProps));
      else {
        const args: unknown[] = [];
        if (statement.scope !== undefined) args.push(resolve(new Ref(statement.scope)));
        if (statement.id !== undefined) args.push(statement.id);
        if (statement.props !== undefined) args.push(resolve(statement.props));
        result = new Class(...args);
      }
    } else {
      const target = scope.get(statement.target) as Record<string, (...args: unknown[]) => unknown>;
      const method = target?.[statement.method];
      if (typeof method !== 'function')
        throw new Error(`plan calls unknown ${statement.target}.${statement.method}`);
      result = method.apply(target, statement.args.map(resolve));
    }
    if (statement.variable !== undefined) scope.set(statement.variable, result);
  }
  return scope;
}
