import type { ErrorObject } from 'ajv';

/** One complaint of a JSON-schema validator, with the instance path in dotted form (`services.web.restart`). */
export interface SchemaError {
  readonly path: string;
  readonly message: string;
}

/** ajv's errors as {@link SchemaError}s; the offending key of `additionalProperties` is named in the message. */
export function toSchemaErrors(errors: readonly ErrorObject[] | null | undefined): SchemaError[] {
  return (errors ?? []).map((error) => {
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
      .join('.');
    const extra =
      error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
    return { path, message: `${error.message ?? error.keyword}${extra}` };
  });
}
