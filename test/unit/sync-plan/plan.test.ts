import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_NAMESPACES,
  adminSnapshotFromObjects,
  formatPlan,
  isVzmcManaged,
  isVzmcOwned,
  localSnapshotFromObjects,
  planSync,
  redactPlan,
  snapshot,
  type KubeObject,
  type Snapshot,
  type SyncPlan,
} from '../../../src/index.js';
import { component, deepFreeze, mcapp, mccm, project, secret, vmc } from '../../support/fleet.js';
import { appliedBy, applyPlan } from '../../support/simulate.js';

const now = new Date('2026-11-27T10:00:00Z');
const plan = (
  admin: readonly KubeObject[],
  local: readonly KubeObject[],
  extra: Partial<Parameters<typeof planSync>[3]> = {},
) =>
  planSync(
    'm1',
    adminSnapshotFromObjects(deepFreeze(structuredClone(admin))),
    localSnapshotFromObjects(deepFreeze(structuredClone(local))),
    { now, ...extra },
  );

/** Runs plans until the cluster converges, returning the final state and the plans. */
function converge(admin: KubeObject[], local: KubeObject[] = [], rounds = 4) {
  let state = { admin, local };
  const plans: SyncPlan[] = [];
  for (let i = 0; i < rounds; i++) {
    const p = plan(state.admin, state.local);
    plans.push(p);
    if (p.actions.length === 0) break;
    state = applyPlan(p, state.admin, state.local);
  }
  return { ...state, plans };
}

const todo = (): KubeObject[] => [
  vmc('m1'),
  project('p', ['app'], ['m1']),
  mcapp('a', 'app', ['m1'], { secrets: ['s1'], components: ['c1'] }),
  secret('s1', 'app'),
  component('c1', 'app'),
  mccm('cm', 'app', ['m1']),
];

const ops = (p: SyncPlan) =>
  p.actions.map((a) => `${a.op} ${a.kind} ${a.namespace}/${a.name}${a.blocked ? ' (blocked)' : ''}`);

