/**
 * The order stage of a plan (P32): phase, then the phase's kind order, then namespace, name and
 * target. The order data is desired/'s one table ({@link orderKey}); the planner only appends the
 * action's target as the last tie-breaker.
 */
import { orderKey, sortByKey, type Phase } from '../desired/order.js';
import type { SyncAction, SyncTarget } from './types.js';

/** The sort key of an action (or of one not built yet): phase, kind weight, namespace, name, target. */
export function sortKey(
  phase: Phase,
  kind: string,
  namespace: string,
  name: string,
  target: SyncTarget,
): string {
  return `${orderKey(phase, kind, namespace, name)}\u0000${target}`;
}

/** `actions` in plan order (a stable sort on {@link sortKey}). */
export function sortActions(actions: readonly SyncAction[]): SyncAction[] {
  return sortByKey(actions, (a) => sortKey(a.phase, a.kind, a.namespace, a.name, a.target));
}
