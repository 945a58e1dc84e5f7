import { Construct } from 'constructs';
import * as z from 'zod';
import { addCheck } from '../../core/checks';
import { error } from '../../core/problems';
import { parseProps, propsSchema } from '../../core/props';
import { block, type Directive, d } from '../../model/nginx/ast';
import { brand, hasBrand, misplaced, NGINX_CONFIG, NGINX_MAP, parentWith } from './brands';
import { nginxValue } from './value-input';
import { controlCharacter, literalText, type NginxValue, NginxVariableSchema, renderValue } from './values';

const variableName = NginxVariableSchema.shape.variable;

/** One entry of an {@link NginxMap}: a value of its source and what it maps to. */
export interface NginxMapEntry {
  /**
   * An exact string, or `{ regex }` (PCRE, tried in order after the exact strings; named captures become
   * variables of the value).
   */
  readonly match: string | { regex: string };
  /** What the variable is set to when `match` matches. */
  readonly value: NginxValue;
}

/** Props of an {@link NginxMap}. */
export interface NginxMapProps {
  /** The variable whose value is looked up, e.g. `http_upgrade`. */
  readonly source: string;
  /** The variable the map defines, e.g. `connection_upgrade` (`$connection_upgrade`). */
  readonly variable: string;
  /**
   * Values of `source` and what they map to, see {@link NginxMapEntry}.
   * @default []
   */
  readonly entries?: NginxMapEntry[];
  /**
   * What every other value maps to.
   * @default ''
   */
  readonly default?: NginxValue;
}

/** The schema of {@link NginxMapProps}. */
export const NginxMapPropsSchema = propsSchema<NginxMapProps>()(() =>
  z.strictObject({
    source: variableName,
    variable: variableName,
    entries: z
      .array(
        z.strictObject({
          match: z.union([
            literalText,
            z.strictObject({
              regex: z
                .string()
                .min(1)
                .refine((value) => controlCharacter(value, false) === undefined, {
                  error: 'expected a regular expression without control characters',
                }),
            }),
          ]),
          value: nginxValue,
        }),
      )
      .default([]),
    default: nginxValue.default(''),
  }),
);
type Parsed = z.output<typeof NginxMapPropsSchema>;

/**
 * A `map` in `http`: defines a variable from another one, evaluated per request when used. Its entries are
 * exact strings (a value starting with `~` would be a regex to nginx, so it is refused).
 *
 * @example new NginxMap(config, 'upgrade', { source: 'http_upgrade', variable: 'connection_upgrade', entries: [{ match: '', value: 'close' }], default: 'upgrade' });
 */
export class NginxMap extends Construct {
  /** True for an NginxMap, from any copy of the library (a brand, not `instanceof`). */
  static isNginxMap(x: unknown): x is NginxMap {
    return hasBrand(x, NGINX_MAP);
  }

  private readonly props: Parsed;

  constructor(scope: Construct, id: string, props: NginxMapProps) {
    super(scope, id);
    brand(this, NGINX_MAP);
    this.props = parseProps(this, NginxMapPropsSchema, props);
    addCheck(this, () => {
      const problems = parentWith(this, NGINX_CONFIG)
        ? []
        : [error(undefined, misplaced(this, 'an NginxMap directly inside an NginxConfig'))];
      this.props.entries.forEach((entry, i) => {
        if (
          typeof entry.match === 'string' &&
          (entry.match.startsWith('~') || entry.match.startsWith('\\'))
        ) {
          problems.push(
            error(`entries[${i}].match`, `expected an exact value, got ${JSON.stringify(entry.match)}`),
          );
        }
      });
      return problems;
    });
  }

  /** The variable this map defines, without `$`. */
  get variable(): string {
    return this.props.variable;
  }

  /** @internal The `map` block, which its NginxConfig renders. */
  toDirectives(): Directive[] {
    const { source, variable, entries } = this.props;
    const body = [
      d('default', renderValue(this.props.default)),
      ...entries.map((entry) =>
        d(typeof entry.match === 'string' ? entry.match : `~${entry.match.regex}`, renderValue(entry.value)),
      ),
    ];
    return [block('map', [`$${source}`, `$${variable}`], body)];
  }
}
