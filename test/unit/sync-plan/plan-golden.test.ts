/**
 * P32: the plans of the demo fleet (examples/fleet), for each cluster and a handful of situations
 * (from empty, converged, a placement move, a revoked project, a tripped delete guard, a namespace
 * leaving its project, objects vzmc does not own, failed admin lists), compared byte for byte with
 * committed snapshots under __golden__/. A refactor of the planner must leave them unchanged.
 */
import { describe, expect, it } from 'vitest';
import {
  adminSnapshotFromObjects,
  formatPlan,
  loadSources,
  localSnapshotFromObjects,
  planSync,
  readManifestSources,
  redactPlan,
  snapshot,
  type KubeObject,
  type PlanOptions,
  type Snapshot,
  type SyncPlan,
} from '../../../src/index.js';
import { slimSnapshot } from '../../../src/sync-plan/slim.js';
import { fleetPath } from '../../support/corpus.js';
import { applyPlan } from '../../support/simulate.js';

const now = new Date('2026-11-27T10:00:00Z');
const CLUSTERS = ['managed1', 'managed2', 'local'] as const;

type Spec = { placement: { clusters: { name: string }[] }; template?: unknown };

/** Converges `cluster` on `admin` from an empty cluster, as the agent would over a few passes. */
function converge(cluster: string, admin: KubeObject[]): { admin: KubeObject[]; local: KubeObject[] } {
  let state = { admin, local: [] as KubeObject[] };
  for (let i = 0; i < 5; i++) {
    const p = planSync(
      cluster,
      adminSnapshotFromObjects(state.admin),
      localSnapshotFromObjects(state.local),
      {
        now,
      },
    );
    if (p.actions.length === 0) break;
    state = applyPlan(p, state.admin, state.local);
  }
  return state;
}

const isHelidon = (o: KubeObject) =>
  o.metadata.namespace === 'hello-helidon' || o.metadata.name === 'hello-helidon';
const withSpec = (o: KubeObject, spec: Partial<Spec>): KubeObject => ({
  ...o,
  spec: { ...(o as unknown as { spec: Spec }).spec, ...spec },
});

/** The situations, each an admin snapshot, a local snapshot and options. */
function situations(cluster: string, admin: KubeObject[]) {
  const synced = converge(cluster, admin);
  const local = localSnapshotFromObjects(synced.local);
  const movedToLocal = synced.admin.map((o) =>
    isHelidon(o) && 'spec' in o && (o.spec as Partial<Spec>).placement
      ? withSpec(o, { placement: { clusters: [{ name: 'local' }] } })
      : o,
  );
  const withoutTodo = synced.admin.filter(
    (o) => !(o.kind === 'VerrazzanoProject' && o.metadata.name === 'todo-list'),
  );
  const todoMoved = synced.admin.map((o) =>
    o.kind === 'VerrazzanoProject' && o.metadata.name === 'todo-list'
      ? withSpec(o, { template: { namespaces: [{ metadata: { name: 'todo-list-2' } }] } })
      : o,
  );
  const foreign: KubeObject[] = [
    ...synced.local.map((o) =>
      o.kind === 'ConfigMap' ? { ...o, metadata: { ...o.metadata, managedFields: [] } } : o,
    ),
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'forged', namespace: 'todo-list', labels: { 'vzmc.dev/managed': 'true' } },
    },
  ];
  const failed: Snapshot = snapshot(
    adminSnapshotFromObjects(synced.admin).entries.map((e) =>
      e.kind === 'Secret' || e.kind === 'MultiClusterConfigMap'
        ? { ...e, result: { ok: false as const, reason: 'Forbidden' as const, message: 'forbidden' } }
        : e,
    ),
  );
  const noProjects: Snapshot = snapshot(
    adminSnapshotFromObjects(synced.admin).entries.filter((e) => e.kind !== 'VerrazzanoProject'),
  );
  // P23, P24: each app config drops its last listed Secret and its last Component.
  const fewerDependents = synced.admin.map((o) => {
    if (o.kind !== 'MultiClusterApplicationConfiguration') return o;
    const app = structuredClone(o) as unknown as {
      spec: { secrets?: string[]; template: { spec: { components: unknown[] } } };
    };
    app.spec.secrets = app.spec.secrets?.slice(0, -1);
    app.spec.template.spec.components = app.spec.template.spec.components.slice(0, -1);
    return app as unknown as KubeObject;
  });
  // P20: the hello-helidon MultiClusterConfigMap stays on managed1 only.
  const configMapOnOne = synced.admin.map((o) =>
    o.kind === 'MultiClusterConfigMap' ? withSpec(o, { placement: { clusters: [{ name: 'managed1' }] } }) : o,
  );
  // A local list failed: nothing of that kind is written, deleted or reported.
  const localFailed: Snapshot = snapshot(
    local.entries.map((e) =>
      e.kind === 'ConfigMap' || e.kind === 'Component'
        ? { ...e, result: { ok: false as const, reason: 'Timeout' as const, message: 'timed out' } }
        : e,
    ),
  );
  // Same-named objects vzmc does not own: one blocked, one its owner asks vzmc to adopt.
  const strangers = synced.local.map((o) => {
    if (o.kind !== 'Secret' && o.kind !== 'Component') return o;
    const { managedFields: _m, labels: _l, annotations: _a, ...metadata } = o.metadata;
    const adopt = o.kind === 'Component' ? { annotations: { 'vzmc.dev/adopt': 'true' } } : {};
    return { ...o, metadata: { ...metadata, ...adopt } };
  });
  const admins = (objects: KubeObject[]) => adminSnapshotFromObjects(objects);
  const out: [string, Snapshot, Snapshot, Partial<PlanOptions>][] = [
    ['from empty', admins(admin), localSnapshotFromObjects([]), {}],
    ['converged', admins(synced.admin), local, {}],
    ['hello-helidon moved to local', admins(movedToLocal), local, {}],
    ['todo-list project removed', admins(withoutTodo), local, {}],
    ['todo-list project removed, guard tripped', admins(withoutTodo), local, { guardMinObjects: 1 }],
    ['todo-list namespace left its project (P30)', admins(todoMoved), local, {}],
    ['foreign and unverifiable objects', admins(synced.admin), localSnapshotFromObjects(foreign), {}],
    ['failed admin lists', failed, local, {}],
    ['a Secret and a Component no longer used (P23, P24)', admins(fewerDependents), local, {}],
    ['a MultiClusterConfigMap placed on managed1 only (P20)', admins(configMapOnOne), local, {}],
    ['failed local lists', admins(synced.admin), localFailed, {}],
    ['same-named objects vzmc does not own', admins(synced.admin), localSnapshotFromObjects(strangers), {}],
    ['no project list', noProjects, local, {}],
    ['one status update allowed', admins(admin), localSnapshotFromObjects([]), { maxStatusUpdates: 1 }],
  ];
  return out;
}

