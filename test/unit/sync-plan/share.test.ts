/**
 * A cluster's share under the secure wiring (issue 13 item 1): what the admin renders into
 * `vzmc-cluster-<C>`, the order it writes it in, and how the agent reads it back.
 */
import { describe, expect, it } from 'vitest';
import {
  ClusterAccessNames,
  SyncOp,
  adminShareActions,
  adminSnapshotFromObjects,
  localSnapshotFromObjects,
  planSync,
  decodeReport,
  encodeReport,
  mergeReport,
  planShare,
  renderShare,
  reportStatusActions,
  shareSecrets,
  snapshot,
  snapshotFromShare,
  type KubeObject,
  type Snapshot,
} from '../../../src/index.js';

const API = 'clusters.verrazzano.io/v1alpha1';
const placement = (...clusters: string[]) => ({ clusters: clusters.map((name) => ({ name })) });
const project = (ns: string, ...clusters: string[]): KubeObject => ({
  apiVersion: API,
  kind: 'VerrazzanoProject',
  metadata: { name: ns, namespace: 'verrazzano-mc', resourceVersion: '7' },
  spec: { template: { namespaces: [{ metadata: { name: ns } }] }, placement: placement(...clusters) },
});
const wrapper = (kind: string, ns: string, name: string, ...clusters: string[]): KubeObject => ({
  apiVersion: API,
  kind,
  metadata: { name, namespace: ns, managedFields: [] },
  spec: { template: { data: { a: 'b' } }, placement: placement(...clusters) },
  status: {
    state: 'Failed',
    clusters: clusters.map((c) => ({ name: c, state: c === 'b' ? 'Failed' : 'Succeeded' })),
  },
});
const app = (ns: string, ...clusters: string[]): KubeObject => ({
  apiVersion: API,
  kind: 'MultiClusterApplicationConfiguration',
  metadata: { name: 'app', namespace: ns },
  spec: {
    template: { spec: { components: [{ componentName: 'web' }] } },
    placement: placement(...clusters),
    secrets: ['db'],
  },
});
const plain = (kind: string, apiVersion: string, ns: string, name: string): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: ns },
});
const vmc = (name: string, wiring?: string): KubeObject => ({
  apiVersion: API,
  kind: 'VerrazzanoManagedCluster',
  metadata: {
    name,
    namespace: 'verrazzano-mc',
    ...(wiring ? { annotations: { 'vzmc.dev/wiring': wiring } } : {}),
  },
});

/** A fleet snapshot: one successful list per kind, across namespaces. */
function fleet(objects: KubeObject[]): Snapshot {
  const byKind = new Map<string, KubeObject[]>();
  for (const o of objects)
    byKind.set(`${o.apiVersion}|${o.kind}`, [...(byKind.get(`${o.apiVersion}|${o.kind}`) ?? []), o]);
  const kinds = [
    [API, 'VerrazzanoProject', 'verrazzano-mc'],
    [API, 'VerrazzanoManagedCluster', 'verrazzano-mc'],
    [API, 'MultiClusterApplicationConfiguration', '*'],
    [API, 'MultiClusterComponent', '*'],
    [API, 'MultiClusterConfigMap', '*'],
    [API, 'MultiClusterSecret', '*'],
    ['v1', 'Secret', '*'],
    ['core.oam.dev/v1alpha2', 'Component', '*'],
  ] as const;
  return snapshot(
    kinds.map(([apiVersion, kind, namespace]) => ({
      apiVersion,
      kind,
      namespace,
      result: { ok: true, items: byKind.get(`${apiVersion}|${kind}`) ?? [] },
    })),
  );
}

const FLEET = fleet([
  project('shop', 'a', 'b'),
  project('bonly', 'b'),
  wrapper('MultiClusterConfigMap', 'shop', 'both', 'a', 'b'),
  wrapper('MultiClusterSecret', 'shop', 'creds', 'b'),
  wrapper('MultiClusterConfigMap', 'bonly', 'x', 'a', 'b'), // names a, but its project does not place a
  app('shop', 'a'),
  plain('Secret', 'v1', 'shop', 'db'),
  plain('Secret', 'v1', 'shop', 'unused'),
  plain('Component', 'core.oam.dev/v1alpha2', 'shop', 'web'),
  vmc('a', 'cluster-namespace'),
  vmc('b'),
]);
/** managedFields saying `manager` applied the share label. */
const applied = (manager: string) => [
  { manager, operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:vzmc.dev/share': {} } } } },
];
const names = (objects: KubeObject[]) =>
  objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);

