/**
 * The executor's vocabulary: what happened to an action ({@link Outcome}, {@link ActionResult})
 * and what the executor needs ({@link ExecuteDeps}). Apart from execute.ts so its helpers
 * (execute-status.ts, execute-schedule.ts) share it without an import cycle.
 */
import type { ClusterClient, ObjectKey } from '../port/client.js';
import type { KubeObject } from '../model/meta.js';
import type { Condition } from '../model/verrazzano.js';
import type { SyncAction } from '../sync-plan/types.js';
import type { Logger } from './logger.js';
import type { RetryPolicy, Sleep } from './retry.js';

/** Actions in flight at once when neither client states a bound (the k8s adapter's default). */
export const DEFAULT_EXECUTE_CONCURRENCY = 32;

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
    /** A `ClusterErrorReason`, or `DependencyFailed`. */
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
  /** How writes retry. Default `DEFAULT_RETRY` (three attempts). */
  readonly retry?: RetryPolicy;
  /** Stops starting actions when it aborts. */
  readonly signal?: AbortSignal;
  /**
   * Actions in flight at once. Default: the smaller `maxConcurrency` of the two clients, or
   * 32 for a client that states none.
   */
  readonly concurrency?: number;
  /**
   * Where status actions go instead of the admin object's status (the secure wiring: the agent's
   * report in its cluster namespace, which the admin aggregates). Returns the outcome to record.
   */
  readonly reportStatus?: (action: SyncAction, condition: Condition) => Outcome;
  /**
   * The admin objects as the plan read them (with their resourceVersion). A status write folds into
   * this object and writes first, and reads the object again only on Conflict; without it (or
   * for an object it does not hold) every status write reads the object first.
   */
  readonly observed?: (key: ObjectKey) => KubeObject | undefined;
}
