/**
 * The errors a cluster can answer with, in vzmc's own vocabulary. Adapters translate their
 * client's errors into {@link ClusterError}; the core (for example the sync planner, which records
 * a failed list with its reason) only ever sees these.
 */

/** Why a cluster call failed. */
export const ClusterErrorReason = {
  /** 404: the object, or its kind, does not exist. */
  NotFound: 'NotFound',
  /** 409 on create: the object exists. */
  AlreadyExists: 'AlreadyExists',
  /** 409: the resourceVersion is stale, or an apply conflicts with another field manager. */
  Conflict: 'Conflict',
  /** 403: RBAC denies the call. */
  Forbidden: 'Forbidden',
  /** 401: the credentials are not accepted. */
  Unauthorized: 'Unauthorized',
  /** 422: the object fails validation (see `causes`). */
  Invalid: 'Invalid',
  /** 400 (and 405, 406, 413, 415): the server cannot take the request as sent. */
  BadRequest: 'BadRequest',
  /** The server cannot be reached (refused, reset, DNS, TLS) or answers 5xx. */
  Unavailable: 'Unavailable',
  /** The call ran out of time: HTTP 408, an OS-level timeout, or the client's own deadline. */
  Timeout: 'Timeout',
  /** 410 Gone: a watch's resourceVersion is older than the server keeps; list again. */
  Expired: 'Expired',
  /** 429: the server asks to slow down (see `retryAfterSeconds`). */
  TooManyRequests: 'TooManyRequests',
  /** Anything else. */
  Unknown: 'Unknown',
} as const;
/** One of {@link ClusterErrorReason}'s values. */
export type ClusterErrorReason = (typeof ClusterErrorReason)[keyof typeof ClusterErrorReason];

/** A field-level cause of an Invalid error (metav1.StatusCause). */
export interface ClusterErrorCause {
  /** The field path, e.g. `metadata.labels`. */
  readonly field?: string;
  /** What is wrong with it. */
  readonly message?: string;
  /** The cause type, e.g. `FieldValueInvalid`. */
  readonly reason?: string;
}

/** The data of a cluster error. */
export interface ClusterErrorInit {
  /** Why the call failed. */
  readonly reason: ClusterErrorReason;
  /** The server's or the client's message. */
  readonly message: string;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** Field-level causes of an Invalid error. */
  readonly causes?: readonly ClusterErrorCause[];
  /** Seconds the server asked to wait (Retry-After), for TooManyRequests and some 5xx. */
  readonly retryAfterSeconds?: number;
  /** The object the call was about. */
  readonly target?: {
    /** API version of the object. */
    readonly apiVersion?: string;
    /** Kind of the object. */
    readonly kind?: string;
    /** Namespace of the object. */
    readonly namespace?: string;
    /** Name of the object. */
    readonly name?: string;
  };
}

const BRAND = Symbol.for('vzmc.ClusterError');

/**
 * A failed cluster call. Identify it with {@link isClusterError} (a brand check that works across
 * duplicate package copies), then switch on `reason`.
 */
export class ClusterError extends Error implements ClusterErrorInit {
  /** Always `ClusterError`. */
  override readonly name = 'ClusterError';
  /** Why the call failed. */
  readonly reason: ClusterErrorReason;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** Field-level causes of an Invalid error; empty otherwise. */
  readonly causes: readonly ClusterErrorCause[];
  /** Seconds the server asked to wait, when it said. */
  readonly retryAfterSeconds?: number;
  /** The object the call was about. */
  readonly target?: ClusterErrorInit['target'];
  /** @internal The brand {@link isClusterError} checks. */
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
