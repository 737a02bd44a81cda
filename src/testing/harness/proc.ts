/**
 * What Linux's /proc says about a process. The harness identifies its own processes by PID plus
 * what /proc reports, never by name, so that a recycled PID is never mistaken for one of ours.
 */
import { readFileSync } from 'node:fs';

/** The parts of a process that identify it beyond its PID. */
export interface ProcessIdentity {
  /** The arguments, from /proc/<pid>/cmdline. `argv[0]` is the executable as it was invoked. */
  readonly argv: readonly string[];
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22): with the PID, unique for the boot. */
  readonly startTicks: number;
}

/** Resident memory of a process, in bytes. */
export interface ProcessMemory {
  /** Current resident set size (VmRSS). */
  readonly rssBytes: number;
  /** Peak resident set size since the process started (VmHWM). */
  readonly peakRssBytes: number;
}

/** True when this system has a Linux-style /proc, which PID-file verification needs. */
export function hasProcfs(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return undefined;
  }
}

/** The state letter and start time from /proc/<pid>/stat, or undefined when the process is gone. */
function readStat(pid: number): { state: string; startTicks: number } | undefined {
  const stat = readProc(pid, 'stat');
  if (stat === undefined) return undefined;
  // The command name is in parentheses and may itself contain spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0] ?? '';
  const startTicks = Number(fields[19]);
  return Number.isFinite(startTicks) ? { state, startTicks } : undefined;
}

/**
 * The identity of a live process, or undefined when it does not exist or has already exited.
 * A zombie (exited but not yet reaped, e.g. an orphan waiting for PID 1) counts as exited.
 */
export function readProcessIdentity(pid: number): ProcessIdentity | undefined {
  const stat = readStat(pid);
  if (stat === undefined || stat.state === 'Z' || stat.state === 'X') return undefined;
  const cmdline = readProc(pid, 'cmdline');
  if (cmdline === undefined) return undefined;
  const argv = cmdline.split('\0');
  if (argv.at(-1) === '') argv.pop();
  return { argv, startTicks: stat.startTicks };
}

/** True while the process exists and has not exited (a zombie has exited). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const stat = readStat(pid);
  if (stat !== undefined) return stat.state !== 'Z' && stat.state !== 'X';
  if (hasProcfs()) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The current and peak resident memory of a process, or undefined when it is gone. */
export function readProcessMemory(pid: number): ProcessMemory | undefined {
  const status = readProc(pid, 'status');
  if (status === undefined) return undefined;
  const kib = (field: string): number | undefined => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const rssBytes = kib('VmRSS');
  const peakRssBytes = kib('VmHWM');
  return rssBytes === undefined || peakRssBytes === undefined ? undefined : { rssBytes, peakRssBytes };
}

/** This process's start time in clock ticks, for lock and ownership records. */
export function ownStartTicks(): number | undefined {
  return readStat(process.pid)?.startTicks;
}
