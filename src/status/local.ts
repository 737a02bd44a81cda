/**
 * The status algebra of MC resources (spec §5), as pure functions with an injected clock.
 *
 * Local status follows Verrazzano (§5.1–§5.4), with two safer details: an exact condition match is
 * looked for among every same-type entry, and an appended cluster entry is stamped with the current
 * time. Admin-side aggregation keeps one condition per cluster instead of appending every forwarded
 * condition without bound (B10/S3). All three are deliberate deviations; see docs/deviations.md.
 */
import {
  ConditionStatus,
  ConditionType,
  StateType,
  type ClusterLevelStatus,
  type Condition,
  type MultiClusterResourceStatus,
  type Placement,
} from '../types/verrazzano.js';

/** The controller-runtime CreateOrUpdate results that reach a condition message (§5.1). */
export const OperationResult = {
  /** The object was created. */
  Created: 'created',
  /** The object was updated. */
  Updated: 'updated',
  /** The object already matched. */
  Unchanged: 'unchanged',
} as const;
/** One of {@link OperationResult}'s values. */
export type OperationResult = (typeof OperationResult)[keyof typeof OperationResult];

/** Message prefixes per unwrapped kind (§5.1). */
export const MessagePrefix = {
  /** `OAM Application Configuration created`, … (§3.2). */
  MultiClusterApplicationConfiguration: 'OAM Application Configuration',
  /** `OAM Component created`, … (§3.3). */
  MultiClusterComponent: 'OAM Component',
  /** `ConfigMap created`, … (§3.4). */
  MultiClusterConfigMap: 'ConfigMap',
  /** `Secret created`, … (§3.5). */
  MultiClusterSecret: 'Secret',
  /** Always `VerrazzanoProject created` (§5.1). */
  VerrazzanoProject: 'VerrazzanoProject',
} as const;

