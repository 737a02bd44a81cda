/**
 * Ownership that cannot be forged (P20, P21), on in-memory clusters that record managedFields as an
 * API server does: vzmc updates and deletes only what its own field manager applied, in namespaces
 * it manages, and never adopts an existing object unless its owner annotates it `vzmc.dev/adopt`.
 */
import { describe, expect, it } from 'vitest';
import { isVzmcOwned, parseAgentKubeconfig, type KubeObject } from '../../../src/index.js';
import type { MemoryClusterClient } from '../../../src/memory.js';
import { copyOf } from '../../../src/testing/contract/copy.js';
import { mccm, project } from '../../support/fleet.js';
import { memoryFleet } from '../../support/memory-fleet.js';

const configMap = (
  namespace: string,
  name: string,
  data: Record<string, string>,
  metadata: Partial<KubeObject['metadata']> = {},
): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...metadata }, data });

const forgedMarkers = (namespace: string, name: string) => ({
  labels: { 'vzmc.dev/managed': 'true' },
  annotations: { 'vzmc.dev/source': `MultiClusterConfigMap/${namespace}/${name}` },
});

/** managed1 registered, project `p` placing namespace `app` on it, and MultiClusterConfigMap app/cm placed there. */
async function fleetWithConfigMap() {
  const fleet = memoryFleet(['managed1']);
  await fleet.register('managed1');
  await fleet.applyAdmin([project('p', ['app'], ['managed1'])]);
  await fleet.syncAdmin();
  await fleet.applyAdmin([mccm('cm', 'app', ['managed1'])]);
  const user = fleet.managed.managed1!.client();
  return { fleet, user };
}

const kubectl = (client: MemoryClusterClient, object: KubeObject) =>
  client.apply(object, { fieldManager: 'kubectl', force: true });

const read = (client: MemoryClusterClient, namespace: string, name: string) =>
  client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name });

const unplaceConfigMap = async (fleet: Awaited<ReturnType<typeof fleetWithConfigMap>>['fleet']) => {
  await fleet.admin.client().delete({
    apiVersion: 'clusters.verrazzano.io/v1alpha1',
    kind: 'MultiClusterConfigMap',
    namespace: 'app',
    name: 'cm',
  });
};

