/**
 * What each admin pass decides (issue 12): the effective state of wrappers and projects (S1,
 * Verrazzano's `SetEffectiveStateIfChanged`/`ComputeEffectiveState`, cu.go l.137–175, l.314–324)
 * and the VMC state from `lastAgentConnectTime` (B12, update_status.go l.212–227).
 */
import { describe, expect, it } from 'vitest';
import { type KubeObject } from '../../../src/index.js';
import { getIfPresent } from '../../../src/agent-entry.js';
import { vmcStateActions } from '../../../src/sync-plan/admin-state.js';
import { memoryFleet } from '../../support/memory-fleet.js';

const NS = 'state-ns';
const project = (clusters: string[]): KubeObject => ({
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind: 'VerrazzanoProject',
  metadata: { name: 'state-project', namespace: 'verrazzano-mc' },
  spec: {
    template: { namespaces: [{ metadata: { name: NS } }] },
    placement: { clusters: clusters.map((name) => ({ name })) },
  },
});
const configMap = (clusters: string[]): KubeObject => ({
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind: 'MultiClusterConfigMap',
  metadata: { name: 'greeting', namespace: NS },
  spec: {
    template: { metadata: {}, data: { hello: 'world' } },
    placement: { clusters: clusters.map((name) => ({ name })) },
  },
});
const key = (kind: string, namespace: string, name: string) => ({
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind,
  namespace,
  name,
});
type WithStatus = KubeObject & { status?: { state?: string; clusters?: { name: string; state: string }[] } };

async function setup() {
  const fleet = memoryFleet();
  await fleet.register('managed1');
  await fleet.register('managed2');
  await fleet.applyAdmin([project(['managed1', 'managed2'])]);
  await fleet.syncAdmin();
  const get = (kind: string, namespace: string, name: string) =>
    fleet.admin.client().get<WithStatus>(key(kind, namespace, name));
  const cm = () => get('MultiClusterConfigMap', NS, 'greeting');
  return { fleet, get, cm };
}

describe('admin pass: effective state of wrappers and projects (S1)', () => {
  it('S1: a new wrapper is Pending after one admin pass, before any cluster reports', async () => {
    const { fleet, cm } = await setup();
    await fleet.applyAdmin([configMap(['managed1'])]);
    const { plan } = await fleet.syncAdmin();
    expect(
      plan.actions.filter((a) => a.op === 'state').map((a) => `${a.kind}/${a.name} ${a.ruleId}`),
    ).toContain('MultiClusterConfigMap/greeting S1');
    expect((await cm()).status?.state).toBe('Pending');
    const again = await fleet.syncAdmin();
    expect(again.plan.actions).toEqual([]);
  });

  it('S1: adding a cluster to a Succeeded wrapper makes it Pending until that cluster reports, then Succeeded', async () => {
    const { fleet, cm } = await setup();
    await fleet.applyAdmin([configMap(['managed1'])]);
    await fleet.syncAdmin();
    await fleet.agent('managed1').runOnce();
    await fleet.syncAdmin();
    expect((await cm()).status?.state).toBe('Succeeded');

    await fleet.applyAdmin([configMap(['managed1', 'managed2'])]);
    await fleet.syncAdmin();
    expect((await cm()).status?.state).toBe('Pending');
    await fleet.agent('managed2').runOnce();
    await fleet.syncAdmin();
    const after = await cm();
    expect(after.status?.state).toBe('Succeeded');
    expect(after.status?.clusters?.map((c) => `${c.name}=${c.state}`).sort()).toEqual([
      'managed1=Succeeded',
      'managed2=Succeeded',
    ]);
  });

  it('S1: dropping a Failed cluster from the placement recomputes the state; its entry is kept (never pruned)', async () => {
    const { fleet, cm } = await setup();
    await fleet.applyAdmin([configMap(['managed1', 'managed2'])]);
    const client = fleet.admin.client();
    const live = await cm();
    await client.updateStatus({
      ...live,
      status: {
        state: 'Failed',
        clusters: [
          { name: 'managed1', state: 'Succeeded', message: 'ok', lastUpdateTime: '2026-11-27T10:00:00Z' },
          { name: 'managed2', state: 'Failed', message: 'boom', lastUpdateTime: '2026-11-27T10:00:00Z' },
        ],
      },
    });
    await fleet.syncAdmin();
    expect((await cm()).status?.state).toBe('Failed');
    await fleet.applyAdmin([configMap(['managed1'])]);
    await fleet.syncAdmin();
    const after = await cm();
    expect(after.status?.state).toBe('Succeeded');
    expect(after.status?.clusters?.map((c) => c.name)).toEqual(['managed1', 'managed2']);
  });

  it('S1: a project is Pending until its placed clusters report, Pending again when a cluster is added, and recomputed when it is dropped', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    await fleet.register('managed2');
    const get = () =>
      fleet.admin.client().get<WithStatus>(key('VerrazzanoProject', 'verrazzano-mc', 'state-project'));
    await fleet.applyAdmin([project(['managed1'])]);
    await fleet.syncAdmin();
    // The local entry does not count: local is not in the placement (S1).
    expect((await get()).status?.state).toBe('Pending');
    await fleet.agent('managed1').runOnce();
    await fleet.syncAdmin();
    expect((await get()).status?.state).toBe('Succeeded');
    await fleet.applyAdmin([project(['managed1', 'managed2'])]);
    await fleet.syncAdmin();
    expect((await get()).status?.state).toBe('Pending');
    await fleet.applyAdmin([project(['managed1'])]);
    await fleet.syncAdmin();
    expect((await get()).status?.state).toBe('Succeeded');
    expect((await fleet.syncAdmin()).plan.actions).toEqual([]);
  });
});

