/**
 * Issue 16 item 2: the status of a first sync reaches the admin within one iteration, however many
 * wrappers it covers (the bound of 50 reports per plan is gone), with one status write per wrapper,
 * and the next iteration writes nothing.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/index.js';
import type { IterationReport } from '../../../src/agent-entry.js';
import { mcsecret, mccm, project } from '../../support/fleet.js';
import { memoryFleet } from '../../support/memory-fleet.js';

type Synced = Extract<IterationReport, { state: 'synced' }>;
function synced(report: IterationReport): Synced {
  if (report.state !== 'synced') throw new Error(`expected a sync, got ${report.state}: ${report.reason}`);
  return report;
}

describe('a first sync is reported within one iteration (issue 16 item 2)', () => {
  it('S4, B2: 130 wrappers in two namespaces: after one agent iteration the admin shows managed1 Succeeded on every one, written once each without reading it again; the next iteration writes nothing', async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    await fleet.applyAdmin([project('p', ['a', 'b'], ['managed1'])]);
    await fleet.syncAdmin();
    const wrappers = [
      ...Array.from({ length: 80 }, (_, i) => mccm(`cm${i}`, i % 2 ? 'a' : 'b', ['managed1'])),
      ...Array.from({ length: 50 }, (_, i) => mcsecret(`s${i}`, i % 2 ? 'b' : 'a', ['managed1'])),
    ] as unknown as KubeObject[];
    await fleet.applyAdmin(wrappers);
    const agent = fleet.agent('managed1');
    fleet.admin.resetRequestCounts();
    const first = synced(await agent.runOnce());
    expect(first.plan.deferredStatus).toBe(0);
    expect(first.results.filter((r) => r.outcome === 'failed' || r.outcome === 'skipped')).toEqual([]);
    const live = fleet.admin
      .snapshot()
      .filter((o) => o.kind === 'MultiClusterConfigMap' || o.kind === 'MultiClusterSecret') as (KubeObject & {
      status?: { state?: string; clusters?: { name: string; state: string }[] };
    })[];
    expect(live).toHaveLength(130);
    for (const w of live) {
      expect(w.status?.clusters).toEqual([expect.objectContaining({ name: 'managed1', state: 'Succeeded' })]);
      expect(w.status?.state).toBe('Succeeded');
    }
    // One status write per wrapper, plus the project's report and the VMC heartbeat; each written
    // from the wrapper as the plan read it, so no wrapper is read again (only the VMC and the
    // registration Secret are got).
    expect(fleet.admin.requestCounts().updateStatus).toBe(130 + 1 + 1);
    expect(fleet.admin.requestCounts().get).toBeLessThanOrEqual(3);

    fleet.clock.advance(60);
    fleet.admin.resetRequestCounts();
    fleet.managed.managed1!.resetRequestCounts();
    const second = synced(await agent.runOnce());
    expect(second.plan.actions).toEqual([]);
    const admin = fleet.admin.requestCounts();
    const local = fleet.managed.managed1!.requestCounts();
    expect(admin.updateStatus).toBe(1); // the VMC heartbeat only
    expect(admin.apply + admin.create + admin.replace + admin.delete).toBe(0);
    expect(local.apply + local.create + local.replace + local.delete + local.updateStatus).toBe(0);
  });
});
