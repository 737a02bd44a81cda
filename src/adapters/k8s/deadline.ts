/**
 * A point in time a call must finish by. One deadline covers a whole port call (waiting for a
 * free request slot, getting credentials, every request it makes and reading every response), so
 * the port's promise "none hangs past the adapter's timeout" holds whatever the call does.
 */
import { performance } from 'node:perf_hooks';

/** When a call must be done by. */
export interface Deadline {
  /** `performance.now()` time, monotonic so that wall-clock jumps cannot stretch a timeout. */
  readonly at: number;
  /** The budget it was made with, for messages. */
  readonly timeoutMs: number;
}

/** A deadline `timeoutMs` from now. */
export function deadlineIn(timeoutMs: number): Deadline {
  return { at: performance.now() + timeoutMs, timeoutMs };
}

/** Milliseconds left, never negative. */
export function remainingMs(deadline: Deadline): number {
  return Math.max(0, deadline.at - performance.now());
}

/**
 * Settles like `promise`, or rejects with `onTimeout()` when the deadline passes first. The
 * promise itself keeps running (there is no way to cancel, say, an exec credential plugin);
 * only the caller stops waiting for it.
 */
export function withDeadline<T>(promise: Promise<T>, deadline: Deadline, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(onTimeout());
    }, remainingMs(deadline));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
