/**
 * planSync: a managed cluster's desired state (from the admin snapshot) against its live state (the
 * local snapshot), as an ordered, explained list of actions (P32). Pure and deterministic.
 *
 * Safety, each a deliberate deviation from Verrazzano (docs/deviations.md):
 * - a failed admin list (timeout, 5xx, Forbidden, NotFound) never deletes what that list decides,
 *   unless a successful project list proves the namespace is no longer placed on the cluster (B9);
 * - only objects carrying vzmc's ownership marker are ever deleted (B7, B8), and only when vzmc's
 *   field manager applied that marker (`metadata.managedFields`) in a namespace vzmc manages: a
 *   copied or forged label is reported in `foreign`, never acted on (P20, P21);
 * - an existing object vzmc does not own is never updated nor adopted unless the user annotates it
 *   `vzmc.dev/adopt: "true"`;
 * - a plan deleting more than `maxDeleteFraction` of the managed objects has its deletes blocked;
 * - status forwarding is computed from snapshots, so it never blocks (B2), and keeps one
 *   condition per cluster on the admin (B10).
 *
 * The plan is a pipeline of stages, one file each: the admin view (admin-view.ts), the local view
 * (local-view.ts), the diff (diff.ts), garbage collection (gc.ts), status (status.ts), the delete
 * guard (guard.ts), and the order (dependencies.ts, order.ts).
 */
import { LOCAL_CLUSTER } from '../model/names.js';
import { adminView } from './admin-view.js';
import { FIELD_MANAGER } from './compare.js';
import { withDependencies } from './dependencies.js';
import { diffDesired } from './diff.js';
import { collectGarbage } from './gc.js';
import { emptyGuard, guardDeletes } from './guard.js';
import { localView } from './local-view.js';
import { sortActions } from './order.js';
import { unverifiableWarning } from './ownership.js';
import type { Snapshot } from './snapshot.js';
import { adminRecompute, forwardStatus } from './status.js';
import type { PlanOptions, SyncPlan } from './types.js';

export { noManagedFieldsWarning } from './ownership.js';

/**
 * Plans one sync of managed cluster `cluster`, or, for `local`, the admin's own reconcile: its
 * project namespaces and RBAC (P13, V1–V4) and the objects of wrappers placed on `local` (P15).
 *
 * @example
 * const plan = planSync('managed1', adminSnapshot, localSnapshot, { now: new Date() });
 * for (const action of plan.actions) console.log(action.op, action.kind, action.namespace, action.name, action.reason);
 */
export function planSync(cluster: string, admin: Snapshot, local: Snapshot, options: PlanOptions): SyncPlan {
  const manager = options.fieldManager ?? FIELD_MANAGER;
  // 1. The admin view. Without a successful project list nothing is known, so nothing is done (P12, P22).
  const adminSide = adminView(cluster, admin);
  if (!adminSide.ok)
    return {
      cluster,
      actions: [],
      unknown: adminSide.unknown,
      guard: emptyGuard(options),
      deferredStatus: 0,
    };
  // 2. The local view.
  const views = { cluster, adminView: adminSide.view, localView: localView(local) };
  // 3. The diff: creates and updates.
  const diff = diffDesired(cluster, views.adminView, views.localView, manager);
  // 4. Garbage collection (P20–P24): deletes, and what is left alone and why.
  const garbage = collectGarbage({ ...views, admin, local, diff, manager });
  // 5. Status: the cluster's reports (S4), and on the admin its own recompute (S1, B12, D1).
  const status = forwardStatus({ ...views, diff, options });
  const recompute =
    cluster === LOCAL_CLUSTER ? adminRecompute(admin, views.adminView, status.actions, options.now) : [];
  // 6. The delete guard.
  const { guard, actions: deletes } = guardDeletes(garbage.deletes, garbage.managed, options);
  // 7. The order: dependencies (P33), then plan order (P32).
  const actions = [...diff.actions, ...deletes, ...status.actions, ...recompute];
  const noManagedFields = unverifiableWarning(diff.unverifiable, garbage.unverifiable);
  return {
    cluster,
    actions: sortActions(withDependencies(actions, diff.unwrappedFrom)),
    unknown: [...views.adminView.unknown, ...views.localView.unknown],
    guard,
    deferredStatus: status.deferred,
    ...(garbage.foreign.length > 0 ? { foreign: garbage.foreign } : {}),
    ...(garbage.frozen ? { frozen: garbage.frozen } : {}),
    ...(noManagedFields ? { warnings: [noManagedFields] } : {}),
  };
}

/**
 * True when a plan has nothing left to do (blocked actions count as something to report), and
 * nothing it could not check (no warnings).
 */
export function isConverged(plan: SyncPlan): boolean {
  return plan.actions.length === 0 && (plan.warnings?.length ?? 0) === 0;
}
