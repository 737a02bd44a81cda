/**
 * Shared by the issue 16 benchmarks (reaction, admin-scale): a fleet of managed clusters
 * registered on one real admin API server, each with its own project and wrappers, and the
 * admin API server's CPU time read from /proc.
 */
import { readFileSync } from 'node:fs';
import { parseAgentKubeconfig, type ClusterClient, type KubeObject, type Wiring } from '../src/index.js';
import {
  applyManifest,
  registerOnAdmin,
  syncAdmin,
  type Agent,
  type IterationReport,
} from '../src/agent-entry.js';
import { createK8sClusterClient } from '../src/k8s.js';
import { startTestClusters, type TestClusterInfo, type TestClusters } from '../src/testing/harness/index.js';
import { BENCH_STATE_DIR } from './clusters.js';
import { syncFleetObjects } from './fixtures.js';

/** CPU seconds (user + system) a process has used: /proc/<pid>/stat fields 14 and 15. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

/** The admin objects of `cluster`'s own share: `resources` wrappers in its own namespaces and project. */
export function clusterFleet(cluster: string, resources: number, namespaces: number): KubeObject[] {
  const objects = syncFleetObjects({ resources, namespaces, projects: 1, cluster }).filter(
    (o) => o.kind !== 'VerrazzanoManagedCluster',
  );
  const text = JSON.stringify(objects)
    .replaceAll('app-ns-', `${cluster}-ns-`)
    .replaceAll('"project-0"', `"project-${cluster}"`);
  return JSON.parse(text) as KubeObject[];
}

/** Registers `cluster` on the admin and applies the manifest to its local cluster (§4). */
export async function register(
  admin: ClusterClient,
  adminInfo: TestClusterInfo,
  local: ClusterClient,
  cluster: string,
  wiring?: Wiring,
): Promise<void> {
  const manifest = await registerOnAdmin(admin, cluster, {
    adminServer: adminInfo.server,
    adminCaBundle: adminInfo.caPem,
    ...(wiring ? { wiring } : {}),
  });
  await applyManifest(local, manifest);
}

/**
 * Registers `cluster` and puts its fleet on the admin as a user would: the projects, an admin pass
 * (P13: their namespaces exist on the admin before anything is applied there), then the rest.
 */
export async function registerWithFleet(
  admin: ClusterClient,
  adminInfo: TestClusterInfo,
  local: ClusterClient,
  cluster: string,
  fleet: readonly KubeObject[],
  wiring?: Wiring,
): Promise<void> {
  await register(admin, adminInfo, local, cluster, wiring);
  await applyAll(
    admin,
    fleet.filter((o) => o.kind === 'VerrazzanoProject'),
  );
  await syncAdmin(admin);
  await applyAll(
    admin,
    fleet.filter((o) => o.kind !== 'VerrazzanoProject'),
  );
}

/** Connects to the admin as the agent's own identity (the token of its agent Secret). */
export const connectAs = (kubeconfig: string, cluster: string): ClusterClient =>
  createK8sClusterClient({ kubeconfig: { yaml: kubeconfig }, name: `admin-as-${cluster}` });

/** The cluster's token, for a replay of its requests under its own identity. */
export const tokenOf = (kubeconfig: string): string => parseAgentKubeconfig(kubeconfig).token;

/** Applies objects with up to 16 in flight. */
export async function applyAll(client: ClusterClient, objects: readonly KubeObject[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const o = objects[next++]!;
      await client.apply(o, { fieldManager: 'kubectl', force: true });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** Checks that an iteration synced without failures. */
export function synced(result: IterationReport, what: string): Extract<IterationReport, { state: 'synced' }> {
  if (result.state !== 'synced')
    throw new Error(`${what}: the agent did not sync: ${JSON.stringify(result)}`);
  const failed = result.results.filter((r) => r.outcome === 'failed');
  if (failed.length > 0)
    throw new Error(`${what}: ${failed.length} actions failed, e.g. ${JSON.stringify(failed[0])}`);
  return result;
}

/**
 * Runs iterations until the plan is empty, but for the project status report that is planned on
 * every iteration in this tree (a known defect, docs/performance.md, agent-steady: left).
 */
export async function converge(agent: Agent, what: string): Promise<number> {
  let left = '';
  for (let i = 1; i <= 8; i++) {
    const result = synced(await agent.runOnce(), what);
    if (result.plan.actions.every((a) => a.op === 'status' && a.kind === 'VerrazzanoProject')) return i;
    left = result.plan.actions
      .slice(0, 3)
      .map((a) => `${a.op} ${a.kind} ${a.namespace ?? ''}/${a.name}`)
      .join('; ');
  }
  throw new Error(`${what}: no steady state after 8 iterations; still: ${left}`);
}

/** p-th percentile (0–100) of a sorted copy. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * {@link withClusters} in a state directory of this benchmark's own (`…/state/bench-<name>`), so
 * that it can run while another benchmark holds the shared one.
 */
export async function withOwnClusters<T>(
  bench: string,
  names: readonly string[],
  fn: (clusters: TestClusters) => Promise<T>,
  apiServerArgs: readonly string[] = [],
): Promise<T> {
  const clusters = await startTestClusters({
    clusters: names,
    stateDir: `${BENCH_STATE_DIR}-${bench}`,
    apiServerArgs,
  });
  try {
    return await fn(clusters);
  } finally {
    await clusters.stop();
  }
}
