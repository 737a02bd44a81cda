import { describe, expect, it } from 'vitest';
import {
  fleetFromObjects,
  formatImpact,
  formatImpactMarkdown,
  impactOf,
  type ClusterImpact,
  type Impact,
  type KubeObject,
} from '../../../src/index.js';
import { HELLO_PASSWORD, beforeObjects, dropHelloSecret, fleets, moveTodoList } from './fleets.js';

const line = (o: ClusterImpact['objects'][number]) =>
  `${o.change} ${o.action} ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} [${o.ruleId}]`;
const cluster = (impact: Impact, name: string) => impact.clusters.find((c) => c.cluster === name)!;
const object = (c: ClusterImpact, kind: string, name: string) =>
  c.objects.find((o) => o.kind === kind && o.name === name)!;

describe('impactOf: todo-list moves from managed1 to managed2, hello-helidon stops listing its Secret', () => {
  const { before, after } = fleets();
  const impact = impactOf(before, after);

  it('covers every cluster, local included, and says which it touches', () => {
    expect(impact.clusters.map((c) => c.cluster)).toEqual(['managed1', 'managed2', 'local']);
    expect(impact.touched).toEqual(['managed1', 'managed2', 'local']);
    expect(impact).toMatchObject({ apiVersion: 'vzmc.dev/v1alpha1', kind: 'Impact' });
  });

  it('P21, P22, P23, P25, P28: managed1 deletes the todo-list objects and the unlisted Secret, and keeps the namespace and RoleBindings', () => {
    expect(cluster(impact, 'managed1').objects.map(line)).toEqual([
      'disappear delete ApplicationConfiguration todo-list/todo-app [P21]',
      'disappear delete MultiClusterApplicationConfiguration todo-list/todo-app [P21]',
      'disappear delete Component todo-list/todo-db [P21]',
      'disappear delete Component todo-list/todo-db-config [P21]',
      'disappear delete Component todo-list/todo-db-service [P21]',
      'disappear delete Component todo-list/todo-web [P21]',
      'disappear delete Secret hello-helidon/hello-credentials [P23]',
      'disappear delete Secret todo-list/todo-db-credentials [P21]',
      'disappear delete Secret todo-list/todo-registry-credentials [P21]',
      'disappear delete VerrazzanoProject verrazzano-mc/todo-list [P22]',
      'disappear none Namespace todo-list [P25]',
      'disappear none RoleBinding todo-list/admin [P28]',
      'disappear none RoleBinding todo-list/verrazzano-cluster-managed1 [P28]',
      'disappear none RoleBinding todo-list/verrazzano-project-admin [P28]',
      'disappear none RoleBinding todo-list/verrazzano-project-monitor [P28]',
      'disappear none RoleBinding todo-list/view [P28]',
    ]);
    expect(cluster(impact, 'managed1').totals).toEqual({
      appear: 0,
      disappear: 16,
      change: 0,
      deletes: 10,
      blocked: 0,
      kept: 6,
    });
  });

  it('P6, P7, P12: the reasons name the gates whose outcome changed, in the words of explain', () => {
    const m1 = cluster(impact, 'managed1');
    expect(object(m1, 'VerrazzanoProject', 'todo-list').reasons[0]).toBe(
      'project `todo-list` no longer places `managed1` (project-placement, P12)',
    );
    const app = object(m1, 'MultiClusterApplicationConfiguration', 'todo-app');
    expect(app.gates.map((g) => [g.gate, g.before, g.after, g.ruleId])).toEqual([
      ['project-placement', true, false, 'P6'],
      ['resource-placement', true, false, 'P7'],
    ]);
    expect(app.reasons).toEqual([
      'project `todo-list` no longer places `managed1` (project-placement, P6)',
      'resource-placement no longer holds: its placement [managed2] does not name managed1 (resource-placement, P7)',
      'no project places namespace todo-list on managed1 any more (P21)',
    ]);
    expect(object(m1, 'Namespace', 'todo-list').kept).toEqual({
      ruleId: 'P25',
      reason: 'namespaces are never deleted: it stays, with whatever else it holds',
    });
    expect(object(m1, 'Component', 'todo-web').reasons[0]).toBe(
      'app config `todo-app`: project `todo-list` no longer places `managed1` (project-placement, P6)',
    );
  });

  it('P10, P23: the Secret hello-helidon stopped listing goes from both clusters, and the app config copy does not change (it carries no spec.secrets)', () => {
    for (const name of ['managed1', 'managed2']) {
      const secret = object(cluster(impact, name), 'Secret', 'hello-credentials');
      expect(secret).toMatchObject({
        change: 'disappear',
        action: 'delete',
        ruleId: 'P23',
        guard: { verdict: 'runs' },
      });
      expect(secret.reasons).toEqual([
        'app config `hello-helidon` no longer lists it in spec.secrets (P10, P23)',
        `no app config placed on ${name} uses it any more (P23)`,
      ]);
      expect(cluster(impact, name).objects.some((o) => o.name === 'hello-helidon')).toBe(false);
    }
  });

  it('P7, P9, P10, P11, P12, V1, V2: managed2 gets the project, its namespace and RBAC, the app and what it uses', () => {
    expect(cluster(impact, 'managed2').objects.map(line)).toEqual([
      'appear create VerrazzanoProject verrazzano-mc/todo-list [P12]',
      'appear create Namespace todo-list [V1]',
      'appear create RoleBinding todo-list/admin [V2]',
      'appear create RoleBinding todo-list/verrazzano-cluster-managed2 [V2]',
      'appear create RoleBinding todo-list/verrazzano-project-admin [V2]',
      'appear create RoleBinding todo-list/verrazzano-project-monitor [V2]',
      'appear create RoleBinding todo-list/view [V2]',
      'appear create Secret todo-list/todo-db-credentials [P10]',
      'appear create Secret todo-list/todo-registry-credentials [P10]',
      'appear create Component todo-list/todo-db [P11]',
      'appear create Component todo-list/todo-db-config [P11]',
      'appear create Component todo-list/todo-db-service [P11]',
      'appear create Component todo-list/todo-web [P11]',
      'appear create MultiClusterApplicationConfiguration todo-list/todo-app [P7]',
      'appear create ApplicationConfiguration todo-list/todo-app [P9]',
      'disappear delete Secret hello-helidon/hello-credentials [P23]',
    ]);
    expect(object(cluster(impact, 'managed2'), 'Namespace', 'todo-list').reasons[0]).toBe(
      'project `todo-list` now places `managed2` (project-placement, P12)',
    );
  });

  it("V2, V3: on local the admin's per-cluster binding of the project namespace moves from managed1 to managed2", () => {
    const local = cluster(impact, 'local');
    expect(local.objects.map(line)).toEqual([
      'appear create RoleBinding todo-list/verrazzano-cluster-managed2 [V2]',
      'disappear delete RoleBinding todo-list/verrazzano-cluster-managed1 [P20]',
    ]);
    expect(local.objects.map((o) => o.reasons[0])).toEqual([
      'project `todo-list` now places `managed2` (project-placement, V2)',
      'project `todo-list` no longer places `managed1` (project-placement, V3)',
    ]);
  });

  it('totals add up over the clusters', () => {
    expect(impact.totals).toEqual({ appear: 16, disappear: 18, change: 0, deletes: 12, blocked: 0, kept: 6 });
  });
});

