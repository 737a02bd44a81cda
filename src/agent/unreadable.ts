/**
 * No silent idling: the admin namespaces an agent (or `vzmc plan --as-agent`) could not read, each
 * with its cause in words a user can act on, and the VMC condition that shows them on the admin.
 * Pure: the clock comes in as an argument.
 */
import { ClusterErrorReason } from '../port/errors.js';
import { ClusterObjectNames, Namespaces } from '../model/names.js';
import type { VmcCondition } from '../model/verrazzano.js';
import type { UnknownList } from '../sync-plan/types.js';
import type { FrozenNamespace } from '../sync-plan/frozen.js';
import type { Snapshot } from '../sync-plan/snapshot.js';
import { Kind } from '../model/kinds.js';
import type { VerrazzanoProject } from '../model/verrazzano.js';
import { rfc3339 } from '../status/index.js';

/** One admin namespace the agent could not read. */
export interface UnreadableNamespace {
  /** The admin namespace. */
  readonly namespace: string;
  /** The reason of its first failed list (a `ClusterErrorReason`). */
  readonly reason: string;
  /** The kinds whose lists failed there, sorted. */
  readonly kinds: readonly string[];
  /** What went wrong and what to do, in one line. */
  readonly message: string;
}

/** The VMC condition type vzmc's agent reports whether it could read every placed namespace with. */
export const AGENT_READ_CONDITION = 'AgentCanReadAdmin';

/** The one-line cause of a failed read of an admin namespace as the agent of `cluster`. */
export function unreadableMessage(cluster: string, namespace: string, reason: string): string {
  const binding = `${namespace}/${ClusterObjectNames.serviceAccount(cluster)}`;
  if (reason === ClusterErrorReason.Forbidden) {
    if (namespace === Namespaces.VerrazzanoMc)
      return `the agent of ${cluster} may not read ${namespace} on the admin (Forbidden): its registration RoleBinding ${binding} is missing or insufficient; re-run vzmc register ${cluster}`;
    return `admin RoleBinding ${binding} is missing or insufficient (Forbidden); is vzmc admin running?`;
  }
  if (reason === ClusterErrorReason.Unavailable || reason === ClusterErrorReason.Timeout)
    return `admin namespace ${namespace} could not be read: the admin API server is unavailable (${reason}); will retry`;
  if (reason === ClusterErrorReason.TooManyRequests)
    return `admin namespace ${namespace} could not be read: the admin API server throttles the agent (${reason}); will retry`;
  return `admin namespace ${namespace} could not be read (${reason})`;
}

/**
 * The namespaces the admin's projects place on `cluster`, plus `verrazzano-mc`; `undefined` when
 * the project list itself failed (then every namespace counts).
 */
export function placedNamespaces(cluster: string, admin: Snapshot): Set<string> | undefined {
  const entry = admin.entries.find(
    (e) => e.kind === Kind.VerrazzanoProject && e.namespace === Namespaces.VerrazzanoMc,
  );
  if (!entry?.result.ok) return undefined;
  const out = new Set<string>([Namespaces.VerrazzanoMc]);
  for (const project of entry.result.items as unknown as VerrazzanoProject[]) {
    if (!project.spec.placement.clusters.some((c) => c.name === cluster)) continue;
    for (const ns of project.spec.template.namespaces) if (ns.metadata.name) out.add(ns.metadata.name);
  }
  return out;
}

/**
 * The admin namespaces a plan could not read, sorted, each with its cause. Lists the admin answered
 * `NotFound` (a kind whose CRD is not installed) are left out: they are not a permission problem;
 * so are namespaces outside `placed` (read only because vzmc's objects are still there, e.g. after
 * a placement moved away and its binding went with it: Forbidden is expected there).
 *
 * @example
 * unreadableNamespaces('managed1', plan.unknown)[0]?.message
 * //=> 'admin RoleBinding todo-list/verrazzano-cluster-managed1 is missing or insufficient (Forbidden); is vzmc admin running?'
 */
export function unreadableNamespaces(
  cluster: string,
  unknown: readonly UnknownList[],
  placed?: ReadonlySet<string>,
): UnreadableNamespace[] {
  const byNamespace = new Map<string, { reason: string; kinds: Set<string> }>();
  for (const list of unknown) {
    if (list.side !== 'admin' || list.reason === ClusterErrorReason.NotFound) continue;
    if (placed && !placed.has(list.namespace)) continue;
    const entry = byNamespace.get(list.namespace) ?? { reason: list.reason, kinds: new Set<string>() };
    if (list.reason === ClusterErrorReason.Forbidden) entry.reason = list.reason;
    entry.kinds.add(list.kind);
    byNamespace.set(list.namespace, entry);
  }
  return [...byNamespace.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([namespace, { reason, kinds }]) => ({
      namespace,
      reason,
      kinds: [...kinds].sort(),
      message: unreadableMessage(cluster, namespace, reason),
    }));
}

