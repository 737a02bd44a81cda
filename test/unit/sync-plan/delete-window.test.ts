import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DELETE_WINDOW,
  limitDeletesInWindow,
  windowBudget,
  type SyncPlan,
} from '../../../src/index.js';

const deleteOf = (name: string) => ({
  key: `local:/ConfigMap/app/${name}`,
  op: 'delete' as const,
  target: 'local' as const,
  apiVersion: 'v1',
  kind: 'ConfigMap',
  namespace: 'app',
  name,
  phase: 'garbage-collection' as const,
  reason: 'no longer placed',
  ruleId: 'P20',
  dependsOn: [],
});
const planOf = (deletes: number, managed: number, tripped = false): SyncPlan => ({
  cluster: 'm1',
  actions: Array.from({ length: deletes }, (_, i) => deleteOf(`c${i}`)),
  unknown: [],
  guard: { deletes, managed, maxDeleteFraction: 0.5, tripped },
  deferredStatus: 0,
});

describe('limitDeletesInWindow (issue 13: the delete guard across time)', () => {
  it('the budget is the larger of minDeletes and the fraction of the objects at the window start', () => {
    expect(windowBudget(planOf(0, 4), 0, DEFAULT_DELETE_WINDOW)).toBe(10);
    expect(windowBudget(planOf(0, 30), 20, DEFAULT_DELETE_WINDOW)).toBe(25);
  });

  it('within the budget the plan is unchanged; beyond it every delete is blocked, none half-run', () => {
    const fits = planOf(4, 12);
    expect(limitDeletesInWindow(fits, 6, DEFAULT_DELETE_WINDOW)).toBe(fits);
    const limited = limitDeletesInWindow(planOf(5, 12), 6, DEFAULT_DELETE_WINDOW);
    expect(limited.actions.map((a) => a.blocked)).toEqual(
      Array(5).fill(
        '6 deleted in the last 10 min and 5 more would exceed 10 per 10 min (the larger of 10 and 50% of 18 managed objects)',
      ),
    );
    expect(limited.guard).toEqual({
      deletes: 5,
      managed: 12,
      maxDeleteFraction: 0.5,
      tripped: true,
      window: { recent: 6, budget: 10, windowMs: 600_000 },
    });
  });

  it('a plan the per-plan guard already blocked is left as it is', () => {
    const tripped = planOf(30, 40, true);
    expect(limitDeletesInWindow(tripped, 100, DEFAULT_DELETE_WINDOW)).toBe(tripped);
  });
});
