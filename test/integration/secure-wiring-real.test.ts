/**
 * The secure wiring on real API servers (issue 13 item 1; docs/security.md): two clusters
 * registered with `wiring: cluster-namespace`, A on managed1 and B on managed2. The admin pass
 * renders each one's share into `vzmc-cluster-<C>` and folds their reports into status; each agent
 * reads only its own namespace. With A's own token (taken from A's agent Secret, as an attacker on
 * managed1 would), everything of B's, every Secret not placed on A, and every status but A's own
 * are Forbidden. The file starts an admin and two managed clusters of its own: on the harness's
 * shared managed1, A's agent would rightly want to delete what other files' registrations left
 * there (not placed on A), and the delete guard would then hold back its own deletes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClusterAccessNames,
  ClusterErrorReason,
  Wiring,
  clusterNamespace,
  errorReason,
  managedClusterClusterRole,
  type ClusterClient,
  type KubeObject,
  type ObjectKey,
  type Secret,
} from '../../src/index.js';
import {
  applyManifest,
  createAgent,
  deregisterOnAdmin,
  getIfPresent,
  registerOnAdmin,
  syncAdmin,
} from '../../src/agent-entry.js';
import { createK8sClusterClient } from '../../src/k8s.js';
import { startTestClusters, type TestClusters } from '../../src/testing.js';
import { connectHarnessAdmin, ensureCrds } from '../support/harness.js';

let clusters: TestClusters;
const clientOf = (name: string) =>
  createK8sClusterClient({
    kubeconfig: { yaml: clusters.cluster(name).kubeconfig },
    name,
    timeoutMs: 10_000,
  });
let admin: ReturnType<typeof createK8sClusterClient>;
const suffix = Date.now().toString(36);
const A = `sec-a-${suffix}`;
const B = `sec-b-${suffix}`;
const hosts: Record<string, { client: ClusterClient }> = {};
const BOTH = `sec-both-${suffix}`; // placed on A and B
const ONLY_B = `sec-onlyb-${suffix}`; // placed on B only
const API = 'clusters.verrazzano.io/v1alpha1';
const RETRY = { attempts: 3, baseDelayMs: 100, maxDelayMs: 500 };
type WithStatus = KubeObject & { status?: { state?: string; clusters?: { name: string; state: string }[] } };

const apply = (object: KubeObject) => admin.apply(object, { fieldManager: 'kubectl', force: true });
const placement = (clusters: string[]) => ({ clusters: clusters.map((name) => ({ name })) });
const project = (ns: string, clusters: string[]): KubeObject => ({
  apiVersion: API,
  kind: 'VerrazzanoProject',
  metadata: { name: ns, namespace: 'verrazzano-mc' },
  spec: { template: { namespaces: [{ metadata: { name: ns } }] }, placement: placement(clusters) },
});
const mcConfigMap = (ns: string, clusters: string[]): KubeObject => ({
  apiVersion: API,
  kind: 'MultiClusterConfigMap',
  metadata: { name: 'greeting', namespace: ns },
  spec: { template: { metadata: {}, data: { hello: ns } }, placement: placement(clusters) },
});
const mcSecret = (ns: string, clusters: string[]): KubeObject => ({
  apiVersion: API,
  kind: 'MultiClusterSecret',
  metadata: { name: 'creds', namespace: ns },
  spec: {
    template: { metadata: {}, type: 'Opaque', stringData: { password: `only-for-b-${suffix}` } },
    placement: placement(clusters),
  },
});
const key = (apiVersion: string, kind: string, namespace: string, name: string): ObjectKey => ({
  apiVersion,
  kind,
  namespace,
  name,
});
const greeting = (ns: string) => key(API, 'MultiClusterConfigMap', ns, 'greeting');
const configMapOn = (ns: string) => key('v1', 'ConfigMap', ns, 'greeting');

const agentFor = (cluster: string) =>
  createAgent({
    local: hosts[cluster]!.client,
    connectAdmin: connectHarnessAdmin(),
    retry: RETRY,
  });
async function pass(): Promise<void> {
  const { results } = await syncAdmin(admin, { retry: RETRY });
  expect(results.filter((r) => r.outcome === 'failed')).toEqual([]);
}
async function sync(cluster: string) {
  const report = await agentFor(cluster).runOnce();
  if (report.state !== 'synced') throw new Error(`${cluster}: ${report.state}: ${report.reason ?? ''}`);
  expect(report.results.filter((r) => r.outcome === 'failed')).toEqual([]);
  return report;
}

/** A client with cluster A's own agent token: what an attacker holding managed1 has. */
async function asAgentOf(cluster: string): Promise<ClusterClient> {
  const secret = await admin.get<Secret & KubeObject>(
    key('v1', 'Secret', 'verrazzano-mc', `verrazzano-cluster-${cluster}-agent`),
  );
  const yaml = Buffer.from(secret.data?.['admin-kubeconfig'] ?? '', 'base64').toString('utf8');
  return createK8sClusterClient({ kubeconfig: { yaml }, name: `agent of ${cluster}`, timeoutMs: 10_000 });
}
async function reason(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'allowed';
  } catch (error) {
    return errorReason(error);
  }
}

