import { describe, expect, it } from 'vitest';
import { fleetFromObjects, renderObjects, objectKey, type MemoryCluster } from '../../../src/index.js';
import { loadExample } from '../../../src/cli/demo/examples.js';
import { fleetPath } from '../../support/corpus.js';
import { memoryFleet } from '../../support/memory-fleet.js';

/** The ToDo application of vzmc's example fleet: a project on managed1, two Secrets, Components, the app. */
const todoObjects = () => loadExample(fleetPath('todo-list'));

/** Objects vzmc manages on a cluster, as kind/namespace/name. */
function managedKeys(cluster: MemoryCluster): string[] {
  return cluster
    .snapshot()
    .filter((o) => o.metadata.labels?.['vzmc.dev/managed'] === 'true' && o.kind !== 'ClusterRole')
    .map((o) => objectKey(o))
    .sort();
}

describe('the agent on in-memory clusters', () => {
  it('idles while the agent Secret does not exist (§7.1)', async () => {
    const fleet = memoryFleet();
    expect(await fleet.agent('managed1').runOnce()).toEqual({
      state: 'idle',
      reason: 'the agent Secret does not exist: not registered',
    });
  });

  it('one iteration after registration and deployment, managed1 holds exactly what render produces, and reports back', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const objects = await todoObjects();
    await fleet.applyAdmin(objects.filter((o) => o.kind === 'VerrazzanoProject'));
    await fleet.syncAdmin(); // P13: the project namespace exists on the admin before the app is applied there
    await fleet.applyAdmin(objects.filter((o) => o.kind !== 'VerrazzanoProject'));

    const report = await fleet.agent('managed1').runOnce();
    expect(report.state).toBe('synced');
    if (report.state !== 'synced') return;
    expect(report.results.filter((r) => r.outcome === 'failed')).toEqual([]);

    const adminObjects = fleet.admin.snapshot();
    const expected = renderObjects(fleetFromObjects(adminObjects), 'managed1')
      .map((o) => objectKey(o))
      .sort();
    expect(managedKeys(fleet.managed.managed1!)).toEqual(expected);

    const app = adminObjects.find((o) => o.kind === 'MultiClusterApplicationConfiguration')!;
    expect(app.status).toMatchObject({
      state: 'Succeeded',
      clusters: [{ name: 'managed1', state: 'Succeeded', message: 'OAM Application Configuration created' }],
      conditions: [
        {
          type: 'DeployComplete',
          status: 'True',
          message: 'managed1: OAM Application Configuration created',
        },
      ],
    });
    const vmc = adminObjects.find(
      (o) => o.kind === 'VerrazzanoManagedCluster' && o.metadata.name === 'managed1',
    )!;
    expect(vmc.status).toMatchObject({
      lastAgentConnectTime: '2026-11-27T10:00:00Z',
      kubernetes: { version: 'v1.34.4' },
    });
    // The state is the admin pass's to write (B12), not the agent's.
    expect((vmc.status as { state?: string }).state ?? '').toBe('');

    // A second iteration has nothing to do: reads only.
    const again = await fleet.agent('managed1').runOnce();
    expect(again.state === 'synced' && again.plan.actions).toEqual([]);
  });

  it('deregisters when its VMC is deleted, and leaves the applications running (D2)', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const objects = await todoObjects();
    await fleet.applyAdmin(objects.filter((o) => o.kind === 'VerrazzanoProject'));
    await fleet.syncAdmin();
    await fleet.applyAdmin(objects.filter((o) => o.kind !== 'VerrazzanoProject'));
    await fleet.agent('managed1').runOnce();
    const before = managedKeys(fleet.managed.managed1!);
    await fleet.admin.client().delete({
      apiVersion: 'clusters.verrazzano.io/v1alpha1',
      kind: 'VerrazzanoManagedCluster',
      namespace: 'verrazzano-mc',
      name: 'managed1',
    });
    const report = await fleet.agent('managed1').runOnce();
    expect(report).toMatchObject({
      state: 'deregistered',
      cluster: 'managed1',
      // The admin pass put Verrazzano's finalizer on the VMC (D1): it is being deleted until the next pass.
      reason: 'the VMC is being deleted',
    });
    const secrets = fleet.managed
      .managed1!.snapshot()
      .filter((o) => o.kind === 'Secret' && o.metadata.namespace === 'verrazzano-system');
    expect(secrets).toEqual([]);
    expect(managedKeys(fleet.managed.managed1!)).toEqual(before);
    expect(await fleet.agent('managed1').runOnce()).toMatchObject({ state: 'idle' });
  });
});
