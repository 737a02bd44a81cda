/**
 * The admin's own reconcile, which Verrazzano's project and wrapper controllers do on the admin:
 * project namespaces and RBAC for every project (P13, V1–V4), `verrazzano-cluster-<C>` bindings
 * removed where no project places C any more (V3), and the objects of wrappers placed on `local`
 * (P15), with their `local` status.
 */
import type { ClusterClient } from '../port/client.js';
import { LOCAL_CLUSTER } from '../model/names.js';
import { planSync } from '../sync-plan/plan.js';
import { type PlanOptions, type SyncPlan } from '../sync-plan/types.js';
import { executePlan, type ActionResult } from './execute.js';
import { silentLogger, type Logger } from './logger.js';
import { DEFAULT_RETRY, realSleep, type RetryPolicy, type Sleep } from './retry.js';
import { Kind } from '../model/kinds.js';
import { Namespaces } from '../model/names.js';
import { CLUSTERS_API_VERSION } from '../model/verrazzano.js';
import { ALL_NAMESPACES, listOf, snapshot, type Snapshot } from '../sync-plan/snapshot.js';
import {
  observedIn,
  readDeletionLists,
  readFleetSnapshot,
  readLabelled,
  readLocalSnapshot,
  type ReadOptions,
} from './snapshots.js';
import { adminShareActions, sharedClusters } from '../sync-plan/share.js';
import { FIELD_MANAGER } from '../sync-plan/compare.js';
import { SHARE_LABEL } from '../registration/cluster-access.js';
import { adminUnreadable } from './unreadable.js';
import { adminFleet } from '../sync-plan/admin-view.js';
import { referenceWarnings } from '../desired/index.js';
import { formatPath } from '../model/issues.js';

/** Options of {@link syncAdmin}. */
export interface SyncAdminOptions {
  /** The time source. Default: the system clock. */
  readonly clock?: () => Date;
  /** Randomness for retry backoff. Default `Math.random`. */
  readonly random?: () => number;
  /** How to wait between retries. */
  readonly sleep?: Sleep;
  /** Where to log. Default: nowhere. */
  readonly logger?: Logger;
  /** Plan options besides the clock. */
  readonly plan?: Omit<PlanOptions, 'now'>;
  /** Plan, but write nothing. */
  readonly dryRun?: boolean;
  /** How reads and writes retry. Default {@link DEFAULT_RETRY}. */
  readonly retry?: RetryPolicy;
  /** Stops starting actions when it aborts. */
  readonly signal?: AbortSignal;
  /** The client the snapshots are listed through (e.g. one with cached lists). Default: the admin. */
  readonly reads?: ClusterClient;
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
): Promise<{
  /** The admin's plan (cluster `local`). */
  plan: SyncPlan;
  /** One result per action (empty on a dry run). */
  results: ActionResult[];
}> {
  const clock = options.clock ?? (() => new Date());
  const read = {
    retry: options.retry ?? DEFAULT_RETRY,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
  };
  const reads = options.reads ?? admin;
  const [fleet, live] = await Promise.all([
    readFleetSnapshot(reads, read),
    readLocalSnapshot(reads, read),
  ]).then(async ([f, l]) => [await withDeletionLists(reads, f, read), l] as const);
  const planned = planSync(LOCAL_CLUSTER, fleet, live, { ...options.plan, now: clock() });
  // The secure wiring (issue 13): each shared cluster's share, and the reports folded into status.
  const plan =
    sharedClusters(fleet).length === 0
      ? planned
      : {
          ...planned,
          actions: [
            ...planned.actions,
            ...(await shareActions(reads, fleet, live, read, options.plan?.fieldManager ?? FIELD_MANAGER)),
          ],
        };
  logAdminProblems(plan, fleet, options.logger ?? silentLogger);
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
        observed: observedIn(fleet),
        ...(options.plan?.fieldManager ? { fieldManager: options.plan.fieldManager } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
  return { plan, results };
}

/**
 * No silent idling: a list the admin could not read (e.g. a verb missing from its Role) is an
 * error. A Secret an app config lists that the admin does not have (B20: skipped alone, nothing
 * else held up) and a component that exists nowhere are warned of on every pass, as `vzmc explain`
 * warns of them.
 */
function logAdminProblems(plan: SyncPlan, fleet: Snapshot, logger: Logger): void {
  for (const u of adminUnreadable(plan.unknown)) {
    logger.log('error', 'list failed', {
      kind: u.kind,
      namespace: u.namespace,
      reason: u.reason,
      error: u.message,
    });
  }
  // The fleet alone: what is placed where was worked out by the plan and is not needed here.
  const admin = adminFleet(LOCAL_CLUSTER, fleet);
  if (!admin) return;
  for (const issue of referenceWarnings(admin)) {
    logger.log('warn', 'dangling reference', {
      kind: issue.object?.kind ?? '',
      namespace: issue.object?.namespace ?? '',
      name: issue.object?.name ?? '',
      field: formatPath(issue.path),
      rule: issue.ruleId ?? '',
      error: issue.message,
    });
  }
}

/** The share Secrets and report ConfigMaps of every cluster namespace, then the work on them. */
async function shareActions(
  admin: ClusterClient,
  fleet: Snapshot,
  live: Snapshot,
  read: ReadOptions,
  manager: string,
) {
  const [shares, reports] = await Promise.all([
    readLabelled(admin, Kind.Secret, SHARE_LABEL, read),
    readLabelled(admin, Kind.ConfigMap, `${SHARE_LABEL}=report`, read),
  ]);
  // Without the admin's own Namespace list, no P30 verdict can be given: write no share at all.
  const namespaces = listOf(live, 'v1', Kind.Namespace, ALL_NAMESPACES);
  if (!namespaces?.ok) return [];
  return adminShareActions(fleet, shares.result, reports.result, manager, namespaces.items);
}

/** The fleet snapshot, plus what a VMC deletion needs when some VMC is being deleted (D1). */
async function withDeletionLists(
  admin: ClusterClient,
  fleet: Snapshot,
  read: ReadOptions,
): Promise<Snapshot> {
  const vmcs = listOf(fleet, CLUSTERS_API_VERSION, Kind.VerrazzanoManagedCluster, Namespaces.VerrazzanoMc);
  if (!vmcs?.ok || !vmcs.items.some((v) => v.metadata.deletionTimestamp)) return fleet;
  return snapshot([...fleet.entries, ...(await readDeletionLists(admin, read))]);
}
