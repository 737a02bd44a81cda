/**
 * A lock file, so that two processes that both find a binary missing (two vitest runs, or a test
 * run and `vzmc test-clusters build`) build it once. The second waits, then finds it built.
 *
 * The lock only saves work; it is not what keeps binaries whole. Every build writes to a temporary
 * name and renames it into place, so even if two builds ever ran at once (say both judged the same
 * dead holder's lock stale in the same instant), each rename would install a complete binary.
 */
import { open, readFile, rm, stat } from 'node:fs/promises';
import { ownStartTicks, readProcessIdentity, isProcessAlive } from './proc.js';

interface LockRecord {
  readonly pid: number;
  readonly startTicks?: number;
}

/** Options for {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up waiting after this long. */
  readonly timeoutMs: number;
  /** Default 500 ms. */
  readonly pollMs?: number;
  /** Called on every poll while another process holds the lock. */
  readonly onWait?: (holderPid: number | undefined, waitedMs: number) => void;
}

async function readHolder(path: string): Promise<LockRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockRecord>;
    return typeof parsed.pid === 'number'
      ? {
          pid: parsed.pid,
          ...(typeof parsed.startTicks === 'number' ? { startTicks: parsed.startTicks } : {}),
        }
      : undefined;
  } catch {
    return undefined;
  }
}

function holderAlive(holder: LockRecord): boolean {
  if (holder.startTicks !== undefined) {
    const identity = readProcessIdentity(holder.pid);
    if (identity !== undefined) return identity.startTicks === holder.startTicks;
  }
  return isProcessAlive(holder.pid);
}

const UNREADABLE_LOCK_MAX_AGE_MS = 10_000;

async function lockAgeMs(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

async function tryAcquire(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o644);
    const startTicks = ownStartTicks();
    await handle.writeFile(
      JSON.stringify({ pid: process.pid, ...(startTicks !== undefined ? { startTicks } : {}) }),
    );
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Runs `fn` while holding the lock file at `path`. A lock whose holder has exited is taken over.
 * Rejects when the lock is still held after `timeoutMs`.
 */
export async function withFileLock<T>(
  path: string,
  options: FileLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const pollMs = options.pollMs ?? 500;
  for (;;) {
    if (await tryAcquire(path)) break;
    const holder = await readHolder(path);
    // A file without a readable record may be one being written right now; only an old one is abandoned.
    const abandoned = holder === undefined && (await lockAgeMs(path)) > UNREADABLE_LOCK_MAX_AGE_MS;
    if (abandoned || (holder !== undefined && !holderAlive(holder))) {
      await rm(path, { force: true });
      continue;
    }
    const waited = Date.now() - started;
    if (waited > options.timeoutMs) {
      throw new Error(
        `timed out after ${Math.round(waited / 1000)} s waiting for the lock ${path} (held by pid ${holder?.pid ?? '?'})`,
      );
    }
    options.onWait?.(holder?.pid, waited);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
