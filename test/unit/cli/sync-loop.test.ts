/**
 * `vzmc sync`'s continuous loop is the agent's event-driven `run` (issue 16 item 3): an admin edit
 * reaches the managed cluster within seconds although the resync interval is an hour, and the first
 * SIGTERM (the shutdown hook) ends the loop without aborting the iteration in flight.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/index.js';
import { realSleep } from '../../../src/agent/retry.js';
import { syncLoop } from '../../../src/cli/commands/sync.js';
import { memoryFleet } from '../../support/memory-fleet.js';
import { mccm, project } from '../../support/fleet.js';

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await realSleep(10);
  }
  return Date.now() - start;
}

describe('vzmc sync: the loop', () => {
  it('is event-driven: an admin edit arrives within 2 s with an hour between resyncs; shutdown ends it', async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    await fleet.applyAdmin([project('p', ['ns1'], ['managed1'])]);
    await fleet.syncAdmin();
    const wrapper = mccm('cfg', 'ns1', ['managed1']) as unknown as KubeObject & {
      spec: { template: { data: Record<string, string> } };
    };
    await fleet.applyAdmin([wrapper]);
    const agent = fleet.agent('managed1', {
      sleep: realSleep,
      intervalMs: { min: 3_600_000, max: 3_600_001 },
      reactMs: 20,
    });
    const leader = new AbortController();
    const shutdown = new AbortController();
    const passes: boolean[] = [];
    const running = syncLoop(agent, (report, durationMs, hooks) => {
      expect(durationMs).toBeGreaterThanOrEqual(0);
      hooks.passEnded(report.state === 'synced');
    })(leader.signal, { shutdown: shutdown.signal, passEnded: (ok) => passes.push(ok) });
    const local = fleet.managed.managed1!.client();
    const value = async () =>
      local
        .get<KubeObject & { data?: Record<string, string> }>({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: 'ns1',
          name: 'cfg',
        })
        .then((o) => o.data?.['k'])
        .catch(() => undefined);
    await until(async () => (await value()) === 'v', 5_000, 'the first sync');
    wrapper.spec.template.data = { k: 'edited' };
    await fleet.applyAdmin([wrapper]);
    expect(await until(async () => (await value()) === 'edited', 2_000, 'the edit')).toBeLessThan(2_000);
    shutdown.abort();
    await running;
    expect(leader.signal.aborted).toBe(false);
    expect(passes.length).toBeGreaterThanOrEqual(2);
    expect(passes.every(Boolean)).toBe(true);
  });
});
