import { Construct } from 'constructs';
import * as z from 'zod';
import { addCheck } from '../../core/checks';
import { error } from '../../core/problems';
import { parseProps, propsSchema } from '../../core/props';
import { type Directive, d } from '../../model/nginx/ast';
import { brand, hasBrand, misplaced, NGINX_CACHE_ZONE, NGINX_CONFIG, parentWith } from './brands';
import { absolutePath, nginxName, secondsSchema, sizeSchema } from './values';

/** Props of a {@link CacheZone}. */
export interface CacheZoneProps {
  /**
   * The zone's name (`keys_zone=NAME:SIZE`, `proxy_cache NAME`).
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Where cached responses are stored, inside the nginx container.
   * @default '/var/cache/nginx/<name>' (the official image's cache folder)
   */
  readonly path?: string;
  /**
   * Subfolder levels of the cache folder, e.g. `1:2`.
   * @default '1:2'
   */
  readonly levels?: string;
  /**
   * Shared memory for the keys; 1m holds about 8000 keys.
   * @default '10m'
   */
  readonly keysZoneSize?: string;
  /**
   * Upper bound of the cache on disk; nginx evicts the least recently used entries beyond it.
   * @default '1g'
   */
  readonly maxSize?: string;
  /**
   * Entries not requested for this long are removed, fresh or not.
   * @default '60m'
   */
  readonly inactive?: string;
}

/** The schema of {@link CacheZoneProps}. */
export const CacheZonePropsSchema = propsSchema<CacheZoneProps>()(() =>
  z.strictObject({
    name: nginxName.optional(),
    path: absolutePath.optional(),
    levels: z
      .string()
      .regex(/^[12](:[12]){0,2}$/, { error: 'expected levels such as "1:2"' })
      .default('1:2'),
    keysZoneSize: sizeSchema.default('10m'),
    maxSize: sizeSchema.default('1g'),
    inactive: secondsSchema.default('60m'),
  }),
);
type Parsed = z.output<typeof CacheZonePropsSchema>;

/**
 * A response cache (`proxy_cache_path` in `http`); locations refer to it to cache what they proxy.
 *
 * @example
 * const cache = new CacheZone(config, 'dockyard', { maxSize: '1g', inactive: '60m' });
 */
export class CacheZone extends Construct {
  /** True for a CacheZone, from any copy of the library (a brand, not `instanceof`). */
  static isCacheZone(x: unknown): x is CacheZone {
    return hasBrand(x, NGINX_CACHE_ZONE);
  }

  /** The zone's name, which locations name in `proxy_cache`. @default the construct id */
  readonly name: string;
  /** The folder nginx keeps the cached responses in (`proxy_cache_path`). */
  readonly path: string;
  private readonly props: Parsed;

  constructor(scope: Construct, id: string, props: CacheZoneProps = {}) {
    super(scope, id);
    brand(this, NGINX_CACHE_ZONE);
    this.props = parseProps(this, CacheZonePropsSchema, props);
    this.name = this.props.name ?? id;
    this.path = this.props.path ?? `/var/cache/nginx/${this.name}`;
    addCheck(this, () =>
      parentWith(this, NGINX_CONFIG)
        ? []
        : [error(undefined, misplaced(this, 'a CacheZone directly inside an NginxConfig'))],
    );
  }

  /** The config this zone belongs to (undefined outside one: an error at synth). */
  get config(): Construct | undefined {
    return parentWith(this, NGINX_CONFIG) as Construct | undefined;
  }

  /** `proxy_cache_path PATH levels=.. keys_zone=NAME:SIZE max_size=.. inactive=.. use_temp_path=off;` */
  toDirectives(): Directive[] {
    const { levels, keysZoneSize, maxSize, inactive } = this.props;
    return [
      d(
        'proxy_cache_path',
        this.path,
        `levels=${levels}`,
        `keys_zone=${this.name}:${keysZoneSize}`,
        `max_size=${maxSize}`,
        `inactive=${inactive}`,
        // Writing straight into the cache folder avoids copying each response across filesystems.
        'use_temp_path=off',
      ),
    ];
  }
}
