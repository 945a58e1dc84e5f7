import type { Docker } from './docker';
import { waitFor } from './docker';
import type { Container } from './suite';

/** Waits until every named container runs and reports healthy (bounded). */
export async function waitHealthy(
  docker: Docker,
  names: readonly string[],
  timeoutMs = 90_000,
): Promise<void> {
  await waitFor(
    `${names.join(', ')} healthy`,
    async () => {
      const rows = JSON.parse(await docker.ok(['inspect', ...names])) as Array<{
        State: { Running: boolean; Health?: { Status: string } };
      }>;
      return rows.every((row) => row.State.Running && (row.State.Health?.Status ?? 'healthy') === 'healthy')
        ? true
        : undefined;
    },
    timeoutMs,
    500,
  );
}

/** `docker kill` of all the containers in one call: they die at once, their addresses leave the network. */
export async function killAll(docker: Docker, victims: readonly Container[]): Promise<void> {
  await docker.ok(['kill', ...victims.map((c) => c.name)]);
}

/** Starts killed containers again and waits until they are healthy. */
export async function revive(docker: Docker, victims: readonly Container[]): Promise<void> {
  await docker.ok(['start', ...victims.map((c) => c.name)]);
  await waitHealthy(
    docker,
    victims.map((c) => c.name),
  );
}

/** Lines in a container's log so far (nginx's access log goes to stdout): a progress counter for load. */
export async function logLines(docker: Docker, name: string): Promise<number> {
  const result = await docker.run(['logs', name]);
  return (result.stdout + result.stderr).split('\n').filter((line) => line.includes('"GET ')).length;
}
