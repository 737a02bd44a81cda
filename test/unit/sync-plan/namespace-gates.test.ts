/**
 * Issue 14 items 2 and 3: the namespaces a plan syncs.
 *
 * - P30, B4: a namespace removed from a project that still places the cluster is frozen: nothing
 *   there is updated or deleted, and the plan says so, until a project lists it again (W7's two-edit
 *   move) or its project stops placing the cluster or goes (P28, P29).
 * - P5: the agent syncs wrappers only into namespaces labelled `verrazzano-managed=true`; a project
 *   template may set `"false"`: the namespace is created, nothing is copied or unwrapped into it.
 */
import { describe, expect, it } from 'vitest';
import {
  adminSnapshotFromObjects,
  explainPlacement,
  fleetFromObjects,
  formatPlan,
  localSnapshotFromObjects,
  planSync,
  renderCluster,
  renderShare,
  shareSecrets,
  snapshotFromShare,
  type KubeObject,
  type SyncPlan,
  type VerrazzanoProject,
} from '../../../src/index.js';
import { deepFreeze, mcapp, mccm, project, secret, vmc, component } from '../../support/fleet.js';
import { applyPlan } from '../../support/simulate.js';

const now = new Date('2026-12-06T10:00:00Z');
const plan = (cluster: string, admin: readonly KubeObject[], local: readonly KubeObject[]) =>
  planSync(
    cluster,
    adminSnapshotFromObjects(deepFreeze(structuredClone(admin))),
    localSnapshotFromObjects(deepFreeze(structuredClone(local))),
    { now },
  );

/** Plans and applies until nothing is left to do. */
function converge(cluster: string, admin: KubeObject[], local: KubeObject[] = []) {
  let state = { admin, local };
  for (let i = 0; i < 5; i++) {
    const p = plan(cluster, state.admin, state.local);
    if (p.actions.every((a) => a.target === 'admin')) return { ...state, plan: p };
    state = applyPlan(p, state.admin, state.local);
  }
  throw new Error('did not converge');
}

const withNetworkPolicy = (p: VerrazzanoProject): VerrazzanoProject => ({
  ...p,
  spec: {
    ...p.spec,
    template: {
      ...p.spec.template,
      networkPolicies: [{ metadata: { name: 'np', namespace: 'app' }, spec: { podSelector: {} } }],
    },
  },
});
const fleet = (projects: VerrazzanoProject[], cmValue = 'v1'): KubeObject[] => [
  vmc('m1'),
  ...projects,
  mcapp('a', 'app', ['m1', 'local'], { secrets: ['s1'], components: ['c1'] }),
  secret('s1', 'app'),
  component('c1', 'app'),
  {
    ...mccm('cm', 'app', ['m1']),
    spec: { ...mccm('cm', 'app', ['m1']).spec, template: { data: { k: cmValue } } },
  },
];
const ops = (p: SyncPlan) =>
  p.actions.filter((a) => a.target !== 'admin').map((a) => `${a.op} ${a.kind} ${a.namespace}/${a.name}`);
const inApp = (objects: readonly KubeObject[]) =>
  objects
    .filter((o) => o.metadata.namespace === 'app')
    .map((o) => `${o.kind}/${o.metadata.name}`)
    .sort();

