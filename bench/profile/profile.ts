// Profiles Dockyard on the scaling workload and prints the top frames.
// Usage: tsx --conditions=dockyard-source bench/profile/profile.ts [services=5000] [top=25]
// Writes bench/.work/profile/*.cpuprofile (open it in Chrome DevTools for the full picture).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, WORK_DIR } from '../lib/paths';
import { runTypeScript } from '../lib/typescript-child';
import { type CpuProfile, frameTimes } from './top-frames';

async function main(): Promise<void> {
  const services = Number(process.argv[2] ?? 5000);
  const top = Number(process.argv[3] ?? 25);
  const dir = path.join(WORK_DIR, 'profile');
  fs.rmSync(dir, { recursive: true, force: true });
  const child = path.join(__dirname, '..', 'scaling', 'child.ts');
  const args = ['--tool', 'dockyard', '--services', `${services}`, '--warmups', '0', '--runs', '1'];
  const result = await runTypeScript(child, args, {
    nodeArgs: ['--expose-gc', '--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  if (result.code !== 0) throw new Error(`profiled run failed:\n${result.stderr}`);
  const [file] = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`);
  const times = frameTimes(
    JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile,
    REPO_ROOT,
  );
  const row = (t: { selfMs: number; totalMs: number; frame: string }) =>
    `${t.selfMs.toFixed(0).padStart(8)} ${t.totalMs.toFixed(0).padStart(8)}  ${t.frame}`;
  process.stdout.write(`${services} services: ${path.join(dir, file)}\n    self    total  (ms)\n`);
  for (const t of times.slice(0, top)) process.stdout.write(`${row(t)}\n`);
  process.stdout.write(`\nOur code by inclusive time:\n`);
  const ours = times
    .filter((t) => t.frame.includes('packages/dockyard/src/'))
    .sort((a, b) => b.totalMs - a.totalMs);
  for (const t of ours.slice(0, top)) process.stdout.write(`${row(t)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
