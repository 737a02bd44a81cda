import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PidStatus,
  pidStatus,
  readPidFile,
  stopRecordedProcesses,
  terminateRecorded,
  writePidFile,
  type PidRecord,
} from '../../../src/testing/harness/pid-files.js';
import { hasProcfs, isProcessAlive, readProcessIdentity } from '../../../src/testing/harness/proc.js';

const SLEEP = '/usr/bin/sleep';

describe.skipIf(!hasProcfs() || !existsSync(SLEEP))('PID files and stale processes', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  /** A harmless long sleep whose cmdline carries a unique marker (GNU sleep sums its arguments). */
  function sleeper(): { child: ChildProcess; record: PidRecord } {
    const marker = `0.${Math.floor(Math.random() * 1e9)}`;
    const child = spawn(SLEEP, ['300', marker], { stdio: 'ignore' });
    children.push(child);
    const pid = child.pid!;
    const record: PidRecord = {
      role: `sleeper-${children.length}`,
      pid,
      binary: SLEEP,
      marker,
      startTicks: readProcessIdentity(pid)!.startTicks,
      startedAt: Date.now(),
    };
    return { child, record };
  }

  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) =>
          child.once('exit', () => {
            resolve();
          }),
        );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vzmc-pid-test-'));
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops a recorded process that still matches its record, and removes its PID file', async () => {
    const { child, record } = sleeper();
    writePidFile(dir, record);
    expect(pidStatus(record)).toBe(PidStatus.Ours);

    const reports = await stopRecordedProcesses(dir, { graceMs: 5_000 });

    expect(reports).toEqual([{ role: record.role, pid: record.pid, outcome: 'stopped' }]);
    await exited(child);
    expect(child.signalCode).toBe('SIGTERM');
    expect(readPidFile(dir, record.role)).toBeUndefined();
  });

  it('never signals a PID whose process no longer names the recorded binary (a recycled PID)', async () => {
    const { child, record } = sleeper();
    const recycled: PidRecord = { ...record, binary: '/opt/vzmc/bin/kube-apiserver-v1.34.4' };
    writePidFile(dir, recycled);

    const reports = await stopRecordedProcesses(dir, { graceMs: 200 });

    expect(reports).toEqual([{ role: record.role, pid: record.pid, outcome: PidStatus.Recycled }]);
    expect(isProcessAlive(child.pid!)).toBe(true);
    expect(readPidFile(dir, record.role)).toBeUndefined();
  });

  it('never signals a PID whose cmdline lacks the marker, or whose start time differs', async () => {
    const { child, record } = sleeper();
    expect(pidStatus({ ...record, marker: '--data-dir=/elsewhere' })).toBe(PidStatus.Recycled);
    expect(pidStatus({ ...record, startTicks: record.startTicks! + 1 })).toBe(PidStatus.Recycled);
    expect(await terminateRecorded({ ...record, startTicks: record.startTicks! + 1 }, { graceMs: 200 })).toBe(
      PidStatus.Recycled,
    );
    expect(isProcessAlive(child.pid!)).toBe(true);
  });

  it('treats an exited process as gone and just removes its PID file', async () => {
    const { child, record } = sleeper();
    child.kill('SIGKILL');
    await exited(child);
    writePidFile(dir, record);

    const reports = await stopRecordedProcesses(dir);

    expect(reports).toEqual([{ role: record.role, pid: record.pid, outcome: PidStatus.Gone }]);
    expect(readPidFile(dir, record.role)).toBeUndefined();
  });

  it('escalates to SIGKILL when SIGTERM is ignored past the grace period', async () => {
    const marker = `--vzmc-test-${Math.floor(Math.random() * 1e9)}`;
    const child = spawn(
      process.execPath,
      [
        '-e',
        "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready')",
        '--',
        marker,
      ],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    children.push(child);
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const record: PidRecord = {
      role: 'stubborn',
      pid: child.pid!,
      binary: process.execPath,
      marker,
      startedAt: Date.now(),
    };

    expect(await terminateRecorded(record, { graceMs: 300 })).toBe('killed');
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');
  });

  it('skips unreadable PID files and deletes them', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'broken.pid.json'), '{not json');
    expect(await stopRecordedProcesses(dir)).toEqual([]);
    expect(existsSync(join(dir, 'broken.pid.json'))).toBe(false);
  });
});
