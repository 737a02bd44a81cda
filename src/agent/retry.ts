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
    const timer = setTimeout(() => {
      forget();
      resolve();
    }, ms);
    const forget = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          resolve();
        })
      : () => undefined;
  });

/** The sleepers waiting on each signal, and the one listener that wakes them all. */
const sleepers = new WeakMap<
  AbortSignal,
  { readonly wake: Set<() => void>; readonly listener: () => void }
>();

/**
 * Calls `fn` once when `signal` aborts; the returned function forgets it. Every waiter on a signal
 * shares one listener: a controller restarting a dozen watches, 32 actions retrying at once, or
 * twenty agents of one process stopped by one signal would otherwise trip Node's "possible
 * EventTarget memory leak" warning (and an `AbortSignal.any` per sleep leaves a reference on the
 * signal for good, in Node 20).
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let entry = sleepers.get(signal);
  if (entry === undefined) {
    const wake = new Set<() => void>();
    const listener = () => {
      sleepers.delete(signal);
      for (const f of wake) f();
    };
    entry = { wake, listener };
    sleepers.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { wake, listener } = entry;
  wake.add(fn);
  return () => {
    wake.delete(fn);
    if (wake.size > 0 || sleepers.get(signal)?.wake !== wake) return;
    sleepers.delete(signal);
    signal.removeEventListener('abort', listener);
  };
}

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
