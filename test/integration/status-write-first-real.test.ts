/**
 * Issue 16: the status writes of an admin pass fold into the copy the plan read and write with its
 * resourceVersion; a real API server answers a stale copy with 409 Conflict, and the write then
 * reads the wrapper again and refolds. Nothing another writer did in between is lost: their status
 * entry, their spec change, and their `managedFields` entries (the write sends none, so the server
 * keeps the live ones).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClusterClient, KubeObject } from '../../src/index.js';
import { writeStatusGroup } from '../../src/agent/execute-status.js';
import type { ExecuteDeps } from '../../src/agent/execute-types.js';
import { silentLogger } from '../../src/agent/logger.js';
import { SyncOp, SyncTarget, type SyncAction } from '../../src/sync-plan/types.js';
import { Phase } from '../../src/desired/order.js';
import { ensureCrds, harnessClient } from '../support/harness.js';

const admin = harnessClient('admin');
const NS = `h26-fold-${Date.now().toString(36)}`;
const API = 'clusters.verrazzano.io/v1alpha1';
const key = { apiVersion: API, kind: 'MultiClusterConfigMap', namespace: NS, name: 'greeting' };
type Wrapper = KubeObject & {
  spec: { placement: { clusters: { name: string }[] } };
  status?: { state?: string; clusters?: { name: string; state: string; message?: string }[] };
};

const wrapper = (name: string, clusters: string[]): KubeObject => ({
  apiVersion: API,
  kind: 'MultiClusterConfigMap',
  metadata: { name, namespace: NS },
  spec: {
    template: { metadata: {}, data: { hello: 'world' } },
    placement: { clusters: clusters.map((c) => ({ name: c })) },
  },
});

/** managed1's report of `name`: Succeeded. */
const report = (name: string): SyncAction => ({
  key: `admin:${API}/MultiClusterConfigMap/${NS}/${name}#managed1`,
  op: SyncOp.Status,
  target: SyncTarget.Admin,
  apiVersion: API,
  kind: 'MultiClusterConfigMap',
  namespace: NS,
  name,
  phase: Phase.Status,
  reason: 'fold managed1',
  ruleId: 'S4',
  status: {
    cluster: 'managed1',
    condition: {
      type: 'DeployComplete',
      status: 'True',
      message: 'managed1: ConfigMap created',
      lastTransitionTime: '2026-12-07T02:00:00Z',
    },
  },
  dependsOn: [],
});

const deps = (client: ClusterClient, observed: KubeObject): ExecuteDeps => ({
  local: client,
  admin: client,
  clock: () => new Date('2026-12-07T02:00:00Z'),
  random: () => 0.5,
  sleep: () => Promise.resolve(),
  logger: silentLogger,
  observed: (k) => (k.name === observed.metadata.name ? observed : undefined),
});

/** Counts the calls of `client` by method. */
function counted(client: ClusterClient, counts: Record<string, number>): ClusterClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        counts[property] = (counts[property] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const managers = (o: KubeObject) =>
  (o.metadata.managedFields ?? []).map((e) => `${e.manager}/${e.operation}/${e.subresource ?? ''}`).sort();

beforeAll(async () => {
  await ensureCrds(admin);
  await admin.apply(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    { fieldManager: 'kubectl' },
  );
}, 120_000);

describe('status writes from the plan’s copy on a real API server (issue 16)', () => {
  it('S4: a current copy: one status write, no read, and every manager’s managedFields entry stays', async () => {
    await admin.apply(wrapper('current', ['managed1']), { fieldManager: 'kubectl', force: true });
    const copy = await admin.get<Wrapper>({ ...key, name: 'current' });
    const counts: Record<string, number> = {};
    const outcomes = await writeStatusGroup(
      [{ action: report('current'), failure: undefined }],
      deps(counted(admin, counts), copy),
    );
    expect(outcomes).toEqual(['reported']);
    expect(counts).toEqual({ updateStatus: 1 });
    const live = await admin.get<Wrapper>({ ...key, name: 'current' });
    expect(live.status?.clusters).toEqual([
      expect.objectContaining({ name: 'managed1', state: 'Succeeded' }),
    ]);
    expect(managers(live)).toEqual(expect.arrayContaining(managers(copy)));
  });

  it('S4, S1: a stale copy (another writer changed status and spec since): 409, then a read and a refold that keeps all of theirs', async () => {
    await admin.apply(wrapper('greeting', ['managed1']), { fieldManager: 'kubectl', force: true });
    const stale = await admin.get<Wrapper>(key);
    // The other writer: managed2's entry in the status (as another controller), then managed2 in the placement.
    await admin.updateStatus(
      {
        ...stale,
        status: {
          clusters: [
            { name: 'managed2', state: 'Failed', message: 'theirs', lastUpdateTime: '2026-12-07T01:00:00Z' },
          ],
        },
      },
      { fieldManager: 'other-controller' },
    );
    await admin.apply(wrapper('greeting', ['managed1', 'managed2']), {
      fieldManager: 'kubectl',
      force: true,
    });
    const before = await admin.get<Wrapper>(key);
    expect(before.metadata.resourceVersion).not.toBe(stale.metadata.resourceVersion);

    const counts: Record<string, number> = {};
    const outcomes = await writeStatusGroup(
      [{ action: report('greeting'), failure: undefined }],
      deps(counted(admin, counts), stale),
    );
    expect(outcomes).toEqual(['reported']);
    expect(counts).toEqual({ updateStatus: 2, get: 1 }); // the stale write (409), the read, the refolded write

    const live = await admin.get<Wrapper>(key);
    expect(live.spec.placement.clusters.map((c) => c.name)).toEqual(['managed1', 'managed2']);
    expect(live.status?.clusters).toEqual([
      { name: 'managed2', state: 'Failed', message: 'theirs', lastUpdateTime: '2026-12-07T01:00:00Z' },
      expect.objectContaining({ name: 'managed1', state: 'Succeeded' }),
    ]);
    expect(managers(live)).toEqual(expect.arrayContaining(managers(before)));
    expect(managers(live)).toContain('other-controller/Update/status');
  });
});
