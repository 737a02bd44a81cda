/**
 * The long-lived loops (agent, admin controller, sync loop, leader election) on one abort signal
 * for 100,000 iterations: the signals' abort listeners stay bounded and Node never warns of a leak
 * (a MaxListenersExceededWarning on stderr would break the JSON log). The loops run with the real
 * sleep (`realSleep`) on fake timers, so the iterations are fast and every timer path of the real
 * sleep is taken.
 */
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryCluster } from '../../../src/adapters/memory/index.js';
import { createAgent } from '../../../src/agent/agent.js';
import { createController } from '../../../src/agent/controller.js';
import { createLeaderElector } from '../../../src/agent/leader.js';
import { realSleep } from '../../../src/agent/retry.js';
import { syncLoop } from '../../../src/cli/commands/sync.js';

const ITERATIONS = 100_000;

let warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);

beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  process.off('warning', onWarning);
});

/** Listeners a loop may hold on its signal at once: its sleep's, and one of its own. */
const BOUND = 2;

/**
 * Runs timers until `count()` reaches `n`; returns the most abort listeners seen on any of
 * `signals` after an iteration. It stops early past {@link BOUND}: a leak fails at once, not by
 * slowing the loop down until the test times out.
 */
async function drive(signals: AbortSignal[], count: () => number, n: number, bound = BOUND): Promise<number> {
  let most = 0;
  while (count() < n && most <= bound) {
    await vi.advanceTimersToNextTimerAsync();
    for (const signal of signals) most = Math.max(most, getEventListeners(signal, 'abort').length);
  }
  return most;
}

/** How many `AbortSignal.any` signals Node holds on `signal` (its internal `kDependantSignals` set). */
function dependantSignals(signal: AbortSignal): number {
  const key = Object.getOwnPropertySymbols(signal).find((s) => s.description === 'kDependantSignals');
  const set =
    key === undefined ? undefined : (signal as unknown as Record<symbol, Set<unknown> | undefined>)[key];
  return set?.size ?? 0;
}

/** The warnings Node emitted, by name, once its pending ones are out. */
async function warningNames(): Promise<string[]> {
  await new Promise((resolve) => {
    process.nextTick(resolve);
  });
  return warnings.map((w) => w.name);
}