describe('admin pass: VMC state from lastAgentConnectTime (B12)', () => {
  const vmc = (state: string, last?: string): KubeObject => ({
    apiVersion: 'clusters.verrazzano.io/v1alpha1',
    kind: 'VerrazzanoManagedCluster',
    metadata: { name: 'm1', namespace: 'verrazzano-mc' },
    spec: {},
    status: { state, ...(last ? { lastAgentConnectTime: last } : {}) },
  });
  const states = (v: KubeObject, now: string) =>
    vmcStateActions([v], new Date(now)).map((a) => (a.body as WithStatus).status?.state);

  it('B12: never connected leaves the state alone; the first connect gives Pending, then Active', () => {
    expect(states(vmc(''), '2026-11-27T10:00:00Z')).toEqual([]);
    expect(states(vmc('', '2026-11-27T10:00:00Z'), '2026-11-27T10:00:10Z')).toEqual(['Pending']);
    expect(states(vmc('Pending', '2026-11-27T10:00:00Z'), '2026-11-27T10:00:10Z')).toEqual(['Active']);
    expect(states(vmc('Active', '2026-11-27T10:00:00Z'), '2026-11-27T10:00:10Z')).toEqual([]);
  });

  it('B12: Inactive from 60 s without a connect (59 s is still Active); a fresh connect gives Active', () => {
    expect(states(vmc('Active', '2026-11-27T10:00:00Z'), '2026-11-27T10:00:59Z')).toEqual([]);
    expect(states(vmc('Active', '2026-11-27T10:00:00Z'), '2026-11-27T10:01:00Z')).toEqual(['Inactive']);
    expect(states(vmc('Inactive', '2026-11-27T10:01:00Z'), '2026-11-27T10:01:01Z')).toEqual(['Active']);
  });

  it('B12: the admin pass writes the VMC state with its injected clock, only when it changes', async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    const client = fleet.admin.client();
    const vmcKey = key('VerrazzanoManagedCluster', 'verrazzano-mc', 'managed1');
    const live = await client.get<WithStatus>(vmcKey);
    await client.updateStatus({
      ...live,
      status: { ...(live.status ?? {}), state: '', lastAgentConnectTime: '2026-11-27T10:00:00Z' },
    });
    const state = async () => (await client.get<WithStatus>(vmcKey)).status?.state;
    await fleet.syncAdmin();
    expect(await state()).toBe('Pending');
    await fleet.syncAdmin();
    expect(await state()).toBe('Active');
    expect(
      (await fleet.syncAdmin()).plan.actions.filter((a) => a.kind === 'VerrazzanoManagedCluster'),
    ).toEqual([]);
    fleet.clock.advance(59);
    await fleet.syncAdmin();
    expect(await state()).toBe('Active');
    fleet.clock.advance(1);
    const { plan } = await fleet.syncAdmin();
    expect(plan.actions.map((a) => `${a.op} ${a.kind} ${a.ruleId}`)).toContain(
      'state VerrazzanoManagedCluster B12',
    );
    expect(await state()).toBe('Inactive');
  });

  it('B12: one writer: the agent reports but leaves status.state to the admin pass, so an agent clock 2 min behind gives a steady Inactive, not a flap', async () => {
    const { parseAgentKubeconfig } = await import('../../../src/index.js');
    const { createAgent } = await import('../../../src/agent-entry.js');
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    const client = fleet.admin.client();
    const agent = createAgent({
      local: fleet.managed.managed1!.client(),
      connectAdmin: (kubeconfig) => fleet.admin.client({ token: parseAgentKubeconfig(kubeconfig).token }),
      clock: () => new Date(fleet.clock().getTime() - 120_000),
      random: () => 0.5,
      sleep: () => Promise.resolve(),
    });
    const vmcKey = key('VerrazzanoManagedCluster', 'verrazzano-mc', 'managed1');
    const state = async () => (await client.get<WithStatus>(vmcKey)).status?.state ?? '';
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      expect((await agent.runOnce()).state).toBe('synced');
      seen.push(await state());
      await fleet.syncAdmin();
      seen.push(await state());
      fleet.clock.advance(10);
    }
    // The agent's writes change no state; the admin, reading a connect time 2 min old, says Inactive.
    expect(seen).toEqual(['', 'Inactive', 'Inactive', 'Inactive', 'Inactive', 'Inactive']);
  });

  it('B12: with agent and admin clocks in step, the admin pass alone makes the state Pending, then Active', async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    const vmcKey = key('VerrazzanoManagedCluster', 'verrazzano-mc', 'managed1');
    const state = async () => (await fleet.admin.client().get<WithStatus>(vmcKey)).status?.state ?? '';
    await fleet.agent('managed1').runOnce();
    expect(await state()).toBe('');
    await fleet.syncAdmin();
    expect(await state()).toBe('Pending');
    await fleet.agent('managed1').runOnce();
    await fleet.syncAdmin();
    expect(await state()).toBe('Active');
  });
});

