import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { error, type Problem } from '../core/problems';
import { Stack } from '../core/stack';

/**
 * A zod schema for a reference to a construct of one kind. References between constructs are objects,
 * never repeated name strings: renaming a construct can then never leave a stale name behind.
 */
export function constructRef<T extends IConstruct>(kind: string, is: (x: unknown) => x is T) {
  const article = /^[AEIOU]/.test(kind) ? 'an' : 'a';
  return z.custom<T>((value) => is(value), { message: `expected ${article} ${kind} construct` });
}

/** Problems for references that point into another stack: a stack is deployed alone, so they cannot resolve. */
export function crossStackProblems(
  owner: IConstruct,
  references: ReadonlyArray<{ property: string; target: IConstruct }>,
): Problem[] {
  const home = Stack.maybeOf(owner);
  const problems: Problem[] = [];
  for (const { property, target } of references) {
    const theirs = Stack.maybeOf(target);
    if (theirs !== home) {
      problems.push(
        error(
          property,
          `expected a construct of stack "${home?.node.path ?? '(none)'}", got ${target.node.path} from stack "${theirs?.node.path ?? '(none)'}"`,
        ),
      );
    }
  }
  return problems;
}
