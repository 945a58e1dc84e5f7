// jest's global setup: fetches Debian unstable's nginx into the test cache before any test runs, so that a
// fresh machine's first check does not spend its own test's timeout on the download. A no-op once cached.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = () => {
  const script = path.join(__dirname, '..', '..', 'scripts', 'fetch-unstable-nginx.sh');
  execFileSync('bash', [script], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
};
