/**
 * Test clusters whose processes this Node process controls directly: the handle
 * `startTestClusters` returns, and what `connectTestClusters` gives for detached clusters.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { renderKubeconfig } from './kubeconfig.js';
import { apiServerRole, ETCD_ROLE, launchApiServer } from './launch.js';
import type { StateLayout } from './paths.js';
import { readPidFile, removePidFile } from './pid-files.js';
import { readProcessMemory } from './proc.js';
import { stopServer, type ServerProcess, type StopServerOptions } from './server-process.js';
import type { TestClusterInfo, TestClustersState } from './state.js';
import type {
  KubeconfigForOptions,
  ProcessStats,
  TestCluster,
  TestClusters,
  TestClustersStats,
} from './types.js';

/** Finds a cluster's facts, with a helpful error for a typo. */
export function clusterInfo(state: TestClustersState, name: string): TestClusterInfo {
  const info = state.info.clusters.find((c) => c.name === name);
  if (info === undefined) {
    throw new Error(
      `no test cluster named "${name}"; the clusters are ${state.info.clusters.map((c) => c.name).join(', ')}`,
    );
  }
  return info;
}

/** {@link TestClustersControl.kubeconfigFor}, over plain facts. */
export function kubeconfigFor(
  state: TestClustersState,
  clusterName: string,
  token: string,
  options: KubeconfigForOptions = {},
): string {
  const info = clusterInfo(state, clusterName);
  return renderKubeconfig({
    clusterName,
    server: info.server,
    caPem: info.caPem,
    token,
    user: options.user ?? `${clusterName}-token`,
  });
}

/** Where a set of clusters finds the current process of a role. */
export type ProcessLookup = (role: string) => { readonly pid: number; readonly readyMs?: number } | undefined;

/** Live {@link TestCluster} views over facts plus a process lookup. */
export function liveClusters(state: TestClustersState, lookup: ProcessLookup): TestCluster[] {
  return state.info.clusters.map((info) => ({
    ...info,
    get pid() {
      return lookup(apiServerRole(info.name))?.pid;
    },
    get startMs() {
      return lookup(apiServerRole(info.name))?.readyMs;
    },
    memory() {
      const pid = lookup(apiServerRole(info.name))?.pid;
      return pid === undefined ? undefined : readProcessMemory(pid);
    },
  }));
}

/** {@link TestClustersControl.stats}, over a process lookup. */
export function collectStats(state: TestClustersState, lookup: ProcessLookup): TestClustersStats {
  const one = (name: string, role: string): ProcessStats => {
    const proc = lookup(role);
    const memory = proc === undefined ? undefined : readProcessMemory(proc.pid);
    return {
      name,
      pid: proc?.pid,
      running: memory !== undefined,
      startMs: proc?.readyMs,
      rssBytes: memory?.rssBytes,
      peakRssBytes: memory?.peakRssBytes,
    };
  };
  const etcd = one('etcd', ETCD_ROLE);
  const clusters = state.info.clusters.map((c) => one(c.name, apiServerRole(c.name)));
  const all = [etcd, ...clusters];
  return {
    etcd,
    clusters,
    totalRssBytes: all.reduce((sum, p) => sum + (p.rssBytes ?? 0), 0),
    totalPeakRssBytes: all.reduce((sum, p) => sum + (p.peakRssBytes ?? 0), 0),
  };
}

/** What a {@link LocalClusterSet} starts from. */
export interface LocalClusterSetInit {
  readonly state: TestClustersState;
  readonly layout: StateLayout;
  /** Restarted API servers outlive this process too (detached clusters). */
  readonly detached: boolean;
  /** By role; servers found through PID files carry no child handle. */
  readonly processes: Map<string, ServerProcess>;
  readonly readyTimeoutMs: number;
  /** The harness created the state directory, so `stop()` deletes it. */
  readonly removeStateDir: boolean;
  /** Called once `stop()` is done (to stop exit guards and the control endpoint). */
  readonly onStopped?: () => Promise<void> | void;
}

/** Test clusters whose processes this Node process signals and spawns itself. */
export class LocalClusterSet implements TestClusters {
  readonly stateDir: string;
  readonly clusters: readonly TestCluster[];
  private readonly processes: Map<string, ServerProcess>;
  private readonly pending = new Map<string, Promise<void>>();
  private stopping: Promise<void> | undefined;

  constructor(private readonly init: LocalClusterSetInit) {
    this.stateDir = init.layout.root;
    this.processes = init.processes;
    this.clusters = liveClusters(init.state, this.lookup);
  }

  get info() {
    return this.init.state.info;
  }

