/**
 * Virtual time for tests of timed loops: a manual clock plus a `sleep` whose timers fire only when
 * the test advances the clock, in due order, each followed by draining every promise it set off.
 * A minute of leader election runs in milliseconds and the same way every time.
 */
import { manualClock, type ManualClock } from '../../src/adapters/memory/index.js';
import type { Sleep } from '../../src/agent/retry.js';

interface Timer {
  readonly atMs: number;
  readonly seq: number;
  readonly fire: () => void;
}

/** A clock and the timers that follow it. */
export interface VirtualTime {
  /** The clock; it moves only in {@link VirtualTime.advance}. */
  readonly clock: ManualClock;
  /** A sleep on the virtual clock; resolves early (at once) when its signal aborts. */
  readonly sleep: Sleep;
  /** Milliseconds since the start. */
  readonly elapsedMs: () => number;
  /**
   * Moves the clock forward by `ms`, firing each timer due on the way at its own instant, then
   * lets every promise settle; `onStep` runs after each settling (to check invariants at every
   * instant where anything can change).
   */
  readonly advance: (ms: number, onStep?: () => void) => Promise<void>;
  /** Fires the timers due now and lets every pending promise settle, without moving the clock. */
  readonly settle: () => Promise<void>;
}

/** Starts virtual time at `start`. */
export function virtualTime(start = '2026-01-01T00:00:00Z'): VirtualTime {
  const clock = manualClock(start);
  const originMs = clock().getTime();
  let timers: Timer[] = [];
  let seq = 0;

  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const onAbort = () => {
        timers = timers.filter((t) => t !== timer);
        resolve();
      };
      const fire = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const timer: Timer = { atMs: clock().getTime() + Math.max(0, ms), seq: seq++, fire };
      timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  const drain = async () => {
    // Promise callbacks all run before the next macrotask; twice, for callbacks that queue more.
    for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  async function advance(ms: number, onStep?: () => void): Promise<void> {
    const endMs = clock().getTime() + ms;
    for (;;) {
      await drain();
      onStep?.();
      const next = timers.reduce<Timer | undefined>(
        (best, t) =>
          best === undefined || t.atMs < best.atMs || (t.atMs === best.atMs && t.seq < best.seq) ? t : best,
        undefined,
      );
      if (next === undefined || next.atMs > endMs) break;
      timers = timers.filter((t) => t !== next);
      clock.set(new Date(next.atMs));
      next.fire();
    }
    clock.set(new Date(endMs));
    await drain();
    onStep?.();
  }

  return {
    clock,
    sleep,
    elapsedMs: () => clock().getTime() - originMs,
    advance,
    settle: () => advance(0),
  };
}
