/**
 * Issue 17 item 1 on real API servers (one admin, two managed clusters of this file's own): the
 * impact computed offline from two fleets agrees, action for action, with the plans the admin
 * controller and the agents run once the change is applied. The change is the one of the unit
 * tests: the project todo-list and its app move from managed1 to managed2, and the hello-helidon
 * app config stops listing its Secret. Before it, every cluster has converged on the before fleet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusterNamespace,
  fleetFromObjects,
  impactOf,
  type ClusterClient,
  type Impact,
  type KubeObject,
  type SyncPlan,
  Wiring,
} from '../../src/index.js';
import { applyManifest, createAgent, registerOnAdmin, syncAdmin } from '../../src/agent-entry.js';
import { createK8sClusterClient } from '../../src/k8s.js';
import { startTestClusters, type TestClusters } from '../../src/testing.js';
import { connectHarnessAdmin, ensureCrds } from '../support/harness.js';
import { beforeObjects, changeGreeting, dropHelloSecret, moveTodoList } from '../unit/impact/fleets.js';

let clusters: TestClusters;
let admin: ReturnType<typeof createK8sClusterClient>;
const hosts: Record<string, ClusterClient> = {};
const MANAGED = ['managed1', 'managed2'] as const;
const RETRY = { attempts: 3, baseDelayMs: 100, maxDelayMs: 500 };
const API = 'clusters.verrazzano.io/v1alpha1';

const clientOf = (name: string) =>
  createK8sClusterClient({
    kubeconfig: { yaml: clusters.cluster(name).kubeconfig },
    name,
    timeoutMs: 10_000,
  });
const apply = async (objects: readonly KubeObject[]) => {
  for (const object of objects) await admin.apply(object, { fieldManager: 'kubectl', force: true });
};
/** The user's objects: the fleet without its VMCs, which registration creates. */
const userObjects = (objects: readonly KubeObject[]) =>
  objects.filter((o) => o.kind !== 'VerrazzanoManagedCluster');

/** The admin's pass: its plan (cluster local). */
async function pass(): Promise<SyncPlan> {
  const { plan, results } = await syncAdmin(admin, { retry: RETRY });
  expect(results.filter((r) => r.outcome === 'failed')).toEqual([]);
  return plan;
}
/** One agent iteration: its plan. */
async function sync(cluster: string): Promise<SyncPlan> {
  const report = await createAgent({
    local: hosts[cluster]!,
    connectAdmin: connectHarnessAdmin(),
    retry: RETRY,
  }).runOnce();
  if (report.state !== 'synced') throw new Error(`${cluster}: ${report.state}: ${report.reason ?? ''}`);
  expect(report.results.filter((r) => r.outcome === 'failed')).toEqual([]);
  return report.plan;
}

/**
 * A plan's writes to its own cluster, as `op kind namespace/name`, sorted. On the admin, the
 * secure wiring's shares (the Secrets in each cluster's own namespace, which carry the fleet to
 * the agents) are transport, not the fleet's objects: the impact does not list them.
 */
const SHARES = new Set(MANAGED.map((c) => clusterNamespace(c)));
const writes = (plan: SyncPlan) =>
  plan.actions
    .filter((a) => a.target === 'local' && ['create', 'update', 'replace', 'delete'].includes(a.op))
    .filter((a) => !SHARES.has(a.namespace))
    .map((a) => `${a.op === 'replace' ? 'update' : a.op} ${a.kind} ${a.namespace}/${a.name}`)
    .sort();
/** The impact's actions on a cluster, in the same words. */
const impactWrites = (impact: Impact, cluster: string) =>
  impact.clusters
    .find((c) => c.cluster === cluster)!
    .objects.filter((o) => o.action !== 'none')
    .map((o) => `${o.action} ${o.kind} ${o.namespace}/${o.name}`)
    .sort();

