/**
 * The controller loop on an in-memory cluster and virtual time: coalescing, resync, watch
 * restarts, retries with backoff, and stopping after the pass in flight.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../src/adapters/memory/index.js';
import { ClusterError } from '../../../src/port/errors.js';
import { createController, type PassTrigger } from '../../../src/agent/controller.js';
import { textLogger } from '../../../src/agent/logger.js';
import { virtualTime } from '../../support/virtual-time.js';

const NS = 'default';
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS } });

function setup(
  options: { passMs?: number; resyncPeriodMs?: number; fail?: (n: number) => Error | undefined } = {},
) {
  const time = virtualTime();
  const cluster = createMemoryCluster({ name: 'admin', clock: time.clock });
  const client = cluster.client();
  const passes: PassTrigger[] = [];
  let running = 0;
  let overlapped = false;
  const lines: string[] = [];
  const controller = createController<number>({
    client,
    kinds: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: NS }],
    reconcile: async (signal, trigger) => {
      running++;
      if (running > 1) overlapped = true;
      try {
        if (options.passMs) await time.sleep(options.passMs);
        const error = options.fail?.(passes.length);
        passes.push(trigger);
        if (error) throw error;
        return passes.length;
      } finally {
        running--;
      }
    },
    resyncPeriodMs: options.resyncPeriodMs ?? 600_000,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 1,
    logger: textLogger((line) => lines.push(line)),
  });
  const abort = new AbortController();
  let done = false;
  const running$ = controller.run(abort.signal).then(() => {
    done = true;
  });
  return {
    time,
    cluster,
    client,
    passes,
    lines,
    abort,
    isDone: () => done,
    finished: running$,
    overlapped: () => overlapped,
  };
}

describe('controller loop', () => {
  it('runs one pass at start, and a burst of events coalesces into one pass', async () => {
    const t = setup();
    await t.time.settle();
    expect(t.passes).toEqual(['start']);
    for (let i = 0; i < 10; i++) await t.client.create(cm(`c${i}`));
    await t.time.advance(1_000);
    expect(t.passes).toEqual(['start', 'event']);
    t.abort.abort();
    await t.finished;
  });

  it('events during a pass give exactly one more pass after it, never two at once', async () => {
    const t = setup({ passMs: 5_000 });
    await t.time.advance(1_000); // the start pass is in flight
    await t.client.create(cm('a'));
    await t.time.advance(1_000);
    await t.client.create(cm('b'));
    await t.client.create(cm('c'));
    await t.time.advance(30_000);
    expect(t.passes).toEqual(['start', 'event']);
    expect(t.overlapped()).toBe(false);
    t.abort.abort();
    await t.finished;
  });

  it('a full resync runs after the resync period without events', async () => {
    const t = setup({ resyncPeriodMs: 60_000 });
    await t.time.advance(59_000);
    expect(t.passes).toEqual(['start']);
    await t.time.advance(2_000);
    expect(t.passes).toEqual(['start', 'resync']);
    await t.time.advance(60_000);
    expect(t.passes).toEqual(['start', 'resync', 'resync']);
    t.abort.abort();
    await t.finished;
  });

  it('a broken watch is restarted with backoff and its restart triggers a pass', async () => {
    const t = setup();
    await t.time.settle();
    t.cluster.setAvailable(false);
    await t.time.advance(500);
    expect(t.lines.some((l) => l.includes('watch broke; restarting'))).toBe(true);
    // The server is down: restarts fail and back off (1 s, 2 s, 4 s …).
    await t.time.advance(5_000);
    expect(t.lines.filter((l) => l.includes('watch failed to start')).length).toBeGreaterThanOrEqual(2);
    t.cluster.setAvailable(true);
    await t.time.advance(10_000);
    expect(t.passes).toEqual(['start', 'event']);
    // The restarted watch delivers events again.
    await t.client.create(cm('after'));
    await t.time.advance(1_000);
    expect(t.passes).toEqual(['start', 'event', 'event']);
    t.abort.abort();
    await t.finished;
  });

  it('the signal stops the loop after the pass in flight, and stops the watches', async () => {
    const t = setup({ passMs: 5_000 });
    await t.time.advance(1_000);
    await t.client.create(cm('x'));
    t.abort.abort();
    await t.time.advance(1_000);
    expect(t.isDone()).toBe(false); // the pass is still running
    await t.time.advance(5_000);
    expect(t.isDone()).toBe(true);
    expect(t.passes).toEqual(['start']);
    await t.client.create(cm('y'));
    await t.time.advance(600_000);
    expect(t.passes).toEqual(['start']);
  });

  it('a failed pass is retried with backoff, and its error is logged with tokens redacted', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl';
    const t = setup({
      fail: (n) =>
        n < 3
          ? new ClusterError({ reason: 'Unavailable', status: 503, message: `down; Bearer ${token}` })
          : undefined,
    });
    await t.time.settle();
    expect(t.passes).toEqual(['start']);
    await t.time.advance(1_000); // first retry after 1 s
    expect(t.passes).toEqual(['start', 'retry']);
    await t.time.advance(1_999);
    expect(t.passes).toEqual(['start', 'retry']);
    await t.time.advance(1); // second retry after 2 s
    expect(t.passes).toEqual(['start', 'retry', 'retry']);
    await t.time.advance(4_000);
    expect(t.passes).toEqual(['start', 'retry', 'retry', 'retry']);
    await t.time.advance(60_000); // succeeded: back to the resync period
    expect(t.passes).toHaveLength(4);
    const log = t.lines.join('');
    expect(log).toContain('pass failed');
    expect(log).toContain('Unavailable');
    expect(log).not.toContain(token);
    t.abort.abort();
    await t.finished;
  });
});

/**
 * The two stops of the process runtime (src/cli/support/controller-process.ts): a first SIGTERM is the
 * run's `shutdown` (the pass in flight runs to its end, no other starts); a second SIGTERM or lost
 * leadership is its `signal` (handed to the pass, which stops after the action in flight).
 */
