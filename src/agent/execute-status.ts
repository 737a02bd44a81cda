/**
 * The executor's writes to admin objects' status (S4, S1, B12), coalesced (issue 16 item 2): every
 * status report and state recompute of one plan for one admin object becomes one write, folded
 * into the freshest object, and written only when something changed.
 */
import type { KubeObject } from '../model/meta.js';
import type { MultiClusterResourceStatus, Placement } from '../model/verrazzano.js';
import { SyncOp, type SyncAction } from '../sync-plan/types.js';
import { aggregateClusterStatus, conditionFromResult, stateOf } from '../status/index.js';
import { Outcome, type ExecuteDeps } from './execute-types.js';
import { withRetry } from './retry.js';
import { errorReason, isRetryable } from '../port/errors.js';

/** An admin object as the status writes read it. */
type AdminObject = KubeObject & {
  status?: MultiClusterResourceStatus & { lastAgentConnectTime?: string };
  spec?: { placement?: Placement };
};

/** One status or state action of a group, and the failure of its dependency, if one failed. */
export interface StatusMember {
  readonly action: SyncAction;
  readonly failure: string | undefined;
}

/** The object key of an action. */
export const keyOf = (action: SyncAction) => ({
  apiVersion: action.apiVersion,
  kind: action.kind,
  namespace: action.namespace,
  name: action.name,
});

/** Conflicts retry as Verrazzano's status forwarding does: 3 attempts, 3 s apart (S4). */
export const conflictRetry = (deps: ExecuteDeps) =>
  [
    { attempts: 3, baseDelayMs: 3_000, maxDelayMs: 3_000 },
    { sleep: deps.sleep, random: () => 1, ...(deps.signal ? { signal: deps.signal } : {}) },
  ] as const;

/** The condition a status member reports: its own, or DeployFailed when its dependency failed (§5.1). */
const conditionOf = (member: StatusMember, deps: ExecuteDeps) =>
  member.failure
    ? conditionFromResult({ message: member.failure }, 'created', '', deps.clock())
    : member.action.status!.condition;

/** Under the secure wiring: the report goes to `deps.reportStatus`, not to the admin object. */
export function reportOne(member: StatusMember, deps: ExecuteDeps): Outcome {
  if (!member.action.status || !deps.reportStatus) return Outcome.Skipped;
  return deps.reportStatus(member.action, conditionOf(member, deps));
}

/**
 * Folds every member into `fresh`'s status: the reports one after the other (S4, B10), then the
 * state recomputed on the result (S1: `SetEffectiveStateIfChanged`; B12 for VMCs). Each member's
 * outcome says whether it changed anything.
 */
function fold(
  fresh: AdminObject,
  members: readonly StatusMember[],
  deps: ExecuteDeps,
): { status: AdminObject['status']; outcomes: Outcome[] } {
  let status = fresh.status;
  const placement = fresh.spec?.placement ?? { clusters: [] };
  const outcomes = members.map((member): Outcome => {
    const report = member.action.status;
    if (member.action.op !== SyncOp.Status) return Outcome.Unchanged;
    if (!report) return Outcome.Skipped;
    const update = aggregateClusterStatus(
      status,
      report.cluster,
      conditionOf(member, deps),
      placement,
      deps.clock(),
    );
    if (!update.changed) return Outcome.Unchanged;
    status = update.status;
    return Outcome.Reported;
  });
  members.forEach((member, i) => {
    if (member.action.op !== SyncOp.State) return;
    const current = status?.state ?? '';
    const next = stateOf({ ...fresh, ...(status ? { status } : {}) }, deps.clock());
    if (next === current) return;
    status = { ...(status ?? {}), state: next };
    outcomes[i] = Outcome.Reported;
  });
  return { status, outcomes };
}

/**
 * Writes one admin object's status for every member at once (one write per object per plan), and
 * returns each member's outcome. It folds into the object the plan read (`deps.observed`) and
 * writes with that object's resourceVersion, as a controller writes from its informer's cache: one
 * request, or none when the fold changes nothing. A Conflict (or another retryable error) means the
 * copy was stale: then, as without a copy, it reads the object, refolds and writes, up to 3 attempts.
 */
export async function writeStatusGroup(
  members: readonly StatusMember[],
  deps: ExecuteDeps,
): Promise<Outcome[]> {
  const key = keyOf(members[0]!.action);
  const observed = deps.observed?.(key);
  // Without a resourceVersion the write would not be conditional: read first.
  if (observed?.metadata.resourceVersion) {
    try {
      return await foldAndWrite(observed, members, deps);
    } catch (error) {
      if (!isRetryable(errorReason(error))) throw error;
    }
  }
  return withRetry(
    async () => foldAndWrite(await deps.admin.get<AdminObject>(key), members, deps),
    ...conflictRetry(deps),
  );
}

/**
 * Folds the members into `base` and writes the status when something changed, with `base`'s
 * resourceVersion. `managedFields` stay out of the body: the server then keeps the live ones (a
 * planning copy may carry only some of them, and a list of them in an update replaces the live one).
 */
async function foldAndWrite(
  base: AdminObject,
  members: readonly StatusMember[],
  deps: ExecuteDeps,
): Promise<Outcome[]> {
  const { status, outcomes } = fold(base, members, deps);
  if (!outcomes.includes(Outcome.Reported)) return outcomes;
  const { managedFields: _managed, ...metadata } = base.metadata;
  await deps.admin.updateStatus({ ...base, metadata, status });
  return outcomes;
}
