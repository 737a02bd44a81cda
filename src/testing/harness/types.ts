/** The public shapes of a running set of test clusters. */
import type { StopServerOptions } from './server-process.js';
import type { ProcessMemory } from './proc.js';
import type { TestClusterInfo, TestClustersInfo } from './state.js';

/** One simulated cluster, live: the serialisable facts plus its current process. */
export interface TestCluster extends TestClusterInfo {
  /** The API server's PID, or undefined while it is stopped. */
  readonly pid: number | undefined;
  /** Milliseconds from spawn to ready at its latest start, or undefined while it is stopped. */
  readonly startMs: number | undefined;
  /** Current and peak resident memory (/proc VmRSS and VmHWM), or undefined while stopped. */
  memory(): ProcessMemory | undefined;
}

/** Resource use of one harness process. */
export interface ProcessStats {
  /** `etcd`, or the cluster name. */
  readonly name: string;
  /** Its PID, while it runs. */
  readonly pid: number | undefined;
  /** Whether it runs. */
  readonly running: boolean;
  /** Spawn to ready, at the latest start. */
  readonly startMs: number | undefined;
  /** Current resident memory. */
  readonly rssBytes: number | undefined;
  /** Peak resident memory. */
  readonly peakRssBytes: number | undefined;
}

/** Resource use of the whole harness. */
export interface TestClustersStats {
  /** The shared etcd. */
  readonly etcd: ProcessStats;
  /** One entry per API server, in start order. */
  readonly clusters: readonly ProcessStats[];
  /** Sum over running processes. */
  readonly totalRssBytes: number;
  /** Sum of the peaks. */
  readonly totalPeakRssBytes: number;
}

/** Options for {@link TestClustersControl.kubeconfigFor}. */
export interface KubeconfigForOptions {
  /** The kubeconfig's user entry name. Default `<cluster>-token`. */
  readonly user?: string;
}

/** What any process can do with running test clusters (see `connectTestClusters`). */
export interface TestClustersControl {
  /** The state directory: etcd data, certificates, kubeconfigs, logs and PID files. */
  readonly stateDir: string;
  /** The serialisable facts (what vitest's `provide` passes to tests). */
  readonly info: TestClustersInfo;
  /** The clusters, in start order. */
  readonly clusters: readonly TestCluster[];
  /** One cluster by name; throws for an unknown name. */
  cluster(name: string): TestCluster;
  /**
   * A kubeconfig (YAML) for `clusterName` that authenticates with `token` instead of the admin's,
   * e.g. a ServiceAccount token from the TokenRequest API, to act as another identity.
   */
  kubeconfigFor(clusterName: string, token: string, options?: KubeconfigForOptions): string;
  /**
   * Stops one API server (SIGTERM, or SIGKILL to simulate a crash). The others keep serving; etcd
   * keeps its data.
   */
  stopCluster(name: string, options?: StopServerOptions): Promise<void>;
  /**
   * Starts a stopped API server again on the same port, cert dir and token, so existing
   * kubeconfigs keep working. Resolves when it is ready. Does nothing if it runs.
   */
  startCluster(name: string): Promise<void>;
  /** PIDs, start times and memory of etcd and every API server. */
  stats(): TestClustersStats;
}

/** Test clusters started by this process (`startTestClusters`). */
export interface TestClusters extends TestClustersControl {
  /**
   * Stops every process and removes the PID files (and the state directory, when the harness
   * created it). Safe to call twice.
   */
  stop(): Promise<void>;
}