describe('planSync', () => {
  it('P32: creates in sync order: project, namespace, RBAC, Secrets, wrappers, Components + app configs, unwrapped, then status', () => {
    const p = plan(todo(), []);
    expect(p.actions.map((a) => a.phase)).toEqual([
      'projects',
      'projects',
      'namespaces',
      'rbac',
      'rbac',
      'rbac',
      'rbac',
      'rbac',
      'secrets',
      'wrappers',
      'app-configs',
      'app-configs',
      'unwrapped',
      'unwrapped',
      'status',
      'status',
      'status',
    ]);
    expect(ops(p).slice(-3)).toEqual([
      'status VerrazzanoProject verrazzano-mc/p',
      'status MultiClusterConfigMap app/cm',
      'status MultiClusterApplicationConfiguration app/a',
    ]);
  });

  it('a converged state yields an empty plan', () => {
    const { plans } = converge(todo());
    expect(plans.at(-1)?.actions).toEqual([]);
    expect(plans.length).toBeLessThanOrEqual(3);
  });

  it('dependencies: everything in a namespace after the namespace; an unwrapped object after its wrapper copy', () => {
    const p = plan(todo(), []);
    const app = p.actions.find((a) => a.kind === 'ApplicationConfiguration')!;
    expect(app.dependsOn).toContain('local:/Namespace//app');
    expect(app.dependsOn).toContain(
      'local:clusters.verrazzano.io/MultiClusterApplicationConfiguration/app/a',
    );
    expect(app.dependsOn).toContain('local:core.oam.dev/Component/app/c1');
  });

  it('P20: an app config no longer placed on the cluster is removed with what it brought (scenario 25, 22)', () => {
    const { local } = converge(todo());
    const moved = todo().map((o) =>
      o.kind === 'MultiClusterApplicationConfiguration'
        ? (mcapp('a', 'app', ['m2'], { secrets: ['s1'], components: ['c1'] }) as unknown as KubeObject)
        : o,
    );
    const p = plan(moved, local);
    expect(ops(p).filter((o) => o.startsWith('delete'))).toEqual([
      'delete ApplicationConfiguration app/a',
      'delete MultiClusterApplicationConfiguration app/a',
      'delete Component app/c1',
      'delete Secret app/s1',
    ]);
    expect(p.actions.find((a) => a.op === 'delete')?.preconditions).toBeDefined();
  });

  it('B9 fixed: a Forbidden list of app configs deletes nothing while the project still places the namespace (scenario 19)', () => {
    const { local } = converge(todo());
    const admin: Snapshot = snapshot([
      ...adminSnapshotFromObjects(todo()).entries.filter(
        (e) => e.kind !== 'MultiClusterApplicationConfiguration',
      ),
      {
        apiVersion: 'clusters.verrazzano.io/v1alpha1',
        kind: 'MultiClusterApplicationConfiguration',
        namespace: ALL_NAMESPACES,
        result: { ok: false, reason: 'Forbidden', message: 'forbidden' },
      },
    ]);
    const p = planSync('m1', admin, localSnapshotFromObjects(local), { now });
    expect(p.actions.filter((a) => a.op === 'delete')).toEqual([]);
    expect(p.unknown).toMatchObject([
      { side: 'admin', kind: 'MultiClusterApplicationConfiguration', reason: 'Forbidden' },
    ]);
  });

  it("P21: revocation proven by a successful project list deletes even when the namespace's lists are Forbidden (scenario 56)", () => {
    const { local } = converge(todo());
    const unplaced = todo().map((o) =>
      o.kind === 'VerrazzanoProject' ? (project('p', ['app'], ['local']) as unknown as KubeObject) : o,
    );
    const forbidden = (kind: string, apiVersion = 'clusters.verrazzano.io/v1alpha1') => ({
      apiVersion,
      kind,
      namespace: 'app',
      result: { ok: false as const, reason: 'Forbidden' as const, message: 'forbidden' },
    });
    const admin = snapshot([
      ...adminSnapshotFromObjects(unplaced).entries.filter(
        (e) => e.kind === 'VerrazzanoProject' || e.kind === 'VerrazzanoManagedCluster',
      ),
      forbidden('MultiClusterApplicationConfiguration'),
      forbidden('MultiClusterConfigMap'),
      forbidden('MultiClusterSecret'),
      forbidden('MultiClusterComponent'),
      forbidden('Secret', 'v1'),
      forbidden('Component', 'core.oam.dev/v1alpha2'),
    ]);
    const p = planSync('m1', admin, localSnapshotFromObjects(local), { now });
    expect(ops(p).filter((o) => o.startsWith('delete'))).toEqual([
      'delete ApplicationConfiguration app/a',
      'delete ConfigMap app/cm',
      'delete MultiClusterApplicationConfiguration app/a',
      'delete Component app/c1',
      'delete MultiClusterConfigMap app/cm',
      'delete Secret app/s1',
      'delete VerrazzanoProject verrazzano-mc/p',
    ]);
    // P25, P28: the namespace and the project RoleBindings stay.
    expect(ops(p).some((o) => o.includes('Namespace') || o.includes('RoleBinding'))).toBe(false);
  });

  it('a failed project list plans nothing at all (P22)', () => {
    const { local } = converge(todo());
    const admin = snapshot([
      {
        apiVersion: 'clusters.verrazzano.io/v1alpha1',
        kind: 'VerrazzanoProject',
        namespace: 'verrazzano-mc',
        result: { ok: false, reason: 'Unavailable', message: 'connection refused' },
      },
    ]);
    const p = planSync('m1', admin, localSnapshotFromObjects(local), { now });
    expect(p.actions).toEqual([]);
    expect(p.unknown[0]?.reason).toBe('Unavailable');
  });

  it("B7/B8 fixed: objects without vzmc's marker are never deleted, even when nothing places them", () => {
    const foreign = {
      ...mccm('user-made', 'app', ['m9']),
      metadata: { name: 'user-made', namespace: 'app' },
    } as unknown as KubeObject;
    const stray = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: 'app' },
      data: {},
    } as KubeObject;
    const p = plan(todo(), [foreign, stray]);
    expect(p.actions.filter((a) => a.op === 'delete')).toEqual([]);
  });

  it('P20: a same-named object vzmc does not own is never updated (blocked, with the fix) unless annotated vzmc.dev/adopt', () => {
    const { local } = converge(todo());
    const foreignCm = (annotations?: Record<string, string>) =>
      local.map((o) =>
        o.kind === 'ConfigMap'
          ? {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: {
                name: 'cm',
                namespace: 'app',
                labels: { 'vzmc.dev/managed': 'true' },
                ...(annotations ? { annotations } : {}),
                managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', fieldsV1: {} }],
              },
              data: { other: 'x' },
            }
          : o,
      );
    const p = plan(todo(), foreignCm());
    const update = p.actions.find((a) => a.kind === 'ConfigMap')!;
    expect(update).toMatchObject({ op: 'update', force: false });
    expect(update.blocked).toContain('ConfigMap app/cm exists and vzmc does not own it');
    expect(update.blocked).toContain('vzmc.dev/adopt=true');
    // Wanted, so not also listed as foreign; and never deleted.
    expect(p.foreign).toBeUndefined();
    expect(p.actions.some((a) => a.op === 'delete')).toBe(false);
    const adopted = plan(todo(), foreignCm({ 'vzmc.dev/adopt': 'true' })).actions.find(
      (a) => a.kind === 'ConfigMap',
    )!;
    expect(adopted).toMatchObject({ op: 'update', force: true });
    expect(adopted.blocked).toBeUndefined();
  });

  it('P21: a forged label (another field manager) is never deleted, in kube-system or an unplaced namespace; the plan lists it as foreign', () => {
    const { local } = converge(todo());
    const forged = (namespace: string, name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace,
        uid: `forged-${name}`,
        labels: { 'vzmc.dev/managed': 'true' },
        annotations: { 'vzmc.dev/source': `MultiClusterConfigMap/${namespace}/${name}` },
        managedFields: [
          {
            manager: 'kubectl-create',
            operation: 'Update',
            fieldsV1: { 'f:metadata': { 'f:labels': { 'f:vzmc.dev/managed': {} } } },
          },
        ],
      },
      data: { mine: 'user' },
    });
    const objects = [...local, forged('kube-system', 'coredns'), forged('elsewhere', 'x')];
    const p = plan(todo(), objects);
    expect(p.actions.filter((a) => a.op !== 'status')).toEqual([]);
    expect(p.foreign?.map((f) => `${f.kind} ${f.namespace}/${f.name}`)).toEqual([
      'ConfigMap elsewhere/x',
      'ConfigMap kube-system/coredns',
    ]);
    expect(p.foreign?.[0]?.reason).toContain('field manager vzmc never applied that label');
  });

  it("P21: an object vzmc applied is deleted only in a namespace vzmc manages (its Namespace carries vzmc's applied label)", () => {
    const { local } = converge(todo());
    // A vzmc object whose namespace vzmc never labelled (kube-system), though vzmc applied the object.
    const stray = appliedBy({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'cm',
        namespace: 'kube-system',
        labels: { 'vzmc.dev/managed': 'true' },
        annotations: { 'vzmc.dev/source': 'MultiClusterConfigMap/kube-system/cm' },
      },
      data: {},
    });
    const p = plan(todo(), [...local, stray]);
    expect(p.actions.some((a) => a.op === 'delete')).toBe(false);
    expect(p.foreign).toMatchObject([
      { namespace: 'kube-system', name: 'cm', reason: expect.stringContaining('not one vzmc manages') },
    ]);
    // Revocation of a namespace vzmc does manage still deletes what vzmc applied there (P21).
    const unplaced = todo().map((o) =>
      o.kind === 'VerrazzanoProject' ? (project('p', ['app'], ['local']) as unknown as KubeObject) : o,
    );
    expect(ops(plan(unplaced, local)).filter((o) => o.startsWith('delete'))).toContain(
      'delete ConfigMap app/cm',
    );
  });

  it('P20: a copy of a vzmc object (same label and source annotation, another name, no vzmc managedFields) is neither deleted nor updated', () => {
    const { local } = converge(todo());
    const original = local.find((o) => o.kind === 'ConfigMap')!;
    const { managedFields: _m, ...meta } = original.metadata;
    const copy = { ...original, metadata: { ...meta, name: 'cm-copy', uid: 'copy' } } as KubeObject;
    const p = plan(todo(), [...local, copy]);
    expect(p.actions.filter((a) => a.name === 'cm-copy')).toEqual([]);
    expect(p.foreign?.map((f) => f.name)).toEqual(['cm-copy']);
    // The placement goes away: vzmc's own ConfigMap goes, the copy stays.
    const moved = todo().filter((o) => o.kind !== 'MultiClusterConfigMap');
    const gone = plan(moved, [...local, copy]);
    expect(ops(gone).filter((o) => o.startsWith('delete ConfigMap'))).toEqual(['delete ConfigMap app/cm']);
  });

  it('the delete guard blocks a plan that would delete more than maxDeleteFraction of the managed objects', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      mccm(`cm${i}`, 'app', ['m1']),
    ) as unknown as KubeObject[];
    const admin = [vmc('m1'), project('p', ['app'], ['m1']), ...many] as unknown as KubeObject[];
    const { local } = converge(admin);
    const p = plan([vmc('m1'), project('p', ['app'], ['m1'])], local);
    expect(p.guard).toMatchObject({ deletes: 60, tripped: true });
    expect(p.actions.filter((a) => a.op === 'delete').every((a) => a.blocked)).toBe(true);
    expect(
      plan([vmc('m1'), project('p', ['app'], ['m1'])], local, {
        maxDeleteFraction: 1,
      }).guard.tripped,
    ).toBe(false);
  });

  it('B2: status forwarding is bounded; the rest waits for the next plan', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      mccm(`cm${i}`, 'app', ['m1']),
    ) as unknown as KubeObject[];
    const p = plan([vmc('m1'), project('p', ['app'], ['m1']), ...many], [], {
      maxStatusUpdates: 5,
    });
    expect(p.actions.filter((a) => a.op === 'status')).toHaveLength(5);
    expect(p.deferredStatus).toBe(8);
  });

  it('text output is a readable diff, and never shows Secret data', () => {
    const admin = todo().map((o) =>
      o.kind === 'Secret' ? { ...o, data: { password: Buffer.from('hunter2').toString('base64') } } : o,
    );
    const { local } = converge(todo());
    const p = plan(admin, local);
    const text = formatPlan(p);
    expect(text).toContain('~ update Secret app/s1');
    expect(text).toContain('"<redacted>"');
    expect(text).not.toContain(Buffer.from('hunter2').toString('base64'));
    expect(JSON.stringify(redactPlan(p))).not.toContain(Buffer.from('hunter2').toString('base64'));
  });
});

