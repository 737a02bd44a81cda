/**
 * The guard stage of a plan: a plan deleting more than `maxDeleteFraction` of the managed objects
 * (at least `guardMinObjects` of them) has its deletes blocked, each saying why.
 */
import type { DeleteGuard, PlanOptions, SyncAction } from './types.js';

/** The guard of a plan that deletes nothing. */
export function emptyGuard(options: PlanOptions): DeleteGuard {
  return { deletes: 0, managed: 0, maxDeleteFraction: options.maxDeleteFraction ?? 0.5, tripped: false };
}

/** The guard's numbers, and `deletes` as the plan holds them: blocked when the guard trips. */
export function guardDeletes(
  deletes: readonly SyncAction[],
  managed: number,
  options: PlanOptions,
): { guard: DeleteGuard; actions: SyncAction[] } {
  const maxDeleteFraction = options.maxDeleteFraction ?? 0.5;
  const tripped = managed >= (options.guardMinObjects ?? 20) && deletes.length > maxDeleteFraction * managed;
  const guard: DeleteGuard = { deletes: deletes.length, managed, maxDeleteFraction, tripped };
  if (!tripped) return { guard, actions: [...deletes] };
  const blocked = `the plan would delete ${deletes.length} of ${managed} managed objects, more than ${Math.round(maxDeleteFraction * 100)}%`;
  return { guard, actions: deletes.map((d) => ({ ...d, blocked })) };
}