describe('the share of a cluster (issue 13 item 1)', () => {
  it('P6, P7, P23, P24: holds the projects placing the cluster, their wrappers naming it, and the Secrets and Components its app configs use; nothing else', () => {
    expect(names(renderShare(FLEET, 'a')).sort()).toEqual([
      'Component shop/web',
      'MultiClusterApplicationConfiguration shop/app',
      'MultiClusterConfigMap shop/both',
      'Secret shop/db',
      'VerrazzanoProject verrazzano-mc/shop',
    ]);
  });

  it("carries only the cluster's own status entry, no overall state, no server bookkeeping", () => {
    const both = renderShare(FLEET, 'a').find((o) => o.metadata.name === 'both') as KubeObject & {
      status?: unknown;
    };
    expect(both.status).toEqual({ clusters: [{ name: 'a', state: 'Succeeded' }] });
    expect(both.metadata.managedFields).toBeUndefined();
    const shop = renderShare(FLEET, 'a').find((o) => o.kind === 'VerrazzanoProject');
    expect(shop?.metadata.resourceVersion).toBeUndefined();
  });

  it('is byte-identical for the same fleet (determinism)', () => {
    expect(JSON.stringify(shareSecrets(renderShare(FLEET, 'a'), 'a'))).toBe(
      JSON.stringify(shareSecrets(renderShare(FLEET, 'a'), 'a')),
    );
  });

  it('is written objects first, then the index, then the deletes; an unchanged share needs no write', () => {
    const desired = shareSecrets(renderShare(FLEET, 'a'), 'a');
    const first = planShare(desired, []);
    expect(first.map((a) => a.op)).toEqual([...desired.slice(0, -1).map(() => SyncOp.Create), SyncOp.Create]);
    expect(first.at(-1)?.name).toBe(ClusterAccessNames.ShareIndex);
    expect(first.at(-1)?.dependsOn).toEqual(
      first
        .slice(0, -1)
        .map((a) => a.key)
        .sort(),
    );
    expect(planShare(desired, desired as unknown as KubeObject[])).toEqual([]);
    const stale = {
      ...desired[0]!,
      metadata: { ...desired[0]!.metadata, name: 'secret.shop.gone', managedFields: applied('vzmc') },
    };
    const next = planShare(desired, [...(desired as unknown as KubeObject[]), stale]);
    expect(next.map((a) => `${a.op} ${a.name}`)).toEqual(['delete secret.shop.gone']);
  });

  it('only share Secrets whose label vzmc applied are ever deleted: no label, or a copied one, proves nothing (issue 13 item 2)', () => {
    const foreign: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'user', namespace: 'vzmc-cluster-a' },
    };
    const copied: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'copied',
        namespace: 'vzmc-cluster-a',
        labels: { 'vzmc.dev/share': 'object' },
        managedFields: applied('kubectl'),
      },
    };
    const desired = shareSecrets(renderShare(FLEET, 'a'), 'a');
    expect(planShare(desired, [...(desired as unknown as KubeObject[]), foreign, copied])).toEqual([]);
  });

  it('reads back as the admin snapshot the planner expects, placed namespaces and local leftovers known', () => {
    const secrets = shareSecrets(renderShare(FLEET, 'a'), 'a') as unknown as KubeObject[];
    const read = snapshotFromShare('a', { ok: true, items: secrets }, ['old-ns']);
    const entry = (kind: string, ns: string) =>
      read.entries.find((e) => e.kind === kind && e.namespace === ns);
    expect(entry('MultiClusterConfigMap', 'shop')?.result).toMatchObject({
      ok: true,
      items: [{ metadata: { name: 'both' } }],
    });
    expect(entry('MultiClusterConfigMap', 'old-ns')?.result).toEqual({ ok: true, items: [] });
    expect(entry('VerrazzanoProject', 'verrazzano-mc')?.result.ok).toBe(true);
  });

  it('a missing index, or an index naming a Secret that is not there, makes the admin unknown (no silent deletes)', () => {
    const secrets = shareSecrets(renderShare(FLEET, 'a'), 'a') as unknown as KubeObject[];
    const noIndex = snapshotFromShare('a', { ok: true, items: secrets.slice(0, -1) }, []);
    expect(noIndex.entries).toHaveLength(1);
    expect(noIndex.entries[0]?.result).toMatchObject({ ok: false, reason: 'NotFound' });
    const partial = snapshotFromShare('a', { ok: true, items: secrets.slice(1) }, []);
    expect(partial.entries[0]?.result).toMatchObject({ ok: false, reason: 'Conflict' });
  });

  it('the admin renders shares only for clusters wired through their namespace, and only from a complete fleet read', () => {
    const empty = { ok: true as const, items: [] };
    const actions = adminShareActions(FLEET, empty, empty);
    expect(new Set(actions.map((a) => a.namespace))).toEqual(new Set(['vzmc-cluster-a']));
    const broken = snapshot([
      ...FLEET.entries,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: 'x',
        result: { ok: false, reason: 'Forbidden', message: '' },
      },
    ]);
    expect(adminShareActions(broken, empty, empty)).toEqual([]);
  });
});