// --- Property tests over random fleets -----------------------------------------------------

const clusterName = fc.constantFrom('m1', 'm2', 'local');
const nsName = fc.constantFrom('a', 'b');
const randomAdmin = fc
  .record({
    projects: fc.array(
      fc.record({
        ns: fc.uniqueArray(nsName, { minLength: 1, maxLength: 2 }),
        clusters: fc.array(clusterName, { maxLength: 2 }),
      }),
      { maxLength: 2 },
    ),
    wrappers: fc.array(
      fc.record({
        app: fc.boolean(),
        ns: nsName,
        clusters: fc.array(clusterName, { maxLength: 2 }),
        secrets: fc.uniqueArray(fc.constantFrom('s1', 's2'), { maxLength: 2 }),
      }),
      { maxLength: 5 },
    ),
  })
  .map(({ projects, wrappers }) => [
    vmc('m1'),
    vmc('m2'),
    ...projects.map((p, i) => project(`p${i}`, p.ns, p.clusters)),
    ...wrappers.map((w, i) =>
      w.app
        ? mcapp(`w${i}`, w.ns, w.clusters, { secrets: w.secrets, components: ['c1'] })
        : mccm(`w${i}`, w.ns, w.clusters),
    ),
    ...['a', 'b'].flatMap((ns) => [secret('s1', ns), secret('s2', ns), component('c1', ns)]),
  ]);

