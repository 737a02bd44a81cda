/**
 * The admin side of status (spec §5.5): a condition forwarded by one cluster folded into the admin
 * object's status. One condition is kept per cluster instead of appending every forwarded condition
 * without bound (B10, S3; docs/deviations.md).
 */
import type { Condition, MultiClusterResourceStatus, Placement } from '../model/verrazzano.js';
import { clusterLevelStatus } from './condition.js';
import { computeEffectiveState } from './effective-state.js';
import { setClusterLevelStatus, type StatusUpdate } from './local.js';

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
