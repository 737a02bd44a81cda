/**
 * Bounds the requests in flight to one API server. Without a bound, `Promise.all` over a thousand
 * applies opens a thousand sockets and trips API Priority and Fairness (429); with one, requests
 * queue here in FIFO order and reuse the same few keep-alive connections.
 */
import { remainingMs, type Deadline } from './deadline.js';

/** Gives back a slot; calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  readonly grant: (release: Release) => void;
  timer: NodeJS.Timeout | undefined;
}

/** A counting semaphore whose waiters give up at their deadline. */
export class Semaphore {
  #inFlight = 0;
  readonly #waiters: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`maxConcurrency must be a positive integer, got ${limit}`);
  }

  /** Requests holding a slot now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Resolves with a release function once a slot is free; rejects with `onTimeout()` at the deadline. */
  acquire(deadline: Deadline, onTimeout: () => Error): Promise<Release> {
    if (this.#inFlight < this.limit) {
      this.#inFlight++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, timer: undefined };
      waiter.timer = setTimeout(() => {
        const index = this.#waiters.indexOf(waiter);
        if (index !== -1) this.#waiters.splice(index, 1);
        reject(onTimeout());
      }, remainingMs(deadline));
      this.#waiters.push(waiter);
    });
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
      // The slot passes straight to the next waiter, so the count never dips and lets a newcomer jump the queue.
      clearTimeout(next.timer);
      next.grant(this.#releaser());
    };
  }
}
