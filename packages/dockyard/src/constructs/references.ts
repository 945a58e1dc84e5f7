import type { IConstruct } from 'constructs';
import * as z from 'zod';
import { error, type Problem } from '../core/problems';
import { Stack } from '../core/stack';

/**
 * A zod schema for a reference to a construct of one kind. References between constructs are objects,
 * never repeated name strings: renaming a construct can then never leave a stale name behind.
 */
export function constructRef<T extends IConstruct>(kind: string, is: (x: unknown) => x is T) {
  return z.custom<T>((value) => is(value), { message: `expected ${article(kind)} ${kind} construct` });
}

/**
 * The problem of a reference from `home`'s stack to `target` in another stack, if it is one: a stack is deployed
 * alone, so such a reference cannot resolve. `kind` names what the prop expects (`a FlaskService`). Every
 * cross-stack check says it in these words.
 */
export function crossStackProblem(
  home: IConstruct,
  property: string,
  target: IConstruct,
  kind = 'construct',
): Problem | undefined {
  const ours = Stack.maybeOf(home);
  const theirs = Stack.maybeOf(target);
  if (theirs === ours) return undefined;
  return error(
    property,
    `expected ${article(kind)} ${kind} of stack "${ours?.node.path ?? '(none)'}", got ${target.node.path} from stack "${theirs?.node.path ?? '(none)'}" (a stack is deployed alone: it cannot reach constructs of another stack)`,
  );
}

/** {@link crossStackProblem} for each of `owner`'s references. */
export function crossStackProblems(
  owner: IConstruct,
  references: ReadonlyArray<{ property: string; target: IConstruct }>,
): Problem[] {
  return references.flatMap(({ property, target }) => crossStackProblem(owner, property, target) ?? []);
}

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a';
}
