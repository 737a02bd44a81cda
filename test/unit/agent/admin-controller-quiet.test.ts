/**
 * The admin controller's own writes (namespaces, RoleBindings, unwrapped objects, `local` status
 * in the wrappers) are events on kinds it watches. They must not feed each other: once the fleet
 * has converged, the controller is quiet until the next resync, and that resync plans nothing.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../src/adapters/memory/index.js';
import { createAdminController, type AdminPassReport } from '../../../src/agent/admin-controller.js';
import { mccm, mcsecret, project, vmc } from '../../support/fleet.js';
import { virtualTime } from '../../support/virtual-time.js';

describe('admin controller after convergence', () => {
  it('its own writes settle within a pass or two, then no pass runs until the resync, which plans nothing (P13, P15)', async () => {
    const time = virtualTime();
    const admin = createMemoryCluster({ name: 'admin', clock: time.clock });
    const client = admin.client();
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'verrazzano-mc' } });
    for (const name of ['managed1', 'managed2']) await client.create(vmc(name));
    await client.create(project('p1', ['app1'], ['local', 'managed1']));
    await client.create(project('p2', ['app2'], ['managed1', 'managed2']));
    const reports: AdminPassReport[] = [];
    const abort = new AbortController();
    const controller = createAdminController({
      admin: client,
      clock: time.clock,
      sleep: time.sleep,
      random: () => 1,
      resyncPeriodMs: 3_600_000,
    });
    const finished = controller.run(abort.signal, (report) => reports.push(report));
    await time.settle();
    await time.advance(5_000);
    await client.create(mccm('cm1', 'app1', ['local', 'managed1']));
    await client.create(mcsecret('s1', 'app1', ['local']));
    await time.advance(5_000);
    expect(reports.some((r) => r.results.some((x) => x.outcome === 'applied'))).toBe(true);
    expect(reports.every((r) => r.results.every((x) => x.outcome !== 'failed'))).toBe(true);
    const settled = reports.length;
    expect(settled).toBeLessThanOrEqual(6);
    expect(reports.at(-1)?.plan.actions).toEqual([]);
    await time.advance(3_000_000);
    expect(reports.length).toBe(settled);
    await time.advance(700_000);
    expect(reports.slice(settled).map((r) => r.trigger)).toEqual(['resync']);
    expect(reports.at(-1)?.plan.actions).toEqual([]);
    abort.abort();
    await finished;
  });
});