/** Passes and iterations until no plan writes anything (at most four rounds). */
async function converge(): Promise<void> {
  let left: string[] = [];
  for (let round = 0; round < 4; round++) {
    const plans = [await pass(), ...(await Promise.all(MANAGED.map(sync)))];
    left = plans.flatMap((p) => writes(p).map((w) => `${p.cluster}: ${w}`));
    if (left.length === 0) return;
  }
  throw new Error(`the clusters did not converge on the before fleet: ${left.join('; ')}`);
}

/** The VMCs as registration wrote them on the admin (their wiring decides the RoleBindings). */
async function vmcs(): Promise<KubeObject[]> {
  return [...(await admin.list(API, 'VerrazzanoManagedCluster', { namespace: 'verrazzano-mc' })).items];
}

const before = beforeObjects();
/** The two edits of the acceptance, and a third that updates what stays (updates ↔ change). */
const after = changeGreeting(dropHelloSecret(moveTodoList(before)));

beforeAll(async () => {
  clusters = await startTestClusters({ clusters: ['im-admin', 'im-m1', 'im-m2'] });
  admin = clientOf('im-admin');
  hosts['managed1'] = clientOf('im-m1');
  hosts['managed2'] = clientOf('im-m2');
  for (const target of [admin, ...Object.values(hosts)]) await ensureCrds(target);
  for (const cluster of MANAGED) {
    // managed1 through its own namespace (the default), managed2 as Verrazzano wires it (V2): the
    // admin then binds the project namespaces for managed2 itself, so local has work too.
    const manifest = await registerOnAdmin(admin, cluster, {
      adminServer: clusters.cluster('im-admin').server,
      adminCaBundle: clusters.cluster('im-admin').caPem,
      ...(cluster === 'managed2' ? { wiring: Wiring.Verrazzano } : {}),
    });
    await applyManifest(hosts[cluster]!, manifest);
  }
  // The projects first: the admin creates their namespaces (P13), where the wrappers then go.
  await apply(before.filter((o) => o.kind === 'VerrazzanoProject'));
  await pass();
  await apply(userObjects(before).filter((o) => o.kind !== 'VerrazzanoProject'));
  await converge();
}, 300_000);

afterAll(async () => {
  admin?.close();
  for (const host of Object.values(hosts)) (host as { close?: () => void }).close?.();
  await clusters?.stop();
}, 120_000);

describe('vzmc impact against the plans the real agents run (issue 17)', () => {
  it('P6, P7, P9, P12, P21, P22, P23, P25, P28, V2: per cluster, creates ↔ appear, updates ↔ change, deletes ↔ disappear, action for action', async () => {
    const registered = await vmcs();
    const impact = impactOf(
      fleetFromObjects([...userObjects(before), ...registered]),
      fleetFromObjects([...userObjects(after), ...registered]),
    );
    expect(impact.touched).toEqual(['managed1', 'managed2', 'local']);
    expect(impactWrites(impact, 'local')).toEqual([
      'create RoleBinding todo-list/verrazzano-cluster-managed2',
    ]);
    await apply(
      userObjects(after).filter((o) =>
        ['todo-list', 'todo-app', 'hello-helidon', 'hello-helidon-greeting'].includes(o.metadata.name ?? ''),
      ),
    );
    // The admin first (its plan is local's; it also renders the shares the agents read), then the agents.
    const plans: Record<string, SyncPlan> = { local: await pass() };
    for (const cluster of MANAGED) plans[cluster] = await sync(cluster);
    for (const cluster of [...MANAGED, 'local']) {
      expect(writes(plans[cluster]!), cluster).toEqual(impactWrites(impact, cluster));
      expect(writes(plans[cluster]!).length, cluster).toBeGreaterThan(0); // nothing vacuous
    }
    // The impact's guard verdict is the plans': nothing blocked.
    for (const cluster of MANAGED)
      expect(plans[cluster]!.actions.filter((a) => a.blocked).length).toBe(
        impact.clusters.find((c) => c.cluster === cluster)!.totals.blocked,
      );
  });
});