describe('impactOf: changes, determinism, secrets and the delete guard', () => {
  it('P10: a changed Secret value is a change of data.password on the clusters that hold it, shown as a path only', () => {
    const before = beforeObjects();
    const after = before.map((o) =>
      o.kind === 'Secret' && o.metadata.name === 'hello-credentials'
        ? { ...o, data: { password: Buffer.from('another-value-0815').toString('base64') } }
        : o,
    );
    const impact = impactOf(fleetFromObjects(before), fleetFromObjects(after));
    expect(impact.touched).toEqual(['managed1', 'managed2']);
    for (const name of ['managed1', 'managed2'])
      expect(cluster(impact, name).objects.map((o) => [line(o), o.fields])).toEqual([
        ['change update Secret hello-helidon/hello-credentials [P10]', ['data.password']],
      ]);
    const outputs = [JSON.stringify(impact), formatImpact(impact), formatImpactMarkdown(impact)];
    for (const out of outputs) {
      expect(out).toContain('data.password');
      for (const value of [HELLO_PASSWORD, 'another-value-0815'])
        for (const form of [value, Buffer.from(value).toString('base64')]) expect(out).not.toContain(form);
    }
  });

  it('no Secret value of either fleet reaches any output of the two edits', () => {
    const { before, after } = fleets();
    const impact = impactOf(before, after);
    // Every value long enough not to be a word of the output by chance ('todo' is a username and a name).
    const secretValues = before.secrets
      .flatMap((s) => [...Object.values(s.data ?? {}), ...Object.values(s.stringData ?? {})])
      .filter((value) => value.length >= 8);
    expect(secretValues.length).toBeGreaterThan(2);
    for (const out of [JSON.stringify(impact), formatImpact(impact), formatImpactMarkdown(impact)])
      for (const value of secretValues) expect(out).not.toContain(value);
  });

  it('P32: deterministic: the same fleets give byte-identical json, text and markdown, in any input order', () => {
    const render = (objects: KubeObject[]) => {
      const impact = impactOf(
        fleetFromObjects(objects),
        fleetFromObjects(dropHelloSecret(moveTodoList(objects))),
      );
      return [JSON.stringify(impact), formatImpact(impact), formatImpactMarkdown(impact)];
    };
    const first = render(beforeObjects());
    expect(render(beforeObjects())).toEqual(first);
    expect(render(beforeObjects().reverse())).toEqual(first);
  });

  it("the delete guard's verdict: removing every wrapper exceeds managed1's 10-minute window, so its deletes are blocked", () => {
    const before = beforeObjects();
    const after = before.filter((o) => !o.kind.startsWith('MultiCluster'));
    const impact = impactOf(fleetFromObjects(before), fleetFromObjects(after));
    const m1 = cluster(impact, 'managed1');
    expect(m1.guard).toMatchObject({ tripped: true, windowBudget: 10 });
    expect(m1.guard.deletes).toBeGreaterThan(10);
    const deletes = m1.objects.filter((o) => o.action === 'delete');
    expect(deletes.every((o) => o.guard?.verdict === 'blocked')).toBe(true);
    expect(deletes[0]!.guard?.reason).toMatch(/would exceed 10 per 10 min/);
    expect(m1.totals.blocked).toBe(deletes.length);
    expect(formatImpactMarkdown(impact)).toContain('⛔ **delete (blocked)**');
  });

  it('D2: a cluster whose VMC goes shows everything it held as left in place', () => {
    const before = beforeObjects();
    const after = before.filter(
      (o) => !(o.kind === 'VerrazzanoManagedCluster' && o.metadata.name === 'managed2'),
    );
    const m2 = cluster(impactOf(fleetFromObjects(before), fleetFromObjects(after)), 'managed2');
    expect(m2.registered).toEqual({ before: true, after: false });
    expect(m2.objects.length).toBeGreaterThan(0);
    expect(
      m2.objects.every((o) => o.change === 'disappear' && o.action === 'none' && o.ruleId === 'D2'),
    ).toBe(true);
    expect(m2.totals.deletes).toBe(0);
  });

  it('no change, no objects', () => {
    const { before } = fleets();
    const impact = impactOf(before, before);
    expect(impact.touched).toEqual([]);
    expect(formatImpactMarkdown(impact)).toContain('No cluster changes.');
  });
});
