/**
 * `vzmc sync`'s continuous loop is the agent's event-driven `run` (issue 16 item 3): an admin edit
 * reaches the managed cluster within seconds although the resync interval is an hour, and the first
 * SIGTERM (the shutdown hook) ends the loop without aborting the iteration in flight.
 */
import { describe, expect, it } from 'vitest';
import { syncLoop } from '../../../src/cli/commands/sync.js';
import { until, wrapperOnManaged1 } from '../../support/event-driven.js';

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
});
