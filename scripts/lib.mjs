// Shared helpers for the repository scripts: run a step with timing, install dependencies when
// missing or stale, and build when the sources are newer than dist/. Node built-ins only, so that
// these scripts work on a fresh clone before `npm ci`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    console.error(`vzmc needs Node.js >= 20; this is ${process.version}.`);
    process.exit(2);
  }
}

/** Runs a command, streaming its output; returns its exit status. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env, ...options });
  if (result.error) {
    console.error(`cannot run ${command}: ${result.error.message}`);
    return 127;
  }
  return result.status ?? 1;
}

/** Installs dependencies with `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.vzmc-lock-hash');
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === hash) return 0;
  console.log('Installing dependencies (npm ci)…');
  const status = run(npm, ['ci', '--no-audit', '--no-fund']);
  if (status === 0) writeFileSync(marker, hash);
  return status;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than src/ or the build config. */
export function ensureBuild({ force = false } = {}) {
  const cli = join(root, 'dist', 'cli.js');
  const sources = Math.max(
    newestMtime(join(root, 'src')),
    statSync(join(root, 'tsup.config.ts')).mtimeMs,
    statSync(join(root, 'package.json')).mtimeMs,
  );
  if (!force && existsSync(cli) && statSync(cli).mtimeMs >= sources) return 0;
  console.log('Building vzmc (tsup)…');
  return run(npm, ['run', '--silent', 'build']);
}

/**
 * Debian's chromium for the report's browser test (test/browser), installed with apt-get when
 * /usr/bin/chromium (or $VZMC_CHROMIUM) is missing: as root, else through sudo. apt-get's own
 * progress is shown. The test fails loudly when this could not install it.
 */
export function ensureChromium() {
  const path = process.env.VZMC_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(path)) return 0;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  // Never a prompt: a CI machine has no one to answer it.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) =>
    root
      ? run('apt-get', args, { env })
      : run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]);
  console.log(`${path} is missing: installing Debian's chromium (apt-get install -y chromium)…`);
  let status = apt(['install', '-y', 'chromium']);
  if (status !== 0) {
    console.log('apt-get install failed; updating the package lists and trying again…');
    status = apt(['update']) || apt(['install', '-y', 'chromium']);
  }
  if (status !== 0) console.error("cannot install chromium: the report's browser test will fail");
  return status;
}

/** Runs named steps in order, timing each; `stopOnFailure` steps end the run when they fail. */
export function runSteps(steps) {
  const results = [];
  for (const step of steps) {
    const start = Date.now();
    console.log(`\n━━ ${step.name} ━━`);
    const status = step.run();
    const seconds = ((Date.now() - start) / 1000).toFixed(1);
    results.push({ name: step.name, status, seconds });
    if (status !== 0) {
      console.log(`✖ ${step.name} failed (exit ${status}) after ${seconds}s`);
      if (step.stopOnFailure) break;
    }
  }
  console.log('\n━━ Summary ━━');
  for (const r of results)
    console.log(`${r.status === 0 ? '✓' : '✖'} ${r.name.padEnd(40)} ${r.seconds.padStart(7)}s`);
  const skipped = steps.slice(results.length).map((s) => s.name);
  for (const name of skipped) console.log(`- ${name.padEnd(40)} not run (an earlier step failed)`);
  return results.every((r) => r.status === 0) && skipped.length === 0 ? 0 : 1;
}

export { npm };
