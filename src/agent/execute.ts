/**
 * Carries out a plan through ClusterClients, in order, with server-side apply. After a failure,
 * the actions that depend on the failed one are skipped; a status action whose dependency failed
 * reports the failure to the admin instead (DeployFailed, §5.1). Retries 409, 429 and
 * unavailability with backoff. Stops starting actions when the signal aborts, so the action in
 * flight finishes and nothing is half-applied.
 */
import type { ClusterClient } from '../port/client.js';
import { ClusterError, ClusterErrorReason, errorReason, isClusterError } from '../port/errors.js';
import type { KubeObject } from '../model/meta.js';
import type { Condition, MultiClusterResourceStatus, Placement } from '../model/verrazzano.js';
import { FIELD_MANAGER } from '../sync-plan/compare.js';
import { SyncOp, SyncTarget, type SyncAction, type SyncPlan } from '../sync-plan/types.js';
import { Kind } from '../model/kinds.js';
import { aggregateClusterStatus, conditionFromResult, stateOf } from '../status/index.js';
import { adoptionRequested, isVzmcOwned, notOwnedMessage } from '../unwrap/markers.js';
import type { Logger } from './logger.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy, type Sleep } from './retry.js';

/** What happened to one action. */
export const Outcome = {
  /** Created or updated with server-side apply, or replaced. */
  Applied: 'applied',
  /** Deleted, or already gone. */
  Deleted: 'deleted',
  /** Status folded into the admin object. */
  Reported: 'reported',
  /** The status report changed nothing. */
  Unchanged: 'unchanged',
  /**
   * Not run: a dependency failed, the object changed under a delete precondition, or there was nothing to
   * write.
   */
  Skipped: 'skipped',
  /** Not run: blocked (by the delete guard, or an object the plan cannot edit); its dependents wait. */
  Blocked: 'blocked',
  /** Tried and failed (see `error`). */
  Failed: 'failed',
  /** Not run: the abort signal fired first. */
  Aborted: 'aborted',
} as const;
/** One of {@link Outcome}'s values. */
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** The result of one action. */
export interface ActionResult {
  /** The action's key. */
  readonly key: string;
  /** The action's verb. */
  readonly op: SyncAction['op'];
  /** Kind of the object. */
  readonly kind: string;
  /** Namespace of the object; empty for cluster-scoped kinds. */
  readonly namespace: string;
  /** Name of the object. */
  readonly name: string;
  /** What happened. */
  readonly outcome: Outcome;
  /** Why it failed or was skipped. */
  readonly error?: {
    /** A {@link ClusterErrorReason}, or `DependencyFailed`. */
    readonly reason: string;
    /** The error's message. */
    readonly message: string;
  };
}

/** What the executor needs. */
export interface ExecuteDeps {
  /** The cluster the plan syncs. */
  readonly local: ClusterClient;
  /** The admin cluster, for status actions. */
  readonly admin: ClusterClient;
  /** The time source for failure conditions. */
  readonly clock: () => Date;
  /** Randomness for retry backoff. */
  readonly random: () => number;
  /** How to wait between retries. */
  readonly sleep: Sleep;
  /** Where to log each action. */
  readonly logger: Logger;
  /** The server-side apply field manager. Default `vzmc`. */
  readonly fieldManager?: string;
  /** How writes retry. Default {@link DEFAULT_RETRY}. */
  readonly retry?: RetryPolicy;
  /** Stops starting actions when it aborts. */
  readonly signal?: AbortSignal;
  /**
   * Where status actions go instead of the admin object's status (the secure wiring: the agent's
   * report in its cluster namespace, which the admin aggregates). Returns the outcome to record.
   */
  readonly reportStatus?: (action: SyncAction, condition: Condition) => Outcome;
}

const describeError = (error: unknown) => ({
  reason: errorReason(error),
  message: error instanceof Error ? error.message : String(error),
});

/** Folds a status report into the freshest admin object, retrying Conflict up to 3 attempts (S4). */
async function forwardStatus(
  action: SyncAction,
  failure: string | undefined,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const report = action.status;
  if (!report) return Outcome.Skipped;
  const condition = failure
    ? conditionFromResult({ message: failure }, 'created', '', deps.clock())
    : report.condition;
  if (deps.reportStatus) return deps.reportStatus(action, condition);
  return withRetry(
    async () => {
      const fresh = await deps.admin.get<
        KubeObject & { status?: MultiClusterResourceStatus; spec?: { placement?: Placement } }
      >({
        apiVersion: action.apiVersion,
        kind: action.kind,
        namespace: action.namespace,
        name: action.name,
      });
      const update = aggregateClusterStatus(
        fresh.status,
        report.cluster,
        condition,
        fresh.spec?.placement ?? { clusters: [] },
        deps.clock(),
      );
      if (!update.changed) return Outcome.Unchanged;
      await deps.admin.updateStatus({ ...fresh, status: update.status });
      return Outcome.Reported;
    },
    { attempts: 3, baseDelayMs: 3_000, maxDelayMs: 3_000 },
    { sleep: deps.sleep, random: () => 1, ...(deps.signal ? { signal: deps.signal } : {}) },
  );
}

