/**
 * The set-up of the event-driven agent's tests: a wrapper placed on managed1 (an in-memory fleet
 * wired as Verrazzano wires it), an agent that resyncs once an hour, and a way to edit the wrapper
 * and to read what reached managed1.
 */
import type { KubeObject } from '../../src/index.js';
import { realSleep } from '../../src/agent/retry.js';
import type { AgentOptions } from '../../src/agent-entry.js';
import { mccm, project } from './fleet.js';
import { memoryFleet } from './memory-fleet.js';

/** Waits until `check` holds, failing after `ms`; the time it took. */
export async function until(
  check: () => boolean | Promise<boolean>,
  ms: number,
  what: string,
): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await realSleep(10);
  }
  return Date.now() - start;
}

/**
 * ConfigMap ns1/cfg from wrapper `cfg` on managed1; `value()` is its `k`, `edit(v)` changes it on the
 * admin. `options` override the agent's (an hour between resyncs, real sleeps).
 */
export async function wrapperOnManaged1(options: Partial<AgentOptions> = {}) {
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
    ...options,
  });
  const local = fleet.managed.managed1!.client();
  const key = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns1', name: 'cfg' };
  const value = (): Promise<string | undefined> =>
    local
      .get<KubeObject & { data?: Record<string, string> }>(key)
      .then((o) => o.data?.['k'])
      .catch(() => undefined);
  const edit = async (v: string): Promise<void> => {
    wrapper.spec.template.data = { k: v };
    await fleet.applyAdmin([wrapper]);
  };
  return { fleet, agent, value, edit };
}
