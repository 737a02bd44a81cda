/**
 * Ownership that cannot be forged (issue 13, item 2), on real API servers: vzmc deletes or updates
 * an object only when its own field manager applied the `vzmc.dev/managed` label (the API server's
 * `metadata.managedFields`), in a namespace vzmc manages; it never adopts an existing object unless
 * the object's owner annotates it `vzmc.dev/adopt: "true"` (P20, P21; docs/deviations.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClusterErrorReason,
  errorReason,
  isVzmcOwned,
  type ClusterClient,
  type KubeObject,
} from '../../src/index.js';
import { createAgent, syncAdmin } from '../../src/agent-entry.js';
import { copyOf } from '../../src/testing/contract/copy.js';
import { raceCreate } from '../support/create-race.js';
import { connectHarnessAdmin, harnessClient, registerOnHarnessAdmin } from '../support/harness.js';

const admin = harnessClient('admin');
const managed1 = harnessClient('managed1');
const suffix = Date.now().toString(36);
const NS = `own-${suffix}`;
const OTHER = `own-other-${suffix}`;
const FORGED = `forged-${suffix}`;
const API = 'clusters.verrazzano.io/v1alpha1';
const retry = { attempts: 3, baseDelayMs: 100, maxDelayMs: 500 };

const agent = () =>
  createAgent({
    local: managed1,
    connectAdmin: connectHarnessAdmin(),
    retry,
    // The shared harness may hold other runs' leftovers: this test's deletes must not trip the guard.
    plan: { maxDeleteFraction: 1 },
  });
const runOnce = async () => {
  const report = await agent().runOnce();
  if (report.state !== 'synced') throw new Error(`the agent did not sync: ${JSON.stringify(report)}`);
  return report;
};
const pass = () => syncAdmin(admin, { retry });
/** Writes as a user would with `kubectl apply --server-side`: another field manager. */
const kubectl = (client: ClusterClient, object: KubeObject) =>
  client.apply(object, { fieldManager: 'kubectl', force: true });
const placement = (clusters: string[]) => ({ clusters: clusters.map((name) => ({ name })) });
const project = (clusters: string[]): KubeObject => ({
  apiVersion: API,
  kind: 'VerrazzanoProject',
  metadata: { name: NS, namespace: 'verrazzano-mc' },
  spec: { template: { namespaces: [{ metadata: { name: NS } }] }, placement: placement(clusters) },
});
const mccm = (name: string, clusters: string[]): KubeObject => ({
  apiVersion: API,
  kind: 'MultiClusterConfigMap',
  metadata: { name, namespace: NS },
  spec: { template: { metadata: {}, data: { hello: 'world' } }, placement: placement(clusters) },
});
const configMap = (
  namespace: string,
  name: string,
  data: Record<string, string>,
  metadata: Partial<KubeObject['metadata']> = {},
): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...metadata }, data });
const forgedMarkers = (namespace: string, name: string) => ({
  labels: { 'vzmc.dev/managed': 'true' },
  annotations: { 'vzmc.dev/source': `MultiClusterConfigMap/${namespace}/${name}` },
});
const read = (namespace: string, name: string) =>
  managed1.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name });
const deletesOf = (report: Awaited<ReturnType<typeof runOnce>>) =>
  report.results
    .filter((r) => r.op === 'delete' && (r.namespace === NS || r.namespace === OTHER || r.name === FORGED))
    .map((r) => `${r.kind} ${r.namespace}/${r.name}`);

beforeAll(async () => {
  await registerOnHarnessAdmin(admin, { managed1 });
  // What users made on managed1 before vzmc arrived: the project namespace with a same-named
  // ConfigMap, another ConfigMap annotated for adoption, and forgeries of vzmc's markers.
  await kubectl(managed1, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await kubectl(managed1, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: OTHER } });
  await kubectl(managed1, configMap(NS, 'greeting', { user: 'keep' }));
  await kubectl(
    managed1,
    configMap(NS, 'adopt-me', { user: 'keep' }, { annotations: { 'vzmc.dev/adopt': 'true' } }),
  );
  await kubectl(managed1, configMap('kube-system', FORGED, { a: 'b' }, forgedMarkers('kube-system', FORGED)));
  await kubectl(managed1, configMap(OTHER, FORGED, { a: 'b' }, forgedMarkers(OTHER, FORGED)));
  await kubectl(admin, project(['managed1']));
  await pass(); // P13: the project namespace exists on the admin before the wrappers go there
  await kubectl(admin, mccm('greeting', ['managed1']));
  await kubectl(admin, mccm('adopt-me', ['managed1']));
  await pass();
}, 300_000);

/** Deletes, where it is still there; the harness is shared by the test files after this one. */
const remove = async (client: ClusterClient, ref: Parameters<ClusterClient['delete']>[0]) => {
  try {
    await client.delete(ref);
  } catch (error) {
    if (errorReason(error) !== ClusterErrorReason.NotFound) throw error;
  }
};

