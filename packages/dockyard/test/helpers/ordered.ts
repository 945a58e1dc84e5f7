import { Construct } from 'constructs';

/**
 * A value as text with its keys in their order, constructs as their paths and undefined kept: equal text, equal
 * props, down to key order (what a handover test compares a pattern's props with their parse by).
 */
export function ordered(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === undefined) return '<undefined>';
    return Construct.isConstruct(inner) ? `<construct ${inner.node.path}>` : inner;
  });
}
