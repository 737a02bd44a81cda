/**
 * Steady state under each wiring: once the agent and the admin controller have converged, a further
 * round (an admin pass, then an agent iteration) plans nothing and writes nothing on either cluster
 * but the VMC status heartbeat (§4.6: `lastAgentConnectTime`, written on every iteration).
 * Under the secure wiring this needs the admin's passes: the agent reads the share the admin
 * renders, and its reports reach the admin objects only when a pass folds them in (S4).
 */
import { describe, expect, it } from 'vitest';
import { ClusterError, ClusterErrorReason, objectKey, Wiring, type KubeObject } from '../../../src/index.js';
import { loadExample } from '../../../src/cli/demo/examples.js';
import { fleetPath } from '../../support/corpus.js';
import { memoryFleet } from '../../support/memory-fleet.js';

const WRITES = ['create', 'replace', 'apply', 'patch', 'delete', 'updateStatus'] as const;

function writes(counts: Readonly<Record<string, number>>): Record<string, number> {
  const written: Record<string, number> = {};
  for (const verb of WRITES) if (counts[verb]) written[verb] = counts[verb];
  return written;
}

function versions(objects: readonly KubeObject[]): Record<string, string | undefined> {
  return Object.fromEntries(objects.map((o) => [objectKey(o), o.metadata.resourceVersion]));
}

describe('steady state', () => {
  for (const wiring of [Wiring.ClusterNamespace, Wiring.Verrazzano]) {
    it(`${wiring} wiring: after convergence a round plans nothing and writes nothing on either cluster, the VMC heartbeat apart (S4)`, async () => {
      const fleet = memoryFleet(['managed1']);
      await fleet.register('managed1', wiring);
      const objects = await loadExample(fleetPath('todo-list'));
      await fleet.applyAdmin(objects.filter((o) => o.kind === 'VerrazzanoProject'));
      await fleet.syncAdmin();
      await fleet.applyAdmin(objects.filter((o) => o.kind !== 'VerrazzanoProject'));
      const agent = fleet.agent('managed1');
      let rounds = 0;
      for (let empty = false; !empty; rounds++) {
        expect(rounds, 'rounds to converge').toBeLessThan(4);
        await fleet.syncAdmin();
        const report = await agent.runOnce();
        expect(report.state).toBe('synced');
        empty = report.state === 'synced' && report.plan.actions.length === 0;
      }
      await fleet.syncAdmin();
      const managed = fleet.managed.managed1!;
      const before = versions(fleet.admin.snapshot());
      fleet.admin.resetRequestCounts();
      managed.resetRequestCounts();
      await fleet.syncAdmin();
      const report = await agent.runOnce();
      expect(report.state === 'synced' && report.plan.actions).toEqual([]);
      expect(writes(fleet.admin.requestCounts())).toEqual({ updateStatus: 1 });
      expect(writes(managed.requestCounts())).toEqual({});
      // The one admin write is the VMC heartbeat, which the fixed clock makes a no-op: no
      // resourceVersion moved on the admin.
      const after = versions(fleet.admin.snapshot());
      expect(Object.keys(after).filter((key) => after[key] !== before[key])).toEqual([]);
    });
  }
});

describe('the VMC heartbeat (§4.6)', () => {
  const converged = async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    const agent = fleet.agent('managed1');
    await agent.runOnce();
    await agent.runOnce();
    fleet.admin.resetRequestCounts();
    return { fleet, agent };
  };

  it('is written from the VMC the iteration read for its registration check: one VMC read per iteration', async () => {
    const { fleet, agent } = await converged();
    fleet.clock.advance(60);
    expect(await agent.runOnce()).toMatchObject({ state: 'synced', reportWritten: true });
    // The VMC once (the registration check) and the registration Secret once (§4.5); every other
    // admin read of the iteration is a list.
    expect(fleet.admin.requestCounts()).toMatchObject({ get: 2, updateStatus: 1 });
    const vmc = fleet.admin.snapshot().find((o) => o.kind === 'VerrazzanoManagedCluster');
    const heartbeat = (vmc as { status?: { lastAgentConnectTime?: string } }).status?.lastAgentConnectTime;
    expect(Date.parse(heartbeat ?? '')).toBe(fleet.clock().getTime());
  });

  it('a VMC changed since that read fails the write with Conflict; the VMC is read again and the heartbeat still lands', async () => {
    const { fleet, agent } = await converged();
    fleet.clock.advance(60);
    fleet.admin.injectFault(
      { verb: 'updateStatus', kind: 'VerrazzanoManagedCluster', times: 1 },
      new ClusterError({
        reason: ClusterErrorReason.Conflict,
        status: 409,
        message: 'the object has been modified',
      }),
    );
    expect(await agent.runOnce()).toMatchObject({ state: 'synced', reportWritten: true });
    expect(fleet.admin.requestCounts()).toMatchObject({ get: 3, updateStatus: 2 });
    const vmc = fleet.admin.snapshot().find((o) => o.kind === 'VerrazzanoManagedCluster');
    const heartbeat = (vmc as { status?: { lastAgentConnectTime?: string } }).status?.lastAgentConnectTime;
    expect(Date.parse(heartbeat ?? '')).toBe(fleet.clock().getTime());
  });
});
