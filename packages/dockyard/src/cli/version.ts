/** The version of the running dockyard package (from src/cli or dist/cli, package.json is two folders up). */
export function packageVersion(): string {
  return (require('../../package.json') as { version: string }).version;
}
