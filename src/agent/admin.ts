/**
 * The admin's own reconcile, which Verrazzano's project and wrapper controllers do on the admin:
 * project namespaces and RBAC for every project (P13, V1–V4), `verrazzano-cluster-<C>` bindings
 * removed where no project places C any more (V3), and the objects of wrappers placed on `local`
 * (P15), with their `local` status.
 */
import type { ClusterClient } from '../adapters/port.js';
import { LOCAL_CLUSTER } from '../types/names.js';
import { planSync, type PlanOptions, type SyncPlan } from '../sync-plan/plan.js';
import { executePlan, type ActionResult } from './execute.js';
import { silentLogger, type Logger } from './logger.js';
import { DEFAULT_RETRY, realSleep, type RetryPolicy, type Sleep } from './retry.js';
import { readFleetSnapshot, readLocalSnapshot } from './snapshots.js';

/** Options of {@link syncAdmin}. */
export interface SyncAdminOptions {
  readonly clock?: () => Date;
  readonly random?: () => number;
  readonly sleep?: Sleep;
  readonly logger?: Logger;
  readonly plan?: Omit<PlanOptions, 'now'>;
  readonly dryRun?: boolean;
  readonly retry?: RetryPolicy;
  readonly signal?: AbortSignal;
}

/**
 * Plans and runs one admin reconcile.
 *
 * @example
 * const { plan, results } = await syncAdmin(adminClient);
 */
export async function syncAdmin(
  admin: ClusterClient,
  options: SyncAdminOptions = {},
): Promise<{ plan: SyncPlan; results: ActionResult[] }> {
  const clock = options.clock ?? (() => new Date());
  const read = {
    retry: options.retry ?? DEFAULT_RETRY,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
  };
  const [fleet, live] = await Promise.all([readFleetSnapshot(admin, read), readLocalSnapshot(admin, read)]);
  const plan = planSync(LOCAL_CLUSTER, fleet, live, { ...options.plan, now: clock() });
  const results = options.dryRun
    ? []
    : await executePlan(plan, {
        local: admin,
        admin,
        clock,
        random: options.random ?? Math.random,
        sleep: options.sleep ?? realSleep,
        logger: options.logger ?? silentLogger,
        retry: options.retry ?? DEFAULT_RETRY,
        ...(options.plan?.fieldManager ? { fieldManager: options.plan.fieldManager } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
  return { plan, results };
}
