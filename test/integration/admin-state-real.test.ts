/**
 * What each admin pass decides, on real API servers (issue 12): the effective state of wrappers
 * and projects recomputed on every pass (S1, Verrazzano's `SetEffectiveStateIfChanged`, cu.go
 * l.314–324), and the VMC finalizer with the deletion of exactly what the VMC owned (D1), since
 * the harness has no garbage collector, and of its metrics federation entries (M5).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ClusterErrorReason,
  errorReason,
  type ClusterClient,
  type KubeObject,
  Wiring,
} from '../../src/index.js';
import { createAgent, getIfPresent, registerOnAdmin, syncAdmin } from '../../src/agent-entry.js';
import {
  connectHarnessAdmin,
  harnessClient,
  harnessCluster,
  registerOnHarnessAdmin,
} from '../support/harness.js';

const admin = harnessClient('admin');
const managed: Record<string, ClusterClient> = {
  managed1: harnessClient('managed1'),
  managed2: harnessClient('managed2'),
};
const suffix = Date.now().toString(36);
const NS = `h7-state-${suffix}`;
const API = 'clusters.verrazzano.io/v1alpha1';
type WithStatus = KubeObject & {
  status?: { state?: string; clusters?: { name: string; state: string }[] };
};

const agentFor = (cluster: string) =>
  createAgent({
    local: managed[cluster]!,
    connectAdmin: connectHarnessAdmin(),
    retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 500 },
  });
const pass = async () => {
  const result = await syncAdmin(admin, { retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 500 } });
  expect(result.results.filter((r) => r.outcome === 'failed')).toEqual([]);
  return result;
};
const apply = (object: KubeObject) => admin.apply(object, { fieldManager: 'kubectl', force: true });
const placement = (clusters: string[]) => ({ clusters: clusters.map((name) => ({ name })) });
const project = (clusters: string[]): KubeObject => ({
  apiVersion: API,
  kind: 'VerrazzanoProject',
  metadata: { name: NS, namespace: 'verrazzano-mc' },
  spec: { template: { namespaces: [{ metadata: { name: NS } }] }, placement: placement(clusters) },
});
const configMap = (clusters: string[]): KubeObject => ({
  apiVersion: API,
  kind: 'MultiClusterConfigMap',
  metadata: { name: 'greeting', namespace: NS },
  spec: { template: { metadata: {}, data: { hello: 'world' } }, placement: placement(clusters) },
});
const cmKey = { apiVersion: API, kind: 'MultiClusterConfigMap', namespace: NS, name: 'greeting' };
const cm = () => admin.get<WithStatus>(cmKey);
const vp = () =>
  admin.get<WithStatus>({ apiVersion: API, kind: 'VerrazzanoProject', namespace: 'verrazzano-mc', name: NS });

beforeAll(async () => {
  await registerOnHarnessAdmin(admin, managed);
}, 120_000);

describe('admin passes on real API servers: effective state (S1)', () => {
  it('S1: Pending on create, Pending after a cluster is added, Succeeded once it reports, recomputed after a Failed cluster is dropped', async () => {
    await apply(project(['managed1']));
    await pass();
    await apply(configMap(['managed1']));
    await pass();
    expect((await cm()).status?.state).toBe('Pending'); // no agent has run
    expect((await vp()).status?.state).toBe('Pending');

    expect((await agentFor('managed1').runOnce()).state).toBe('synced');
    await pass();
    expect((await cm()).status?.state).toBe('Succeeded');
    expect((await vp()).status?.state).toBe('Succeeded');

    await apply(project(['managed1', 'managed2']));
    await apply(configMap(['managed1', 'managed2']));
    await pass();
    expect((await cm()).status?.state).toBe('Pending');
    expect((await vp()).status?.state).toBe('Pending');
    expect((await agentFor('managed2').runOnce()).state).toBe('synced');
    await pass();
    expect((await cm()).status?.state).toBe('Succeeded');
    expect((await vp()).status?.state).toBe('Succeeded');

    // managed2 reports Failed (written as its agent would), then is dropped from the placement.
    const live = await cm();
    await admin.updateStatus({
      ...live,
      status: {
        ...live.status,
        clusters: (live.status?.clusters ?? []).map((c) =>
          c.name === 'managed2' ? { ...c, state: 'Failed', message: 'managed2: boom' } : c,
        ),
      },
    });
    await pass();
    expect((await cm()).status?.state).toBe('Failed');
    await apply(configMap(['managed1']));
    await pass();
    const after = await cm();
    expect(after.status?.state).toBe('Succeeded');
    // Verrazzano never prunes an entry of a cluster outside the placement.
    expect(after.status?.clusters?.map((c) => c.name).sort()).toEqual(['managed1', 'managed2']);
    const again = await pass();
    expect(again.plan.actions.filter((a) => a.op === 'state' && a.namespace === NS)).toEqual([]);
  }, 120_000);
});

describe('admin passes on real API servers: VMC deletion (D1)', () => {
  it('D1: the finalizer is added; deleting the VMC removes exactly the owned admin objects, then the finalizer; an unowned ca-secret-<C> stays', async () => {
    const cluster = `h7-gone-${suffix}`;
    await registerOnAdmin(admin, cluster, {
      adminServer: harnessCluster('admin').server,
      adminCaBundle: harnessCluster('admin').caPem,
      wiring: Wiring.Verrazzano,
    });
    const caKey = {
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: 'verrazzano-mc',
      name: `ca-secret-${cluster}`,
    };
    await admin.create({ ...caKey, metadata: { name: caKey.name, namespace: caKey.namespace }, data: {} });
    const vmcKey = {
      apiVersion: API,
      kind: 'VerrazzanoManagedCluster',
      namespace: 'verrazzano-mc',
      name: cluster,
    };
    await pass();
    expect((await admin.get(vmcKey)).metadata.finalizers).toEqual(['managedcluster.verrazzano.io']);

    const named = async () => {
      const [secrets, accounts, bindings] = await Promise.all([
        admin.list('v1', 'Secret', { namespace: 'verrazzano-mc' }),
        admin.list('v1', 'ServiceAccount', { namespace: 'verrazzano-mc' }),
        admin.list('rbac.authorization.k8s.io/v1', 'RoleBinding', { namespace: 'verrazzano-mc' }),
      ]);
      return [...secrets.items, ...accounts.items, ...bindings.items]
        .filter((o) => (o.metadata.name ?? '').includes(cluster))
        .map((o) => `${o.kind} ${o.metadata.name ?? ''}`)
        .sort();
    };
    expect(await named()).toEqual(
      expect.arrayContaining([
        `RoleBinding verrazzano-cluster-${cluster}`,
        `Secret ca-secret-${cluster}`,
        `Secret verrazzano-cluster-${cluster}-agent`,
        `Secret verrazzano-cluster-${cluster}-manifest`,
        `Secret verrazzano-cluster-${cluster}-registration`,
        `ServiceAccount verrazzano-cluster-${cluster}`,
      ]),
    );

    await admin.delete(vmcKey);
    expect((await admin.get(vmcKey)).metadata.deletionTimestamp).toBeDefined(); // held by the finalizer
    const { plan } = await pass();
    expect(plan.actions.filter((a) => a.name.includes(cluster)).at(-1)).toMatchObject({
      op: 'finalize',
      finalizer: { present: false },
    });
    expect(await getIfPresent(admin, vmcKey)).toBeUndefined();
    expect(await named()).toEqual([`Secret ca-secret-${cluster}`]);
    expect((await pass()).plan.actions.filter((a) => a.name.includes(cluster))).toEqual([]);
    await admin.delete(caKey);
  }, 120_000);
});

describe('admin passes on real API servers: VMC deletion and metrics federation (M5)', () => {
  const MON = 'verrazzano-monitoring';
  const keyOf = (kind: string, name: string) => ({ apiVersion: 'v1', kind, namespace: MON, name });
  const FED = [
    keyOf('Secret', 'managed-cluster-ca-certs'),
    keyOf('Secret', 'additional-scrape-configs'),
    keyOf('ConfigMap', 'verrazzano-thanos-endpoints'),
  ];
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const text = (value: string | undefined) => Buffer.from(value ?? '', 'base64').toString('utf8');
  type Data = KubeObject & { data?: Record<string, string> };
  const jobs = (names: string[]) =>
    names.map(
      (n) => `- job_name: ${n}\n  static_configs:\n    - targets:\n        - prometheus.${n}.example.com\n`,
    );
  const endpoints = (names: string[]) =>
    names.map(
      (n) => `- targets:\n    - thanos.${n}.example.com:443\n  labels:\n    verrazzano_cluster: ${n}\n`,
    );
  const removeFederation = async () => {
    for (const key of FED) if (await getIfPresent(admin, key)) await admin.delete(key);
  };
  const register = async (cluster: string) => {
    await registerOnAdmin(admin, cluster, {
      adminServer: harnessCluster('admin').server,
      adminCaBundle: harnessCluster('admin').caPem,
      wiring: Wiring.Verrazzano,
    });
    await pass(); // the finalizer
  };
  const vmcKey = (name: string) => ({
    apiVersion: API,
    kind: 'VerrazzanoManagedCluster',
    namespace: 'verrazzano-mc',
    name,
  });

  it("M5: deleting a VMC removes its CA key, scrape job and Thanos endpoint before its finalizer; other clusters' entries and keys stay as they were", async () => {
    const cluster = `h20-fed-${suffix}`;
    const other = `h20-other-${suffix}`;
    await admin
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: MON } })
      .catch((error: unknown) => {
        if (errorReason(error) !== ClusterErrorReason.AlreadyExists) throw error;
      });
    await removeFederation();
    await register(cluster);
    const [ca, scrape, thanos] = FED;
    await admin.create({
      apiVersion: 'v1',
      kind: ca!.kind,
      metadata: { name: ca!.name, namespace: MON },
      data: { [`ca-${cluster}`]: b64('PEM A'), [`ca-${other}`]: b64('PEM B') },
    });
    await admin.create({
      apiVersion: 'v1',
      kind: scrape!.kind,
      metadata: { name: scrape!.name, namespace: MON },
      data: { jobs: b64(jobs([other, cluster, 'hand-written']).join('')), extra: b64('kept') },
    });
    await admin.create({
      apiVersion: 'v1',
      kind: thanos!.kind,
      metadata: { name: thanos!.name, namespace: MON },
      data: { 'servicediscovery.yml': endpoints([cluster, other]).join('') },
    });

    await admin.delete(vmcKey(cluster));
    const { plan, results } = await pass();
    const mine = plan.actions.filter((a) => a.ruleId === 'M5' || (a.op === 'finalize' && a.name === cluster));
    expect(mine.map((a) => `${a.op} ${a.kind} ${a.name}`)).toEqual([
      'replace ConfigMap verrazzano-thanos-endpoints',
      'replace Secret additional-scrape-configs',
      'replace Secret managed-cluster-ca-certs',
      `finalize VerrazzanoManagedCluster ${cluster}`,
    ]);
    expect(mine.at(-1)?.dependsOn).toEqual(expect.arrayContaining(mine.slice(0, 3).map((a) => a.key)));
    expect(results.filter((r) => mine.some((a) => a.key === r.key)).map((r) => r.outcome)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    expect(await getIfPresent(admin, vmcKey(cluster))).toBeUndefined();

    const [caAfter, scrapeAfter, thanosAfter] = await Promise.all(FED.map((k) => admin.get<Data>(k)));
    expect(caAfter!.data).toEqual({ [`ca-${other}`]: b64('PEM B') });
    expect(text(scrapeAfter!.data?.jobs)).toBe(jobs([other, 'hand-written']).join(''));
    expect(scrapeAfter!.data?.extra).toBe(b64('kept'));
    expect(thanosAfter!.data?.['servicediscovery.yml']).toBe(endpoints([other]).join(''));
    // Nothing more to do for it, and the other cluster's entries are not vzmc's to touch.
    expect((await pass()).plan.actions.filter((a) => a.ruleId === 'M5')).toEqual([]);
    await removeFederation();
  }, 120_000);

  it('M5: without the federation objects, deleting a VMC creates none of them and the finalizer still goes', async () => {
    const cluster = `h20-bare-${suffix}`;
    await removeFederation();
    await register(cluster);
    await admin.delete(vmcKey(cluster));
    const { plan } = await pass();
    expect(plan.actions.filter((a) => a.ruleId === 'M5')).toEqual([]);
    expect(await getIfPresent(admin, vmcKey(cluster))).toBeUndefined();
    for (const key of FED) expect(await getIfPresent(admin, key)).toBeUndefined();
  }, 120_000);
});