/** One line naming every unreadable namespace and its cause; `''` when there is none. */
export function unreadableSummary(unreadable: readonly UnreadableNamespace[]): string {
  if (unreadable.length === 0) return '';
  return `cannot read ${unreadable.length} admin namespace(s): ${unreadable.map((u) => u.message).join('; ')}`;
}

/**
 * The VMC conditions with {@link AGENT_READ_CONDITION} set: `False` naming the unreadable
 * namespaces, else `True` (added only once it was `False`, so a healthy VMC looks as Verrazzano's
 * does). The transition time changes only when the status or message does; the
 * other conditions are kept in order. The message holds namespace names and reasons only, never
 * Secret data or tokens.
 */
export function withAgentReadCondition(
  conditions: readonly VmcCondition[] | undefined,
  unreadable: readonly UnreadableNamespace[],
  now: Date,
): VmcCondition[] {
  const healthy = unreadable.length === 0;
  return withCondition(conditions, AGENT_READ_CONDITION, {
    healthy,
    status: healthy ? 'True' : 'False',
    message: healthy ? 'the agent read every placed namespace on the admin' : unreadableSummary(unreadable),
    now,
  });
}

/** The VMC condition type naming the namespaces whose objects the agent keeps as they are (P30, P5). */
export const NAMESPACES_FROZEN_CONDITION = 'NamespacesFrozen';

/**
 * The VMC conditions with {@link NAMESPACES_FROZEN_CONDITION} set: `True` naming the frozen
 * namespaces and why, else `False` (added only once it was `True`).
 */
export function withFrozenCondition(
  conditions: readonly VmcCondition[] | undefined,
  frozen: readonly FrozenNamespace[],
  now: Date,
): VmcCondition[] {
  const healthy = frozen.length === 0;
  return withCondition(conditions, NAMESPACES_FROZEN_CONDITION, {
    healthy,
    status: healthy ? 'False' : 'True',
    message: healthy
      ? 'no namespace is frozen'
      : `${frozen.length} namespace(s) kept as they are: ${frozen.map((f) => `[${f.ruleId}] ${f.reason}`).join('; ')}`,
    now,
  });
}

function withCondition(
  conditions: readonly VmcCondition[] | undefined,
  type: string,
  next: { healthy: boolean; status: string; message: string; now: Date },
): VmcCondition[] {
  const previous = (conditions ?? []).find((c) => c.type === type);
  if (!previous && next.healthy) return [...(conditions ?? [])];
  const condition: VmcCondition = {
    type,
    status: next.status,
    message: next.message,
    lastTransitionTime:
      previous &&
      previous.status === next.status &&
      previous.message === next.message &&
      previous.lastTransitionTime
        ? previous.lastTransitionTime
        : rfc3339(next.now),
  };
  return [...(conditions ?? []).filter((c) => c.type !== type), condition];
}

/**
 * The lists an admin pass could not read, one per kind and namespace, sorted. The admin controller
 * must read everything, so any failed list counts (a missing permission names its verb in the
 * message), except `NotFound`: a kind the server does not serve (a CRD not installed yet), which
 * the controller retries by itself.
 *
 * @example
 * adminUnreadable(plan.unknown)[0]?.message
 * //=> 'verrazzanoprojects.clusters.verrazzano.io is forbidden: User "…" cannot list resource "verrazzanoprojects" …'
 */
export function adminUnreadable(unknown: readonly UnknownList[]): UnknownList[] {
  const seen = new Map<string, UnknownList>();
  for (const list of unknown) {
    if (list.reason === ClusterErrorReason.NotFound) continue;
    const key = `${list.kind}\u0000${list.namespace}`;
    if (!seen.has(key)) seen.set(key, list);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, list]) => list);
}

/**
 * Under the secure wiring: the cluster namespace, when the agent could not read its share there (a
 * failed list, a missing index: `vzmc admin` is not running, or a share being rewritten), with the
 * cause; else nothing.
 */
export function shareUnreadable(cluster: string, namespace: string, admin: Snapshot): UnreadableNamespace[] {
  const entry = admin.entries.find(
    (e) => e.kind === Kind.VerrazzanoProject && e.namespace === Namespaces.VerrazzanoMc,
  );
  if (!entry || entry.result.ok) return [];
  const { reason, message } = entry.result;
  return [
    {
      namespace,
      reason,
      kinds: [Kind.Secret],
      message:
        reason === ClusterErrorReason.Forbidden
          ? `the agent of ${cluster} may not read its share in ${namespace} (Forbidden): re-run vzmc register ${cluster}`
          : message,
    },
  ];
}
