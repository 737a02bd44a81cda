/**
 * The delete guard across time (issue 13): deletes per window, summed over iterations, on small
 * clusters too; in virtual time on the in-memory fleet.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/index.js';
import type { IterationReport } from '../../../src/agent-entry.js';
import { loadExample } from '../../../src/cli/demo/examples.js';
import { fleetPath } from '../../support/corpus.js';
import { memoryFleet, type MemoryFleet } from '../../support/memory-fleet.js';

const MC = 'clusters.verrazzano.io/v1alpha1';

async function deployed(app: string): Promise<{ fleet: MemoryFleet; objects: KubeObject[] }> {
  const fleet = memoryFleet();
  await fleet.register('managed1');
  const objects = await loadExample(fleetPath(app));
  await fleet.applyAdmin(objects.filter((o) => o.kind === 'VerrazzanoProject'));
  await fleet.syncAdmin();
  await fleet.applyAdmin(objects.filter((o) => o.kind !== 'VerrazzanoProject'));
  await fleet.agent('managed1').runOnce();
  return { fleet, objects };
}

async function deleteOnAdmin(fleet: MemoryFleet, objects: KubeObject[], kind: string): Promise<void> {
  for (const o of objects.filter((x) => x.kind === kind)) {
    await fleet.admin.client().delete({
      apiVersion: MC,
      kind,
      namespace: o.metadata.namespace ?? '',
      name: o.metadata.name ?? '',
    });
  }
}

const deletes = (report: IterationReport) =>
  report.state === 'synced' ? report.plan.actions.filter((a) => a.op === 'delete') : [];
const outcomes = (report: IterationReport) =>
  report.state === 'synced' ? report.results.filter((r) => r.op === 'delete').map((r) => r.outcome) : [];

describe('the delete guard across iterations (issue 13)', () => {
  it('counts the deletes of earlier iterations in the window, and allows them again once it has passed', async () => {
    // Only the window limits here: the per-plan guard is off, and the budget is exactly minDeletes.
    const plan = { maxDeleteFraction: 0, guardMinObjects: 1_000 };
    // How many deletes each step makes, measured on a fleet without the window.
    const steps = ['MultiClusterConfigMap', 'MultiClusterApplicationConfiguration'];
    const measured = await deployed('hello-helidon');
    const unlimited = measured.fleet.agent('managed1', {
      plan,
      deleteWindow: { windowMs: 600_000, minDeletes: 1_000 },
    });
    const counts: number[] = [];
    for (const kind of steps) {
      await deleteOnAdmin(measured.fleet, measured.objects, kind);
      counts.push(outcomes(await unlimited.runOnce()).length);
    }
    const [first, second] = counts as [number, number];
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    const budget = Math.max(first, second); // each step fits, both together do not

    const { fleet, objects } = await deployed('hello-helidon');
    const agent = fleet.agent('managed1', { plan, deleteWindow: { windowMs: 600_000, minDeletes: budget } });
    await deleteOnAdmin(fleet, objects, steps[0]!);
    expect(outcomes(await agent.runOnce())).toEqual(Array(first).fill('deleted'));

    await deleteOnAdmin(fleet, objects, steps[1]!);
    fleet.clock.advance(9 * 60);
    const blocked = await agent.runOnce();
    if (blocked.state !== 'synced') throw new Error(blocked.reason);
    expect(outcomes(blocked)).toEqual(Array(second).fill('blocked'));
    expect(deletes(blocked)[0]!.blocked).toBe(
      `${first} deleted in the last 10 min and ${second} more would exceed ${budget} per 10 min (the larger of ${budget} and 0% of ${blocked.plan.guard.managed + first} managed objects)`,
    );
    expect(blocked.plan.guard).toMatchObject({
      tripped: true,
      window: { recent: first, budget, windowMs: 600_000 },
    });

    fleet.clock.advance(60); // the first deletes are now 10 minutes old: out of the window
    expect(outcomes(await agent.runOnce())).toEqual(Array(second).fill('deleted'));
  });

  it('applies on small clusters, below the 20 objects the per-plan guard needs', async () => {
    const { fleet, objects } = await deployed('todo-list');
    await deleteOnAdmin(fleet, objects, 'MultiClusterApplicationConfiguration');
    const report = await fleet
      .agent('managed1', { deleteWindow: { windowMs: 600_000, minDeletes: 3 } })
      .runOnce();
    if (report.state !== 'synced') throw new Error(report.reason);
    expect(report.plan.guard.managed).toBeLessThan(20);
    expect(deletes(report).length).toBeGreaterThan(Math.max(3, report.plan.guard.managed / 2));
    expect(outcomes(report).every((o) => o === 'blocked')).toBe(true);
    // With the default window (10 deletes per 10 minutes), the same removal runs.
    const allowed = await fleet.agent('managed1').runOnce();
    expect(outcomes(allowed).every((o) => o === 'deleted')).toBe(true);
  });
});
