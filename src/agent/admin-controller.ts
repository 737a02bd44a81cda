/**
 * `vzmc admin`'s loop: {@link createController} over the admin cluster, each pass one
 * {@link syncAdmin}. It watches what the admin's reconcile reads (VerrazzanoProjects and VMCs in
 * `verrazzano-mc`, the four MultiCluster* wrapper kinds everywhere) and what it owns (every kind
 * it creates, through vzmc's ownership label only, so it never watches every Secret of the
 * cluster). Adding a watch or a second kind of pass (issue 13: each cluster's share rendered into
 * a namespace of its own, the agents' reports aggregated from there) means adding entries to
 * {@link ADMIN_WATCHED_KINDS} and work to the reconcile; the loop stays as it is.
 */
import type { ClusterClient } from '../port/client.js';
import { Kind, KINDS, WRAPPER_KINDS } from '../model/kinds.js';
import { Namespaces, VZMC_MANAGED_SELECTOR } from '../model/names.js';
import { LOCAL_KINDS } from '../sync-plan/snapshot.js';
import type { SyncPlan } from '../sync-plan/types.js';
import { syncAdmin, type SyncAdminOptions } from './admin.js';
import {
  createController,
  type Backoff,
  type Controller,
  type PassTrigger,
  type WatchedKind,
} from './controller.js';
import type { ActionResult } from './execute.js';
import { cachedClient, createListCache } from './informer.js';
import { adminUnreadable } from './unreadable.js';

const READ_IN_VERRAZZANO_MC = new Set<string>([Kind.VerrazzanoProject, Kind.VerrazzanoManagedCluster]);
const WRAPPERS = new Set<string>(WRAPPER_KINDS);

/**
 * What the admin controller watches: projects and VMCs in `verrazzano-mc`, the wrappers in every
 * namespace, and, labelled `vzmc.dev/managed=true`, every other kind the admin's plan creates.
 */
export const ADMIN_WATCHED_KINDS: readonly WatchedKind[] = [
  ...[Kind.VerrazzanoProject, Kind.VerrazzanoManagedCluster].map((kind) => ({
    apiVersion: KINDS[kind].apiVersion,
    kind,
    namespace: Namespaces.VerrazzanoMc,
  })),
  ...WRAPPER_KINDS.map((kind) => ({ apiVersion: KINDS[kind].apiVersion, kind })),
  ...LOCAL_KINDS.filter((k) => !READ_IN_VERRAZZANO_MC.has(k.kind) && !WRAPPERS.has(k.kind)).map((k) => ({
    apiVersion: k.apiVersion,
    kind: k.kind,
    labelSelector: VZMC_MANAGED_SELECTOR,
  })),
];

/** One admin pass. */
export interface AdminPassReport {
  /** Why the pass ran. */
  readonly trigger: PassTrigger;
  /** The admin's plan (cluster `local`). */
  readonly plan: SyncPlan;
  /** One result per action (empty on a dry run). */
  readonly results: readonly ActionResult[];
  /** How long the pass took, in ms (monotonic clock). */
  readonly durationMs: number;
}

/** Options of {@link createAdminController}. */
export interface AdminControllerOptions extends Omit<SyncAdminOptions, 'signal'> {
  /** The admin cluster. */
  readonly admin: ClusterClient;
  /** A full pass at least this often. Default: the controller's (3 min). */
  readonly resyncPeriodMs?: number;
  /** The coalescing window for bursts of events. Default: the controller's (200 ms). */
  readonly coalesceMs?: number;
  /** Backoff of broken watches and failed passes. Default: the controller's (1 s to 2 min). */
  readonly backoff?: Backoff;
}

/**
 * Whether a pass had a failed action or could not read a list it needs (the controller retries it
 * with backoff; `vzmc admin --once` exits 1).
 */
export const adminPassFailed = (report: AdminPassReport): boolean =>
  report.results.some((r) => r.outcome === 'failed') || adminUnreadable(report.plan.unknown).length > 0;

/**
 * Creates the admin controller: watch-driven passes of {@link syncAdmin}.
 *
 * @example
 * const controller = createAdminController({ admin, logger });
 * await controller.run(abort.signal, (report) => console.log(report.plan.actions.length));
 */
export function createAdminController(options: AdminControllerOptions): Controller<AdminPassReport> {
  const { admin, resyncPeriodMs, coalesceMs, backoff, ...sync } = options;
  // Issue 16: a pass reads its lists from caches (list once, then watch), whose changes also ask
  // for a pass: the one that follows a change always sees it. Writes go to the admin itself.
  let request: () => void = () => undefined;
  const cache = createListCache({
    client: admin,
    onChange: () => {
      request();
    },
    ...(sync.logger ? { logger: sync.logger } : {}),
  });
  const view = cachedClient(admin, cache);
  const controller = createController<AdminPassReport>({
    client: admin,
    kinds: ADMIN_WATCHED_KINDS,
    subscribe: (r) => {
      request = r;
    },
    reconcile: async (signal, trigger) => {
      const started = performance.now();
      cache.mark();
      const { plan, results } = await syncAdmin(admin, { ...sync, signal, reads: view });
      cache.sweep();
      const durationMs = performance.now() - started;
      sync.logger?.log('info', 'admin pass', {
        trigger,
        actions: plan.actions.length,
        failed: results.filter((r) => r.outcome === 'failed').length,
      });
      return { trigger, plan, results, durationMs };
    },
    failed: adminPassFailed,
    ...(resyncPeriodMs !== undefined ? { resyncPeriodMs } : {}),
    ...(coalesceMs !== undefined ? { coalesceMs } : {}),
    ...(backoff ? { backoff } : {}),
    ...(sync.clock ? { clock: sync.clock } : {}),
    ...(sync.sleep ? { sleep: sync.sleep } : {}),
    ...(sync.random ? { random: sync.random } : {}),
    ...(sync.logger ? { logger: sync.logger } : {}),
  });
  return {
    run: async (signal, onPass, runOptions) => {
      try {
        await controller.run(signal, onPass, runOptions);
      } finally {
        cache.stop();
      }
    },
  };
}
