/**
 * PID files: how the harness finds the processes it started, including those of an earlier run
 * that died without cleaning up. A PID is only ever signalled after /proc confirms it is still the
 * process that was recorded (same executable, same marker argument, same start time), so a PID the
 * kernel has since given to an unrelated process is left alone. Nothing is ever found by name.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive, readProcessIdentity } from './proc.js';

/** What the harness records about one process it started. */
export interface PidRecord {
  /** The role in the harness: `etcd` or `apiserver-<cluster>`. */
  readonly role: string;
  readonly pid: number;
  /** The absolute path of the executable, which /proc/<pid>/cmdline must still name. */
  readonly binary: string;
  /** An argument only this harness instance passes (e.g. `--data-dir=<state>/etcd`), also required in the cmdline. */
  readonly marker: string;
  /** /proc start time; when recorded, it must match too. */
  readonly startTicks?: number;
  /** Epoch milliseconds of the spawn. */
  readonly startedAt: number;
  /** Milliseconds from spawn to ready, once known. */
  readonly readyMs?: number;
}

/** Whether a recorded PID still belongs to the recorded process. */
export const PidStatus = {
  /** The process runs and matches the record. */
  Ours: 'ours',
  /** Nothing runs under that PID (or only a zombie). */
  Gone: 'gone',
  /** Something else runs under that PID now. */
  Recycled: 'recycled',
  /** This system has no /proc, so the PID cannot be verified and is never signalled. */
  Unverifiable: 'unverifiable',
} as const;
/** One of {@link PidStatus}'s values. */
export type PidStatus = (typeof PidStatus)[keyof typeof PidStatus];

/** Checks a record against /proc. */
export function pidStatus(record: PidRecord): PidStatus {
  const identity = readProcessIdentity(record.pid);
  if (identity === undefined) {
    return isProcessAlive(record.pid) ? PidStatus.Unverifiable : PidStatus.Gone;
  }
  // During the instant between spawn and exec the cmdline is the setpriv wrapper's, which still
  // names the binary and the marker as later arguments; so membership, not position, is checked.
  const named = identity.argv.includes(record.binary) && identity.argv.includes(record.marker);
  const sameStart = record.startTicks === undefined || record.startTicks === identity.startTicks;
  return named && sameStart ? PidStatus.Ours : PidStatus.Recycled;
}

function pidFilePath(dir: string, role: string): string {
  return join(dir, `${role}.pid.json`);
}

/** Writes (or replaces) a PID file atomically, so a reader never sees half a record. */
export function writePidFile(dir: string, record: PidRecord): string {
  mkdirSync(dir, { recursive: true });
  const path = pidFilePath(dir, record.role);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  renameSync(temp, path);
  return path;
}

/** Removes a role's PID file, if present. */
export function removePidFile(dir: string, role: string): void {
  rmSync(pidFilePath(dir, role), { force: true });
}

function isPidRecord(value: unknown): value is PidRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r['role'] === 'string' &&
    Number.isInteger(r['pid']) &&
    (r['pid'] as number) > 0 &&
    typeof r['binary'] === 'string' &&
    typeof r['marker'] === 'string' &&
    typeof r['startedAt'] === 'number'
  );
}

/** Reads one role's PID file; undefined when absent or unreadable. */
export function readPidFile(dir: string, role: string): PidRecord | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(pidFilePath(dir, role), 'utf8'));
    return isPidRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Reads every PID file in a directory. Unreadable files are skipped (and reported by name). */
export function readPidFiles(dir: string): { readonly records: PidRecord[]; readonly unreadable: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.pid.json'));
  } catch {
    return { records: [], unreadable: [] };
  }
  const records: PidRecord[] = [];
  const unreadable: string[] = [];
  for (const name of names.sort()) {
    const record = readPidFile(dir, name.slice(0, -'.pid.json'.length));
    if (record) records.push(record);
    else unreadable.push(join(dir, name));
  }
  return { records, unreadable };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Options for {@link terminateRecorded}. */
