/**
 * The nginx image a proxy runs unless told otherwise. Pinned to a patch release of the stable branch, so a
 * deploy next month runs what was tested today; Dockyard's nginx.conf targets its version by default.
 */
export const NGINX_IMAGE = 'nginx:1.28.0-alpine';

/**
 * The nginx version in an image reference such as `nginx:1.28.0-alpine` or `docker.io/library/nginx:1.26@sha256:...`;
 * undefined when the tag does not say (`nginx:stable`, a custom image).
 */
export function nginxVersionOfImage(image: string): string | undefined {
  const match = /(?:^|\/)nginx:(\d+\.\d+(?:\.\d+)?)(?:-[A-Za-z0-9._-]+)?(?:@sha256:[a-f0-9]{64})?$/.exec(
    image,
  );
  return match?.[1];
}

/** The version of {@link NGINX_IMAGE}: the default `nginxVersion` of a proxy. */
export const NGINX_IMAGE_VERSION = nginxVersionOfImage(NGINX_IMAGE) as string;
