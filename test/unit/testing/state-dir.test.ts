import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stateLayout } from '../../../src/testing/harness/paths.js';
import { writePidFile } from '../../../src/testing/harness/pid-files.js';
import { hasProcfs, readProcessIdentity } from '../../../src/testing/harness/proc.js';
import { claimStateDir, StateDirInUseError, writeOwner } from '../../../src/testing/harness/state-dir.js';
import { HarnessMode } from '../../../src/testing/harness/state.js';

const SLEEP = '/usr/bin/sleep';

describe.skipIf(!hasProcfs() || !existsSync(SLEEP))('claiming a state directory', () => {
  let root: string;
  let child: ChildProcess | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vzmc-state-test-'));
  });
  afterEach(() => {
    child?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('stops what a dead earlier run left running (found through its PID files), then empties the directory', async () => {
    const layout = stateLayout(root);
    // Stands in for an etcd whose test run was SIGKILLed: a harmless sleep.
    child = spawn(SLEEP, ['300'], { stdio: 'ignore' });
    const pid = child.pid!;
    writePidFile(layout.pidDir, {
      role: 'etcd',
      pid,
      binary: SLEEP,
      marker: '300',
      startTicks: readProcessIdentity(pid)!.startTicks,
      startedAt: 0,
    });
    writeFileSync(join(root, 'owner.json'), JSON.stringify({ pid: 999_999_999, mode: HarnessMode.Attached }));
    mkdirSync(join(root, 'clusters', 'admin'), { recursive: true });
    const exited = new Promise((resolve) =>
      child!.once('exit', (_code, signal) => {
        resolve(signal);
      }),
    );

    const stale = await claimStateDir(root);

    expect(stale).toEqual([{ role: 'etcd', pid, outcome: 'stopped' }]);
    expect(await exited).toBe('SIGTERM');
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses a directory whose clusters belong to a live test run', async () => {
    writeOwner(root, HarnessMode.Attached);
    await expect(claimStateDir(root)).rejects.toThrow(StateDirInUseError);
    await expect(claimStateDir(root)).rejects.toThrow(`in use by process ${process.pid}`);
  });

  it('never wipes a directory that is not a state directory', async () => {
    writeFileSync(join(root, 'thesis.tex'), 'precious');
    await expect(claimStateDir(root)).rejects.toThrow(
      /not a vzmc test-clusters state directory .*thesis\.tex/,
    );
    expect(existsSync(join(root, 'thesis.tex'))).toBe(true);
  });
});
