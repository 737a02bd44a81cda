/** Starting test clusters: one etcd and one kube-apiserver per simulated cluster, on 127.0.0.1. */
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { apiServerArgs, apiServerMarker, lostPortRace } from './apiserver.js';
import {
  ensureControlPlaneBinaries,
  type ControlPlaneBinaries,
  type EnsureControlPlaneBinariesOptions,
} from './build.js';
import { LocalClusterSet, writeKubeconfig } from './cluster-set.js';
import { startControlEndpoint, type ControlEndpoint } from './control.js';
import { ADMIN_IDENTITY, generateServiceAccountKey, generateToken, tokenFileLine } from './credentials.js';
import { etcdArgs, etcdClientUrl, type EtcdConfig } from './etcd.js';
import { guardUntilStopped } from './exit-guard.js';
import { withFileLock } from './file-lock.js';
import { renderKubeconfig } from './kubeconfig.js';
import { apiServerRole, ETCD_ROLE, launchApiServer, launchEtcd } from './launch.js';
import { stateLayout, type StateLayout } from './paths.js';
import { freePorts } from './ports.js';
import type { ServerProcess } from './server-process.js';
import { claimStateDir, writeOwner } from './state-dir.js';
import {
  HarnessMode,
  writeState,
  type LaunchSpec,
  type TestClusterInfo,
  type TestClustersState,
} from './state.js';
import type { TestClusters } from './types.js';

/** The clusters started by default: Verrazzano's admin cluster and two managed clusters. */
export const DEFAULT_CLUSTER_NAMES = ['admin', 'managed1', 'managed2'] as const;

