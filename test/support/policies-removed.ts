/**
 * Issue 14 item 9's scenario: project `p` (namespace `app`, placed on m1) with NetworkPolicy
 * `deny-all` (V4) and a MultiClusterConfigMap, synced to m1 by vzmc; then the admin removes the
 * NetworkPolicy from the project. The live objects with vzmc's managedFields, or without them, as
 * `kubectl get -o yaml` prints them.
 */
import {
  adminSnapshotFromObjects,
  localSnapshotFromObjects,
  planSync,
  type KubeObject,
  type SyncPlan,
  type VerrazzanoProject,
} from '../../src/index.js';
import { deepFreeze, mccm, project, vmc } from './fleet.js';
import { applyPlan } from './simulate.js';

export const NOW = new Date('2026-11-27T10:00:00Z');

/** A plan for m1, as the agent would make it. */
export const planM1 = (admin: readonly KubeObject[], local: readonly KubeObject[]): SyncPlan =>
  planSync(
    'm1',
    adminSnapshotFromObjects(deepFreeze(structuredClone(admin))),
    localSnapshotFromObjects(deepFreeze(structuredClone(local))),
    { now: NOW },
  );

/** Project `p` (namespace `app`, placed on m1), with NetworkPolicy `app/deny-all` or none. */
export function projectWith(policies: boolean): KubeObject {
  const vp: VerrazzanoProject = project('p', ['app'], ['m1']);
  if (policies)
    vp.spec.template.networkPolicies = [
      { metadata: { name: 'deny-all', namespace: 'app' }, spec: { podSelector: {} } },
    ];
  return vp;
}

const admin = (): KubeObject[] => [vmc('m1'), projectWith(true), mccm('cm', 'app', ['m1'])];

/** Both sides after vzmc synced the project with its NetworkPolicy (every local object applied by vzmc). */
export function converged(): { admin: KubeObject[]; local: KubeObject[] } {
  let state = { admin: admin(), local: [] as KubeObject[] };
  for (let i = 0; i < 4; i++) {
    const p = planM1(state.admin, state.local);
    if (p.actions.length === 0) return state;
    state = applyPlan(p, state.admin, state.local);
  }
  throw new Error('did not converge');
}

/** The converged admin, its project's NetworkPolicies removed (its status kept). */
export const withoutPolicies = (): KubeObject[] =>
  converged().admin.map((o) =>
    o.kind === 'VerrazzanoProject' ? { ...projectWith(false), status: o.status } : o,
  );

/** The objects as `kubectl get -o yaml` prints them: no managedFields. */
export const stripped = (objects: readonly KubeObject[]): KubeObject[] =>
  objects.map((o) => {
    const { managedFields: _m, ...metadata } = o.metadata;
    return { ...o, metadata };
  });