describe('ownership that cannot be forged', () => {
  it('P20: a foreign same-named ConfigMap is not adopted: the create fails AlreadyExists naming the fix, the user keys stay, nothing is deleted later', async () => {
    const { fleet, user } = await fleetWithConfigMap();
    await kubectl(user, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } });
    await kubectl(user, configMap('app', 'cm', { user: 'keep' }));

    const report = await fleet.agent('managed1').runOnce();
    expect(report.state).toBe('synced');
    if (report.state !== 'synced') return;
    const create = report.results.find((r) => r.kind === 'ConfigMap' && r.name === 'cm');
    expect(create).toMatchObject({ op: 'create', outcome: 'failed', error: { reason: 'AlreadyExists' } });
    expect(create?.error?.message).toContain('vzmc.dev/adopt=true');
    const live = await read(user, 'app', 'cm');
    expect(live.data).toEqual({ user: 'keep' });
    expect(live.metadata.labels?.['vzmc.dev/managed']).toBeUndefined();
    // The admin hears of the failure (S4).
    const wrapper = fleet.admin.snapshot().find((o) => o.kind === 'MultiClusterConfigMap')!;
    expect(JSON.stringify(wrapper.status)).toContain('vzmc does not own it');

    await unplaceConfigMap(fleet);
    const after = await fleet.agent('managed1').runOnce();
    expect(
      after.state === 'synced' && after.results.filter((r) => r.op === 'delete' && r.kind === 'ConfigMap'),
    ).toEqual([]);
    expect((await read(user, 'app', 'cm')).data).toEqual({ user: 'keep' });
  });

  it('P20: with the vzmc.dev/adopt annotation, vzmc takes the object over (force) and owns it from then on', async () => {
    const { fleet, user } = await fleetWithConfigMap();
    await kubectl(user, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } });
    await kubectl(
      user,
      configMap('app', 'cm', { user: 'keep', k: 'theirs' }, { annotations: { 'vzmc.dev/adopt': 'true' } }),
    );
    const report = await fleet.agent('managed1').runOnce();
    expect(report.state === 'synced' && report.results.filter((r) => r.outcome === 'failed')).toEqual([]);
    const live = await read(user, 'app', 'cm');
    expect(live.data).toEqual({ user: 'keep', k: 'v' });
    expect(isVzmcOwned(live, 'vzmc')).toBe(true);

    await unplaceConfigMap(fleet);
    const after = await fleet.agent('managed1').runOnce();
    expect(
      after.state === 'synced' &&
        after.results.filter((r) => r.op === 'delete' && r.kind === 'ConfigMap').map((r) => r.name),
    ).toEqual(['cm']);
  });

  it('P21: a forged label in kube-system or in a namespace no project places is never deleted, and the plan says why', async () => {
    const { fleet, user } = await fleetWithConfigMap();
    await kubectl(
      user,
      configMap('kube-system', 'forged', { a: 'b' }, forgedMarkers('kube-system', 'forged')),
    );
    await kubectl(user, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    await kubectl(user, configMap('other', 'forged', { a: 'b' }, forgedMarkers('other', 'forged')));
    const warned: string[] = [];
    const logger = {
      log: (level: string, message: string, fields?: Record<string, unknown>) => {
        if (level === 'warn') warned.push(`${message} ${String(fields?.namespace)}/${String(fields?.name)}`);
      },
    };
    for (let i = 0; i < 2; i++) {
      const report = await fleet.agent('managed1', { logger }).runOnce();
      expect(report.state).toBe('synced');
      if (report.state !== 'synced') return;
      expect(report.results.filter((r) => r.op === 'delete')).toEqual([]);
      expect(report.plan.foreign?.map((f) => `${f.namespace}/${f.name}`)).toEqual([
        'kube-system/forged',
        'other/forged',
      ]);
    }
    expect(warned).toContain("not vzmc's: left alone kube-system/forged");
    expect((await read(user, 'kube-system', 'forged')).data).toEqual({ a: 'b' });
    expect((await read(user, 'other', 'forged')).data).toEqual({ a: 'b' });
  });

  it('P21: forged labels in namespaces no project places make the agent read nothing there on the admin', async () => {
    const { fleet, user } = await fleetWithConfigMap();
    const forgedNamespaces = ['forged-a', 'forged-b', 'forged-c'];
    for (const ns of forgedNamespaces) {
      await kubectl(user, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, ...forgedMarkers(ns, 'ns') },
      });
      await kubectl(user, configMap(ns, 'forged', { a: 'b' }, forgedMarkers(ns, 'forged')));
    }
    const listed = new Set<string>();
    const agent = fleet.agent('managed1', {
      connectAdmin: (kubeconfig) =>
        new Proxy(fleet.admin.client({ token: parseAgentKubeconfig(kubeconfig).token }), {
          get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver) as unknown;
            if (property !== 'list' || typeof value !== 'function') return value;
            return (apiVersion: string, kind: string, options?: { namespace?: string }) => {
              listed.add(options?.namespace ?? '*');
              return (value as MemoryClusterClient['list']).call(target, apiVersion, kind, options);
            };
          },
        }),
    });
    const report = await agent.runOnce();
    expect(report.state).toBe('synced');
    if (report.state !== 'synced') return;
    // The placed namespace is read; none of the forged ones is, and the plan is not left unknown.
    expect(listed).toContain('app');
    for (const ns of forgedNamespaces) expect(listed).not.toContain(ns);
    expect(report.plan.unknown).toEqual([]);
    expect(report.plan.foreign?.map((f) => `${f.namespace}/${f.name}`)).toEqual(
      forgedNamespaces.map((ns) => `${ns}/forged`),
    );
    for (const ns of forgedNamespaces) expect((await read(user, ns, 'forged')).data).toEqual({ a: 'b' });
  });

  it("P20: a copy of vzmc's ConfigMap under another name, by another manager, is neither updated nor deleted", async () => {
    const { fleet, user } = await fleetWithConfigMap();
    await fleet.agent('managed1').runOnce();
    const original = await read(user, 'app', 'cm');
    await kubectl(user, { ...copyOf(original, { name: 'cm-copy' }), data: { k: 'changed' } });

    await unplaceConfigMap(fleet);
    const report = await fleet.agent('managed1').runOnce();
    expect(
      report.state === 'synced' &&
        report.results.filter((r) => r.op === 'delete' && r.kind === 'ConfigMap').map((r) => r.name),
    ).toEqual(['cm']);
    expect((await read(user, 'app', 'cm-copy')).data).toEqual({ k: 'changed' });
  });
});