describe('P30, B4: a namespace removed from a still-placed project is frozen (issue 14 item 2)', () => {
  const before = converge('m1', fleet([withNetworkPolicy(project('p', ['app'], ['m1']))]));
  const moved = project('p', ['other'], ['m1']); // step 1 of W7's move: app leaves p

  it('P30, B4: nothing in the namespace is deleted or updated; the plan and its text say so', () => {
    const changed = fleet([moved], 'v2');
    const p = plan('m1', changed, before.local);
    expect(ops(p).filter((o) => o.includes(' app/'))).toEqual([]);
    expect(p.frozen).toEqual([
      {
        namespace: 'app',
        ruleId: 'P30',
        project: 'p',
        objects: inApp(before.local).filter((k) => !k.startsWith('RoleBinding/')).length,
        reason:
          'namespace app left project p, which still places m1: vzmc keeps its objects there as they are until a project lists it again',
      },
    ]);
    expect(formatPlan(p)).toContain('= frozen [P30]: ');
    const after = applyPlan(p, changed, before.local);
    expect(inApp(after.local)).toEqual(inApp(before.local));
    // The project's new namespace is created; its copy is updated.
    expect(ops(p)).toContain('create Namespace /other');
    expect(ops(p)).toContain('update VerrazzanoProject verrazzano-mc/p');
  });

  it('P30, W7: the second edit (project q placing m1 lists app) resumes syncing with no teardown', () => {
    const step1 = applyPlan(plan('m1', fleet([moved]), before.local), fleet([moved]), before.local);
    const step2 = fleet([moved, project('q', ['app'], ['m1'])], 'v2');
    const p = plan('m1', step2, step1.local);
    expect(p.frozen).toBeUndefined();
    expect(ops(p).filter((o) => o.startsWith('delete') && o.includes(' app/'))).toEqual([
      'delete NetworkPolicy app/np',
    ]);
    expect(ops(p)).toContain('update ConfigMap app/cm');
  });

  it('P30, P21: when the second edit lists app in a project that does not place m1, the objects go', () => {
    const step1 = applyPlan(plan('m1', fleet([moved]), before.local), fleet([moved]), before.local);
    const p = plan('m1', fleet([moved, project('q', ['app'], ['m2'])]), step1.local);
    expect(p.frozen).toBeUndefined();
    expect(ops(p)).toContain('delete ConfigMap app/cm');
    expect(p.actions.find((a) => a.name === 'cm' && a.kind === 'ConfigMap')?.ruleId).toBe('P21');
  });

  it('P30, P28, P29: the freeze ends when its project goes or stops placing m1; then the objects go', () => {
    const step1 = applyPlan(plan('m1', fleet([moved]), before.local), fleet([moved]), before.local);
    for (const projects of [[], [project('p', ['other'], ['m2'])]]) {
      const p = plan('m1', fleet(projects), step1.local);
      expect(p.frozen).toBeUndefined();
      expect(ops(p)).toContain('delete MultiClusterConfigMap app/cm');
    }
  });

  it("P30, V3: on the admin the project's NetworkPolicy stays, only m1's read binding goes (the frozen agent reads nothing there); wrappers placed on local keep syncing (P15)", () => {
    const admin = converge('local', fleet([withNetworkPolicy(project('p', ['app'], ['m1']))]));
    const p = plan('local', fleet([moved]), admin.local);
    expect(ops(p).filter((o) => o.startsWith('delete') && o.includes(' app/'))).toEqual([
      'delete RoleBinding app/verrazzano-cluster-m1',
    ]);
    expect(p.frozen).toMatchObject([{ namespace: 'app', ruleId: 'P30', objects: 1 }]);
    const noLocal = fleet([moved]).map((o) =>
      o.kind === 'MultiClusterApplicationConfiguration'
        ? (mcapp('a', 'app', ['m1']) as unknown as KubeObject)
        : o,
    );
    expect(ops(plan('local', noLocal, admin.local))).toContain('delete ApplicationConfiguration app/a');
  });
});

