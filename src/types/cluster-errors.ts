/**
 * The errors a cluster can answer with, in vzmc's own vocabulary. Adapters translate their
 * client's errors into {@link ClusterError}; the core (for example the sync planner, which records
 * a failed list with its reason) only ever sees these.
 */

/** Why a cluster call failed. */
export const ClusterErrorReason = {
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Forbidden: 'Forbidden',
  Unauthorized: 'Unauthorized',
  Invalid: 'Invalid',
  BadRequest: 'BadRequest',
  Unavailable: 'Unavailable',
  Timeout: 'Timeout',
  TooManyRequests: 'TooManyRequests',
  Unknown: 'Unknown',
} as const;
/** One of {@link ClusterErrorReason}'s values. */
export type ClusterErrorReason = (typeof ClusterErrorReason)[keyof typeof ClusterErrorReason];

/** A field-level cause of an Invalid error (metav1.StatusCause). */
export interface ClusterErrorCause {
  readonly field?: string;
  readonly message?: string;
  readonly reason?: string;
}

/** The data of a cluster error. */
export interface ClusterErrorInit {
  readonly reason: ClusterErrorReason;
  readonly message: string;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  readonly causes?: readonly ClusterErrorCause[];
  /** Seconds the server asked to wait (Retry-After), for TooManyRequests and some 5xx. */
  readonly retryAfterSeconds?: number;
  /** The object the call was about. */
  readonly target?: {
    readonly apiVersion?: string;
    readonly kind?: string;
    readonly namespace?: string;
    readonly name?: string;
  };
}

const BRAND = Symbol.for('vzmc.ClusterError');

/**
 * A failed cluster call. Identify it with {@link isClusterError} (a brand check that works across
 * duplicate package copies), then switch on `reason`.
 */
export class ClusterError extends Error implements ClusterErrorInit {
  override readonly name = 'ClusterError';
  readonly reason: ClusterErrorReason;
  readonly status?: number;
  readonly causes: readonly ClusterErrorCause[];
  readonly retryAfterSeconds?: number;
  readonly target?: ClusterErrorInit['target'];
  readonly [BRAND] = true;

  constructor(init: ClusterErrorInit) {
    super(init.message);
    this.reason = init.reason;
    this.causes = init.causes ?? [];
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.target !== undefined) this.target = init.target;
  }
}

/** True for a {@link ClusterError}, from any copy of vzmc. */
export function isClusterError(error: unknown): error is ClusterError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/** The reason of a cluster error, or `Unknown` for anything else. */
export function errorReason(error: unknown): ClusterErrorReason {
  return isClusterError(error) ? error.reason : ClusterErrorReason.Unknown;
}

/** Reasons worth retrying with backoff: 409, 429 and 5xx-style unavailability. */
export function isRetryable(reason: ClusterErrorReason): boolean {
  return (
    reason === ClusterErrorReason.Conflict ||
    reason === ClusterErrorReason.TooManyRequests ||
    reason === ClusterErrorReason.Unavailable ||
    reason === ClusterErrorReason.Timeout
  );
}
