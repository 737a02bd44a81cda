/**
 * The state file: the serialisable facts about one set of running test clusters, written into the
 * state directory. It is how a test in a worker process, or `vzmc test-clusters down`, reaches
 * clusters another process started. Which processes run is not in here: that is what the PID files
 * say (they change on every restart).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Who controls the processes. */
export const HarnessMode = {
  /** The processes die with the Node process that started them (tests). */
  Attached: 'attached',
  /** The processes outlive the command that started them (`vzmc test-clusters up`). */
  Detached: 'detached',
} as const;
/** One of {@link HarnessMode}'s values. */
export type HarnessMode = (typeof HarnessMode)[keyof typeof HarnessMode];

/** What a test needs to talk to one simulated cluster; plain data, safe to pass between processes. */
export interface TestClusterInfo {
  /** The cluster's name, e.g. `admin`. */
  readonly name: string;
  /** `https://127.0.0.1:<port>`. */
  readonly server: string;
  /** Where its kubeconfig file is. */
  readonly kubeconfigPath: string;
  /** The kubeconfig YAML (admin token, CA data, TLS verification on). */
  readonly kubeconfig: string;
  /** A bearer token in `system:masters`. */
  readonly token: string;
  /** The CA that issued the API server's serving certificate. */
  readonly caPem: string;
}

/** What tests get from the harness; see `connectTestClusters` for stopping and starting clusters. */
export interface TestClustersInfo {
  /** Pass to `connectTestClusters` to stop or start an API server from a test. */
  readonly stateDir: string;
  /** The kube-apiserver version, e.g. `v1.34.4`. */
  readonly kubernetesVersion?: string;
  /** The etcd version, e.g. `v3.6.16`. */
  readonly etcdVersion?: string;
  /** The shared etcd's client URL. */
  readonly etcdUrl: string;
  /** In start order. */
  readonly clusters: readonly TestClusterInfo[];
}

/** How to restart one process exactly as before. */
export interface LaunchSpec {
  readonly binary: string;
  readonly args: readonly string[];
  readonly marker: string;
  readonly logFile: string;
}

/** The state file's content. */
export interface TestClustersState {
  readonly format: 1;
  readonly info: TestClustersInfo;
  /** Attached clusters live as long as their owner (see `owner.json`); detached ones until stopped. */
  readonly mode: HarnessMode;
  /** Attached mode: the owner's loopback endpoint for stop/start requests from other processes. */
  readonly control?: { readonly url: string; readonly secret: string };
  readonly etcd: LaunchSpec;
  /** Per cluster name. */
  readonly apiServers: Readonly<Record<string, LaunchSpec>>;
  /** Epoch milliseconds. */
  readonly startedAt: number;
}

/** Writes the state file atomically, readable by its owner only (it holds admin tokens). */
export function writeState(path: string, state: TestClustersState): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

/** Reads a state file; undefined when it does not exist. Throws when it exists but is not one. */
export async function readState(path: string): Promise<TestClustersState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<TestClustersState>;
  if (
    parsed.format !== 1 ||
    parsed.info === undefined ||
    parsed.etcd === undefined ||
    parsed.apiServers === undefined
  ) {
    throw new Error(`${path} is not a vzmc test-clusters state file (format 1)`);
  }
  return parsed as TestClustersState;
}
