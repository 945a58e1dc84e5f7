import type { z } from 'zod';
import type { Directive } from '../../model/nginx/ast';
import { DirectiveSchema, type NginxValue, NginxValueSchema } from './values';

/**
 * {@link NginxValueSchema} with its input typed as what users write. Its literal part is a `z.ZodType<string>`,
 * whose input type is `unknown`, and `propsSchema` compares a schema's input with its props interface.
 */
export const nginxValue = NginxValueSchema as z.ZodType<NginxValue, NginxValue>;

/** {@link DirectiveSchema} with its input typed as a {@link Directive}, for the same reason. */
export const directive = DirectiveSchema as z.ZodType<Directive, Directive>;
