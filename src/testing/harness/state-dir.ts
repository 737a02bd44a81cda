/**
 * Claiming a state directory: clearing what an earlier run left behind (through its PID files),
 * refusing one that is in use, and never wiping a directory that is not ours.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PidStatus,
  pidStatus,
  readPidFiles,
  stopRecordedProcesses,
  type StaleProcessReport,
} from './pid-files.js';
import { ownStartTicks, readProcessIdentity, isProcessAlive } from './proc.js';
import { stateLayout } from './paths.js';
import { HarnessMode } from './state.js';

/** Who started the processes of a state directory, and whether they outlive it. */
export interface OwnerRecord {
  readonly pid: number;
  readonly startTicks?: number;
  readonly mode: HarnessMode;
}

/** The entries a state directory may contain; anything else means it is not ours to wipe. */
const OURS = new Set(['state.json', 'owner.json', 'pids', 'clusters', 'etcd', '.start.lock']);

/** The path of the owner record. */
export function ownerFile(root: string): string {
  return join(root, 'owner.json');
}

/** Reads the owner record; undefined when absent or unreadable. */
export function readOwner(root: string): OwnerRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(ownerFile(root), 'utf8')) as Partial<OwnerRecord>;
    if (
      typeof parsed.pid !== 'number' ||
      (parsed.mode !== HarnessMode.Attached && parsed.mode !== HarnessMode.Detached)
    )
      return undefined;
    return parsed as OwnerRecord;
  } catch {
    return undefined;
  }
}

/** Writes this process as the owner. */
export function writeOwner(root: string, mode: HarnessMode): OwnerRecord {
  const startTicks = ownStartTicks();
  const owner: OwnerRecord = { pid: process.pid, ...(startTicks !== undefined ? { startTicks } : {}), mode };
  writeFileSync(ownerFile(root), `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  return owner;
}

/** True while the owner process runs (the same process: same PID and start time). */
export function ownerAlive(owner: OwnerRecord): boolean {
  if (owner.startTicks !== undefined) {
    const identity = readProcessIdentity(owner.pid);
    if (identity !== undefined) return identity.startTicks === owner.startTicks;
  }
  return isProcessAlive(owner.pid);
}

/** A state directory that is in use or not ours. */
export class StateDirInUseError extends Error {
  /** Always `StateDirInUseError`. */
  override readonly name = 'StateDirInUseError';
}

/**
 * Makes `root` ready for a fresh start: refuses it when its clusters are still in use (a live
 * attached owner, or live detached servers), stops whatever stale processes its PID files name,
 * then empties it. Returns what was found and stopped.
 */
export async function claimStateDir(root: string): Promise<StaleProcessReport[]> {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const entries = readdirSync(root);
  const foreign = entries.filter((name) => !OURS.has(name));
  if (foreign.length > 0) {
    throw new StateDirInUseError(
      `${root} is not empty and is not a vzmc test-clusters state directory (it contains ${foreign.slice(0, 5).join(', ')}); choose an empty or new directory`,
    );
  }
  const layout = stateLayout(root);
  const owner = readOwner(root);
  if (owner?.mode === HarnessMode.Attached && ownerAlive(owner)) {
    throw new StateDirInUseError(
      `the test clusters in ${root} are in use by process ${owner.pid}; stop it first, or use another state directory`,
    );
  }
  if (owner?.mode === HarnessMode.Detached) {
    const live = readPidFiles(layout.pidDir).records.filter((r) => pidStatus(r) === PidStatus.Ours);
    if (live.length > 0) {
      throw new StateDirInUseError(
        `test clusters are already running in ${root} (pids ${live.map((r) => r.pid).join(', ')}); run \`vzmc test-clusters down --state-dir ${root}\` first`,
      );
    }
  }
  const stale = await stopRecordedProcesses(layout.pidDir, { graceMs: 5_000 });
  const unverifiable = stale.filter((r) => r.outcome === PidStatus.Unverifiable);
  if (unverifiable.length > 0) {
    throw new StateDirInUseError(
      `cannot verify whether pids ${unverifiable.map((r) => r.pid).join(', ')} recorded in ${layout.pidDir} are still ours (no /proc); stop them, delete the PID files and retry`,
    );
  }
  for (const name of entries) {
    if (name !== '.start.lock') rmSync(join(root, name), { recursive: true, force: true });
  }
  return stale;
}