type AdminObject = KubeObject & {
  status?: MultiClusterResourceStatus & { lastAgentConnectTime?: string };
  spec?: { placement?: Placement };
};

const keyOf = (action: SyncAction) => ({
  apiVersion: action.apiVersion,
  kind: action.kind,
  namespace: action.namespace,
  name: action.name,
});

/** Conflicts retry as status forwarding does: 3 attempts, 3 s apart. */
const conflictRetry = (deps: ExecuteDeps) =>
  [
    { attempts: 3, baseDelayMs: 3_000, maxDelayMs: 3_000 },
    { sleep: deps.sleep, random: () => 1, ...(deps.signal ? { signal: deps.signal } : {}) },
  ] as const;

/**
 * Recomputes the state on the freshest admin object and writes it only when it changed (S1:
 * `SetEffectiveStateIfChanged`, cu.go l.314–324; B12: `updateStateFromLastAgentConnectTime`,
 * update_status.go l.212–227, with the executor's clock).
 */
async function writeState(action: SyncAction, deps: ExecuteDeps): Promise<Outcome> {
  return withRetry(
    async () => {
      const fresh = await deps.admin.get<AdminObject>(keyOf(action));
      const current = fresh.status?.state ?? '';
      const next = stateOf(fresh, deps.clock());
      if (next === current) return Outcome.Unchanged;
      await deps.admin.updateStatus({ ...fresh, status: { ...(fresh.status ?? {}), state: next } });
      return Outcome.Reported;
    },
    ...conflictRetry(deps),
  );
}

/** Adds or removes a finalizer on the freshest object (D1), with an update that keeps everything else. */
async function writeFinalizer(action: SyncAction, deps: ExecuteDeps): Promise<Outcome> {
  const finalizer = action.finalizer;
  if (!finalizer) return Outcome.Skipped;
  return withRetry(
    async () => {
      let fresh: KubeObject;
      try {
        fresh = await deps.admin.get(keyOf(action));
      } catch (error) {
        if (!finalizer.present && errorReason(error) === ClusterErrorReason.NotFound)
          return Outcome.Unchanged;
        throw error;
      }
      const finalizers = fresh.metadata.finalizers ?? [];
      if (finalizers.includes(finalizer.name) === finalizer.present) return Outcome.Unchanged;
      // Adding a finalizer to an object being deleted is refused by the API server: leave it.
      if (finalizer.present && fresh.metadata.deletionTimestamp) return Outcome.Skipped;
      const next = finalizer.present
        ? [...finalizers, finalizer.name]
        : finalizers.filter((f) => f !== finalizer.name);
      await deps.admin.replace({ ...fresh, metadata: { ...fresh.metadata, finalizers: next } });
      return Outcome.Applied;
    },
    ...conflictRetry(deps),
  );
}

/**
 * Whether a create may go ahead, and with force. The plan creates what vzmc's (labelled) list did
 * not show; an object of that name may still exist, made by someone else. vzmc never adopts it:
 * an AlreadyExists failure naming the object and the fix, unless its owner annotated it
 * `vzmc.dev/adopt: "true"` (then force, so vzmc owns its fields). Namespaces are shared and never
 * deleted (P25): they are applied without force, as before.
 */
async function createForce(client: ClusterClient, action: SyncAction, deps: ExecuteDeps): Promise<boolean> {
  if (action.kind === Kind.Namespace) return action.force ?? false;
  const manager = deps.fieldManager ?? FIELD_MANAGER;
  // A list of the namespace, not a get: the RBAC vzmc installs grants list (its snapshots), and no
  // get of Secrets by name beyond the agent's own two.
  const list = await client.list(action.apiVersion, action.kind, {
    ...(action.namespace ? { namespace: action.namespace } : {}),
  });
  const existing = list.items.find((o) => o.metadata.name === action.name);
  if (!existing) return action.force ?? false;
  if (isVzmcOwned(existing, manager) || adoptionRequested(existing)) return true;
  throw new ClusterError({
    reason: ClusterErrorReason.AlreadyExists,
    status: 409,
    message: notOwnedMessage(action.kind, action.namespace, action.name, manager),
    target: keyOf(action),
  });
}

