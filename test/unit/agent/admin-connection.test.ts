import { describe, expect, it } from 'vitest';
import { ClusterError, ClusterErrorReason, parseAgentKubeconfig } from '../../../src/index.js';
import type { Secret } from '../../../src/model/core.js';
import type { KubeObject } from '../../../src/model/meta.js';
import { ClusterObjectNames, Namespaces } from '../../../src/model/names.js';
import { memoryFleet, type MemoryFleet } from '../../support/memory-fleet.js';

const AGENT_SECRET = {
  apiVersion: 'v1',
  kind: 'Secret',
  namespace: 'verrazzano-system',
  name: 'verrazzano-cluster-agent',
};
const VMC = {
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind: 'VerrazzanoManagedCluster',
  namespace: 'verrazzano-mc',
  name: 'managed1',
};

/** An agent on managed1 whose connections are recorded: the token each used, and whether it was closed. */
function countingAgent(fleet: MemoryFleet, deregisterAfterMs?: number) {
  const connections: { token: string; closed: boolean }[] = [];
  const agent = fleet.agent('managed1', {
    ...(deregisterAfterMs === undefined ? {} : { deregisterAfterMs }),
    connectAdmin: (kubeconfig) => {
      const token = parseAgentKubeconfig(kubeconfig).token;
      const connection = { token, closed: false };
      connections.push(connection);
      // A client with `close`, as the k8s adapter's has.
      return Object.assign(fleet.admin.client({ token }), {
        close: () => {
          connection.closed = true;
        },
      });
    },
  });
  return { agent, connections };
}

/** Rotates managed1's token: a new one from the TokenRequest API, written into the agent Secret. */
async function rotateToken(fleet: MemoryFleet): Promise<string> {
  const local = fleet.managed.managed1!.client();
  const secret = await local.get<Secret & KubeObject>(AGENT_SECRET);
  const kubeconfig = Buffer.from(secret.data!['admin-kubeconfig']!, 'base64').toString('utf8');
  const old = parseAgentKubeconfig(kubeconfig).token;
  const token = await fleet.admin
    .client()
    .requestToken(Namespaces.VerrazzanoMc, ClusterObjectNames.serviceAccount('managed1'));
  const rotated = Buffer.from(kubeconfig.replace(old, token)).toString('base64');
  await local.replace({ ...secret, data: { ...secret.data, 'admin-kubeconfig': rotated } });
  return token;
}

describe('the agent keeps its admin connection between iterations (issue 16)', () => {
  it('steady iterations reuse one connection: connectAdmin is called once over 5 iterations', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const { agent, connections } = countingAgent(fleet);
    for (let i = 0; i < 5; i++) {
      expect(await agent.runOnce()).toMatchObject({ state: 'synced' });
      fleet.clock.advance(60);
    }
    expect(connections).toHaveLength(1);
    expect(connections[0]!.closed).toBe(false);
  });

  it('a rotated token in the agent Secret gets a new connection, and the old one is closed', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const { agent, connections } = countingAgent(fleet);
    await agent.runOnce();
    await agent.runOnce();
    const token = await rotateToken(fleet);
    expect(await agent.runOnce()).toMatchObject({ state: 'synced' });
    expect(await agent.runOnce()).toMatchObject({ state: 'synced' });
    expect(connections.map((c) => c.closed)).toEqual([true, false]);
    expect(connections[1]!.token).toBe(token);
  });

  it('D2: a suspected revocation is confirmed only on a new connection, after the interval', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1'); // no admin pass: the VMC has no finalizer, so it goes at once
    const { agent, connections } = countingAgent(fleet, 30_000);
    expect(await agent.runOnce()).toMatchObject({ state: 'synced' });
    await fleet.admin.client().delete(VMC);
    // Seen on the kept connection: suspected, nothing deleted.
    expect(await agent.runOnce()).toMatchObject({ state: 'failed' });
    expect(connections).toHaveLength(1);
    // Within the interval: a new connection, still only suspected.
    fleet.clock.advance(10);
    expect(await agent.runOnce()).toMatchObject({ state: 'failed' });
    expect(connections).toHaveLength(2);
    // After the interval, on yet another connection: confirmed.
    fleet.clock.advance(20);
    expect(await agent.runOnce()).toEqual({
      state: 'deregistered',
      cluster: 'managed1',
      reason: 'the VMC no longer exists',
    });
    expect(connections).toHaveLength(3);
    expect(connections.every((c) => c.closed)).toBe(true); // deregistered: none is kept
  });

  it('D2: a suspicion cleared by a normal answer keeps the new connection from then on', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const { agent, connections } = countingAgent(fleet, 30_000);
    await agent.runOnce();
    const fault = fleet.admin.injectFault(
      { verb: 'get', kind: 'VerrazzanoManagedCluster' },
      new ClusterError({ reason: ClusterErrorReason.NotFound, status: 404, message: 'not found' }),
    );
    expect(await agent.runOnce()).toMatchObject({ state: 'failed' });
    fault.clear();
    expect(await agent.runOnce()).toMatchObject({ state: 'synced' }); // on a new connection
    expect(await agent.runOnce()).toMatchObject({ state: 'synced' });
    expect(connections).toHaveLength(2);
  });

  it('a transport failure talking to the admin gets a new connection the next iteration; a 503 does not', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const { agent, connections } = countingAgent(fleet);
    await agent.runOnce();
    // A server that answered 503: the connection is fine.
    fleet.admin.injectFault(
      { verb: 'get', kind: 'VerrazzanoManagedCluster', times: 1 },
      new ClusterError({ reason: ClusterErrorReason.Unavailable, status: 503, message: 'unavailable' }),
    );
    await agent.runOnce();
    expect(connections).toHaveLength(1);
    // No answer at all: the next iteration connects anew.
    fleet.admin.injectFault(
      { verb: 'get', kind: 'VerrazzanoManagedCluster', times: 1 },
      new ClusterError({ reason: ClusterErrorReason.Unavailable, message: 'connect ECONNRESET' }),
    );
    expect(await agent.runOnce()).toMatchObject({
      state: 'failed',
      reason: expect.stringContaining('unreachable'),
    });
    expect(connections).toHaveLength(1);
    expect(await agent.runOnce()).toMatchObject({ state: 'synced' });
    expect(connections.map((c) => c.closed)).toEqual([true, false]);
  });

  it('the event-driven loop keeps one connection across iterations and closes it when it ends', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const { agent, connections } = countingAgent(fleet);
    const abort = new AbortController();
    let iterations = 0;
    await agent.run(abort.signal, () => {
      if (++iterations === 4) abort.abort();
    });
    expect(iterations).toBe(4);
    expect(connections).toHaveLength(1);
    expect(connections[0]!.closed).toBe(true);
  });
});