describe('P30 under the secure wiring: the admin gives the verdict in the share (issue 14 item 2)', () => {
  // m1 sees only the projects placed on it: it cannot tell "app left p" from "app joined a project
  // elsewhere". The admin, which sees every project, tells it through the share.
  const shareSnapshot = (admin: KubeObject[], adminLocal: KubeObject[]) => {
    const fleetSnapshot = adminSnapshotFromObjects(admin);
    const namespaces = adminLocal.filter((o) => o.kind === 'Namespace');
    const secrets = shareSecrets(renderShare(fleetSnapshot, 'm1', namespaces, 'vzmc'), 'm1');
    return {
      secrets,
      snap: snapshotFromShare('m1', { ok: true, items: secrets as unknown as KubeObject[] }, ['app']),
    };
  };
  const moved = project('p', ['other'], ['m1']);

  it('P30, B4: the share names the namespace that left p; m1 freezes it', () => {
    const before = converge('m1', fleet([project('p', ['app'], ['m1'])]));
    const adminSide = converge('local', fleet([project('p', ['app'], ['m1'])]));
    const { secrets, snap } = shareSnapshot(fleet([moved]), adminSide.local);
    expect(secrets.map((s) => s.metadata.name)).toContain('namespace.app');
    const p = planSync('m1', snap, localSnapshotFromObjects(before.local), { now });
    expect(ops(p).filter((o) => o.includes(' app/'))).toEqual([]);
    expect(p.frozen).toMatchObject([{ namespace: 'app', ruleId: 'P30', project: 'p' }]);
  });

  it('P30, P21: once app joins a project that does not place m1, the verdict is gone and m1 removes its copies', () => {
    const before = converge('m1', fleet([project('p', ['app'], ['m1'])]));
    const edit2 = fleet([moved, project('q', ['app'], ['m2'])]);
    const adminSide = converge('local', edit2);
    const { secrets, snap } = shareSnapshot(edit2, adminSide.local);
    expect(secrets.map((s) => s.metadata.name)).not.toContain('namespace.app');
    const p = planSync('m1', snap, localSnapshotFromObjects(before.local), { now });
    expect(p.frozen).toBeUndefined();
    expect(ops(p)).toContain('delete MultiClusterConfigMap app/cm');
  });
});

describe('P5: only namespaces labelled verrazzano-managed=true are synced (issue 14 item 3)', () => {
  const unmanaged = (p: VerrazzanoProject): VerrazzanoProject => ({
    ...p,
    spec: {
      ...p.spec,
      template: { namespaces: [{ metadata: { name: 'app', labels: { 'verrazzano-managed': 'false' } } }] },
    },
  });

  it('P5: the namespace is created with the label "false", and nothing is copied or unwrapped into it', () => {
    const admin = fleet([unmanaged(project('p', ['app'], ['m1']))]);
    const { local } = converge('m1', admin);
    const ns = local.find((o) => o.kind === 'Namespace' && o.metadata.name === 'app');
    expect(ns?.metadata.labels?.['verrazzano-managed']).toBe('false');
    expect(inApp(local).filter((k) => !k.startsWith('RoleBinding/'))).toEqual([]);
    const f = fleetFromObjects(admin);
    const wrapper = f.wrappers.find((w) => w.metadata.name === 'cm');
    expect(explainPlacement(f, wrapper!, 'm1').gates.find((g) => !g.ok)).toMatchObject({
      gate: 'namespace-managed',
      ruleId: 'P5',
    });
    expect(
      renderCluster(f, 'm1')
        .filter((d) => d.object.metadata.namespace === 'app')
        .map((d) => d.object.kind),
    ).toEqual(['RoleBinding', 'RoleBinding', 'RoleBinding', 'RoleBinding', 'RoleBinding']);
  });

  it('P5: labelled "false" after a sync, what wrappers brought stays as it is and the plan says so', () => {
    const before = converge('m1', fleet([project('p', ['app'], ['m1'])]));
    const p = plan('m1', fleet([unmanaged(project('p', ['app'], ['m1']))], 'v2'), before.local);
    expect(ops(p).filter((o) => o.includes(' app/') || o.includes(' /app'))).toEqual([
      'update Namespace /app',
    ]);
    expect(p.frozen).toMatchObject([{ namespace: 'app', ruleId: 'P5', project: 'p' }]);
    expect(p.frozen?.[0]?.objects).toBeGreaterThan(0);
  });

  it('P5, P15: on the admin the label changes nothing: wrappers placed on local are unwrapped', () => {
    const { local } = converge('local', fleet([unmanaged(project('p', ['app'], ['m1']))]));
    expect(inApp(local)).toContain('ApplicationConfiguration/a');
  });
});
