/**
 * promtool from Debian's prometheus package, unpacked into the git-ignored cache (no root, no
 * service started). Fails loudly when it cannot be obtained; never skips.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './corpus.js';

export function ensurePromtool(): string {
  const onPath = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => existsSync(p));
  if (onPath) return onPath;
  const dir = join(process.env.VZMC_CACHE_DIR ?? join(REPO_ROOT, '.cache', 'vzmc'), 'prometheus');
  const tool = join(dir, 'root', 'usr', 'bin', 'promtool');
  if (existsSync(tool)) return tool;
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('apt-get', ['download', 'prometheus'], { cwd: dir, stdio: 'pipe' });
    const deb = readdirSync(dir).find((f) => f.startsWith('prometheus_') && f.endsWith('.deb'));
    if (!deb) throw new Error('apt-get download produced no .deb');
    execFileSync('dpkg-deb', ['-x', join(dir, deb), join(dir, 'root')], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `promtool is needed to check generated Prometheus configuration: install Debian's "prometheus" package, or make "apt-get download prometheus" work (${(error as Error).message})`,
      { cause: error },
    );
  }
  return tool;
}