describe('ownership on the admin and of fields (docs/deviations.md P15, U2)', () => {
  /** A MultiClusterConfigMap app/cm placed on `clusters`, its template carrying `labels`. */
  const wrapper = (clusters: string[], labels: Record<string, string> = {}): KubeObject => {
    const w = mccm('cm', 'app', clusters);
    return {
      ...w,
      spec: { placement: w.spec!.placement, template: { metadata: { labels }, data: { k: 'v' } } },
    };
  };

  it("P15: on the admin a wrapper not placed on local leaves a user's same-named ConfigMap alone; only the ConfigMap vzmc unwrapped goes when local leaves the placement", async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    await fleet.applyAdmin([project('p', ['app', 'other'], ['managed1'])]);
    await fleet.syncAdmin();
    const admin = fleet.admin.client();
    await kubectl(admin, configMap('app', 'cm', { user: 'keep' }));
    await fleet.applyAdmin([wrapper(['managed1'])]);
    const first = await fleet.syncAdmin();
    expect(first.plan.actions.filter((a) => a.kind === 'ConfigMap')).toEqual([]);
    expect((await read(admin, 'app', 'cm')).data).toEqual({ user: 'keep' });

    // The same wrapper in `other`, placed on local and then not: vzmc's own ConfigMap goes.
    const placed = (clusters: string[]) => ({
      ...wrapper(clusters),
      metadata: { name: 'cm', namespace: 'other' },
    });
    await fleet.applyAdmin([placed(['managed1', 'local'])]);
    await fleet.syncAdmin();
    expect((await read(admin, 'other', 'cm')).data).toEqual({ k: 'v' });
    await fleet.applyAdmin([placed(['managed1'])]);
    const last = await fleet.syncAdmin();
    expect(
      last.results.filter((r) => r.kind === 'ConfigMap').map((r) => `${r.op} ${r.namespace}/${r.name}`),
    ).toEqual(['delete other/cm']);
    expect((await read(admin, 'app', 'cm')).data).toEqual({ user: 'keep' });
  });

  it("U2: a label another manager added to an unwrapped ConfigMap stays when the template's labels change (Verrazzano replaces the labels)", async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    await fleet.applyAdmin([project('p', ['app'], ['managed1'])]);
    await fleet.syncAdmin();
    await fleet.applyAdmin([wrapper(['managed1'], { tier: 'v1' })]);
    const agent = fleet.agent('managed1');
    expect((await agent.runOnce()).state).toBe('synced');
    const user = fleet.managed.managed1!.client();
    await user.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cm', namespace: 'app', labels: { team: 'blue' } },
      },
      { fieldManager: 'kubectl-label' },
    );
    await fleet.applyAdmin([wrapper(['managed1'], { tier: 'v2' })]);
    fleet.clock.advance(60);
    const report = await agent.runOnce();
    expect(
      report.state === 'synced' &&
        report.results.filter((r) => r.kind === 'ConfigMap').map((r) => `${r.op} ${r.outcome}`),
    ).toEqual(['update applied']);
    expect((await read(user, 'app', 'cm')).metadata.labels).toEqual({
      team: 'blue',
      tier: 'v2',
      'verrazzano-managed': 'true',
      'vzmc.dev/managed': 'true',
    });
  });
});