beforeAll(async () => {
  clusters = await startTestClusters({ clusters: ['sec-admin', 'sec-m1', 'sec-m2'] });
  admin = clientOf('sec-admin');
  hosts[A] = { client: clientOf('sec-m1') };
  hosts[B] = { client: clientOf('sec-m2') };
  for (const target of [admin, ...Object.values(hosts).map((h) => h.client)]) await ensureCrds(target);
  // Verrazzano's ClusterRole exists, as on any admin that also serves that wiring: a stray
  // per-namespace binding to it would then grant, and the Forbidden checks below would see it.
  await admin.apply(managedClusterClusterRole(), {
    fieldManager: 'vzmc',
    force: true,
  });
  for (const [cluster, host] of Object.entries(hosts)) {
    const manifest = await registerOnAdmin(admin, cluster, {
      adminServer: clusters.cluster('sec-admin').server,
      adminCaBundle: clusters.cluster('sec-admin').caPem,
      wiring: Wiring.ClusterNamespace,
    });
    await applyManifest(host.client, manifest);
  }
  await apply(project(BOTH, [A, B]));
  await apply(project(ONLY_B, [B]));
  await pass(); // the project namespaces (P13)
  await apply(mcConfigMap(BOTH, [A, B]));
  await apply(mcSecret(BOTH, [B]));
  await apply(mcConfigMap(ONLY_B, [B]));
  await pass(); // the shares
}, 180_000);

afterAll(async () => {
  admin?.close();
  for (const host of Object.values(hosts)) (host.client as { close?: () => void }).close?.();
  await clusters?.stop();
}, 120_000);

