import { error, type Problem, warning } from '../../core/problems';
import { compareVersions } from '../../model/nginx/version';
import type { ParsedNginxProxyProps } from './proxy-props';

/**
 * The nginx version must be known (from the image tag or the prop) and must not exceed the image's: the config
 * would otherwise use directives the running nginx rejects at start.
 */
export function versionProblems(props: ParsedNginxProxyProps, imageVersion: string | undefined): Problem[] {
  const { nginxVersion, image } = props;
  if (nginxVersion === undefined && imageVersion === undefined) {
    return [
      error(
        'nginxVersion',
        `is required: the tag of image ${JSON.stringify(image)} does not say which nginx it runs (expected e.g. "1.26.2"), got nothing`,
      ),
    ];
  }
  if (
    nginxVersion !== undefined &&
    imageVersion !== undefined &&
    compareVersions(nginxVersion, imageVersion) > 0
  ) {
    return [
      error(
        'nginxVersion',
        `expected at most ${imageVersion} (the nginx of image ${JSON.stringify(image)}), got ${JSON.stringify(nginxVersion)}`,
      ),
    ];
  }
  return [];
}

/** A warning for each secure default the program turned off, saying what it costs; conflicting ports. */
export function propsProblems(props: ParsedNginxProxyProps): Problem[] {
  const problems: Problem[] = [];
  const off = (property: string, what: string) => problems.push(warning(property, `turned off: ${what}`));
  const { contentTypeOptions, frameOptions, referrerPolicy } = props.securityHeaders;
  if (contentTypeOptions === false) {
    off(
      'securityHeaders.contentTypeOptions',
      'browsers may guess content types (MIME sniffing) and run uploads as scripts',
    );
  }
  if (frameOptions === false)
    off('securityHeaders.frameOptions', 'any site may frame these pages (clickjacking)');
  if (referrerPolicy === false) {
    off(
      'securityHeaders.referrerPolicy',
      'full URLs (with their query strings) leak to other sites in Referer',
    );
  }
  if (props.serverTokens) {
    problems.push(warning('serverTokens', 'turned on: every response tells clients the nginx version'));
  }
  if (props.trustForwardedFor) {
    problems.push(
      warning(
        'trustForwardedFor',
        'turned on: clients can forge X-Forwarded-For; only right when another trusted proxy is in front of this one',
      ),
    );
  }
  if (props.healthcheck === false) {
    problems.push(
      warning('healthcheck', 'turned off: Docker cannot tell a hung nginx and will not restart it'),
    );
  } else if (props.healthcheck.port === props.listenPort) {
    problems.push(
      error(
        'healthcheck.port',
        `expected a port other than listenPort ${props.listenPort}, got ${props.healthcheck.port}`,
      ),
    );
  }
  return problems;
}
