/**
 * The VMC fan-out of the wiring `verrazzano` (issue 16): an agent reads other clusters' VMCs only
 * for their wiring (P17), so it lists only the VMCs registration labels `cluster-namespace`, and the
 * heartbeats of the other clusters of its wiring (one VMC status update each per iteration) are no
 * events on its watches. Listing every VMC made them K² events a minute across the fleet.
 */
import { describe, expect, it } from 'vitest';
import { Wiring, type KubeObject } from '../../../src/index.js';
import type { ClusterClient, WatchEvent } from '../../../src/port/client.js';
import { cachedClient, createListCache } from '../../../src/agent/informer.js';
import { readAdminSnapshot, readLocalSnapshot } from '../../../src/agent/snapshots.js';
import { objectsOf } from '../../../src/sync-plan/snapshot.js';
import { memoryFleet } from '../../support/memory-fleet.js';
import { until } from '../../support/event-driven.js';

const PROJECT: KubeObject = {
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind: 'VerrazzanoProject',
  metadata: { name: 'shop', namespace: 'verrazzano-mc' },
  spec: {
    template: { namespaces: [{ metadata: { name: 'shop' } }] },
    placement: { clusters: [{ name: 'managed1' }, { name: 'managed2' }, { name: 'managed3' }] },
  },
};

/** managed1 and managed2 wired as Verrazzano wires them, managed3 through its own namespace. */
async function mixedFleet() {
  const fleet = memoryFleet(['managed1', 'managed2', 'managed3']);
  await fleet.register('managed1');
  await fleet.register('managed2');
  await fleet.register('managed3', Wiring.ClusterNamespace);
  await fleet.applyAdmin([PROJECT]);
  await fleet.syncAdmin();
  return fleet;
}

/** `client`, counting the watch events of `kind` it delivers. */
function countingEvents(
  client: ClusterClient,
  kind: string,
): { client: ClusterClient; events: () => number } {
  let events = 0;
  const watch = client.watch?.bind(client);
  if (!watch) throw new Error('the memory client watches');
  const counting: ClusterClient = Object.assign(Object.create(client) as ClusterClient, {
    watch: (
      apiVersion: string,
      watched: string,
      options: object,
      onEvent: (e: WatchEvent) => void,
      onError?: (e: unknown) => void,
    ) =>
      watch(
        apiVersion,
        watched,
        options,
        (e) => {
          if (watched === kind && e.type !== 'BOOKMARK') events++;
          onEvent(e);
        },
        onError,
      ),
  });
  return { client: counting, events: () => events };
}

/** A heartbeat on `cluster`'s VMC, as its agent writes one. */
async function heartbeat(admin: ClusterClient, cluster: string, at: string): Promise<void> {
  const vmc = await admin.get({
    apiVersion: 'clusters.verrazzano.io/v1alpha1',
    kind: 'VerrazzanoManagedCluster',
    namespace: 'verrazzano-mc',
    name: cluster,
  });
  const status = (vmc.status ?? {}) as { state?: string };
  await admin.updateStatus({
    ...vmc,
    status: { ...status, state: status.state ?? 'Active', lastAgentConnectTime: at },
  });
}

describe('the VMC fan-out of the wiring verrazzano (issue 16, P17)', () => {
  it("an agent of the wiring verrazzano reads only the VMCs labelled cluster-namespace: another cluster's heartbeat is no event on its watch", async () => {
    const fleet = await mixedFleet();
    const admin = fleet.admin.client();
    const { client, events } = countingEvents(admin, 'VerrazzanoManagedCluster');
    let changes = 0;
    const cache = createListCache({ client, onChange: () => changes++ });
    try {
      const local = await readLocalSnapshot(fleet.managed.managed1!.client());
      const snapshot = await readAdminSnapshot(cachedClient(client, cache), 'managed1', local);
      const vmcs = objectsOf(snapshot, 'clusters.verrazzano.io/v1alpha1', 'VerrazzanoManagedCluster');
      expect(vmcs.map((v) => v.metadata.name)).toEqual(['managed3']);
      await heartbeat(admin, 'managed2', '2026-11-27T10:01:00Z');
      await heartbeat(admin, 'managed1', '2026-11-27T10:01:00Z');
      // The labelled VMC's heartbeat does reach the watch; by then the others' would have too.
      await heartbeat(admin, 'managed3', '2026-11-27T10:01:00Z');
      await until(() => events() === 1, 2_000, "managed3's heartbeat on the watch");
      expect(events()).toBe(1);
      // The cache saw one change, managed3's (unlike the agent's cache, this one is not told to
      // ignore status-only changes: agent-events.ts).
      expect(changes).toBe(1);
    } finally {
      cache.stop();
    }
  });

  it('the agent still binds the project namespace for managed2 and not for managed3, whose wiring needs none (P17)', async () => {
    const fleet = await mixedFleet();
    const report = await fleet.agent('managed1').runOnce();
    expect(report.state).toBe('synced');
    const bindings = await fleet.managed
      .managed1!.client()
      .list('rbac.authorization.k8s.io/v1', 'RoleBinding', { namespace: 'shop' });
    const names = bindings.items.map((b) => b.metadata.name);
    expect(names).toContain('verrazzano-cluster-managed1');
    expect(names).toContain('verrazzano-cluster-managed2');
    expect(names).not.toContain('verrazzano-cluster-managed3');
  });

  it('registration labels the VMC of the wiring cluster-namespace, and only that one', async () => {
    const fleet = await mixedFleet();
    const vmcs = await fleet.admin
      .client()
      .list('clusters.verrazzano.io/v1alpha1', 'VerrazzanoManagedCluster', { namespace: 'verrazzano-mc' });
    expect(Object.fromEntries(vmcs.items.map((v) => [v.metadata.name, v.metadata.labels ?? {}]))).toEqual({
      managed1: {},
      managed2: {},
      managed3: { 'vzmc.dev/wiring': 'cluster-namespace' },
    });
  });
});
