/**
 * The local status update (spec §5.3): a cluster's condition and entry folded into a resource's
 * status, written only when something changed. Two safer details than Verrazzano: an exact
 * condition match is looked for among every same-type entry, and an appended cluster entry is
 * stamped with the current time (docs/deviations.md).
 */
import type {
  ClusterLevelStatus,
  Condition,
  MultiClusterResourceStatus,
  Placement,
} from '../model/verrazzano.js';
import { clusterLevelStatus } from './condition.js';
import { computeEffectiveState } from './effective-state.js';
import { rfc3339 } from './time.js';

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
