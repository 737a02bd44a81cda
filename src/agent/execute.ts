/**
 * Carries out a plan through ClusterClients with server-side apply, many actions at once (issue 16
 * item 1; the schedule, which keeps the plan's order between kinds, is in execute-schedule.ts).
 * After a failure, the actions that depend on the failed one are skipped, transitively; a status
 * action whose dependency failed reports the failure to the admin instead (DeployFailed, §5.1).
 * Each admin object's status is written once per plan (execute-status.ts). Retries 409, 429 and
 * unavailability with backoff. Stops starting actions when the signal aborts, so the actions in
 * flight finish and nothing is half-applied. Results and log lines come in plan order.
 */
import type { ClusterClient } from '../port/client.js';
import { ClusterErrorReason, errorReason, isClusterError } from '../port/errors.js';
import type { KubeObject } from '../model/meta.js';
import { SyncOp, SyncTarget, type SyncAction, type SyncPlan } from '../sync-plan/types.js';
import type { LogFields, LogLevel } from './logger.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
import {
  DEFAULT_EXECUTE_CONCURRENCY,
  Outcome,
  type ActionResult,
  type ExecuteDeps,
} from './execute-types.js';
import { limiter, PlanOrderLog, scheduleOf, type Limiter } from './execute-schedule.js';
import { conflictRetry, keyOf, reportOne, writeStatusGroup, type StatusMember } from './execute-status.js';
import { applyWrite, type Lists } from './execute-create.js';

export { DEFAULT_EXECUTE_CONCURRENCY, Outcome } from './execute-types.js';
export type { ActionResult, ExecuteDeps } from './execute-types.js';

const describeError = (error: unknown) => ({
  reason: errorReason(error),
  message: error instanceof Error ? error.message : String(error),
});

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

async function runAction(
  action: SyncAction,
  failure: string | undefined,
  deps: ExecuteDeps,
  lists: Lists,
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
      await applyWrite(client, { ...action, body: action.body }, deps, lists, {
        policy: retry,
        deps: retryDeps,
      });
      return Outcome.Applied;
    }
    case SyncOp.Delete:
      return deleteObject(client, action, retry, retryDeps);
    case SyncOp.Replace:
      if (!action.body) return Outcome.Skipped;
      // The body carries the resourceVersion it was planned from: a Conflict is a failure, so what
      // depends on the write waits for the next plan, made from the fresh object.
      await withRetry(() => client.replace(action.body!), { ...retry, attempts: 1 }, retryDeps);
      return Outcome.Applied;
    case SyncOp.Status:
    case SyncOp.State:
      if (deps.reportStatus && action.op === SyncOp.Status) return reportOne({ action, failure }, deps);
      return (await writeStatusGroup([{ action, failure }], deps))[0]!;
    case SyncOp.Finalize:
      return writeFinalizer(action, deps);
  }
}