describe('controller loop: shutdown versus abort', () => {
  const STEPS = 5;

  function stoppable() {
    const time = virtualTime();
    const cluster = createMemoryCluster({ name: 'admin', clock: time.clock });
    const client = cluster.client();
    const passes: { trigger: PassTrigger; steps: number; sawAbort: boolean }[] = [];
    const controller = createController<number>({
      client,
      kinds: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: NS }],
      // A pass of five 1 s actions that, like syncAdmin, starts no action once its signal aborts.
      reconcile: async (signal, trigger) => {
        const pass = { trigger, steps: 0, sawAbort: false };
        passes.push(pass);
        for (let i = 0; i < STEPS && !signal.aborted; i++) {
          await time.sleep(1_000);
          pass.steps++;
        }
        pass.sawAbort = signal.aborted;
        return pass.steps;
      },
      resyncPeriodMs: 60_000,
      clock: time.clock,
      sleep: time.sleep,
      random: () => 1,
    });
    const abort = new AbortController();
    const shutdown = new AbortController();
    let done = false;
    const finished = controller.run(abort.signal, undefined, { shutdown: shutdown.signal }).then(() => {
      done = true;
    });
    return { time, client, passes, abort, shutdown, finished, isDone: () => done };
  }

  it('shutdown lets the pass in flight run all its actions, starts no other pass, and stops the watches', async () => {
    const t = stoppable();
    await t.time.advance(1_500); // the start pass is in its second action
    await t.client.create(cm('during')); // asks for another pass
    t.shutdown.abort();
    await t.time.advance(1_000);
    expect(t.isDone()).toBe(false);
    await t.time.advance(3_000);
    expect(t.isDone()).toBe(true);
    expect(t.passes).toEqual([{ trigger: 'start', steps: STEPS, sawAbort: false }]);
    await t.client.create(cm('after'));
    await t.time.advance(600_000);
    expect(t.passes).toHaveLength(1);
  });

  it('the signal after shutdown (a second SIGTERM) stops the pass in flight after the action in flight', async () => {
    const t = stoppable();
    await t.time.advance(1_500);
    t.shutdown.abort();
    await t.time.advance(1_000); // second action done at 2 s, third in flight
    t.abort.abort();
    await t.time.advance(1_000);
    expect(t.isDone()).toBe(true);
    expect(t.passes).toEqual([{ trigger: 'start', steps: 3, sawAbort: true }]);
  });

  it('shutdown between passes ends the wait at once', async () => {
    const t = stoppable();
    await t.time.advance(10_000); // the start pass ended; waiting for the resync
    expect(t.passes).toHaveLength(1);
    t.shutdown.abort();
    await t.time.settle();
    expect(t.isDone()).toBe(true);
    await t.time.advance(120_000);
    expect(t.passes).toHaveLength(1);
  });
});
