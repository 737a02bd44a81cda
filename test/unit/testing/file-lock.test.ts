import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../../src/testing/harness/file-lock.js';

describe('the build lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vzmc-lock-test-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs one holder at a time: the second waits for the first', async () => {
    const lock = join(dir, '.lock');
    const order: string[] = [];
    let waits = 0;
    // Two opens issued together finish in the thread pool's order, so the second asks only once
    // the first holds the lock.
    let held: () => void = () => undefined;
    const firstHolds = new Promise<void>((resolve) => (held = resolve));
    const first = withFileLock(lock, { timeoutMs: 5_000, pollMs: 20 }, async () => {
      order.push('first:start');
      held();
      await new Promise((resolve) => setTimeout(resolve, 150));
      order.push('first:end');
    });
    await firstHolds;
    const second = withFileLock(
      lock,
      {
        timeoutMs: 5_000,
        pollMs: 20,
        onWait: () => {
          waits++;
        },
      },
      () => {
        order.push('second');
        return Promise.resolve();
      },
    );
    await Promise.all([first, second]);
    expect(order).toEqual(['first:start', 'first:end', 'second']);
    expect(waits).toBeGreaterThan(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose holder has exited', async () => {
    const lock = join(dir, '.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(lock, JSON.stringify({ pid: Number(dead.stdout) }));
    const result = await withFileLock(lock, { timeoutMs: 2_000, pollMs: 20 }, () =>
      Promise.resolve((JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid),
    );
    expect(result).toBe(process.pid);
  });

  it('gives up after its timeout while a live process holds the lock', async () => {
    const lock = join(dir, '.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid }));
    await expect(
      withFileLock(lock, { timeoutMs: 100, pollMs: 20 }, () => Promise.resolve('never')),
    ).rejects.toThrow(/timed out .*held by pid/);
  });
});