describe('no listener growth over 100,000 iterations', () => {
  it('agent.run', async () => {
    const local = createMemoryCluster({ name: 'managed1' }).client();
    const agent = createAgent({
      local,
      connectAdmin: () => local,
      sleep: realSleep,
      intervalMs: { min: 1, max: 2 },
    });
    const abort = new AbortController();
    let iterations = 0;
    const running = agent.run(abort.signal, () => iterations++);
    const most = await drive([abort.signal], () => iterations, ITERATIONS);
    abort.abort();
    await running;
    expect(most).toBeLessThanOrEqual(BOUND);
    expect(iterations).toBeGreaterThanOrEqual(ITERATIONS);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
    // Nor a reference per iteration: Node 20 keeps one on the source signal for every
    // AbortSignal.any made from it, for as long as the source lives (about 70 bytes each).
    expect(dependantSignals(abort.signal)).toBeLessThanOrEqual(1);
    expect(await warningNames()).toEqual([]);
  }, 120_000);

  it('twenty agents of one process, stopped by one signal: they share one listener, and Node never warns', async () => {
    const abort = new AbortController();
    let iterations = 0;
    const running = Array.from({ length: 20 }, (_, i) => {
      const local = createMemoryCluster({ name: `managed${i}` }).client();
      const agent = createAgent({
        local,
        connectAdmin: () => local,
        sleep: realSleep,
        intervalMs: { min: 1, max: 2 },
      });
      return agent.run(abort.signal, () => iterations++);
    });
    const most = await drive([abort.signal], () => iterations, 20_000);
    abort.abort();
    await Promise.all(running);
    expect(most).toBeLessThanOrEqual(BOUND);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
    expect(await warningNames()).toEqual([]);
  }, 120_000);

  it('the controller loop of vzmc admin, with watch events, failed passes and a shutdown signal', async () => {
    const client = createMemoryCluster({ name: 'admin' }).client();
    const abort = new AbortController();
    const shutdown = new AbortController();
    let passes = 0;
    const controller = createController<number>({
      client,
      kinds: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default' }],
      // Every 1,000th pass writes a ConfigMap (an event: the coalescing wait); every 7th fails (backoff).
      reconcile: async () => {
        passes++;
        if (passes % 1_000 === 0) {
          await client.create({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `c${passes}`, namespace: 'default' },
          });
        }
        return passes;
      },
      failed: (n) => n % 7 === 0,
      resyncPeriodMs: 1,
      coalesceMs: 1,
      backoff: { baseDelayMs: 1, maxDelayMs: 2 },
      sleep: realSleep,
    });
    const running = controller.run(abort.signal, undefined, { shutdown: shutdown.signal });
    const most = await drive([abort.signal, shutdown.signal], () => passes, ITERATIONS);
    shutdown.abort();
    await running;
    expect(most).toBeLessThanOrEqual(BOUND);
    expect(passes).toBeGreaterThanOrEqual(ITERATIONS);
    for (const signal of [abort.signal, shutdown.signal]) {
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      expect(dependantSignals(signal)).toBeLessThanOrEqual(1);
    }
    expect(await warningNames()).toEqual([]);
  }, 120_000);

  it('the loop of vzmc sync, on the leader signal and the shutdown hook', async () => {
    const local = createMemoryCluster({ name: 'managed1' }).client();
    const agent = createAgent({ local, connectAdmin: () => local, intervalMs: { min: 1, max: 1 } });
    const leader = new AbortController();
    const shutdown = new AbortController();
    let iterations = 0;
    const running = syncLoop(agent, () => iterations++)(leader.signal, {
      shutdown: shutdown.signal,
      passEnded: () => undefined,
    });
    const most = await drive([leader.signal, shutdown.signal], () => iterations, ITERATIONS);
    shutdown.abort();
    await running;
    expect(most).toBeLessThanOrEqual(BOUND);
    expect(iterations).toBeGreaterThanOrEqual(ITERATIONS);
    expect(getEventListeners(leader.signal, 'abort')).toHaveLength(0);
    expect(dependantSignals(leader.signal)).toBeLessThanOrEqual(1);
    expect(await warningNames()).toEqual([]);
  }, 120_000);

  it('the leader election: a standby retrying, then a leader renewing, on the same signals', async () => {
    const cluster = createMemoryCluster({ name: 'managed1' });
    const other = createLeaderElector({
      client: cluster.client(),
      namespace: 'default',
      name: 'vzmc',
      identity: 'other',
      leaseDurationMs: 1_000,
      renewDeadlineMs: 500,
      retryPeriodMs: 1,
      sleep: realSleep,
    });
    let sleeps = 0;
    const elector = createLeaderElector({
      client: cluster.client(),
      namespace: 'default',
      name: 'vzmc',
      identity: 'me',
      leaseDurationMs: 1_000,
      renewDeadlineMs: 500,
      retryPeriodMs: 1,
      sleep: (ms, signal) => {
        sleeps++;
        return realSleep(ms, signal);
      },
    });
    // `other` holds the Lease for half the iterations, then steps down; `me` then renews.
    const theirs = new AbortController();
    const holding = other.run(theirs.signal, {
      onStartedLeading: (signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            resolve();
          });
        }),
    });
    await drive([theirs.signal], () => (other.isLeader() ? 1 : 0), 1);
    const campaign = new AbortController();
    let leaderSignal: AbortSignal | undefined;
    const running = elector.run(campaign.signal, {
      onStartedLeading: (signal) => {
        leaderSignal = signal;
        return new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            resolve();
          });
        });
      },
    });
    const mostStandby = await drive([campaign.signal], () => sleeps, ITERATIONS / 2);
    theirs.abort();
    await holding;
    // Leading: its work, the renew deadline's sleep and the renewal's sleep wait on the leader signal.
    const signals = () => [campaign.signal, ...(leaderSignal ? [leaderSignal] : [])];
    const mostLeading = await drive(signals(), () => sleeps, ITERATIONS, 3);
    expect(elector.isLeader()).toBe(true);
    const most = Math.max(mostStandby, mostLeading, getEventListeners(leaderSignal!, 'abort').length);
    campaign.abort();
    await running;
    expect(mostStandby).toBeLessThanOrEqual(BOUND);
    expect(most).toBeLessThanOrEqual(3);
    expect(sleeps).toBeGreaterThanOrEqual(ITERATIONS);
    expect(getEventListeners(campaign.signal, 'abort')).toHaveLength(0);
    expect(dependantSignals(campaign.signal)).toBeLessThanOrEqual(1);
    expect(await warningNames()).toEqual([]);
  }, 120_000);
});