afterAll(async () => {
  // Later files' agents for managed1 would otherwise read the admin in every namespace that still
  // holds an object labelled vzmc.dev/managed (the copies and forgeries made here).
  for (const name of ['greeting', 'adopt-me'])
    await remove(admin, { apiVersion: API, kind: 'MultiClusterConfigMap', namespace: NS, name });
  await remove(admin, { apiVersion: API, kind: 'VerrazzanoProject', namespace: 'verrazzano-mc', name: NS });
  for (const [namespace, name] of [
    ['kube-system', FORGED],
    [OTHER, FORGED],
    [NS, 'adopt-me-copy'],
    [OTHER, 'adopt-me-copy'],
  ] as const)
    await remove(managed1, { apiVersion: 'v1', kind: 'ConfigMap', namespace, name });
});

describe('ownership that cannot be forged, on real API servers', () => {
  it('(c) P20: a foreign same-named ConfigMap is not adopted: the agent reports AlreadyExists with the fix, and the user keys stay', async () => {
    const report = await runOnce();
    const create = report.results.find(
      (r) => r.kind === 'ConfigMap' && r.namespace === NS && r.name === 'greeting',
    );
    expect(create).toMatchObject({ op: 'create', outcome: 'failed', error: { reason: 'AlreadyExists' } });
    expect(create?.error?.message).toContain(`ConfigMap ${NS}/greeting exists and vzmc does not own it`);
    expect(create?.error?.message).toContain('vzmc.dev/adopt=true');
    const live = await read(NS, 'greeting');
    expect(live.data).toEqual({ user: 'keep' });
    expect(live.metadata.labels?.['vzmc.dev/managed']).toBeUndefined();
    // The admin hears it from the agent (S4).
    const wrapper = await admin.get<
      KubeObject & { status?: { clusters?: { name: string; message?: string }[] } }
    >({
      apiVersion: API,
      kind: 'MultiClusterConfigMap',
      namespace: NS,
      name: 'greeting',
    });
    expect(wrapper.status?.clusters?.find((c) => c.name === 'managed1')?.message).toContain(
      'vzmc does not own it',
    );
  });

  it('(d) P20: with the vzmc.dev/adopt annotation, adoption works: vzmc applies with force and owns the label in managedFields', async () => {
    const live = await read(NS, 'adopt-me');
    expect(live.data).toEqual({ user: 'keep', hello: 'world' });
    expect(isVzmcOwned(live, 'vzmc')).toBe(true);
  });

  it('(a) P21: forged markers (another field manager) in kube-system and in a namespace no project places are never deleted; the plan lists them', async () => {
    const report = await runOnce();
    expect(deletesOf(report)).toEqual([]);
    expect(
      (report.plan.foreign ?? [])
        .filter((f) => f.name === FORGED)
        .map((f) => f.namespace)
        .sort(),
    ).toEqual(['kube-system', OTHER].sort());
    expect((await read('kube-system', FORGED)).data).toEqual({ a: 'b' });
    expect((await read(OTHER, FORGED)).data).toEqual({ a: 'b' });
  });

  it('(b) P20, P21: copies of a vzmc object (to another name and namespace, by another manager) are neither updated nor deleted, while the original goes', async () => {
    const original = await read(NS, 'adopt-me');
    const copy = (namespace: string) =>
      kubectl(managed1, { ...copyOf(original, { namespace, name: 'adopt-me-copy' }), data: { mine: 'x' } });
    await copy(NS);
    await copy(OTHER);
    // The placements move off managed1: vzmc deletes what it owns, nothing else (P20).
    await kubectl(admin, mccm('greeting', ['managed2']));
    await kubectl(admin, mccm('adopt-me', ['managed2']));
    await pass();
    const moved = await runOnce();
    expect(deletesOf(moved).filter((d) => d.startsWith('ConfigMap'))).toEqual([`ConfigMap ${NS}/adopt-me`]);
    expect(moved.plan.actions.filter((a) => a.name === 'adopt-me-copy')).toEqual([]);
    // Revocation: no project places NS on managed1 any more (P21); foreign objects still stay.
    await kubectl(admin, project(['managed2']));
    await pass();
    const revoked = await runOnce();
    expect(deletesOf(revoked).filter((d) => d.startsWith('ConfigMap'))).toEqual([]);
    for (const [namespace, name] of [
      [NS, 'adopt-me-copy'],
      [OTHER, 'adopt-me-copy'],
      [NS, 'greeting'],
      ['kube-system', FORGED],
      [OTHER, FORGED],
    ] as const)
      expect((await read(namespace, name)).metadata.name).toBe(name);
    expect((await read(NS, 'adopt-me-copy')).data).toEqual({ mine: 'x' });
    expect((await read(NS, 'greeting')).data).toEqual({ user: 'keep' });
  });

  it('(e) P20, P21: a create that races a user (the object appears after the ownership check) is given back and fails AlreadyExists; the object is never vzmc-owned', async () => {
    const race = `own-race-${suffix}`;
    await kubectl(managed1, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: race } });
    const { result, live } = await raceCreate(managed1, race);
    expect(result).toMatchObject({ op: 'create', outcome: 'failed', error: { reason: 'AlreadyExists' } });
    expect(result?.error?.message).toContain('created by kubectl while the plan ran');
    expect(live.data).toEqual({ user: 'keep' });
    expect(live.metadata.labels?.['vzmc.dev/managed']).toBeUndefined();
    expect(isVzmcOwned(live, 'vzmc')).toBe(false);
    expect(live.metadata.managedFields?.map((m) => m.manager)).toEqual(['kubectl']);
  });
});
