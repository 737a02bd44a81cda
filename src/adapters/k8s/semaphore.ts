/**
 * Bounds the requests in flight to one API server. Without a bound, `Promise.all` over a thousand
 * applies opens a thousand sockets and trips API Priority and Fairness (429); with one, requests
 * queue here in FIFO order and reuse the same few keep-alive connections.
 */
import { performance } from 'node:perf_hooks';
import type { Deadline } from './deadline.js';

/** Gives back a slot; calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  readonly grant: (release: Release) => void;
  readonly fail: (error: Error) => void;
  readonly deadline: Deadline;
  readonly onTimeout: () => Error;
}

/**
 * A counting semaphore whose waiters give up at their deadline. The queue has one timer, set for
 * its earliest deadline, not one per waiter: a thousand queued calls hold no timers of their own.
 */
export class Semaphore {
  #inFlight = 0;
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** When `#timer` fires (`performance.now()` time); `Infinity` when it is not set. */
  #timerAt = Number.POSITIVE_INFINITY;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`maxConcurrency must be a positive integer, got ${limit}`);
  }

  /** Requests holding a slot now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Calls waiting for a slot now. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resolves with a release function once a slot is free; rejects with `onTimeout()` at the deadline. */
  acquire(deadline: Deadline, onTimeout: () => Error): Promise<Release> {
    if (this.#inFlight < this.limit) {
      this.#inFlight++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise<Release>((grant, fail) => {
      this.#waiters.push({ grant, fail, deadline, onTimeout });
      this.#arm(deadline.at);
    });
  }

  /** Sets the queue's timer for `at` unless it is already set for that time or earlier. */
  #arm(at: number): void {
    if (at >= this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(
      () => {
        this.#expire();
      },
      Math.max(0, at - performance.now()),
    );
  }

  #disarm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  /** Rejects the waiters whose deadline has passed, keeping the others in order, and re-arms. */
  #expire(): void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    const expired = this.#waiters.filter((w) => w.deadline.at <= now);
    if (expired.length > 0) this.#waiters = this.#waiters.filter((w) => w.deadline.at > now);
    let next = Number.POSITIVE_INFINITY;
    for (const w of this.#waiters) next = Math.min(next, w.deadline.at);
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next);
    for (const w of expired) w.fail(w.onTimeout());
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next === undefined) {
        this.#inFlight--;
        return;
      }
      // An empty queue keeps no timer (it would hold the process open until the deadline).
      if (this.#waiters.length === 0) this.#disarm();
      // The slot passes straight to the next waiter, so the count never dips and lets a newcomer jump the queue.
      next.grant(this.#releaser());
    };
  }
}
