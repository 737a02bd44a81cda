/**
 * Reaching test clusters another process started: a vitest worker (the owner is the vitest main
 * process, which ran globalSetup), or any process for clusters `vzmc test-clusters up` left
 * running. Everything comes from the state directory: the state file, the owner record and the
 * PID files.
 */
import { rmSync } from 'node:fs';
import { callControl } from './control.js';
import {
  clusterInfo,
  collectStats,
  kubeconfigFor,
  liveClusters,
  LocalClusterSet,
  type ProcessLookup,
} from './cluster-set.js';
import { stateLayout } from './paths.js';
import {
  PidStatus,
  pidStatus,
  readPidFile,
  readPidFiles,
  stopRecordedProcesses,
  type StaleProcessReport,
} from './pid-files.js';
import { adoptServer, type ServerProcess, type StopServerOptions } from './server-process.js';
import { ownerAlive, readOwner } from './state-dir.js';
import { HarnessMode, readState, type TestClustersState } from './state.js';
import type { TestClustersControl } from './types.js';

/** Options for {@link connectTestClusters}. */
export interface ConnectTestClustersOptions {
  /** Per API server restart, from spawn to ready. Default 120 s. */
  readonly readyTimeoutMs?: number;
}

async function loadState(stateDir: string): Promise<TestClustersState> {
  const layout = stateLayout(stateDir);
  const state = await readState(layout.stateFile);
  if (state === undefined)
    throw new Error(`no test clusters are running in ${layout.root} (no ${layout.stateFile})`);
  return state;
}

const pidLookup =
  (pidDir: string): ProcessLookup =>
  (role) => {
    const record = readPidFile(pidDir, role);
    return record !== undefined && pidStatus(record) === PidStatus.Ours ? record : undefined;
  };

/**
 * Connects to the test clusters recorded in `stateDir`. For clusters a test run started (attached),
 * `stopCluster`/`startCluster` are requests to the owning process, so that a restarted API server
 * still dies with it; for detached clusters this process signals and spawns them itself.
 *
 * @example
 * // in a vitest test, with the harness's globalSetup
 * const clusters = await connectTestClusters(inject('vzmcTestClusters').stateDir);
 * await clusters.stopCluster('managed2');
 * await clusters.startCluster('managed2');
 */
export async function connectTestClusters(
  stateDir: string,
  options: ConnectTestClustersOptions = {},
): Promise<TestClustersControl> {
  const state = await loadState(stateDir);
  const layout = stateLayout(stateDir);
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  if (state.mode === HarnessMode.Detached) {
    const processes = new Map<string, ServerProcess>();
    for (const record of readPidFiles(layout.pidDir).records) {
      if (pidStatus(record) === PidStatus.Ours) processes.set(record.role, adoptServer(record));
    }
    return new LocalClusterSet({
      state,
      layout,
      detached: true,
      processes,
      readyTimeoutMs,
      removeStateDir: false,
    });
  }
  const owner = readOwner(stateDir);
  const control = state.control;
  if (owner === undefined || !ownerAlive(owner) || control === undefined) {
    throw new Error(
      `the process that started the test clusters in ${stateDir} is gone${owner ? ` (pid ${owner.pid})` : ''}`,
    );
  }
  const lookup = pidLookup(layout.pidDir);
  const requestTimeoutMs = readyTimeoutMs + 30_000;
  const clusters = liveClusters(state, lookup);
  return {
    stateDir: layout.root,
    info: state.info,
    clusters,
    cluster(name) {
      clusterInfo(state, name);
      return clusters.find((c) => c.name === name)!;
    },
    kubeconfigFor: (clusterName, token, opts) => kubeconfigFor(state, clusterName, token, opts),
    stats: () => collectStats(state, lookup),
    stopCluster: (name: string, opts: StopServerOptions = {}) =>
      callControl(control, name, 'stop', opts, requestTimeoutMs),
    startCluster: (name: string) => callControl(control, name, 'start', {}, requestTimeoutMs),
  };
}

/**
 * Stops the test clusters recorded in `stateDir` through their PID files (each PID verified in
 * /proc first), as `vzmc test-clusters down` does. Refuses clusters whose owning test run is still
 * alive. Resolves with what it found; an empty list when nothing was recorded.
 */
export async function stopTestClusters(stateDir: string): Promise<StaleProcessReport[]> {
  const layout = stateLayout(stateDir);
  const owner = readOwner(stateDir);
  if (owner?.mode === HarnessMode.Attached && ownerAlive(owner)) {
    throw new Error(
      `the test clusters in ${layout.root} belong to running process ${owner.pid}; they stop with it`,
    );
  }
  const reports = await stopRecordedProcesses(layout.pidDir, { graceMs: 15_000 });
  const state = await readState(layout.stateFile);
  if (state !== undefined) {
    // Keep logs and kubeconfigs; drop what describes running processes.
    for (const path of [layout.stateFile, layout.etcdDataDir, `${layout.root}/owner.json`])
      rmSync(path, { recursive: true, force: true });
  }
  return reports;
}