async function runAction(
  action: SyncAction,
  failure: string | undefined,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const client = action.target === SyncTarget.Admin ? deps.admin : deps.local;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const retryDeps = {
    sleep: deps.sleep,
    random: deps.random,
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
  switch (action.op) {
    case SyncOp.Create:
    case SyncOp.Update: {
      if (!action.body) return Outcome.Skipped;
      const force =
        action.op === SyncOp.Create
          ? await withRetry(() => createForce(client, action, deps), retry, retryDeps)
          : (action.force ?? false);
      await withRetry(
        () => client.apply(action.body!, { fieldManager: deps.fieldManager ?? FIELD_MANAGER, force }),
        retry,
        retryDeps,
      );
      return Outcome.Applied;
    }
    case SyncOp.Delete:
      try {
        await withRetry(
          () =>
            client.delete(
              {
                apiVersion: action.apiVersion,
                kind: action.kind,
                namespace: action.namespace,
                name: action.name,
              },
              action.preconditions ? { preconditions: action.preconditions } : {},
            ),
          { ...retry, attempts: 1 },
          retryDeps,
        );
        return Outcome.Deleted;
      } catch (error) {
        // Already gone is what we wanted; a changed incarnation (precondition conflict) is left for the next plan.
        if (errorReason(error) === ClusterErrorReason.NotFound) return Outcome.Deleted;
        if (errorReason(error) === ClusterErrorReason.Conflict) return Outcome.Skipped;
        throw error;
      }
    case SyncOp.Replace:
      if (!action.body) return Outcome.Skipped;
      // The body carries the resourceVersion it was planned from: a Conflict is a failure, so what
      // depends on the write waits for the next plan, made from the fresh object.
      await withRetry(() => client.replace(action.body!), { ...retry, attempts: 1 }, retryDeps);
      return Outcome.Applied;
    case SyncOp.Status:
      return forwardStatus(action, failure, deps);
    case SyncOp.State:
      return writeState(action, deps);
    case SyncOp.Finalize:
      return writeFinalizer(action, deps);
  }
}

/**
 * Executes a plan in order.
 *
 * @example
 * const results = await executePlan(plan, { local, admin, clock: () => new Date(), random: Math.random, sleep: realSleep, logger });
 * results.filter((r) => r.outcome === 'failed')
 */
export async function executePlan(plan: SyncPlan, deps: ExecuteDeps): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  const failed = new Map<string, string>(); // key → error message, for failed and skipped actions
  for (const action of plan.actions) {
    const base = {
      key: action.key,
      op: action.op,
      kind: action.kind,
      namespace: action.namespace,
      name: action.name,
    };
    if (deps.signal?.aborted) {
      results.push({ ...base, outcome: Outcome.Aborted });
      continue;
    }
    if (action.blocked) {
      // What depends on a blocked action waits too (a VMC's finalizer on its cleanup, D1, M5).
      failed.set(action.key, `blocked: ${action.blocked}`);
      results.push({ ...base, outcome: Outcome.Blocked });
      deps.logger.log('warn', 'action blocked', {
        op: action.op,
        kind: action.kind,
        namespace: action.namespace,
        name: action.name,
        why: action.blocked,
      });
      continue;
    }
    const failedDependency = action.dependsOn.find((key) => failed.has(key));
    if (failedDependency && action.op !== SyncOp.Status) {
      failed.set(action.key, failed.get(failedDependency) ?? 'a dependency failed');
      results.push({
        ...base,
        outcome: Outcome.Skipped,
        error: { reason: 'DependencyFailed', message: `skipped: ${failedDependency} failed` },
      });
      continue;
    }
    try {
      const outcome = await runAction(
        action,
        failedDependency ? failed.get(failedDependency) : undefined,
        deps,
      );
      results.push({ ...base, outcome });
      deps.logger.log('info', `${action.op} ${outcome}`, {
        kind: action.kind,
        namespace: action.namespace,
        name: action.name,
        rule: action.ruleId,
      });
    } catch (error) {
      const info = describeError(error);
      failed.set(action.key, info.message);
      results.push({ ...base, outcome: Outcome.Failed, error: info });
      deps.logger.log('error', `${action.op} failed`, {
        kind: action.kind,
        namespace: action.namespace,
        name: action.name,
        reason: info.reason,
        error: isClusterError(error) ? error.message : info.message,
      });
    }
  }
  return results;
}