/** Options for {@link startTestClusters}. */
export interface StartTestClustersOptions {
  /** Cluster names (DNS labels). Default {@link DEFAULT_CLUSTER_NAMES}. */
  readonly clusters?: readonly string[];
  /**
   * Where the state (etcd data, cert dirs, kubeconfigs, logs, PID files) goes. With a fixed
   * directory, the next start finds and stops whatever an earlier run left running there, and
   * `stop()` keeps the logs. Default: a new temporary directory, deleted by `stop()`.
   */
  readonly stateDir?: string;
  /** Use these binaries instead of building them. */
  readonly binaries?: Pick<ControlPlaneBinaries, 'etcd' | 'kubeApiserver'> &
    Partial<Pick<ControlPlaneBinaries, 'kubernetesVersion' | 'etcdVersion'>>;
  /** Options for building the binaries when `binaries` is absent. */
  readonly build?: EnsureControlPlaneBinariesOptions;
  /**
   * Let the processes outlive this Node process (`vzmc test-clusters up`); stop them with
   * `stopTestClusters`. Default false: they die with this process, even if it is SIGKILLed.
   */
  readonly detached?: boolean;
  /** Per API server, from spawn to ready. Default 120 s (three start in parallel on 2 cores). */
  readonly readyTimeoutMs?: number;
  /** Extra kube-apiserver flags, appended (so they win), e.g. `--feature-gates=…`. */
  readonly apiServerArgs?: readonly string[];
  /** Notes for people (stale processes stopped, where state lives). Default: none. */
  readonly log?: (message: string) => void;
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;
const PORT_ATTEMPTS = 3;

function checkNames(names: readonly string[]): void {
  if (names.length === 0) throw new Error('at least one cluster name is needed');
  for (const name of names) {
    if (!CLUSTER_NAME.test(name))
      throw new Error(`cluster name "${name}" must be a DNS label (lowercase letters, digits and -)`);
  }
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new Error(`cluster name "${duplicate}" is given twice`);
}

interface ClusterPlan {
  readonly name: string;
  readonly token: string;
}

/**
 * Starts one etcd and one kube-apiserver per cluster (in parallel), each with its own etcd prefix,
 * port, cert dir, admin token and service-account key; waits until every one is ready; and writes
 * one kubeconfig per cluster (CA data, TLS verification on). Builds the binaries first if needed.
 * Whatever fails along the way, nothing is left running.
 *
 * @example
 * const clusters = await startTestClusters();
 * const admin = clusters.cluster('admin'); // { server, kubeconfigPath, token, caPem, pid, … }
 * await clusters.stopCluster('managed1');  // fault injection
 * await clusters.startCluster('managed1'); // same port, same CA, same token
 * await clusters.stop();
 */
export async function startTestClusters(options: StartTestClustersOptions = {}): Promise<TestClusters> {
  const names = [...(options.clusters ?? DEFAULT_CLUSTER_NAMES)];
  checkNames(names);
  const log = options.log ?? (() => undefined);
  const detached = options.detached ?? false;
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const binaries = options.binaries ?? (await ensureControlPlaneBinaries(options.build));

  const removeStateDir = options.stateDir === undefined;
  const root = await claimRoot(options.stateDir, detached, log);
  const layout = stateLayout(root);
  const processes = new Map<string, ServerProcess>();
  let control: ControlEndpoint | undefined;
  let unguard: () => void = () => undefined;
  const onStopped = async () => {
    unguard();
    await control?.close();
  };
  const set = (state: TestClustersState) =>
    new LocalClusterSet({ state, layout, detached, processes, readyTimeoutMs, removeStateDir, onStopped });
  // Until the real state exists, a placeholder lets the same stop() clean up a failed start.
  const placeholder = set(placeholderState(root, names));
  if (!detached) unguard = guardUntilStopped(placeholder);

  try {
    const plans: ClusterPlan[] = names.map((name) => ({ name, token: generateToken() }));
    for (const plan of plans) writeClusterFiles(layout, plan);
    const etcd = await startEtcd(layout, binaries.etcd, detached, processes);
    log(`etcd ready on ${etcdClientUrl(etcd.config)}`);

    const common = {
      etcdUrl: etcdClientUrl(etcd.config),
      binary: binaries.kubeApiserver,
      extraArgs: options.apiServerArgs ?? [],
    };
    const started = await Promise.all(
      plans.map((plan) =>
        startWithFreePort({ plan, layout, detached, readyTimeoutMs, processes, ...common }),
      ),
    );
    for (const s of started)
      log(
        `${s.info.name} ready on ${s.info.server} in ${processes.get(apiServerRole(s.info.name))?.record.readyMs ?? '?'} ms`,
      );

    const baseState = startedState(root, binaries, detached, etcd, started);
    const clusters = set(baseState);
    if (!detached) {
      unguard();
      unguard = guardUntilStopped(clusters);
      control = await startControlEndpoint(clusters);
    }
    writeState(
      layout.stateFile,
      control ? { ...baseState, control: { url: control.url, secret: control.secret } } : baseState,
    );
    return clusters;
  } catch (error) {
    await placeholder.stop().catch(() => undefined);
    throw error;
  }
}

/**
 * The state directory, created if needed and claimed under its lock: whatever an earlier run left
 * running there is stopped (and said so), and this process is written down as its owner.
 */
async function claimRoot(
  stateDir: string | undefined,
  detached: boolean,
  log: (message: string) => void,
): Promise<string> {
  const root =
    stateDir === undefined ? mkdtempSync(join(tmpdir(), 'vzmc-test-clusters-')) : resolve(stateDir);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  await withFileLock(join(root, '.start.lock'), { timeoutMs: 60_000 }, async () => {
    const stale = await claimStateDir(root);
    for (const s of stale)
      log(`stopped a process left by an earlier run in ${root}: ${s.role} pid ${s.pid} (${s.outcome})`);
    writeOwner(root, detached ? HarnessMode.Detached : HarnessMode.Attached);
  });
  return root;
}

/** Starts the one etcd all clusters share (each under its own prefix), on two free ports. */
async function startEtcd(
  layout: StateLayout,
  binary: string,
  detached: boolean,
  processes: Map<string, ServerProcess>,
): Promise<{ config: EtcdConfig; spec: LaunchSpec }> {
  const [clientPort, peerPort] = await freePorts(2);
  const config: EtcdConfig = {
    dataDir: layout.etcdDataDir,
    clientPort: clientPort!,
    peerPort: peerPort!,
  };
  const spec: LaunchSpec = {
    binary,
    args: etcdArgs(config),
    marker: `--data-dir=${layout.etcdDataDir}`,
    logFile: layout.etcdLog,
  };
  processes.set(
    ETCD_ROLE,
    await launchEtcd({ spec, config, pidDir: layout.pidDir, detached, timeoutMs: 30_000 }),
  );
  return { config, spec };
}

/** The state file's content once every server is ready (without the control endpoint). */
function startedState(
  root: string,
  binaries: Partial<Pick<ControlPlaneBinaries, 'kubernetesVersion' | 'etcdVersion'>>,
  detached: boolean,
  etcd: { config: EtcdConfig; spec: LaunchSpec },
  started: readonly { info: TestClusterInfo; spec: LaunchSpec }[],
): TestClustersState {
  return {
    format: 1,
    info: {
      stateDir: root,
      ...(binaries.kubernetesVersion !== undefined ? { kubernetesVersion: binaries.kubernetesVersion } : {}),
      ...(binaries.etcdVersion !== undefined ? { etcdVersion: binaries.etcdVersion } : {}),
      etcdUrl: etcdClientUrl(etcd.config),
      clusters: started.map((s) => s.info),
    },
    mode: detached ? HarnessMode.Detached : HarnessMode.Attached,
    etcd: etcd.spec,
    apiServers: Object.fromEntries(started.map((s) => [s.info.name, s.spec])),
    startedAt: Date.now(),
  };
}

function placeholderState(root: string, names: readonly string[]): TestClustersState {
  const none: LaunchSpec = { binary: '', args: [], marker: '', logFile: '' };
  return {
    format: 1,
    info: {
      stateDir: root,
      etcdUrl: '',
      clusters: names.map((name) => ({
        name,
        server: '',
        kubeconfigPath: '',
        kubeconfig: '',
        token: '',
        caPem: '',
      })),
    },
    mode: HarnessMode.Attached,
    etcd: none,
    apiServers: {},
    startedAt: 0,
  };
}

function writeClusterFiles(layout: StateLayout, plan: ClusterPlan): void {
  const files = layout.cluster(plan.name);
  mkdirSync(files.certDir, { recursive: true, mode: 0o700 });
  writeFileSync(files.tokenFile, tokenFileLine(plan.token, ADMIN_IDENTITY), { mode: 0o600 });
  writeFileSync(files.serviceAccountKey, generateServiceAccountKey(), { mode: 0o600 });
}

interface StartOne {
  readonly plan: ClusterPlan;
  readonly layout: StateLayout;
  readonly detached: boolean;
  readonly readyTimeoutMs: number;
  readonly processes: Map<string, ServerProcess>;
  readonly etcdUrl: string;
  readonly binary: string;
  readonly extraArgs: readonly string[];
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Starts one API server; if another process grabbed its port first, tries again on a new one. */
async function startWithFreePort(input: StartOne): Promise<{ info: TestClusterInfo; spec: LaunchSpec }> {
  const { plan, layout } = input;
  const files = layout.cluster(plan.name);
  for (let attempt = 1; ; attempt++) {
    const [port] = await freePorts(1);
    const url = `https://127.0.0.1:${port!}`;
    const spec: LaunchSpec = {
      binary: input.binary,
      args: apiServerArgs({
        name: plan.name,
        port: port!,
        etcdUrl: input.etcdUrl,
        layout: files,
        extraArgs: input.extraArgs,
      }),
      marker: apiServerMarker(files),
      logFile: files.log,
    };
    const logOffset = fileSize(files.log);
    try {
      const { server, chain } = await launchApiServer({
        name: plan.name,
        spec,
        url,
        token: plan.token,
        layout: files,
        pidDir: layout.pidDir,
        detached: input.detached,
        timeoutMs: input.readyTimeoutMs,
      });
      input.processes.set(apiServerRole(plan.name), server);
      const kubeconfig = renderKubeconfig({
        clusterName: plan.name,
        server: url,
        caPem: chain.caPem,
        token: plan.token,
        user: `${plan.name}-admin`,
      });
      writeKubeconfig(files.kubeconfig, kubeconfig);
      return {
        info: {
          name: plan.name,
          server: url,
          kubeconfigPath: files.kubeconfig,
          kubeconfig,
          token: plan.token,
          caPem: chain.caPem,
        },
        spec,
      };
    } catch (error) {
      if (attempt < PORT_ATTEMPTS && (await lostPortRace(files.log, logOffset))) continue;
      throw error;
    }
  }
}
