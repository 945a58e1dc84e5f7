import { locationSpec } from '../../constructs/nginx/location';

/** The page that answers nginx's own errors: the official image's `50x.html`. */
export const ERROR_PAGE_URI = '/50x.html';
/** The errors it answers. */
export const ERROR_PAGE_CODES: readonly number[] = [500, 502, 503, 504];

/**
 * The Location serving the error page from `root`, complete as its schema returns it: the proxy's default server
 * and every site's server hold the same one.
 */
export function errorPageLocation(root: string) {
  return locationSpec({ path: ERROR_PAGE_URI, modifier: '=', root, internal: true });
}
