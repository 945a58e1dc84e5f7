import { writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Where the official nginx image keeps its default pages, and Dockyard's error page location points. */
export const NGINX_HTML_ROOT = '/usr/share/nginx/html';

/** The sandbox volume standing in for that folder of the image. */
export const NGINX_HTML_VOLUME = 'nginx-image-html';

/**
 * The image's `/usr/share/nginx/html/50x.html` (nginx's own `html/50x.html`, shipped unchanged by the
 * official image since 1.23). Debian's nginx-light has no such file, so the harness provides it at the same
 * path, as the container would.
 */
export const OFFICIAL_50X_HTML = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

/** Fills the host side of the html volume as the image's layer would. */
export function writeImageHtml(volumeDir: string): void {
  writeFileSync(path.join(volumeDir, '50x.html'), OFFICIAL_50X_HTML, { mode: 0o644 });
}
