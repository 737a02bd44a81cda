/**
 * `vzmc sync`'s continuous loop is the agent's event-driven `run` (issue 16 item 3): an admin edit
 * reaches the managed cluster within seconds although the resync interval is an hour, and the first
 * SIGTERM (the shutdown hook) ends the loop without aborting the iteration in flight.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loopOptions, syncLoop } from '../../../src/cli/commands/sync.js';
import { buildProgram } from '../../../src/cli/program.js';
import { realSleep, type Sleep } from '../../../src/agent/retry.js';
import { until, wrapperOnManaged1 } from '../../support/event-driven.js';

/** The flags `vzmc sync` parses from `args` (its definition, not its action). */
function syncFlags(args: readonly string[]): { interval: string; watch: boolean } {
  const quiet = { write: () => true };
  const program = buildProgram({ stdout: quiet, stderr: quiet, stdin: Readable.from([]), env: {} });
  const sync = program.commands.find((c) => c.name() === 'sync')!;
  sync.parseOptions(['--cluster', 'managed1', ...args]);
  return sync.opts<{ interval: string; watch: boolean }>();
}

/** A sleep that ends only when `tick()` is called or its signal aborts; `waits` are the asked lengths. */
function manualSleep() {
  const waits: number[] = [];
  let wake: (() => void) | undefined;
  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve) => {
      waits.push(ms);
      wake = resolve;
      signal?.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
    });
  return { waits, sleep, tick: () => wake?.() };
}

describe('vzmc sync: the loop', () => {
  it('is event-driven: an admin edit arrives within 2 s with an hour between resyncs; shutdown ends it', async () => {
    const { agent, value, edit } = await wrapperOnManaged1();
    const leader = new AbortController();
    const shutdown = new AbortController();
    const passes: boolean[] = [];
    const running = syncLoop(agent, (report, durationMs, hooks) => {
      expect(durationMs).toBeGreaterThanOrEqual(0);
      hooks.passEnded(report.state === 'synced');
    })(leader.signal, { shutdown: shutdown.signal, passEnded: (ok) => passes.push(ok) });
    await until(async () => (await value()) === 'v', 5_000, 'the first sync');
    await edit('edited');
    expect(await until(async () => (await value()) === 'edited', 2_000, 'the edit')).toBeLessThan(2_000);
    shutdown.abort();
    await running;
    expect(leader.signal.aborted).toBe(false);
    expect(passes.length).toBeGreaterThanOrEqual(2);
    expect(passes.every(Boolean)).toBe(true);
  });

  it('--no-watch polls only: an admin edit does not arrive while the interval runs, and arrives when it ends', async () => {
    expect(syncFlags([]).watch).toBe(true);
    const flags = syncFlags(['--no-watch', '--interval', '1s']);
    expect(loopOptions(flags)).toEqual({
      intervalMs: { min: 1000 * (5 / 6), max: 1000 * (7 / 6) },
      watch: false,
    });
    const clock = manualSleep();
    const { agent, value, edit } = await wrapperOnManaged1({ ...loopOptions(flags), sleep: clock.sleep });
    const stop = new AbortController();
    const running = syncLoop(agent, () => undefined)(new AbortController().signal, {
      shutdown: stop.signal,
      passEnded: () => undefined,
    });
    await until(async () => (await value()) === 'v' && clock.waits.length === 1, 5_000, 'the first sync');
    // The agent's random is 0.5: the middle of 1 s ±1/6.
    expect(clock.waits).toEqual([1000]);
    await edit('edited');
    await realSleep(500);
    expect(await value()).toBe('v');
    expect(clock.waits).toHaveLength(1); // nothing woke the wait or started an iteration
    clock.tick(); // the interval ends
    await until(async () => (await value()) === 'edited', 2_000, 'the edit at the next interval');
    stop.abort();
    await running;
  });
});
