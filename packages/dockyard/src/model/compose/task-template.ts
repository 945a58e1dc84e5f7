import * as z from 'zod';

/**
 * The placeholders Swarm expands per task in `hostname`, `environment` and mount sources
 * (https://docs.docker.com/reference/cli/docker/service/create/#create-services-using-templates).
 */
const swarmPlaceholderSchema = z.enum([
  'Service.ID',
  'Service.Name',
  'Node.ID',
  'Node.Hostname',
  'Task.ID',
  'Task.Name',
  'Task.Slot',
]);

/** A placeholder Swarm expands per task, e.g. `Task.Slot` (1, 2, 3... per replica). */
export type SwarmPlaceholder = z.infer<typeof swarmPlaceholderSchema>;

/** One part of a {@link TaskTemplate}: literal text, or a placeholder. */
const templatePartSchema = z.union([z.string(), z.strictObject({ placeholder: swarmPlaceholderSchema })]);

/** One part of a {@link TaskTemplate}. */
export type TemplatePart = z.infer<typeof templatePartSchema>;

/**
 * A value that differs per replica (a Swarm task), e.g. `hostname: backend.{{.Task.Slot}}`.
 *
 * It is a value type of its own, not a string containing `{{...}}`, so only the Swarm renderer can turn it
 * into a Go template and the Compose renderer can never leak one into compose.yaml: Compose has no per-replica
 * identity, so it gets `composeValue` or, without one, nothing (with a warning).
 */
export const taskTemplateSchema = z.strictObject({
  /** Literal text and placeholders, joined in order. */
  swarmTemplate: z.array(templatePartSchema).min(1),
  /**
   * What compose.yaml gets instead.
   * @default undefined — the key is left out of compose.yaml and a warning says so
   */
  composeValue: z.string().optional(),
});

/** A per-replica value (Swarm fills it in per task, e.g. the task slot). Build one with {@link perTask}. */
export type TaskTemplate = z.infer<typeof taskTemplateSchema>;

/** A plain string or a per-replica {@link TaskTemplate}: the type of the fields Swarm templates. */
export const templatableSchema = z.union([z.string(), taskTemplateSchema]);

/** A plain string or a per-replica {@link TaskTemplate}. */
export type Templatable = z.infer<typeof templatableSchema>;

/**
 * Builds a {@link TaskTemplate} from a tagged template whose holes can only be placeholders.
 *
 * @example
 * const hostname = perTask`backend.${'Task.Slot'}`;            // Swarm: backend.{{.Task.Slot}}
 * const slot = perTask`${'Task.Slot'}`.withComposeValue('1'); // Compose: "1"
 */
export function perTask(
  strings: TemplateStringsArray,
  ...placeholders: SwarmPlaceholder[]
): TaskTemplateValue {
  const parts: TemplatePart[] = [];
  strings.forEach((text, i) => {
    if (text !== '') parts.push(text);
    const placeholder = placeholders[i];
    if (placeholder !== undefined) parts.push({ placeholder });
  });
  return withComposeValueMethod({ swarmTemplate: parts });
}

/** A {@link TaskTemplate} with a fluent way to set its Compose fallback. */
export type TaskTemplateValue = TaskTemplate & {
  /** A copy of this template that renders as `value` in compose.yaml. */
  withComposeValue(value: string): TaskTemplate;
};

function withComposeValueMethod(template: TaskTemplate): TaskTemplateValue {
  // Non-enumerable, so the value stays plain data for zod, JSON and deep equality.
  return Object.defineProperty({ ...template }, 'withComposeValue', {
    enumerable: false,
    value: (composeValue: string): TaskTemplate => ({ swarmTemplate: template.swarmTemplate, composeValue }),
  }) as TaskTemplateValue;
}

/** True when `value` is a {@link TaskTemplate} rather than a plain string. */
export function isTaskTemplate(value: Templatable): value is TaskTemplate {
  return typeof value !== 'string';
}

// Swarm parses these fields as Go templates, so literal braces must be written as a template that prints them.
const LITERAL_OPEN = '{{"{{"}}';

/**
 * The Go template Swarm expands, e.g. `backend.{{.Task.Slot}}`. Literal `{{` is escaped so user text can never
 * become a template action.
 */
export function toSwarmTemplate(template: TaskTemplate): string {
  return template.swarmTemplate
    .map((part) => (typeof part === 'string' ? escapeSwarmTemplateText(part) : `{{.${part.placeholder}}}`))
    .join('');
}

/** Escapes `{{` in a plain string placed in a field Swarm expands as a template, so it stays literal. */
export function escapeSwarmTemplateText(text: string): string {
  return text.replaceAll('{{', LITERAL_OPEN);
}

/** Matches a Swarm placeholder written by hand inside a plain string, e.g. `{{.Task.Slot}}` or `{{ .Node.ID }}`. */
export const SWARM_PLACEHOLDER_IN_TEXT = /\{\{-?\s*\.(Task|Node|Service)\./;