  private readonly lookup: ProcessLookup = (role) => {
    const server = this.processes.get(role);
    return server === undefined || server.exitReason() !== undefined ? undefined : server.record;
  };

  cluster(name: string): TestCluster {
    clusterInfo(this.init.state, name);
    return this.clusters.find((c) => c.name === name)!;
  }

  kubeconfigFor(clusterName: string, token: string, options?: KubeconfigForOptions): string {
    return kubeconfigFor(this.init.state, clusterName, token, options);
  }

  stats(): TestClustersStats {
    return collectStats(this.init.state, this.lookup);
  }

  /** Operations on one cluster run one at a time, so a stop and a start never interleave. */
  private serialize(name: string, op: () => Promise<void>): Promise<void> {
    const previous = this.pending.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(op);
    this.pending.set(name, next);
    return next;
  }

  stopCluster(name: string, options?: StopServerOptions): Promise<void> {
    clusterInfo(this.init.state, name);
    return this.serialize(name, async () => {
      const role = apiServerRole(name);
      const server = this.processes.get(role);
      if (server === undefined) return;
      await stopServer(server, this.init.layout.pidDir, options);
      this.processes.delete(role);
    });
  }

  startCluster(name: string): Promise<void> {
    const info = clusterInfo(this.init.state, name);
    if (this.stopping) return Promise.reject(new Error('the test clusters are stopping'));
    return this.serialize(name, async () => {
      const role = apiServerRole(name);
      const running = this.processes.get(role);
      if (running !== undefined && running.exitReason() === undefined) return;
      const spec = this.init.state.apiServers[name]!;
      const { server, chain } = await launchApiServer({
        name,
        spec,
        url: info.server,
        token: info.token,
        layout: this.init.layout.cluster(name),
        pidDir: this.init.layout.pidDir,
        detached: this.init.detached,
        timeoutMs: this.init.readyTimeoutMs,
      });
      this.processes.set(role, server);
      if (chain.caPem !== info.caPem) {
        // The kubeconfigs handed out trust the first CA; a new one would break every client.
        await this.stopCluster(name, { signal: 'SIGKILL' });
        throw new Error(
          `${name} came back with a different serving CA (was ${this.init.layout.cluster(name).certDir} deleted?)`,
        );
      }
    });
  }

  /** Kills everything synchronously: the exit-guard path, when there is no time for `stop()`. */
  killNow(): void {
    for (const server of this.processes.values()) {
      const child = server.child;
      if (child !== undefined && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        removePidFile(this.init.layout.pidDir, server.role);
      }
    }
    if (this.init.removeStateDir) rmSync(this.stateDir, { recursive: true, force: true });
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    await Promise.allSettled([...this.pending.values()]);
    const { pidDir } = this.init.layout;
    const apiServers = [...this.processes.values()].filter((s) => s.role !== ETCD_ROLE);
    const failures: unknown[] = [];
    const settle = async (servers: ServerProcess[]) => {
      const results = await Promise.allSettled(
        servers.map((s) => stopServer(s, pidDir, { graceMs: 10_000 })),
      );
      for (const r of results) if (r.status === 'rejected') failures.push(r.reason);
    };
    // API servers first, so they do not spend their shutdown retrying a vanished etcd.
    await settle(apiServers);
    await settle([...this.processes.values()].filter((s) => s.role === ETCD_ROLE));
    this.processes.clear();
    // Anything still recorded (e.g. started by another process in direct mode) goes the same way.
    for (const role of [ETCD_ROLE, ...this.init.state.info.clusters.map((c) => apiServerRole(c.name))]) {
      if (readPidFile(pidDir, role) === undefined) continue;
      failures.push(new Error(`${role} is still recorded in ${pidDir} after stop`));
    }
    await this.init.onStopped?.();
    if (this.init.removeStateDir) {
      rmSync(this.stateDir, { recursive: true, force: true });
    } else {
      // Keep the logs and kubeconfigs for a post-mortem; the data and records go.
      for (const path of [
        this.init.layout.stateFile,
        this.init.layout.etcdDataDir,
        `${this.stateDir}/owner.json`,
      ]) {
        rmSync(path, { recursive: true, force: true });
      }
    }
    if (failures.length > 0) {
      throw new AggregateError(
        failures,
        `could not stop every test-cluster process: ${failures.map((f) => String(f)).join('; ')}`,
      );
    }
  }
}

/** Writes a kubeconfig file readable by its owner only (it holds a token). */
export function writeKubeconfig(path: string, yaml: string): void {
  writeFileSync(path, yaml, { mode: 0o600 });
}
