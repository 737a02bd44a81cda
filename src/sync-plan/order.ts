/**
 * The order stage of a plan (P32): phase, then the phase's kind order, then namespace, name and
 * target. Self-contained: the kind tables below are the planner's only order data.
 */
import { Kind } from '../types/kinds.js';
import { PHASE_WEIGHT, Phase } from '../unwrap/render.js';
import type { SyncAction, SyncTarget } from './types.js';

/** The order of garbage collection: what uses an object goes before it. */
export const GC_KIND_ORDER: readonly string[] = [
  Kind.ApplicationConfiguration,
  Kind.ConfigMap,
  Kind.MultiClusterApplicationConfiguration,
  Kind.Component,
  Kind.MultiClusterComponent,
  Kind.MultiClusterConfigMap,
  Kind.MultiClusterSecret,
  Kind.Secret,
  Kind.NetworkPolicy,
  Kind.VerrazzanoProject,
];

/** The order of every other phase: what an object uses goes before it. */
export const KIND_ORDER: readonly string[] = [
  Kind.Namespace,
  Kind.VerrazzanoProject,
  Kind.RoleBinding,
  Kind.NetworkPolicy,
  Kind.Secret,
  Kind.MultiClusterSecret,
  Kind.MultiClusterConfigMap,
  Kind.MultiClusterComponent,
  Kind.Component,
  Kind.MultiClusterApplicationConfiguration,
  Kind.ConfigMap,
  Kind.ApplicationConfiguration,
];

/**
 * The order of a plan: phase, then the phase's kind order, then namespace, name and target. As
 * one string per action (fixed-width weights first), so a sort builds each key once.
 */
function actionSortKey(a: SyncAction): string {
  return sortKey(a.phase, a.kind, a.namespace, a.name, a.target);
}

/** The sort key of an action (or of one not built yet): phase, kind weight, namespace, name, target. */
export function sortKey(
  phase: Phase,
  kind: string,
  namespace: string,
  name: string,
  target: SyncTarget,
): string {
  const order = phase === Phase.GarbageCollection ? GC_KIND_ORDER : KIND_ORDER;
  const weight = order.indexOf(kind) + 1 || 99;
  return `${PHASE_WEIGHT[phase]}${String(weight).padStart(2, '0')}${namespace}\u0000${name}\u0000${target}`;
}

/** `actions` in plan order (a stable sort on {@link sortKey}). */
export function sortActions(actions: readonly SyncAction[]): SyncAction[] {
  const keyed = actions.map((action) => ({ action, key: actionSortKey(action) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.action);
}