export interface TerminateOptions {
  /** The first signal. Default SIGTERM. */
  readonly signal?: NodeJS.Signals;
  /** How long to wait after the first signal before SIGKILL. Default 15 s. */
  readonly graceMs?: number;
  /** How long to wait after SIGKILL before giving up. Default 5 s. */
  readonly killWaitMs?: number;
}

/**
 * How stopping a recorded process ended: `stopped` (it exited after the first signal), `killed`
 * (it needed SIGKILL), or why nothing was signalled: `gone` (it was not running), `recycled` (another
 * process has the PID now) or `unverifiable` (no /proc to check the PID against).
 */
export type TerminateOutcome = 'stopped' | 'killed' | PidStatus;

/**
 * Stops a recorded process: the first signal, then SIGKILL after the grace period. The record is
 * re-verified before every signal, so a PID that changes hands meanwhile is never signalled.
 * Resolves with `stopped` (exited after the first signal), `killed` (needed SIGKILL), or the
 * {@link PidStatus} that kept it from signalling anything.
 */
export async function terminateRecorded(
  record: PidRecord,
  options: TerminateOptions = {},
): Promise<TerminateOutcome> {
  const graceMs = options.graceMs ?? 15_000;
  const killWaitMs = options.killWaitMs ?? 5_000;
  const initial = pidStatus(record);
  if (initial !== PidStatus.Ours) return initial;
  const signalIfOurs = (signal: NodeJS.Signals): boolean => {
    if (pidStatus(record) !== PidStatus.Ours) return false;
    try {
      process.kill(record.pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  const waitGone = async (ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (pidStatus(record) !== PidStatus.Ours) return true;
      await sleep(50);
    }
    return pidStatus(record) !== PidStatus.Ours;
  };
  const first = options.signal ?? 'SIGTERM';
  signalIfOurs(first);
  if (await waitGone(first === 'SIGKILL' ? killWaitMs : graceMs))
    return first === 'SIGKILL' ? 'killed' : 'stopped';
  signalIfOurs('SIGKILL');
  if (await waitGone(killWaitMs)) return 'killed';
  throw new Error(
    `process ${record.pid} (${record.role}, ${record.binary}) survived SIGKILL for ${killWaitMs} ms`,
  );
}

/** What {@link stopTestClusters} did with one recorded process. */
export interface StaleProcessReport {
  /** The process's role: `etcd`, or `apiserver-<cluster>`. */
  readonly role: string;
  /** The recorded PID. */
  readonly pid: number;
  /** How it ended. */
  readonly outcome: TerminateOutcome;
}

/**
 * Stops every process recorded in a PID directory (after verifying each one) and removes the PID
 * files. Used on start to clear what an earlier run left behind, and by `vzmc test-clusters down`.
 *
 * @example
 * const reports = await stopRecordedProcesses('/repo/.cache/vzmc/state/integration/pids');
 * // [{ role: 'etcd', pid: 4242, outcome: 'stopped' }, { role: 'apiserver-admin', pid: 4250, outcome: 'gone' }]
 */
export async function stopRecordedProcesses(
  pidDir: string,
  options: TerminateOptions = {},
): Promise<StaleProcessReport[]> {
  const { records, unreadable } = readPidFiles(pidDir);
  // API servers first, so that they do not spend their grace period retrying a vanished etcd.
  const ordered = [...records].sort((a, b) => Number(a.role === 'etcd') - Number(b.role === 'etcd'));
  const reports: StaleProcessReport[] = [];
  const apiServers = ordered.filter((r) => r.role !== 'etcd');
  const outcomes = await Promise.all(apiServers.map((record) => terminateRecorded(record, options)));
  apiServers.forEach((record, i) =>
    reports.push({ role: record.role, pid: record.pid, outcome: outcomes[i]! }),
  );
  for (const record of ordered.filter((r) => r.role === 'etcd')) {
    reports.push({ role: record.role, pid: record.pid, outcome: await terminateRecorded(record, options) });
  }
  for (const report of reports) {
    // An unverifiable PID keeps its file: it may still be ours, and a later run on Linux can decide.
    if (report.outcome !== PidStatus.Unverifiable) removePidFile(pidDir, report.role);
  }
  for (const path of unreadable) rmSync(path, { force: true });
  return reports;
}
