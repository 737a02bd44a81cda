/**
 * Issue 16: the admin pass folds the agents' reports (the secure wiring) into the wrappers it read
 * for its plan and writes each with that copy's resourceVersion, as a controller writes from its
 * informer's cache: one request per changed wrapper and none for the rest. Only on Conflict does it
 * read the wrapper again, refold and write, so another writer's change in between is kept.
 */
import { describe, expect, it } from 'vitest';
import { Wiring, type ClusterClient, type KubeObject } from '../../../src/index.js';
import { syncAdmin } from '../../../src/agent-entry.js';
import { mccm, project } from '../../support/fleet.js';
import { memoryFleet, type MemoryFleet } from '../../support/memory-fleet.js';

type Wrapper = KubeObject & {
  spec: { placement: { clusters: { name: string }[] } };
  status?: {
    state?: string;
    clusters?: { name: string; state: string; message?: string; lastUpdateTime?: string }[];
    conditions?: { type: string; status: string; message?: string; lastTransitionTime?: string }[];
  };
};

const WRAPPERS = 30;
const KEY = (name: string) => ({
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind: 'MultiClusterConfigMap',
  namespace: 'a',
  name,
});

/** managed1 registered with the secure wiring, 30 wrappers synced and reported, not yet folded. */
async function reported(): Promise<MemoryFleet> {
  const fleet = memoryFleet(['managed1', 'managed2']);
  await fleet.register('managed1', Wiring.ClusterNamespace);
  await fleet.register('managed2', Wiring.ClusterNamespace);
  await fleet.applyAdmin([project('p', ['a'], ['managed1', 'managed2'])]);
  await fleet.syncAdmin();
  const wrappers = Array.from({ length: WRAPPERS }, (_, i) => mccm(`cm${i}`, 'a', ['managed1']));
  await fleet.applyAdmin(wrappers);
  await fleet.syncAdmin(); // renders managed1's share
  const report = await fleet.agent('managed1').runOnce();
  expect(report.state).toBe('synced');
  return fleet;
}

const options = (fleet: MemoryFleet) => ({
  clock: () => fleet.clock(),
  random: () => 0.5,
  sleep: () => Promise.resolve(),
});

/** `client`, with `before` run once just before its first status write of `name`. */
function interposed(client: ClusterClient, name: string, before: () => Promise<void>): ClusterClient {
  let done = false;
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'updateStatus' || typeof value !== 'function') return value;
      return async (object: KubeObject, ...rest: unknown[]) => {
        if (!done && object.metadata.name === name) {
          done = true;
          await before();
        }
        return (value as (...a: unknown[]) => Promise<unknown>).call(target, object, ...rest);
      };
    },
  });
}

describe('the admin pass writes status from what it read (issue 16)', () => {
  it('S4: 30 reports fold with one status write per wrapper and no read of any wrapper; the next pass sends nothing for them', async () => {
    const fleet = await reported();
    fleet.admin.resetRequestCounts();
    const pass = await fleet.syncAdmin();
    const folded = pass.results.filter((r) => r.op === 'status' && r.kind === 'MultiClusterConfigMap');
    expect(folded.map((r) => r.outcome)).toEqual(Array.from({ length: WRAPPERS }, () => 'reported'));
    const counts = fleet.admin.requestCounts();
    expect(counts.get ?? 0).toBe(0);
    // And the project's report and managed1's VMC state (Active after its first connect).
    expect(counts.updateStatus).toBe(WRAPPERS + 2);
    for (let i = 0; i < WRAPPERS; i++) {
      const w = await fleet.admin.client().get<Wrapper>(KEY(`cm${i}`));
      expect(w.status?.clusters).toEqual([expect.objectContaining({ name: 'managed1', state: 'Succeeded' })]);
      expect(w.status?.state).toBe('Succeeded');
    }

    fleet.admin.resetRequestCounts();
    const next = await fleet.syncAdmin();
    // Only managed1's VMC moves on (its state's second evaluation after the connect, B12).
    const written = next.results.filter((r) => r.outcome === 'reported');
    expect(written.map((r) => r.kind)).toEqual(['VerrazzanoManagedCluster']);
    const again = fleet.admin.requestCounts();
    expect(again.get ?? 0).toBe(0);
    expect(again.updateStatus).toBe(1);
  });

  it('S4, S1: a wrapper whose spec and status another writer changed after the pass read it: the write conflicts, the pass reads it again and refolds, and keeps every change of theirs', async () => {
    const fleet = await reported();
    const other = fleet.admin.client();
    const theirs = async () => {
      // Another writer, between the pass's read and its write: managed2's entry and a condition in
      // the status, then managed2 added to the placement and a label in the spec's object.
      const live = await other.get<Wrapper>(KEY('cm7'));
      await other.updateStatus({
        ...live,
        status: {
          ...live.status,
          clusters: [
            { name: 'managed2', state: 'Failed', message: 'theirs', lastUpdateTime: '2026-11-27T09:00:00Z' },
          ],
          conditions: [
            {
              type: 'DeployFailed',
              status: 'True',
              message: 'theirs',
              lastTransitionTime: '2026-11-27T09:00:00Z',
            },
          ],
        },
      });
      const moved = await other.get<Wrapper>(KEY('cm7'));
      await other.replace({
        ...moved,
        metadata: { ...moved.metadata, labels: { ...moved.metadata.labels, theirs: 'yes' } },
        spec: { ...moved.spec, placement: { clusters: [{ name: 'managed1' }, { name: 'managed2' }] } },
      });
    };
    const admin = interposed(fleet.admin.client(), 'cm7', theirs);
    fleet.admin.resetRequestCounts();
    const pass = await syncAdmin(admin, { ...options(fleet), reads: fleet.admin.client() });
    expect(pass.results.filter((r) => r.outcome === 'failed')).toEqual([]);
    const cm7 = pass.results.find((r) => r.op === 'status' && r.name === 'cm7');
    expect(cm7?.outcome).toBe('reported');
    const counts = fleet.admin.requestCounts();
    // Theirs: two reads, one status write (and a replace). Ours: one read, after the Conflict, and
    // one write per changed object (30 wrappers, the project, the VMC) plus the one that conflicted.
    expect(counts.get).toBe(2 + 1);
    expect(counts.updateStatus).toBe(1 + WRAPPERS + 2 + 1);
    expect(counts.replace).toBe(1);

    const w = await fleet.admin.client().get<Wrapper>(KEY('cm7'));
    expect(w.metadata.labels?.['theirs']).toBe('yes');
    expect(w.spec.placement.clusters.map((c) => c.name)).toEqual(['managed1', 'managed2']);
    expect(w.status?.clusters).toEqual([
      { name: 'managed2', state: 'Failed', message: 'theirs', lastUpdateTime: '2026-11-27T09:00:00Z' },
      expect.objectContaining({ name: 'managed1', state: 'Succeeded' }),
    ]);
    expect(w.status?.conditions).toContainEqual({
      type: 'DeployFailed',
      status: 'True',
      message: 'theirs',
      lastTransitionTime: '2026-11-27T09:00:00Z',
    });
    // The state is the refold's, over the new placement: managed2 failed (S1).
    expect(w.status?.state).toBe('Failed');
    // The other wrappers were written from the pass's copy, as before.
    const cm8 = await fleet.admin.client().get<Wrapper>(KEY('cm8'));
    expect(cm8.status?.clusters).toEqual([expect.objectContaining({ name: 'managed1', state: 'Succeeded' })]);
  });
});
