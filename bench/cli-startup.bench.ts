/**
 * Issue #11 goal: `vzmc --version` within 2× of `node -e 0`. Each run spawns a fresh process, as a
 * user's shell does: `node dist/cli.js --version`, `node dist/cli.js validate -f
 * examples/fleet/vmc-managed1.yaml` (one small file), and the baseline `node -e 0`, interleaved
 * so that a change of machine load hits all three alike. Medians of 21 runs each after 2 warm-ups.
 * Needs `npm run build` first.
 *
 * Run: npm run bench -- cli-startup
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadAverage, ms, report } from './harness.js';

const ROOT = join(import.meta.dirname, '..');
/** VZMC_BENCH_CLI times another build (e.g. an older commit's dist/cli.js) against the same baseline. */
const CLI = process.env.VZMC_BENCH_CLI ?? join(ROOT, 'dist', 'cli.js');
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);

const RUNS = 21;
const WARMUP = 2;
const commands = {
  version: [CLI, '--version'],
  validate: [CLI, 'validate', '-f', join('examples', 'fleet', 'vmc-managed1.yaml')],
  baseline: ['-e', '0'],
} as const;
type Name = keyof typeof commands;

/** Wall time of one spawn, to its exit. */
function once(name: Name): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, commands[name], { cwd: ROOT, stdio: 'ignore' });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${name} exited with ${result.status}`);
  return elapsed;
}

const times: Record<Name, number[]> = { version: [], validate: [], baseline: [] };
const names = Object.keys(commands) as Name[];
const loadBefore = await loadAverage();
for (let i = 0; i < WARMUP; i++) for (const name of names) once(name);
for (let i = 0; i < RUNS; i++) for (const name of names) times[name].push(once(name));
const loadAfter = await loadAverage();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const [version, validate, baseline] = [median(times.version), median(times.validate), median(times.baseline)];
const ratio = (value: number) => `${(value / baseline).toFixed(2)}×`;

report({
  bench: `CLI start-up: a fresh process per run, medians of ${RUNS} (load ${loadBefore} before, ${loadAfter} after)`,
  figure: `vzmc --version ${ms(version)} (${ratio(version)}); vzmc validate -f examples/fleet/vmc-managed1.yaml ${ms(validate)} (${ratio(validate)})`,
  baseline: `node -e 0: ${ms(baseline)}`,
  goal: '--version < 2× node -e 0',
  met: version < 2 * baseline,
});
