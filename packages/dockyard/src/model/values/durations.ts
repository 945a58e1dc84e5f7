import { textRule } from './rule';

/**
 * A Go duration as Docker parses it (`time.ParseDuration`): `10s`, `1m30s`, `1.5h`, `500ms`, `100µs`. Go spells
 * microseconds `us`, `µs` (U+00B5) or `μs` (U+03BC); all three are accepted.
 */
export const duration = textRule(
  /^(\d+(\.\d+)?(ns|us|µs|μs|ms|s|m|h))+$/,
  'a duration such as "10s", "1m30s" or "500ms"',
);

/** An nginx time: `10s`, `500ms`, `1h`, `65` (seconds). */
export const nginxTime = textRule(/^\d+(ms|s|m|h|d|w|M|y)?$/, 'a time such as "10s", "500ms" or "1h"');

/**
 * An nginx time in whole seconds: `10s`, `5m`, `1h`, `65`. nginx parses `fail_timeout`, `proxy_cache_valid`,
 * `expires`, `inactive=` and `valid=` as seconds and rejects `500ms` there ("invalid time value").
 */
export const nginxSeconds = textRule(
  /^\d+(s|m|h|d|w|M|y)?$/,
  'a time in seconds such as "10s", "5m" or "1h" (nginx takes no "ms" here)',
);

/** A request rate for `limit_req_zone`: `10r/s` or `30r/m` (nginx keeps it per millisecond internally). */
export const nginxRate = textRule(/^[1-9]\d*r\/[sm]$/, 'a rate such as "10r/s" or "30r/m"');
