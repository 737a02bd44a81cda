/**
 * The delete guard across time (issue 13): besides the per-plan share, vzmc deletes at most
 * `max(minDeletes, maxDeleteFraction × the objects it managed at the window's start)` objects per
 * window (default 10 minutes), summed over iterations, on clusters of any size. A wrong admin state
 * that empties a cluster a little at a time, or a small cluster at once, is stopped there.
 *
 * Pure: the caller (the agent) keeps the history of its deletes and passes how many fall in the
 * window; a plan over the budget has all its deletes blocked, as the per-plan guard does, so no
 * half of a removal is run.
 */
import { SyncOp, type SyncPlan } from './types.js';

/** The limits of {@link limitDeletesInWindow}. */
export interface DeleteWindow {
  /** The window's length, in ms. Default 10 minutes. */
  readonly windowMs: number;
  /** Deletes always allowed per window, whatever the cluster's size. Default 10. */
  readonly minDeletes: number;
}

/** The default window: 10 deletes, or the plan's `maxDeleteFraction` of vzmc's objects, per 10 minutes. */
export const DEFAULT_DELETE_WINDOW: DeleteWindow = { windowMs: 600_000, minDeletes: 10 };

/** The number of deletes a window allows when `recent` were done in it and `managed` objects are left. */
export function windowBudget(plan: SyncPlan, recent: number, window: DeleteWindow): number {
  const share = Math.floor(plan.guard.maxDeleteFraction * (plan.guard.managed + recent));
  return Math.max(window.minDeletes, share);
}

/**
 * Blocks the plan's deletes when, with the `recent` deletes of the window, they would exceed the
 * window's budget ({@link windowBudget}); the guard then carries the window's numbers. A plan
 * already blocked by the per-plan guard, or within the budget, is returned as is.
 *
 * @example
 * const limited = limitDeletesInWindow(plan, 8, DEFAULT_DELETE_WINDOW);
 * limited.actions.filter((a) => a.blocked); // the deletes, when 8 + the plan's exceed the budget
 */
export function limitDeletesInWindow(plan: SyncPlan, recent: number, window: DeleteWindow): SyncPlan {
  const deletes = plan.actions.filter((a) => a.op === SyncOp.Delete && !a.blocked).length;
  const budget = windowBudget(plan, recent, window);
  if (plan.guard.tripped || deletes === 0 || recent + deletes <= budget) return plan;
  const minutes = Math.round(window.windowMs / 60_000);
  const blocked = `${recent} deleted in the last ${minutes} min and ${deletes} more would exceed ${budget} per ${minutes} min (the larger of ${window.minDeletes} and ${Math.round(plan.guard.maxDeleteFraction * 100)}% of ${plan.guard.managed + recent} managed objects)`;
  return {
    ...plan,
    actions: plan.actions.map((a) => (a.op === SyncOp.Delete && !a.blocked ? { ...a, blocked } : a)),
    guard: { ...plan.guard, tripped: true, window: { recent, budget, windowMs: window.windowMs } },
  };
}
