import { describe, expect, it } from 'vitest';
import {
  ClusterError,
  ClusterErrorReason,
  fleetFromObjects,
  objectKey,
  parseAgentKubeconfig,
  renderObjects,
  type ClusterClient,
} from '../../../src/index.js';
import type { MemoryCluster } from '../../../src/memory.js';
import { loadExample } from '../../../src/cli/demo/examples.js';
import { fleetPath } from '../../support/corpus.js';
import { memoryFleet, type MemoryFleet } from '../../support/memory-fleet.js';

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

/** `client`, its calls answered 401 while `reject()` says so. */
function rejecting(client: ClusterClient, reject: () => boolean): ClusterClient {
  const unauthorized = () =>
    new ClusterError({ reason: ClusterErrorReason.Unauthorized, status: 401, message: 'Unauthorized' });
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        reject()
          ? Promise.reject(unauthorized())
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
}

describe('deregistration needs the revocation confirmed (D2, deviation)', () => {
  const agentSecrets = (fleet: MemoryFleet) =>
    fleet.managed
      .managed1!.snapshot()
      .filter((o) => o.kind === 'Secret' && o.metadata.namespace === 'verrazzano-system')
      .map((o) => o.metadata.name);

  /** An agent whose admin answers every call with 401 while `reject()` says so; counts its connections. */
  function flakyAgent(fleet: MemoryFleet, reject: () => boolean, deregisterAfterMs?: number) {
    const connections: string[] = [];
    const agent = fleet.agent('managed1', {
      ...(deregisterAfterMs === undefined ? {} : { deregisterAfterMs }),
      connectAdmin: (kubeconfig) => {
        connections.push(parseAgentKubeconfig(kubeconfig).token);
        return rejecting(fleet.admin.client({ token: parseAgentKubeconfig(kubeconfig).token }), reject);
      },
    });
    return { agent, connections };
  }

  it('D2: one 401 does not deregister; a 401 again 30 s later, on a new connection, does', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const { agent, connections } = flakyAgent(fleet, () => true);
    const first = await agent.runOnce();
    expect(first).toEqual({
      state: 'failed',
      cluster: 'managed1',
      reason:
        'the admin rejects the agent token; deregistering if that is still so on a new connection from 2026-11-27T10:00:30.000Z (D2)',
    });
    expect(agentSecrets(fleet)).toHaveLength(2);
    fleet.clock.advance(29);
    expect(await agent.runOnce()).toMatchObject({ state: 'failed' });
    expect(agentSecrets(fleet)).toHaveLength(2);
    fleet.clock.advance(1);
    expect(await agent.runOnce()).toEqual({
      state: 'deregistered',
      cluster: 'managed1',
      reason: 'the admin rejects the agent token',
    });
    expect(connections).toHaveLength(3); // each answer came through a connection of its own
    expect(agentSecrets(fleet)).toEqual([]);
  });

  it('D2: a 401 then a normal answer clears the suspicion; a later 401 starts over', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    let rejecting = true;
    const { agent } = flakyAgent(fleet, () => rejecting);
    expect(await agent.runOnce()).toMatchObject({ state: 'failed' });
    fleet.clock.advance(60);
    rejecting = false;
    expect(await agent.runOnce()).toMatchObject({ state: 'synced' });
    rejecting = true;
    fleet.clock.advance(60);
    expect(await agent.runOnce()).toMatchObject({
      state: 'failed',
      reason: expect.stringContaining('from 2026-11-27T10:02:30.000Z'),
    });
    expect(agentSecrets(fleet)).toHaveLength(2);
  });

  it('D2: a VMC that is gone deregisters only when it is still gone after the interval', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1'); // no admin pass: the VMC has no finalizer, so it goes at once
    const agent = fleet.agent('managed1', { deregisterAfterMs: 10_000 });
    await fleet.admin.client().delete({
      apiVersion: 'clusters.verrazzano.io/v1alpha1',
      kind: 'VerrazzanoManagedCluster',
      namespace: 'verrazzano-mc',
      name: 'managed1',
    });
    expect(await agent.runOnce()).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/^the VMC no longer exists; deregistering if that is still so/),
    });
    fleet.clock.advance(10);
    expect(await agent.runOnce()).toEqual({
      state: 'deregistered',
      cluster: 'managed1',
      reason: 'the VMC no longer exists',
    });
  });

  it("D2: the VMC and the registration Secret are read from the watch cache, and the cache's NotFound is confirmed by a quorum read before anything follows from it", async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    // The API server's watch cache a moment behind: it has neither object yet.
    const gets: string[] = [];
    const agent = fleet.agent('managed1', {
      deregisterAfterMs: 0,
      connectAdmin: (kubeconfig) => {
        const admin = fleet.admin.client({ token: parseAgentKubeconfig(kubeconfig).token });
        return new Proxy(admin, {
          get(target, property) {
            if (property !== 'get') return Reflect.get(target, property, target) as unknown;
            return (
              key: Parameters<ClusterClient['get']>[0],
              options?: Parameters<ClusterClient['get']>[1],
            ) => {
              gets.push(`${key.kind} ${options?.resourceVersion ?? 'latest'}`);
              if (options?.resourceVersion === '0' && key.kind === 'VerrazzanoManagedCluster')
                return Promise.reject(
                  new ClusterError({
                    reason: ClusterErrorReason.NotFound,
                    status: 404,
                    message: 'not found',
                  }),
                );
              return target.get(key, options);
            };
          },
        });
      },
    });
    // Deregistration would be at once (deregisterAfterMs 0): the quorum read finds the VMC, so none.
    expect(await agent.runOnce()).toMatchObject({ state: 'synced' });
    expect(agentSecrets(fleet)).toHaveLength(2);
    expect(gets).toEqual(['VerrazzanoManagedCluster 0', 'VerrazzanoManagedCluster latest', 'Secret 0']);
  });

  it('D2: deregisterAfterMs 0 deregisters at the first 401, as Verrazzano does', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const { agent } = flakyAgent(fleet, () => true, 0);
    expect(await agent.runOnce()).toMatchObject({ state: 'deregistered' });
    expect(agentSecrets(fleet)).toEqual([]);
  });
});
