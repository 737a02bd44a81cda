/**
 * Issue 14 item 2 on real API servers: W7 forces a namespace move between projects into two edits.
 * Between them the namespace belongs to no project while its old project still places the clusters
 * (P30). Verrazzano deletes nothing there (B4); vzmc freezes the namespace: the application stays
 * up exactly as it was, the agent says so in its plan, its log and its VMC's `NamespacesFrozen`
 * condition, and the second edit decides: the new project's placement resumes syncing where it
 * places a cluster and removes the objects where it does not (P21). The file starts an admin and
 * two managed clusters of its own (registrations under new names would otherwise find other
 * files' leftovers on the shared clusters).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClusterClient,
  type ConfigMap,
  type KubeObject,
  type VerrazzanoManagedCluster,
} from '../../src/index.js';
import {
  NAMESPACES_FROZEN_CONDITION,
  applyManifest,
  createAgent,
  getIfPresent,
  jsonLinesLogger,
  registerOnAdmin,
  syncAdmin,
  type IterationReport,
} from '../../src/agent-entry.js';
import { createK8sClusterClient } from '../../src/k8s.js';
import { startTestClusters, type TestClusters } from '../../src/testing.js';
import { connectHarnessAdmin, ensureCrds } from '../support/harness.js';

let clusters: TestClusters;
let admin: ReturnType<typeof createK8sClusterClient>;
const hosts: Record<string, ClusterClient> = {};
const suffix = Date.now().toString(36);
const A = `mv-a-${suffix}`;
const B = `mv-b-${suffix}`;
const NS = `mv-app-${suffix}`;
const API = 'clusters.verrazzano.io/v1alpha1';
const RETRY = { attempts: 3, baseDelayMs: 100, maxDelayMs: 500 };
const logs: string[] = [];

const clientOf = (name: string) =>
  createK8sClusterClient({
    kubeconfig: { yaml: clusters.cluster(name).kubeconfig },
    name,
    timeoutMs: 10_000,
  });
const apply = (object: KubeObject) => admin.apply(object, { fieldManager: 'kubectl', force: true });
const placement = (names: string[]) => ({ clusters: names.map((name) => ({ name })) });
const project = (name: string, namespaces: string[], placed: string[]): KubeObject => ({
  apiVersion: API,
  kind: 'VerrazzanoProject',
  metadata: { name, namespace: 'verrazzano-mc' },
  spec: {
    template: { namespaces: namespaces.map((ns) => ({ metadata: { name: ns } })) },
    placement: placement(placed),
  },
});
const greeting = (value: string): KubeObject => ({
  apiVersion: API,
  kind: 'MultiClusterConfigMap',
  metadata: { name: 'greeting', namespace: NS },
  spec: { template: { metadata: {}, data: { hello: value } }, placement: placement([A, B]) },
});
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', namespace: NS, name: 'greeting' };
const helloOn = async (cluster: string) =>
  (await getIfPresent<ConfigMap & KubeObject>(hosts[cluster]!, configMap))?.data?.['hello'];

async function pass(): Promise<void> {
  const { results } = await syncAdmin(admin, { retry: RETRY });
  expect(results.filter((r) => r.outcome === 'failed')).toEqual([]);
}
async function sync(cluster: string): Promise<IterationReport & { state: 'synced' }> {
  const report = await createAgent({
    local: hosts[cluster]!,
    connectAdmin: connectHarnessAdmin(),
    retry: RETRY,
    logger: jsonLinesLogger((line) => void logs.push(line)),
  }).runOnce();
  if (report.state !== 'synced') throw new Error(`${cluster}: ${report.state}: ${report.reason ?? ''}`);
  expect(report.results.filter((r) => r.outcome === 'failed')).toEqual([]);
  return report;
}
const frozenCondition = async (cluster: string) =>
  (
    await admin.get<VerrazzanoManagedCluster & KubeObject>({
      apiVersion: API,
      kind: 'VerrazzanoManagedCluster',
      namespace: 'verrazzano-mc',
      name: cluster,
    })
  ).status?.conditions?.find((c) => c.type === NAMESPACES_FROZEN_CONDITION);

beforeAll(async () => {
  clusters = await startTestClusters({ clusters: ['mv-admin', 'mv-m1', 'mv-m2'] });
  admin = clientOf('mv-admin');
  hosts[A] = clientOf('mv-m1');
  hosts[B] = clientOf('mv-m2');
  for (const target of [admin, ...Object.values(hosts)]) await ensureCrds(target);
  for (const [cluster, host] of Object.entries(hosts)) {
    const manifest = await registerOnAdmin(admin, cluster, {
      adminServer: clusters.cluster('mv-admin').server,
      adminCaBundle: clusters.cluster('mv-admin').caPem,
    });
    await applyManifest(host, manifest);
  }
  await apply(project('old', [NS], [A, B]));
  await pass();
  await apply(greeting('v1'));
  await pass();
  await sync(A);
  await sync(B);
}, 180_000);

afterAll(async () => {
  admin?.close();
  for (const host of Object.values(hosts)) (host as { close?: () => void }).close?.();
  await clusters?.stop();
}, 120_000);

describe('a namespace moved between projects in two edits (issue 14 item 2, real API servers)', () => {
  it('P30, B4: after the first edit the application stays as it was on both clusters, and each agent says so', async () => {
    expect([await helloOn(A), await helloOn(B)]).toEqual(['v1', 'v1']);
    await apply(project('old', [`mv-other-${suffix}`], [A, B])); // edit 1: NS leaves `old`
    await apply(greeting('v2')); // a change made while the namespace belongs to no project
    await pass();
    for (const cluster of [A, B]) {
      const report = await sync(cluster);
      expect(report.plan.frozen).toMatchObject([{ namespace: NS, ruleId: 'P30', project: 'old' }]);
      expect(report.results.filter((r) => r.namespace === NS)).toEqual([]);
      expect(await helloOn(cluster)).toBe('v1');
      expect(await frozenCondition(cluster)).toMatchObject({ status: 'True' });
      expect((await frozenCondition(cluster))?.message).toContain(`namespace ${NS} left project old`);
    }
    expect(logs.some((l) => l.includes('namespace frozen') && l.includes(NS))).toBe(true);
  });

  it('P30, W7, P21: the second edit resumes syncing where the new project places the cluster, and removes the copy where it does not', async () => {
    await apply(project('new', [NS], [A])); // edit 2: NS joins `new`, placed on A only
    await pass();
    const onA = await sync(A);
    expect(onA.plan.frozen).toBeUndefined();
    expect(await helloOn(A)).toBe('v2');
    expect(await frozenCondition(A)).toMatchObject({ status: 'False' });
    const onB = await sync(B);
    expect(onB.plan.frozen).toBeUndefined();
    expect(onB.plan.actions.find((a) => a.kind === 'ConfigMap' && a.op === 'delete')?.ruleId).toBe('P21');
    expect(onB.results.filter((r) => r.op === 'delete').map((r) => r.key)).toEqual(
      expect.arrayContaining([`local:/ConfigMap/${NS}/greeting`]),
    );
    expect(await helloOn(B)).toBeUndefined();
  });
});