describe("the agent's report (issue 13 item 1, S4)", () => {
  const condition = {
    type: 'DeployComplete',
    status: 'True',
    message: 'a: ok',
    lastTransitionTime: '2026-01-01T00:00:00Z',
  };

  it('merges over the previous report, keeps only what is still placed, and encodes byte-identically', () => {
    const previous = {
      'MultiClusterConfigMap/shop/both': condition,
      'MultiClusterConfigMap/shop/gone': condition,
    };
    const merged = mergeReport(
      previous,
      new Map([['MultiClusterSecret/shop/creds', condition]]),
      new Set(['MultiClusterConfigMap/shop/both', 'MultiClusterSecret/shop/creds']),
    );
    expect(Object.keys(merged).sort()).toEqual([
      'MultiClusterConfigMap/shop/both',
      'MultiClusterSecret/shop/creds',
    ]);
    expect(decodeReport(encodeReport(merged))).toEqual(merged);
    expect(encodeReport(merged)).toBe(encodeReport({ ...merged }));
    expect(decodeReport('not json')).toEqual({});
  });

  it("is folded only into resources that exist and place the reporting cluster: a report cannot reach another cluster's resource", () => {
    const actions = reportStatusActions(FLEET, 'a', {
      'MultiClusterConfigMap/shop/both': condition,
      'MultiClusterSecret/shop/creds': condition, // placed on b only
      'MultiClusterConfigMap/nowhere/none': condition,
      'VerrazzanoProject/verrazzano-mc/shop': condition,
    });
    expect(actions.map((a) => `${a.kind} ${a.namespace}/${a.name} ${a.status?.cluster}`)).toEqual([
      'MultiClusterConfigMap shop/both a',
      'VerrazzanoProject verrazzano-mc/shop a',
    ]);
  });
});

describe("the admin's per-cluster bindings under two wirings (V2, V3; issue 13 item 1)", () => {
  const admin = (vmcs: KubeObject[]) => adminSnapshotFromObjects([project('shop', 'a', 'b'), ...vmcs]);
  const bindings = (plan: ReturnType<typeof planSync>) =>
    plan.actions
      .filter((a) => a.kind === 'RoleBinding' && a.name.startsWith('verrazzano-cluster-'))
      .map((a) => `${a.op} ${a.namespace}/${a.name}`);

  it('V2: a cluster wired through its namespace gets no binding in the project namespaces; one of Verrazzano’s wiring does', () => {
    const plan = planSync(
      'local',
      admin([vmc('a', 'cluster-namespace'), vmc('b')]),
      localSnapshotFromObjects([]),
      {
        now: new Date(0),
      },
    );
    expect(bindings(plan)).toEqual(['create shop/verrazzano-cluster-b']);
  });

  it('V2, V3: without a VMC list, no binding is made or removed: a wiring not known is never widened', () => {
    const failed = snapshot(
      admin([]).entries.map((e) =>
        e.kind === 'VerrazzanoManagedCluster'
          ? { ...e, result: { ok: false as const, reason: 'Forbidden' as const, message: 'no' } }
          : e,
      ),
    );
    const live: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: {
        name: 'verrazzano-cluster-z',
        namespace: 'shop',
        labels: { 'vzmc.dev/managed': 'true' },
        managedFields: [
          {
            manager: 'vzmc',
            operation: 'Apply',
            fieldsV1: { 'f:metadata': { 'f:labels': { 'f:vzmc.dev/managed': {} } } },
          },
        ],
      },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'verrazzano-managed-cluster',
      },
    };
    const plan = planSync('local', failed, localSnapshotFromObjects([live]), { now: new Date(0) });
    expect(bindings(plan)).toEqual([]);
  });
});
