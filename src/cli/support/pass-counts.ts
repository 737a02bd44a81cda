/** The counts of one executed plan, as `vzmc sync` and `vzmc admin` print them (text and JSON). */
import { Outcome, type ActionResult } from '../../agent/execute.js';
import type { SyncPlan } from '../../sync-plan/types.js';

/** How many actions the plan had, and how many of them ended each way. */
export interface PassCounts {
  /** Actions in the plan. */
  readonly actions: number;
  /** Created or updated with server-side apply. */
  readonly applied: number;
  /** Deleted, or already gone. */
  readonly deleted: number;
  /** Status folded into the admin object. */
  readonly status: number;
  /** Tried and failed. */
  readonly failed: number;
  /** Not run: the delete guard blocked it. */
  readonly blocked: number;
}

/** Counts `results` by outcome, for a plan of `plan.actions.length` actions. */
export function passCounts(plan: SyncPlan, results: readonly ActionResult[]): PassCounts {
  const c = (outcome: Outcome) => results.filter((r) => r.outcome === outcome).length;
  return {
    actions: plan.actions.length,
    applied: c(Outcome.Applied),
    deleted: c(Outcome.Deleted),
    status: c(Outcome.Reported),
    failed: c(Outcome.Failed),
    blocked: c(Outcome.Blocked),
  };
}

/** `3 action(s), 2 applied, 0 deleted, 1 status, 0 failed, 0 blocked`. */
export function formatPassCounts(n: PassCounts): string {
  return `${n.actions} action(s), ${n.applied} applied, ${n.deleted} deleted, ${n.status} status, ${n.failed} failed, ${n.blocked} blocked`;
}
