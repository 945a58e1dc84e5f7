import { formatDiagnostic } from '../core/problems';
import { Stack } from '../core/stack';
import { Template } from './template';

/** The part of jest's (pretty-format's) snapshot plugin interface this serializer implements. */
export interface SnapshotSerializer {
  /** True for the values this serializer prints. */
  test(value: unknown): boolean;
  /** The snapshot text of a value `test` accepted. */
  serialize(value: unknown, config: unknown, indentation: string): string;
}

/**
 * Prints a Stack (or a Template) in snapshots as its artifacts: a header line per file, then the file's text,
 * then any warnings; readable in a review, unlike the construct tree jest would print otherwise. A program
 * with errors throws its ValidationError, so no snapshot of a broken program is ever written.
 *
 * @example
 * expect.addSnapshotSerializer(dockyardSerializer);
 * expect(stack).toMatchSnapshot();
 */
export const dockyardSerializer: SnapshotSerializer = {
  test: (value) => Stack.isStack(value) || Template.isTemplate(value),
  serialize(value, _config, indentation) {
    const template = Template.isTemplate(value) ? value : Template.fromStack(value as Stack);
    return renderTemplate(template).split('\n').join(`\n${indentation}`);
  },
};

/** The snapshot text of a template. */
export function renderTemplate(template: Template): string {
  const files = Object.values(template.files);
  const parts = [`Stack "${template.stackName}" (${files.length} file${files.length === 1 ? '' : 's'})`];
  for (const file of files) parts.push(`=== ${file.fileName} ===\n${file.text.replace(/\n$/, '')}`);
  if (template.diagnostics.length > 0) {
    const lines = template.diagnostics.map(
      (diagnostic) => `${diagnostic.level}: ${formatDiagnostic(diagnostic)}`,
    );
    parts.push(`=== diagnostics ===\n${lines.join('\n')}`);
  }
  return parts.join('\n\n');
}
