/**
 * Retries with exponential backoff and jitter for the errors worth retrying: 409 Conflict, 429
 * (honouring Retry-After) and unavailability. Clock-free: sleeping and randomness are injected.
 */
import { errorReason, isClusterError, isRetryable } from '../port/errors.js';

/** How to retry. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly attempts: number;
  /** The first backoff; it doubles on each retry, and each wait is a random 50–100% of it. */
  readonly baseDelayMs: number;
  /** The longest delay, unless the server's Retry-After asks for more. */
  readonly maxDelayMs: number;
}

/** Three attempts, 200 ms doubling to at most 5 s. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 };

/** Sleeps, or rejects early when the signal aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real sleep. Its abort listener goes when the timer fires, so a long-lived signal collects none. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Runs `fn`, retrying retryable cluster errors. The last error is rethrown. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  deps: { readonly sleep: Sleep; readonly random: () => number; readonly signal?: AbortSignal },
): Promise<T> {
  let attempt = 0;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      attempt++;
      if (attempt >= policy.attempts || !isRetryable(errorReason(error)) || deps.signal?.aborted) throw error;
      const retryAfter =
        isClusterError(error) && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await deps.sleep(Math.max(retryAfter, backoff * (0.5 + deps.random() / 2)), deps.signal);
    }
  }
}
