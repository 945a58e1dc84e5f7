import { Document, isScalar, Scalar, visit } from 'yaml';
import { escapeUnsafeForDocker, needsQuotes } from '../../../src/model/compose/yaml-text';

/**
 * toYamlText as it was before the direct printer, kept as the reference the printer must match byte for byte:
 * the yaml library's Document for the value, ambiguous strings (keys too) double-quoted, Docker-unsafe
 * characters escaped.
 */
export function libraryOracleYamlText(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && needsQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && needsQuotes(pair.key.value)) {
        pair.key.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  const written = doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true });
  const text = escapeUnsafeForDocker(written);
  return text.endsWith('\n') ? text : `${text}\n`;
}