const serialize = (plans: [string, SyncPlan][]) =>
  plans
    .map(([name, p]) => `## ${name}\n\n${JSON.stringify(redactPlan(p), null, 2)}\n\n${formatPlan(p)}\n`)
    .join('\n');

describe('planSync golden plans of the demo fleet (P32)', async () => {
  const loaded = loadSources(await readManifestSources([fleetPath()]));
  const admin = loaded.objects.map((o) => o.object);

  for (const cluster of CLUSTERS) {
    it(`P32: ${cluster}'s plans are unchanged (actions, order and text)`, async () => {
      const plans = situations(cluster, structuredClone(admin)).map(
        ([name, a, l, extra]): [string, SyncPlan] => [name, planSync(cluster, a, l, { now, ...extra })],
      );
      await expect(serialize(plans)).toMatchFileSnapshot(`__golden__/${cluster}.txt`);
    });
  }
});

/** A live object as a busy server holds it: other managers' Update entries around vzmc's, with times. */
function busy(object: KubeObject, i: number): KubeObject {
  const entries = object.metadata.managedFields ?? [];
  const update = {
    manager: 'kube-controller-manager',
    operation: 'Update',
    apiVersion: object.apiVersion,
    time: '2026-11-27T09:00:00Z',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:metadata': { 'f:labels': { 'f:vzmc.dev/managed': {} } } },
  };
  const managedFields =
    i % 3 === 0
      ? [update, ...entries.map((e) => ({ ...e, time: '2026-11-27T08:00:00Z' }))]
      : i % 3 === 1
        ? [...entries, { ...update, manager: 'kubectl', operation: 'Apply' }]
        : entries.length === 0
          ? []
          : [update];
  return { ...object, metadata: { ...object.metadata, managedFields } };
}

describe('the slimmed live snapshot plans as the full one (issue 16)', async () => {
  const loaded = loadSources(await readManifestSources([fleetPath()]));
  const admin = loaded.objects.map((o) => o.object);

  for (const cluster of CLUSTERS) {
    it(`P32: ${cluster}'s plans from slimmed local snapshots are byte-identical, busy managedFields too`, () => {
      for (const [name, a, l, extra] of situations(cluster, structuredClone(admin))) {
        const crowded = snapshot(
          l.entries.map((e) =>
            e.result.ok ? { ...e, result: { ok: true as const, items: e.result.items.map(busy) } } : e,
          ),
        );
        for (const local of [l, crowded]) {
          const full = serialize([[name, planSync(cluster, a, local, { now, ...extra })]]);
          const slim = serialize([[name, planSync(cluster, a, slimSnapshot(local), { now, ...extra })]]);
          expect(slim).toBe(full);
        }
      }
    });
  }
});