describe('admin pass: VMC finalizer and deletion (D1, B18)', () => {
  it('D1: the admin pass adds managedcluster.verrazzano.io; on deletion it deletes only what the VMC owns, then removes the finalizer', async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    const client = fleet.admin.client();
    await fleet.applyAdmin([project(['managed1'])]);
    // A user's CA Secret, named as Verrazzano's but without an owner: it must survive (D1).
    await client.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ca-secret-managed1', namespace: 'verrazzano-mc' },
      data: {},
    });
    await fleet.syncAdmin();
    const vmcKey = key('VerrazzanoManagedCluster', 'verrazzano-mc', 'managed1');
    expect((await client.get(vmcKey)).metadata.finalizers).toEqual(['managedcluster.verrazzano.io']);
    expect(
      (await fleet.syncAdmin()).plan.actions.filter((a) => a.op === 'finalize' || a.op === 'delete'),
    ).toEqual([]);

    await client.delete(vmcKey);
    expect((await client.get(vmcKey)).metadata.deletionTimestamp).toBeDefined();
    // The project is moved off managed1 first: its per-namespace binding goes too (B18).
    await fleet.applyAdmin([project(['local'])]);
    const { plan, results } = await fleet.syncAdmin();
    const deleted = plan.actions
      .filter((a) => a.op === 'delete')
      .map((a) => `${a.kind} ${a.namespace}/${a.name} ${a.ruleId}`);
    expect(deleted).toEqual(
      expect.arrayContaining([
        'ServiceAccount verrazzano-mc/verrazzano-cluster-managed1 D1',
        'RoleBinding verrazzano-mc/verrazzano-cluster-managed1 D1',
        'Secret verrazzano-mc/verrazzano-cluster-managed1-agent D1',
        'Secret verrazzano-mc/verrazzano-cluster-managed1-registration D1',
        'Secret verrazzano-mc/verrazzano-cluster-managed1-manifest D1',
        'Secret verrazzano-mc/verrazzano-cluster-managed1-token D1',
      ]),
    );
    expect(deleted.some((d) => d.includes('ca-secret-managed1'))).toBe(false);
    expect(results.filter((r) => r.outcome === 'failed')).toEqual([]);
    const last = plan.actions.at(-1);
    expect(last).toMatchObject({ op: 'finalize', finalizer: { present: false } });

    const left = fleet.admin.snapshot().filter((o) => (o.metadata.name ?? '').includes('managed1'));
    expect(left.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`)).toEqual([
      'Secret verrazzano-mc/ca-secret-managed1',
    ]);
    expect((await fleet.syncAdmin()).plan.actions).toEqual([]);
  });

  it('D1: a ca-secret-<C> with an ownerReference to the VMC is deleted with it', async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    const client = fleet.admin.client();
    const vmcKey = key('VerrazzanoManagedCluster', 'verrazzano-mc', 'managed1');
    const vmc = await client.get(vmcKey);
    await client.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'ca-secret-managed1',
        namespace: 'verrazzano-mc',
        ownerReferences: [
          {
            apiVersion: vmc.apiVersion,
            kind: vmc.kind,
            name: 'managed1',
            uid: vmc.metadata.uid ?? '',
            controller: true,
          },
        ],
      },
      data: {},
    });
    await fleet.syncAdmin();
    await client.delete(vmcKey);
    await fleet.syncAdmin();
    expect(fleet.admin.snapshot().filter((o) => (o.metadata.name ?? '').includes('managed1'))).toEqual([]);
  });
});

describe('admin pass: metrics federation cleanup on VMC deletion (M5)', () => {
  const MON = 'verrazzano-monitoring';
  const scrapeKey = { apiVersion: 'v1', kind: 'Secret', namespace: MON, name: 'additional-scrape-configs' };
  const vmcKey = key('VerrazzanoManagedCluster', 'verrazzano-mc', 'managed1');
  type Data = KubeObject & { data?: Record<string, string> };

  async function deleting(jobs: string) {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    const client = fleet.admin.client();
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: MON } });
    await client.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: scrapeKey.name, namespace: MON },
      data: { jobs: btoa(jobs) },
    });
    await fleet.syncAdmin();
    await client.delete(vmcKey);
    return { fleet, client };
  }

  it('M5: scrape configs that are not a YAML list keep the finalizer (blocked, as Verrazzano errors); once fixed, the next pass finishes', async () => {
    const { fleet, client } = await deleting('- job_name: managed1\n  bad: [unclosed\n');
    const { plan, results } = await fleet.syncAdmin();
    expect(plan.actions.find((a) => a.ruleId === 'M5')?.blocked).toMatch(/not a YAML list/);
    expect(results.find((r) => r.op === 'finalize')).toMatchObject({
      outcome: 'skipped',
      error: { reason: 'DependencyFailed' },
    });
    expect((await client.get(vmcKey)).metadata.finalizers).toEqual(['managedcluster.verrazzano.io']);

    const live = await client.get<Data>(scrapeKey);
    await client.replace({ ...live, data: { jobs: btoa('- job_name: managed1\n- job_name: other\n') } });
    await fleet.syncAdmin();
    expect(await getIfPresent(client, vmcKey)).toBeUndefined();
    expect(atob((await client.get<Data>(scrapeKey)).data?.jobs ?? '')).toBe('- job_name: other\n');
  });

  it('M5: deregisterOnAdmin removes the entries as the admin pass would, then the finalizer', async () => {
    const { fleet, client } = await deleting('- job_name: other\n- job_name: managed1\n');
    const { deregisterOnAdmin } = await import('../../../src/agent-entry.js');
    await deregisterOnAdmin(client, 'managed1');
    expect(await getIfPresent(client, vmcKey)).toBeUndefined();
    expect(atob((await client.get<Data>(scrapeKey)).data?.jobs ?? '')).toBe('- job_name: other\n');
    expect((await fleet.syncAdmin()).plan.actions.filter((a) => a.ruleId === 'M5')).toEqual([]);
  });

  it('M5: a change between plan and write is a Conflict; the finalizer waits and the next pass removes the entry from the fresh object', async () => {
    const { fleet, client } = await deleting('- job_name: managed1\n- job_name: other\n');
    const { syncAdmin, executePlan } = await import('../../../src/agent-entry.js');
    const { plan } = await syncAdmin(client, { clock: fleet.clock, dryRun: true });
    const live = await client.get<Data>(scrapeKey);
    const changed = '- job_name: managed1\n- job_name: other\n- job_name: added\n';
    await client.replace({ ...live, data: { jobs: btoa(changed) } });
    const results = await executePlan(plan, {
      local: client,
      admin: client,
      clock: fleet.clock,
      random: () => 0.5,
      sleep: () => Promise.resolve(),
      logger: { log: () => undefined },
    });
    expect(results.find((r) => r.op === 'replace')).toMatchObject({
      outcome: 'failed',
      error: { reason: 'Conflict' },
    });
    expect(results.find((r) => r.op === 'finalize')?.outcome).toBe('skipped');
    await fleet.syncAdmin();
    expect(atob((await client.get<Data>(scrapeKey)).data?.jobs ?? '')).toBe(
      '- job_name: other\n- job_name: added\n',
    );
    expect(await getIfPresent(client, vmcKey)).toBeUndefined();
  });
});

describe('admin pass plans: deterministic and printable', () => {
  it('S1/D1: the same admin state gives a byte-identical plan, and formatPlan prints state and finalizer actions', async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    await fleet.applyAdmin([
      project(['managed1']),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
      configMap(['managed1']),
    ]);
    const { formatPlan } = await import('../../../src/index.js');
    const first = await syncAdminDry(fleet);
    const second = await syncAdminDry(fleet);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const text = formatPlan(first);
    expect(text).toMatch(/^» state MultiClusterConfigMap state-ns\/greeting \(admin\) {2}\[S1\] /m);
    expect(text).toMatch(
      /^⚑ finalize VerrazzanoManagedCluster verrazzano-mc\/managed1 \(admin\) {2}\[D1\] /m,
    );
    expect(text.split('\n')[0]).toMatch(/status updates?, 1 finalizer change$/);
  });
});

async function syncAdminDry(fleet: ReturnType<typeof memoryFleet>) {
  const { syncAdmin } = await import('../../../src/agent-entry.js');
  return (await syncAdmin(fleet.admin.client(), { clock: fleet.clock, dryRun: true })).plan;
}

describe('ownedSteps: what a deleted VMC provably owns (D1, B18)', () => {
  it('D1/B18: only owned objects are kept as steps; same-named objects without an owner, marker or binding shape are not', async () => {
    const { deregistrationPlan, ownedSteps } = await import('../../../src/index.js');
    const owner = [
      {
        apiVersion: 'clusters.verrazzano.io/v1alpha1',
        kind: 'VerrazzanoManagedCluster',
        name: 'm1',
        uid: 'vmc-uid',
      },
    ];
    const obj = (
      kind: string,
      namespace: string,
      name: string,
      extra: Record<string, unknown> = {},
    ): KubeObject => ({
      apiVersion: kind === 'RoleBinding' ? 'rbac.authorization.k8s.io/v1' : 'v1',
      kind,
      metadata: { namespace, name, uid: `${namespace}/${name}`, ...extra },
    });
    const binding = (namespace: string, role: string): KubeObject => ({
      ...obj('RoleBinding', namespace, 'verrazzano-cluster-m1'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name: 'verrazzano-cluster-m1', namespace: 'verrazzano-mc' }],
    });
    const live = [
      obj('ServiceAccount', 'verrazzano-mc', 'verrazzano-cluster-m1', { ownerReferences: owner }),
      obj('Secret', 'verrazzano-mc', 'verrazzano-cluster-m1-agent', { ownerReferences: owner }),
      obj('Secret', 'verrazzano-mc', 'verrazzano-cluster-m1-manifest'), // no owner: stays
      obj('Secret', 'verrazzano-mc', 'ca-secret-m1'), // a user's: stays
      binding('ns-a', 'verrazzano-managed-cluster'),
      binding('ns-b', 'admin'), // same name, another role: stays
    ];
    const plan = deregistrationPlan('m1', [], ['ns-a', 'ns-b']);
    expect(
      ownedSteps(plan, 'vmc-uid', live).map((s) => `${s.kind} ${s.namespace}/${s.name} ${s.ruleId}`),
    ).toEqual([
      'ServiceAccount verrazzano-mc/verrazzano-cluster-m1 D1',
      'Secret verrazzano-mc/verrazzano-cluster-m1-agent D1',
      'RoleBinding ns-a/verrazzano-cluster-m1 B18',
    ]);
    expect(ownedSteps(plan, 'another-uid', live).map((s) => s.name)).toEqual(['verrazzano-cluster-m1']);
  });
});