/** Formats a time as Go's RFC 3339 with second precision (`2021-06-22T21:03:58Z`), as Verrazzano writes condition times. */
export function rfc3339(time: Date): string {
  // A plan formats the same `now` for every condition it writes: remember the last one.
  const ms = time.getTime();
  if (ms !== lastFormatted.ms) lastFormatted = { ms, text: time.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  return lastFormatted.text;
}
let lastFormatted = { ms: Number.NaN, text: '' };

/**
 * The condition a local reconcile produces (`GetConditionFromResult`, §5.1): DeployComplete with
 * `<prefix> <result>` on success, DeployFailed with the error text on failure. Both have status True.
 *
 * @example
 * conditionFromResult(undefined, 'created', 'OAM Application Configuration', now)
 * //=> { type: 'DeployComplete', status: 'True', message: 'OAM Application Configuration created', lastTransitionTime: '…' }
 */
export function conditionFromResult(
  error: { readonly message: string } | undefined,
  result: OperationResult,
  prefix: string,
  now: Date,
): Condition {
  if (error) {
    return {
      type: ConditionType.DeployFailed,
      status: ConditionStatus.True,
      message: error.message,
      lastTransitionTime: rfc3339(now),
    };
  }
  return {
    type: ConditionType.DeployComplete,
    status: ConditionStatus.True,
    message: `${prefix} ${result}`,
    lastTransitionTime: rfc3339(now),
  };
}

/** The cluster-level status of a condition (`CreateClusterLevelStatus`, §5.2). */
export function clusterLevelStatus(condition: Condition, cluster: string): ClusterLevelStatus {
  const state =
    condition.type === ConditionType.DeployComplete
      ? StateType.Succeeded
      : condition.type === ConditionType.DeployFailed
        ? StateType.Failed
        : StateType.Pending;
  const status: ClusterLevelStatus = {
    name: cluster,
    state,
    lastUpdateTime: condition.lastTransitionTime ?? '',
  };
  if (condition.message !== undefined) status.message = condition.message;
  return status;
}

/**
 * Whether a status must be written (`StatusNeedsUpdate`, §5.3): unless some cluster entry has the
 * same name and state, and some condition the same type, status and message. Times are ignored.
 */
export function statusNeedsUpdate(
  status: MultiClusterResourceStatus | undefined,
  condition: Condition,
  cluster: ClusterLevelStatus,
): boolean {
  const clusterFound = (status?.clusters ?? []).some(
    (c) => c.name === cluster.name && c.state === cluster.state,
  );
  const conditionFound = (status?.conditions ?? []).some(
    (c) => c.type === condition.type && c.status === condition.status && c.message === condition.message,
  );
  return !clusterFound || !conditionFound;
}

/**
 * `addOrUpdateCondition` (§5.3): an exact match anywhere in the list changes nothing; else the first
 * condition of the same type is overwritten; else the condition is appended. Returns a new list.
 * Verrazzano stops at the first same-type entry, so an exact match after it is overwritten into a
 * duplicate (cluster_utils.go l.288–310); vzmc compares every entry (docs/deviations.md).
 */
export function addOrUpdateCondition(
  conditions: readonly Condition[] | undefined,
  condition: Condition,
): Condition[] {
  const list = [...(conditions ?? [])];
  if (
    list.some(
      (c) => c.type === condition.type && c.status === condition.status && c.message === condition.message,
    )
  ) {
    return list;
  }
  const index = list.findIndex((c) => c.type === condition.type);
  if (index >= 0) list[index] = { ...list[index], ...condition };
  else list.push(condition);
  return list;
}

/**
 * `SetClusterLevelStatus` (§5.3): replaces the entry of the same name in place, or appends; either
 * way with `lastUpdateTime = now`. Verrazzano sets now only on a replace and keeps the given time
 * on an append (cluster_utils.go l.179–192; docs/deviations.md).
 */
export function setClusterLevelStatus(
  clusters: readonly ClusterLevelStatus[] | undefined,
  status: ClusterLevelStatus,
  now: Date,
): ClusterLevelStatus[] {
  const list = [...(clusters ?? [])];
  const entry = { ...status, lastUpdateTime: rfc3339(now) };
  const index = list.findIndex((c) => c.name === status.name);
  if (index >= 0) list[index] = entry;
  else list.push(entry);
  return list;
}

/**
 * The aggregate state (`ComputeEffectiveState`, §5.4): Failed if any placed cluster failed, else
 * Pending if any is pending, else Succeeded once at least as many placed clusters succeeded as the
 * placement has entries (duplicates count), else Pending. Entries of unplaced clusters are ignored.
 *
 * @example
 * computeEffectiveState({ clusters: [{ name: 'c1', state: 'Succeeded', lastUpdateTime: '' }] }, { clusters: [{ name: 'c1' }, { name: 'c2' }] })
 * //=> 'Pending'
 */
export function computeEffectiveState(
  status: MultiClusterResourceStatus | undefined,
  placement: Placement,
): StateType {
  let pending = 0;
  let succeeded = 0;
  let failed = 0;
  for (const target of placement.clusters) {
    for (const entry of status?.clusters ?? []) {
      if (entry.name !== target.name) continue;
      if (entry.state === StateType.Pending) pending++;
      else if (entry.state === StateType.Succeeded) succeeded++;
      else if (entry.state === StateType.Failed) failed++;
    }
  }
  if (failed > 0) return StateType.Failed;
  if (pending > 0) return StateType.Pending;
  if (succeeded >= placement.clusters.length) return StateType.Succeeded;
  return StateType.Pending;
}

/** The outcome of a local status update. */
export interface StatusUpdate {
  /** The new status. */
  readonly status: MultiClusterResourceStatus;
  /** Whether anything must be written (and, on a managed cluster, forwarded to the admin). */
  readonly changed: boolean;
}

/**
 * The local update algorithm (`UpdateStatus`, §5.3): when {@link statusNeedsUpdate}, add or update
 * the condition, set this cluster's entry, and recompute the state.
 */
export function updateLocalStatus(
  status: MultiClusterResourceStatus | undefined,
  condition: Condition,
  cluster: string,
  placement: Placement,
  now: Date,
): StatusUpdate {
  const entry = clusterLevelStatus(condition, cluster);
  if (!statusNeedsUpdate(status, condition, entry)) return { status: status ?? {}, changed: false };
  const next: MultiClusterResourceStatus = {
    ...status,
    conditions: addOrUpdateCondition(status?.conditions, condition),
    clusters: setClusterLevelStatus(status?.clusters, entry, now),
  };
  next.state = computeEffectiveState(next, placement);
  return { status: next, changed: true };
}

/**
 * Folds a status forwarded by cluster `cluster` into the admin object's status (§5.5): the cluster's
 * entry is set (S4), its condition kept as that cluster's one condition, with the message prefixed
 * `<cluster>: ` so it stays attributable (B10, S3 — Verrazzano appends every forwarded condition
 * without bound and without the cluster), and the state recomputed (§5.4).
 *
 * @example
 * aggregateClusterStatus(admin.status, 'managed1', condition, admin.spec.placement, now).status.conditions
 * //=> [{ type: 'DeployComplete', status: 'True', message: 'managed1: OAM Application Configuration created', … }]
 */
export function aggregateClusterStatus(
  status: MultiClusterResourceStatus | undefined,
  cluster: string,
  condition: Condition,
  placement: Placement,
  now: Date,
): StatusUpdate {
  const { entry, prefix, attributed, previous, sameCondition, sameEntry } = forwarded(
    status,
    cluster,
    condition,
  );
  const state = computeEffectiveState(
    { ...status, clusters: setClusterLevelStatus(status?.clusters, entry, now) },
    placement,
  );
  if (sameCondition && sameEntry && status?.state === state) return { status, changed: false };
  const others = (status?.conditions ?? []).filter((c) => !(c.message ?? '').startsWith(prefix));
  const conditions = [...others, sameCondition && previous ? previous : attributed].sort((a, b) =>
    (a.message ?? '') < (b.message ?? '') ? -1 : (a.message ?? '') > (b.message ?? '') ? 1 : 0,
  );
  const clusters = sameEntry
    ? [...(status?.clusters ?? [])]
    : setClusterLevelStatus(status?.clusters, entry, now);
  return { status: { ...status, clusters, conditions, state }, changed: true };
}

/**
 * Whether {@link aggregateClusterStatus} would report `changed`, without building the new status:
 * a planner asks this of every placed resource and builds only the updates it will send.
 */
export function aggregateChanges(
  status: MultiClusterResourceStatus | undefined,
  cluster: string,
  condition: Condition,
  placement: Placement,
  now: Date,
): boolean {
  const { entry, sameCondition, sameEntry } = forwarded(status, cluster, condition);
  if (!sameCondition || !sameEntry) return true;
  const clusters = setClusterLevelStatus(status?.clusters, entry, now);
  return status?.state !== computeEffectiveState({ ...status, clusters }, placement);
}

/** How a forwarded condition compares with what the admin object already holds from that cluster. */
function forwarded(status: MultiClusterResourceStatus | undefined, cluster: string, condition: Condition) {
  const entry = clusterLevelStatus(condition, cluster);
  const prefix = `${cluster}: `;
  const attributed: Condition = { ...condition, message: `${prefix}${condition.message ?? ''}` };
  const previous = (status?.conditions ?? []).find((c) => (c.message ?? '').startsWith(prefix));
  const sameCondition =
    previous !== undefined &&
    previous.type === attributed.type &&
    previous.status === attributed.status &&
    previous.message === attributed.message;
  const sameEntry = (status?.clusters ?? []).some(
    (c) => c.name === cluster && c.state === entry.state && c.message === entry.message,
  );
  return { entry, prefix, attributed, previous, sameCondition, sameEntry };
}
