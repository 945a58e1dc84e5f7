import { Document, isScalar, Scalar, visit } from 'yaml';

/** The options every Dockyard YAML file is written with: no line folding, sequences indented under their key. */
const TO_STRING_OPTIONS = { lineWidth: 0, minContentWidth: 0, indentSeq: true } as const;

// Shared sub-objects would otherwise become anchors and aliases, which nobody reading a compose file expects.
const DOCUMENT_OPTIONS = { aliasDuplicateObjects: false } as const;

/**
 * The yaml library's text for a whole value, every string `quote` accepts (keys too) double-quoted. Used for
 * what the direct printer does not write itself: values that are not plain JSON-like data, and keys YAML
 * cannot write plainly on one line.
 */
export function libraryYamlText(value: unknown, quote: (text: string) => boolean): string {
  const doc = new Document(value, DOCUMENT_OPTIONS);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && quote(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && quote(pair.key.value)) {
        pair.key.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString(TO_STRING_OPTIONS);
}

/** Where a scalar sits: the value of a mapping's pair or an item of a sequence. */
export type ScalarPlace = 'map' | 'seq';

const WRAPPER_KEY = 'k';

/**
 * The yaml library's text for one scalar inside a block collection whose items are indented by `depth` steps
 * of two spaces, without the `key: ` or `- ` before it and without a final newline. The library's choice of
 * style depends on the scalar, the indentation and whether it is a mapping value or a sequence item, never on
 * the collections around it, so the scalar is written inside the smallest document that puts it in the same
 * place: `depth` single-pair mappings around a one-item mapping or sequence. Multi-line strings (block scalars,
 * their chomping and indentation indicators) and rare numbers are written this way rather than re-derived.
 */
export function libraryScalarText(
  value: unknown,
  quoted: boolean,
  depth: number,
  place: ScalarPlace,
): string {
  const leaf = new Scalar(value);
  if (quoted) leaf.type = Scalar.QUOTE_DOUBLE;
  const doc = new Document(null, DOCUMENT_OPTIONS);
  let node: unknown = place === 'map' ? doc.createNode({ [WRAPPER_KEY]: leaf }) : doc.createNode([leaf]);
  let prefix = `${'  '.repeat(depth)}${place === 'map' ? `${WRAPPER_KEY}: ` : '- '}`;
  for (let level = depth - 1; level >= 0; level--) {
    node = doc.createNode({ [WRAPPER_KEY]: node });
    prefix = `${'  '.repeat(level)}${WRAPPER_KEY}:\n${prefix}`;
  }
  doc.contents = node as Document['contents'];
  const text = doc.toString(TO_STRING_OPTIONS);
  if (!text.startsWith(prefix) || !text.endsWith('\n')) {
    throw new Error(
      `internal error: the yaml library wrote ${JSON.stringify(text)} for a scalar at ${prefix}`,
    );
  }
  return text.slice(prefix.length, -1);
}