/** A delete with its preconditions; already gone counts as deleted, a changed incarnation as skipped. */
async function deleteObject(
  client: ClusterClient,
  action: SyncAction,
  retry: RetryPolicy,
  retryDeps: Parameters<typeof withRetry>[2],
): Promise<Outcome> {
  try {
    await withRetry(
      () => client.delete(keyOf(action), action.preconditions ? { preconditions: action.preconditions } : {}),
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
}

/** What one run of a plan shares between its actions. */
interface Run {
  readonly actions: readonly SyncAction[];
  readonly deps: ExecuteDeps;
  /** Key → error message, for failed, skipped and blocked actions. */
  readonly failed: Map<string, string>;
  readonly results: ActionResult[];
  readonly log: PlanOrderLog;
  readonly slot: Limiter;
  readonly lists: Lists;
}

type LogLine = { level: LogLevel; message: string; fields: LogFields };

const baseOf = (action: SyncAction) => ({
  key: action.key,
  op: action.op,
  kind: action.kind,
  namespace: action.namespace,
  name: action.name,
});

const objectFields = (action: SyncAction) => ({
  kind: action.kind,
  namespace: action.namespace,
  name: action.name,
});

/** Records action `index`'s result and log lines. */
function settle(run: Run, index: number, result: ActionResult, lines: LogLine[] = []): void {
  run.results[index] = result;
  run.log.finish(index, lines);
}

/**
 * What becomes of action `index` before it runs: aborted, blocked, or skipped because a
 * dependency failed. Undefined when it runs; then `failure` is its failed dependency's message
 * (a status action reports it).
 */
function preflight(run: Run, index: number): { done: true } | { done: false; failure: string | undefined } {
  const action = run.actions[index]!;
  const base = baseOf(action);
  if (run.deps.signal?.aborted) {
    settle(run, index, { ...base, outcome: Outcome.Aborted });
    return { done: true };
  }
  if (action.blocked) {
    // What depends on a blocked action waits too (a VMC's finalizer on its cleanup, D1, M5).
    run.failed.set(action.key, `blocked: ${action.blocked}`);
    settle(run, index, { ...base, outcome: Outcome.Blocked }, [
      {
        level: 'warn',
        message: 'action blocked',
        fields: { op: action.op, ...objectFields(action), why: action.blocked },
      },
    ]);
    return { done: true };
  }
  const failedDependency = action.dependsOn.find((key) => run.failed.has(key));
  if (failedDependency && action.op !== SyncOp.Status) {
    run.failed.set(action.key, run.failed.get(failedDependency) ?? 'a dependency failed');
    settle(run, index, {
      ...base,
      outcome: Outcome.Skipped,
      error: { reason: 'DependencyFailed', message: `skipped: ${failedDependency} failed` },
    });
    return { done: true };
  }
  return { done: false, failure: failedDependency ? run.failed.get(failedDependency) : undefined };
}

/** The result and log line of an action that ran. */
function ran(run: Run, index: number, outcome: Outcome): void {
  const action = run.actions[index]!;
  settle(run, index, { ...baseOf(action), outcome }, [
    {
      level: 'info',
      message: `${action.op} ${outcome}`,
      fields: { ...objectFields(action), rule: action.ruleId },
    },
  ]);
}

/** The result and log line of an action that failed; its dependents will be skipped. */
function failed(run: Run, index: number, error: unknown): void {
  const action = run.actions[index]!;
  const info = describeError(error);
  run.failed.set(action.key, info.message);
  settle(run, index, { ...baseOf(action), outcome: Outcome.Failed, error: info }, [
    {
      level: 'error',
      message: `${action.op} failed`,
      fields: {
        ...objectFields(action),
        reason: info.reason,
        error: isClusterError(error) ? error.message : info.message,
      },
    },
  ]);
}

/** Runs action `index` in a slot, unless it is aborted, blocked or skipped first. */
async function runOne(run: Run, index: number): Promise<void> {
  const before = preflight(run, index);
  if (before.done) return;
  await run.slot(async () => {
    const action = run.actions[index]!;
    if (run.deps.signal?.aborted) {
      settle(run, index, { ...baseOf(action), outcome: Outcome.Aborted });
      return;
    }
    try {
      ran(run, index, await runAction(action, before.failure, run.deps, run.lists));
    } catch (error) {
      failed(run, index, error);
    }
  });
}

/**
 * Runs one admin object's status and state actions as one write (execute-status.ts). Each member
 * still gets its own result; under the secure wiring the reports go to `reportStatus` instead.
 */
async function runStatusGroup(run: Run, indices: readonly number[]): Promise<void> {
  const members: (StatusMember & { index: number })[] = [];
  for (const index of indices) {
    const before = preflight(run, index);
    if (!before.done) members.push({ index, action: run.actions[index]!, failure: before.failure });
  }
  if (members.length === 0) return;
  await run.slot(async () => {
    if (run.deps.signal?.aborted) {
      for (const m of members) settle(run, m.index, { ...baseOf(m.action), outcome: Outcome.Aborted });
      return;
    }
    if (run.deps.reportStatus) {
      for (const m of members) ran(run, m.index, await runAction(m.action, m.failure, run.deps, run.lists));
      return;
    }
    try {
      const outcomes = await writeStatusGroup(members, run.deps);
      members.forEach((m, i) => {
        ran(run, m.index, outcomes[i]!);
      });
    } catch (error) {
      for (const m of members) failed(run, m.index, error);
    }
  });
}

/** How many actions may be in flight: the deps' bound, else the smaller bound of the two clients. */
function concurrencyOf(deps: ExecuteDeps): number {
  if (deps.concurrency !== undefined) return deps.concurrency;
  return Math.min(
    deps.local.maxConcurrency ?? DEFAULT_EXECUTE_CONCURRENCY,
    deps.admin.maxConcurrency ?? DEFAULT_EXECUTE_CONCURRENCY,
  );
}

/**
 * Executes a plan: stage after stage (the plan's kinds in order), the actions of a stage
 * concurrently within the clients' bound, each after the earlier actions it depends on; then one
 * status write per admin object. Results are in plan order.
 *
 * @example
 * const results = await executePlan(plan, { local, admin, clock: () => new Date(), random: Math.random, sleep: realSleep, logger });
 * results.filter((r) => r.outcome === 'failed')
 */
export async function executePlan(plan: SyncPlan, deps: ExecuteDeps): Promise<ActionResult[]> {
  const actions = plan.actions;
  const run: Run = {
    actions,
    deps,
    failed: new Map(),
    results: new Array<ActionResult>(actions.length),
    log: new PlanOrderLog(deps.logger, actions.length),
    slot: limiter(concurrencyOf(deps)),
    lists: new Map(),
  };
  const schedule = scheduleOf(actions);
  // Each key's latest action: what waits on the key waits on it.
  const finished = new Map<string, Promise<void>>();
  for (const stage of schedule.stages) {
    const started = stage.map((index) => {
      const action = actions[index]!;
      const waits = [...action.dependsOn, action.key].flatMap((key) => finished.get(key) ?? []);
      const done = Promise.all(waits).then(() => runOne(run, index));
      finished.set(action.key, done);
      return done;
    });
    await Promise.all(started);
  }
  await Promise.all(schedule.statusGroups.map((group) => runStatusGroup(run, group)));
  return run.results;
}