describe('the secure wiring on real API servers (issue 13 item 1)', () => {
  it('each agent syncs what is placed on it from its own namespace, and the admin folds the reports into status (P7, S4)', async () => {
    await sync(A);
    await sync(B);
    await pass();
    const [onA, onB] = [hosts[A]!.client, hosts[B]!.client];
    expect(await getIfPresent(onA, configMapOn(BOTH))).toBeDefined();
    expect(await getIfPresent(onA, key('v1', 'Secret', BOTH, 'creds'))).toBeUndefined();
    expect(await getIfPresent(onA, configMapOn(ONLY_B))).toBeUndefined();
    expect(await getIfPresent(onB, key('v1', 'Secret', BOTH, 'creds'))).toBeDefined();
    expect(await getIfPresent(onB, configMapOn(ONLY_B))).toBeDefined();
    const status = (await admin.get<WithStatus>(greeting(BOTH))).status;
    expect(status?.clusters?.map((c) => [c.name, c.state]).sort()).toEqual([
      [A, 'Succeeded'],
      [B, 'Succeeded'],
    ]);
    expect(status?.state).toBe('Succeeded');
    // No per-namespace binding of Verrazzano's wiring was made for either cluster (V2 does not apply).
    const bindings = (await admin.list('rbac.authorization.k8s.io/v1', 'RoleBinding')).items.map(
      (b) => `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`,
    );
    expect(
      bindings.filter(
        (b) => b.endsWith(`/verrazzano-cluster-${A}`) || b.endsWith(`/verrazzano-cluster-${B}`),
      ),
    ).toEqual([]);
  });

  it("A's share holds only what is placed on A: no Secret of B's, nothing of a project that places only B", async () => {
    const names = (await admin.list('v1', 'Secret', { namespace: clusterNamespace(A) })).items
      .map((s) => s.metadata.name ?? '')
      .sort();
    expect(names).toContain(`multiclusterconfigmap.${BOTH}.greeting`);
    expect(names.some((n) => n.includes('creds') || n.includes(ONLY_B))).toBe(false);
  });

  it("with A's own token: Forbidden for every object of B's, every Secret not placed on A, and every status but its own", async () => {
    const asA = await asAgentOf(A);
    const mc = 'verrazzano-mc';
    const vmcOf = (c: string) => key(API, 'VerrazzanoManagedCluster', mc, c);
    const attempts = {
      'list Secrets in verrazzano-mc': reason(asA.list('v1', 'Secret', { namespace: mc })),
      "get B's agent Secret (its admin kubeconfig)": reason(
        asA.get(key('v1', 'Secret', mc, `verrazzano-cluster-${B}-agent`)),
      ),
      "get B's registration Secret": reason(
        asA.get(key('v1', 'Secret', mc, `verrazzano-cluster-${B}-registration`)),
      ),
      "list B's share": reason(asA.list('v1', 'Secret', { namespace: clusterNamespace(B) })),
      "get B's share of the Secret placed on B only": reason(
        asA.get(key('v1', 'Secret', clusterNamespace(B), `multiclustersecret.${BOTH}.creds`)),
      ),
      'list MultiClusterSecrets in a project namespace': reason(
        asA.list(API, 'MultiClusterSecret', { namespace: BOTH }),
      ),
      'list Secrets in a project namespace': reason(asA.list('v1', 'Secret', { namespace: BOTH })),
      "get B's VMC": reason(asA.get(vmcOf(B))),
      "write B's VMC status": reason(
        admin.get(vmcOf(B)).then((vmc) => asA.updateStatus({ ...vmc, status: { state: 'Active' } })),
      ),
      "write a wrapper's status": reason(
        admin
          .get<WithStatus>(greeting(BOTH))
          .then((w) => asA.updateStatus({ ...w, status: { ...w.status, state: 'Failed' } })),
      ),
      "write B's report": reason(
        admin
          .get(key('v1', 'ConfigMap', clusterNamespace(B), ClusterAccessNames.Report))
          .then((r) => asA.replace({ ...r, data: { 'report.json': '{}' } })),
      ),
      'plant a Secret into its own share': reason(
        asA.create({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: 'planted',
            namespace: clusterNamespace(A),
            labels: { 'vzmc.dev/share': 'object' },
          },
          data: {},
        }),
      ),
      'change a share Secret': reason(
        admin
          .get(key('v1', 'Secret', clusterNamespace(A), `multiclusterconfigmap.${BOTH}.greeting`))
          .then((s) => asA.replace(s)),
      ),
    };
    const outcomes = Object.fromEntries(
      await Promise.all(Object.entries(attempts).map(async ([what, call]) => [what, await call])),
    );
    expect(outcomes).toEqual(
      Object.fromEntries(Object.keys(attempts).map((what) => [what, ClusterErrorReason.Forbidden])),
    );
    // What A may do: read its VMC, its registration Secret and its share, and write its report.
    const own = {
      'get its VMC': reason(asA.get(vmcOf(A))),
      'get its registration Secret': reason(
        asA.get(key('v1', 'Secret', mc, `verrazzano-cluster-${A}-registration`)),
      ),
      'list its share': reason(asA.list('v1', 'Secret', { namespace: clusterNamespace(A) })),
      'write its report': reason(
        asA
          .get(key('v1', 'ConfigMap', clusterNamespace(A), ClusterAccessNames.Report))
          .then((r) => asA.replace(r)),
      ),
    };
    const allowed = Object.fromEntries(
      await Promise.all(Object.entries(own).map(async ([what, call]) => [what, await call])),
    );
    expect(allowed).toEqual(Object.fromEntries(Object.keys(own).map((what) => [what, 'allowed'])));
  });

  it('a missing share index makes the admin unknown: nothing is deleted, and the agent says why (no silent idling)', async () => {
    const index = key('v1', 'Secret', clusterNamespace(A), ClusterAccessNames.ShareIndex);
    await admin.delete(index);
    const report = await agentFor(A).runOnce();
    if (report.state !== 'synced') throw new Error(report.state);
    expect(report.plan.actions.filter((a) => a.op === 'delete')).toEqual([]);
    expect(report.unreadable.map((u) => u.message).join('\n')).toMatch(/is vzmc admin running\?/);
    expect(await getIfPresent(hosts[A]!.client, configMapOn(BOTH))).toBeDefined();
    await pass(); // the admin renders the index again
    expect(await getIfPresent(admin, index)).toBeDefined();
  });

  it('P20: taking A out of a wrapper placement removes it from A’s share, and A’s agent deletes its copy', async () => {
    await apply(mcConfigMap(BOTH, [B]));
    await pass();
    const report = await sync(A);
    const deleted = report.results.filter((r) => r.op === 'delete').map((r) => r.key);
    expect(deleted.filter((k) => k.endsWith(`/ConfigMap/${BOTH}/greeting`))).toHaveLength(1);
    expect(await getIfPresent(hosts[A]!.client, configMapOn(BOTH))).toBeUndefined();
    expect(await getIfPresent(hosts[B]!.client, configMapOn(BOTH))).toBeDefined();
  });

  it("D1: deregistering A removes its Roles and bindings in verrazzano-mc and its cluster namespace; B's stay", async () => {
    await deregisterOnAdmin(admin, A);
    const rbac = 'rbac.authorization.k8s.io/v1';
    const mc = 'verrazzano-mc';
    for (const kind of ['Role', 'RoleBinding']) {
      expect(await getIfPresent(admin, key(rbac, kind, mc, `vzmc-agent-${A}`))).toBeUndefined();
      expect(await getIfPresent(admin, key(rbac, kind, mc, `vzmc-agent-${B}`))).toBeDefined();
    }
    const ns = await getIfPresent(admin, { apiVersion: 'v1', kind: 'Namespace', name: clusterNamespace(A) });
    // Without a namespace controller the namespace stays Terminating; it is being deleted.
    expect(ns === undefined || ns.metadata.deletionTimestamp !== undefined).toBe(true);
    const other = await getIfPresent(admin, {
      apiVersion: 'v1',
      kind: 'Namespace',
      name: clusterNamespace(B),
    });
    expect(other?.metadata.deletionTimestamp).toBeUndefined();
  });
});
