/**
 * The status stage of a plan: the cluster's reports to the admin (S4, B2, B10), computed from
 * snapshots so they never block, one condition per cluster; and on the admin its own
 * recompute of every wrapper's, project's and VMC's state (S1, B12) and the VMC finalizer (D1).
 */
import { isWrapperKind, Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { LOCAL_CLUSTER, Namespaces, VzmcMarkers } from '../model/names.js';
import {
  StateType,
  type Condition,
  type MultiClusterWrapper,
  type Placement,
  type VerrazzanoProject,
} from '../model/verrazzano.js';
import { UNWRAPPED_KIND } from '../unwrap/unwrap.js';
import { Phase } from '../desired/index.js';
import { compareKeys } from '../desired/order.js';
import {
  MessagePrefix,
  aggregateChanges,
  aggregateClusterStatus,
  conditionFromResult,
  type OperationResult,
  type StatusUpdate,
} from '../status/index.js';
import { effectiveStateActions, vmcStateActions } from './admin-state.js';
import type { AdminView } from './admin-view.js';
import { vmcFinalizerActions } from './admin-vmc.js';
import type { Diff } from './diff.js';
import type { LocalView } from './local-view.js';
import { sortActions, sortKey } from './order.js';
import { actionKey } from './ownership.js';
import { ALL_NAMESPACES, listOf, type Snapshot } from './snapshot.js';
import { SyncOp, SyncTarget, type PlanOptions, type SyncAction } from './types.js';

type Placed = VerrazzanoProject | MultiClusterWrapper;

/** A report to build, before the bound. */
interface Pending {
  readonly resource: Placed;
  readonly condition: Condition;
  readonly placement: Placement;
  readonly ref: string;
  readonly sortKey: string;
  /** The new status, when already built (no `maxStatusUpdates`: every report is sent). */
  readonly status?: StatusUpdate['status'];
}

/** What the status stage reads. */
export interface StatusInput {
  readonly cluster: string;
  readonly adminView: AdminView;
  readonly localView: LocalView;
  readonly diff: Diff;
  readonly options: PlanOptions;
}

/**
 * The status reports of `cluster`'s plan: all of them by default, so the admin shows a first sync
 * within one iteration (issue 16 item 2; the executor writes each admin object once). With
 * `maxStatusUpdates`, only the first that many (by plan order) are built; the rest wait for the
 * next sync and are counted in `deferred`.
 */
export function forwardStatus(input: StatusInput): { actions: SyncAction[]; deferred: number } {
  const { adminView, diff } = input;
  const projectWrites = projectWritesOf(diff.actions);
  const pending: Pending[] = [];
  for (const resource of [...adminView.placedProjects, ...adminView.placedWrappers]) {
    const report = pendingReport(resource, input, projectWrites);
    if (report) pending.push(report);
  }
  const maxStatus = input.options.maxStatusUpdates ?? Number.POSITIVE_INFINITY;
  pending.sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  const actions = pending
    .slice(0, maxStatus)
    .map((p) => statusAction(p, input, diff.unwrapped.get(p.ref)?.key, projectWrites));
  return { actions, deferred: Math.max(0, pending.length - maxStatus) };
}

/**
 * The local writes each project's report depends on, by `VerrazzanoProject/verrazzano-mc/<name>`,
 * in plan order (the diff's actions come in render order).
 */
function projectWritesOf(actions: readonly SyncAction[]): Map<string, string[]> {
  const projectWrites = new Map<string, SyncAction[]>();
  for (const a of actions) {
    const source = a.body?.metadata.annotations?.[VzmcMarkers.Source];
    if (a.target !== SyncTarget.Local || !source?.startsWith(`${Kind.VerrazzanoProject}/`)) continue;
    const writes = projectWrites.get(source);
    if (writes) writes.push(a);
    else projectWrites.set(source, [a]);
  }
  const keys = new Map<string, string[]>();
  for (const [source, writes] of projectWrites)
    keys.set(
      source,
      sortActions(writes).map((a) => a.key),
    );
  return keys;
}

/** The report a placed resource needs, or undefined when there is nothing new or nothing checked. */
function pendingReport(
  resource: Placed,
  { cluster, adminView, localView, diff, options }: StatusInput,
  projectWrites: ReadonlyMap<string, string[]>,
): Pending | undefined {
  const namespace = resource.metadata.namespace ?? '';
  const name = resource.metadata.name ?? '';
  const ref = `${resource.kind}/${namespace}/${name}`;
  const isProject = resource.kind === Kind.VerrazzanoProject;
  // Never report success for what the plan could not check: the copy's or the unwrapped object's kind
  // could not be listed on this cluster.
  const unwrappedKind = isWrapperKind(resource.kind) ? UNWRAPPED_KIND[resource.kind].kind : undefined;
  const failed = localView.failed;
  if (
    (cluster !== LOCAL_CLUSTER && failed.has(resource.kind)) ||
    (unwrappedKind && failed.has(unwrappedKind))
  )
    return undefined;
  if (!isProject && !adminView.isKnown(resource.kind, namespace)) return undefined;
  const result: OperationResult = isProject ? 'created' : (diff.unwrapped.get(ref)?.result ?? 'unchanged');
  const current = resource.status?.clusters?.find((c) => c.name === cluster);
  // Nothing new to report; the admin still recomputes the state on every pass (S1, step 7).
  if (current?.state === StateType.Succeeded && result === 'unchanged') return undefined;
  // A project's report waits on its own writes (namespaces, RoleBindings, NetworkPolicies): a failed
  // one is reported as DeployFailed, never as created (§5.1).
  const writes = isProject ? (projectWrites.get(ref) ?? []) : [];
  if (current?.state === StateType.Succeeded && isProject && writes.length === 0) return undefined;
  const condition = conditionFromResult(undefined, result, MessagePrefix[resource.kind], options.now);
  const placement = resource.spec?.placement ?? { clusters: [] };
  const key = sortKey(Phase.Status, resource.kind, namespace, name, SyncTarget.Admin);
  if (options.maxStatusUpdates === undefined) {
    // Every report is sent: build the new status once, here.
    const update = aggregateClusterStatus(resource.status, cluster, condition, placement, options.now);
    return update.changed
      ? { resource, condition, placement, ref, sortKey: key, status: update.status }
      : undefined;
  }
  if (!aggregateChanges(resource.status, cluster, condition, placement, options.now)) return undefined;
  return { resource, condition, placement, ref, sortKey: key };
}

/** The status action of one report: the admin object with the cluster's condition folded in (S4). */
function statusAction(
  { resource, condition, placement, ref, status }: Pending,
  { cluster, options }: StatusInput,
  unwrapKey: string | undefined,
  projectWrites: ReadonlyMap<string, string[]>,
): SyncAction {
  const update =
    status ?? aggregateClusterStatus(resource.status, cluster, condition, placement, options.now).status;
  const writes = resource.kind === Kind.VerrazzanoProject ? (projectWrites.get(ref) ?? []) : [];
  return {
    key: actionKey(SyncTarget.Admin, resource),
    op: SyncOp.Status,
    target: SyncTarget.Admin,
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    namespace: resource.metadata.namespace ?? '',
    name: resource.metadata.name ?? '',
    phase: Phase.Status,
    reason: `report ${cluster}'s ${condition.type} (${condition.message ?? ''})`,
    ruleId: 'S4',
    body: { ...(resource as unknown as KubeObject), status: update },
    status: { cluster, condition },
    dependsOn: unwrapKey ? [unwrapKey] : writes,
  };
}

/**
 * The admin's own recompute, on every pass (S1, B12): the effective state of every wrapper and
 * project the admin holds, whether placed on `local` or not, and each VMC's state. `reported`: the
 * status actions of this plan, which recompute the state themselves.
 */
export function adminRecompute(
  admin: Snapshot,
  adminView: AdminView,
  reported: readonly SyncAction[],
  now: Date,
): SyncAction[] {
  const { fleet, vmcList } = adminView;
  const skip = new Set(reported.filter((a) => a.op === SyncOp.Status).map((a) => a.key));
  const actions = effectiveStateActions([...fleet.projects, ...fleet.wrappers], skip, now);
  if (!vmcList?.ok) return actions;
  actions.push(...vmcStateActions(vmcList.items, now));
  // D1: the VMC's finalizer, and what a deleted VMC owned. The owned kinds are listed only
  // while a VMC is being deleted (syncAdmin); their lists must have succeeded.
  // M5: so are the federation objects of `verrazzano-monitoring` (an absent namespace lists empty).
  const ownedLists = [
    listOf(admin, 'v1', 'ServiceAccount', Namespaces.VerrazzanoMc),
    listOf(admin, 'v1', Kind.Secret, ALL_NAMESPACES),
    listOf(admin, 'rbac.authorization.k8s.io/v1', Kind.RoleBinding, ALL_NAMESPACES),
    listOf(admin, 'v1', Kind.ConfigMap, Namespaces.VerrazzanoMonitoring),
  ];
  const vmcs = ownedLists.every((l) => l?.ok)
    ? vmcList.items
    : vmcList.items.filter((v) => !v.metadata.deletionTimestamp);
  const owned = ownedLists.flatMap((l) => (l?.ok ? l.items : []));
  actions.push(...vmcFinalizerActions(vmcs, adminView.projects, owned));
  return actions;
}