describe('properties', () => {
  it('convergence: plan(admin, apply(plan, local)) is empty, from empty and from any earlier fleet', () => {
    fc.assert(
      fc.property(randomAdmin, randomAdmin, (before, after) => {
        const first = converge(before);
        expect(first.plans.at(-1)?.actions).toEqual([]);
        const second = converge(
          after.map((o) => (o.kind === 'VerrazzanoManagedCluster' ? o : o)),
          first.local,
        );
        expect(second.plans.at(-1)?.actions).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('P32: plans are deterministic, whatever the order of the live objects', () => {
    fc.assert(
      fc.property(randomAdmin, randomAdmin, (before, after) => {
        const { local } = converge(before);
        const expected = JSON.stringify(plan(after, local));
        expect(JSON.stringify(plan(after, local))).toBe(expected);
        // The planner walks the live objects in snapshot order and sorts only what it found.
        expect(JSON.stringify(plan(after, [...local].reverse()))).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it("P20, P21: no plan ever deletes an object vzmc's field manager does not own, label or not", () => {
    const foreignObjects = fc.array(
      fc
        .record({
          kind: fc.constantFrom('ConfigMap', 'Secret'),
          ns: fc.oneof(nsName, fc.constant('kube-system')),
          name: fc.constantFrom('w0', 'w1', 's1', 'x'),
          forged: fc.boolean(),
        })
        .map((f) => ({
          apiVersion: 'v1',
          kind: f.kind,
          metadata: {
            name: f.name,
            namespace: f.ns,
            uid: `foreign-${f.name}`,
            ...(f.forged
              ? {
                  labels: { 'vzmc.dev/managed': 'true' },
                  annotations: { 'vzmc.dev/source': `MultiClusterConfigMap/${f.ns}/${f.name}` },
                }
              : {}),
          },
          data: {},
        })),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(randomAdmin, randomAdmin, foreignObjects, (before, after, foreign) => {
        const { local } = converge(before);
        const merged = [
          ...foreign.filter(
            (f) =>
              !local.some(
                (l) =>
                  l.kind === f.kind &&
                  l.metadata.name === f.metadata.name &&
                  l.metadata.namespace === f.metadata.namespace,
              ),
          ),
          ...local,
        ];
        const p = plan(after, merged);
        for (const action of p.actions.filter((a) => a.op === 'delete')) {
          const target = merged.find(
            (o) =>
              o.kind === action.kind &&
              o.metadata.namespace === action.namespace &&
              o.metadata.name === action.name,
          )!;
          expect(isVzmcManaged(target)).toBe(true);
          expect(isVzmcOwned(target, 'vzmc')).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('status honesty', () => {
  it('no success is reported for a wrapper whose unwrapped kind could not be listed on the cluster', () => {
    const local = snapshot([
      ...localSnapshotFromObjects([]).entries.filter((e) => e.kind !== 'ApplicationConfiguration'),
      {
        apiVersion: 'core.oam.dev/v1alpha2',
        kind: 'ApplicationConfiguration',
        namespace: ALL_NAMESPACES,
        result: { ok: false, reason: 'TooManyRequests', message: 'storage is (re)initializing' },
      },
    ]);
    const p = planSync('m1', adminSnapshotFromObjects(todo()), local, { now });
    expect(p.actions.filter((a) => a.op === 'status').map((a) => a.kind)).toEqual([
      'VerrazzanoProject',
      'MultiClusterConfigMap',
    ]);
    expect(p.actions.some((a) => a.kind === 'ApplicationConfiguration')).toBe(false);
  });
});
