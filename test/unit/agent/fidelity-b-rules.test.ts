/**
 * Verrazzano's surprises (spec §8, B rules) that docs/fidelity.md lists, each asserted on in-memory
 * clusters wired like a real fleet: what vzmc keeps of Verrazzano's behaviour and where it differs
 * (docs/deviations.md).
 */
import { describe, expect, it } from 'vitest';
import { parseAgentKubeconfig, type KubeObject, type ObjectKey, type Secret } from '../../../src/index.js';
import {
  DEFAULT_TOKEN_SECONDS,
  readAgentSecret,
  syncAdmin,
  type IterationReport,
} from '../../../src/agent-entry.js';
import type { MemoryCluster } from '../../../src/memory.js';
import { mcapp, mccm, project, secret } from '../../support/fleet.js';
import { memoryFleet, type MemoryFleet } from '../../support/memory-fleet.js';

const V = 'clusters.verrazzano.io/v1alpha1';

/** managed1 registered and project `p` (namespaces `namespaces`) placed on it, before any agent ran. */
async function fleetWithProject(namespaces: string[] = ['a']): Promise<MemoryFleet> {
  const fleet = memoryFleet(['managed1']);
  await fleet.register('managed1');
  await fleet.applyAdmin([project('p', namespaces, ['managed1'])]);
  await fleet.syncAdmin();
  return fleet;
}

const find = (cluster: MemoryCluster, kind: string, namespace: string, name: string) =>
  cluster
    .snapshot()
    .find((o) => o.kind === kind && (o.metadata.namespace ?? '') === namespace && o.metadata.name === name);

type Synced = Extract<IterationReport, { state: 'synced' }>;
function synced(report: IterationReport): Synced {
  if (report.state !== 'synced') throw new Error(`expected a sync, got ${report.state}: ${report.reason}`);
  return report;
}

/** `op kind namespace/name outcome` of each result, for the actions on `kind`. */
const outcomes = (report: Synced, kind: string) =>
  report.results
    .filter((r) => r.kind === kind)
    .map((r) => `${r.op} ${r.namespace}/${r.name} ${r.outcome}${r.error ? ` ${r.error.reason}` : ''}`);

/** The admin object's entry for `cluster` in `status.clusters`. */
const clusterEntry = (
  fleet: MemoryFleet,
  kind: string,
  namespace: string,
  name: string,
  cluster = 'managed1',
) =>
  (
    find(fleet.admin, kind, namespace, name)?.status as
      { clusters?: { name: string; state: string; message: string }[] } | undefined
  )?.clusters?.find((c) => c.name === cluster);

describe('B19: reports do not need a managed namespace', () => {
  it("B19: a project whose only namespace is labelled verrazzano-managed=false is reported in the agent's first iteration", async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    const unmanaged = project('p', ['a'], ['managed1']);
    unmanaged.spec.template.namespaces[0]!.metadata.labels = { 'verrazzano-managed': 'false' };
    await fleet.applyAdmin([unmanaged]);
    await fleet.syncAdmin();
    const report = synced(await fleet.agent('managed1').runOnce());
    // Verrazzano forwards status only from inside its loop over managed namespaces: none here.
    expect(find(fleet.managed.managed1!, 'Namespace', '', 'a')?.metadata.labels?.['verrazzano-managed']).toBe(
      'false',
    );
    expect(outcomes(report, 'VerrazzanoProject')).toEqual([
      'create verrazzano-mc/p applied',
      'status verrazzano-mc/p reported',
    ]);
    expect(clusterEntry(fleet, 'VerrazzanoProject', 'verrazzano-mc', 'p')).toMatchObject({
      state: 'Succeeded',
      message: 'VerrazzanoProject created',
    });
  });

  it('B19: twelve wrappers in one namespace are all reported in one iteration (Verrazzano forwards at most 10 per namespace)', async () => {
    const fleet = await fleetWithProject(['a']);
    const names = Array.from({ length: 12 }, (_, i) => `cm${String(i).padStart(2, '0')}`);
    await fleet.applyAdmin(names.map((n) => mccm(n, 'a', ['managed1']) as KubeObject));
    const report = synced(await fleet.agent('managed1').runOnce());
    expect(report.plan.deferredStatus).toBe(0);
    expect(outcomes(report, 'MultiClusterConfigMap').filter((o) => o.startsWith('status'))).toEqual(
      names.map((n) => `status a/${n} reported`),
    );
    for (const n of names)
      expect(clusterEntry(fleet, 'MultiClusterConfigMap', 'a', n)).toMatchObject({ state: 'Succeeded' });
  });
});

describe('B20: a Secret missing from the admin stops nothing else', () => {
  it('B20: the missing Secret is skipped; the other listed Secrets are copied and the Secret no longer listed is collected, in the same iteration', async () => {
    const fleet = await fleetWithProject(['a']);
    await fleet.applyAdmin([
      secret('s1', 'a'),
      secret('s2', 'a'),
      secret('s3', 'a'),
      mcapp('app', 'a', ['managed1'], { secrets: ['s1', 's3'] }),
    ]);
    synced(await fleet.agent('managed1').runOnce());
    expect(find(fleet.managed.managed1!, 'Secret', 'a', 's3')).toBeDefined();

    // Verrazzano returns at the first Secret it cannot get: `missing`, listed first, would stop
    // the copy of s1 and s2 and the collection of s3 for the namespace.
    await fleet.applyAdmin([mcapp('app', 'a', ['managed1'], { secrets: ['missing', 's1', 's2'] })]);
    fleet.clock.advance(60);
    const report = synced(await fleet.agent('managed1').runOnce());
    expect(outcomes(report, 'Secret')).toEqual(['create a/s2 applied', 'delete a/s3 deleted']);
    expect(report.results.filter((r) => r.outcome === 'failed' || r.outcome === 'skipped')).toEqual([]);
    const secrets = fleet.managed
      .managed1!.snapshot()
      .filter((o) => o.kind === 'Secret' && o.metadata.namespace === 'a')
      .map((o) => o.metadata.name);
    expect(secrets).toEqual(['s1', 's2']);
    expect(find(fleet.managed.managed1!, 'ApplicationConfiguration', 'a', 'app')).toBeDefined();
  });
});

describe('B20: the admin warns of a listed Secret it does not have', () => {
  it('B20, P10: each admin pass warns of the missing Secret, naming the app config and the field; none once it exists', async () => {
    const fleet = await fleetWithProject(['a']);
    await fleet.applyAdmin([
      secret('s1', 'a'),
      mcapp('app', 'a', ['managed1'], { secrets: ['s1', 'missing'] }),
    ]);
    const warned = async () => {
      const lines: string[] = [];
      const logger = {
        log: (level: string, message: string, fields?: Readonly<Record<string, unknown>>) => {
          if (message === 'dangling reference') lines.push(`${level} ${JSON.stringify(fields)}`);
        },
      };
      await syncAdmin(fleet.admin.client(), { clock: fleet.clock, logger });
      return lines;
    };
    expect(await warned()).toEqual([
      `warn ${JSON.stringify({
        kind: 'MultiClusterApplicationConfiguration',
        namespace: 'a',
        name: 'app',
        field: 'spec.secrets[1]',
        rule: 'P10',
        error: 'Secret a/missing listed in spec.secrets does not exist',
      })}`,
    ]);
    await fleet.applyAdmin([secret('missing', 'a')]);
    expect(await warned()).toEqual([]);
  });
});

describe('B27: a pre-existing namespace is taken on without force', () => {
  const userNamespace = (labels: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'a', labels, annotations: { owner: 'team-blue' } },
  });

  it("B27: vzmc adds its labels and annotations to a user's namespace with server-side apply and keeps the user's", async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    await fleet.managed.managed1!.client().apply(userNamespace({ team: 'blue' }), {
      fieldManager: 'kubectl',
      force: true,
    });
    const withAnnotation = project('p', ['a'], ['managed1']);
    withAnnotation.spec.template.namespaces[0]!.metadata.annotations = { note: 'from the template' };
    await fleet.applyAdmin([withAnnotation]);
    await fleet.syncAdmin();
    const report = synced(await fleet.agent('managed1').runOnce());
    expect(report.plan.actions.find((a) => a.kind === 'Namespace' && a.name === 'a')?.force).toBe(false);
    expect(outcomes(report, 'Namespace')).toContain('create /a applied');
    const ns = find(fleet.managed.managed1!, 'Namespace', '', 'a')!;
    expect(ns.metadata.labels).toMatchObject({
      team: 'blue',
      'verrazzano-managed': 'true',
      'istio-injection': 'enabled',
      'vzmc.dev/managed': 'true',
    });
    expect(ns.metadata.annotations).toEqual({
      owner: 'team-blue',
      note: 'from the template',
      'vzmc.dev/source': 'VerrazzanoProject/verrazzano-mc/p',
    });
    expect(ns.metadata.managedFields?.map((f) => f.manager)).toEqual(['kubectl', 'vzmc']);
  });

  it('B27: a label another manager set to another value is not overwritten: the apply conflicts, nothing in the namespace is synced, and the project is reported Failed naming the field', async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    await fleet.managed.managed1!.client().apply(userNamespace({ 'istio-injection': 'disabled' }), {
      fieldManager: 'kubectl',
      force: true,
    });
    await fleet.applyAdmin([project('p', ['a'], ['managed1'])]);
    await fleet.syncAdmin();
    await fleet.applyAdmin([mccm('cm', 'a', ['managed1'])]);
    const report = synced(await fleet.agent('managed1').runOnce());
    expect(outcomes(report, 'Namespace')).toContain('create /a failed Conflict');
    expect(outcomes(report, 'ConfigMap')).toEqual(['create a/cm skipped DependencyFailed']);
    expect(find(fleet.managed.managed1!, 'Namespace', '', 'a')?.metadata.labels?.['istio-injection']).toBe(
      'disabled',
    );
    expect(clusterEntry(fleet, 'VerrazzanoProject', 'verrazzano-mc', 'p')).toEqual({
      name: 'managed1',
      state: 'Failed',
      message: 'Apply failed with 1 conflict: conflict with "kubectl": .metadata.labels.istio-injection',
      lastUpdateTime: '2026-11-27T10:00:00Z',
    });
  });
});

describe('B26: the fixed RoleBinding names admin and view', () => {
  it("B26: a user's RoleBinding named admin is never overwritten: the create fails AlreadyExists naming the fix, every iteration, and the project is reported Failed", async () => {
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    const user = fleet.managed.managed1!.client();
    const userBinding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'admin', namespace: 'a' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' }],
    } as KubeObject;
    await user.apply(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      {
        fieldManager: 'kubectl',
        force: true,
      },
    );
    await user.apply(userBinding, { fieldManager: 'kubectl', force: true });
    await fleet.applyAdmin([project('p', ['a'], ['managed1'])]);
    await fleet.syncAdmin();
    const agent = fleet.agent('managed1');
    const fix =
      'RoleBinding a/admin exists and vzmc does not own it (field manager vzmc never applied its vzmc.dev/managed label): not adopted; annotate it vzmc.dev/adopt=true to let vzmc take it over, or delete or rename it';
    for (let i = 0; i < 2; i++) {
      const report = synced(await agent.runOnce());
      const create = report.results.find((r) => r.kind === 'RoleBinding' && r.name === 'admin');
      expect(create).toMatchObject({
        op: 'create',
        outcome: 'failed',
        error: { reason: 'AlreadyExists', message: fix },
      });
      fleet.clock.advance(60);
    }
    const kept = find(fleet.managed.managed1!, 'RoleBinding', 'a', 'admin') as KubeObject & {
      roleRef: { name: string };
    };
    expect(kept.roleRef.name).toBe('edit');
    expect(kept.metadata.labels).toBeUndefined();
    expect(find(fleet.managed.managed1!, 'RoleBinding', 'a', 'view')).toBeDefined();
    expect(clusterEntry(fleet, 'VerrazzanoProject', 'verrazzano-mc', 'p')).toMatchObject({
      state: 'Failed',
      message: fix,
    });
  });
});

describe("B6, V4: a user's NetworkPolicy in a project namespace", () => {
  it("B6, V4: a user's NetworkPolicy stays while the project's policies are created, removed from the project and deleted with it", async () => {
    const vp = project('p', ['a'], ['managed1']);
    vp.spec.template.networkPolicies = [
      { metadata: { name: 'deny', namespace: 'a' }, spec: { podSelector: {} } },
    ];
    const fleet = memoryFleet(['managed1']);
    await fleet.register('managed1');
    await fleet.applyAdmin([vp]);
    await fleet.syncAdmin();
    const agent = fleet.agent('managed1');
    synced(await agent.runOnce());
    const policy = (name: string): KubeObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: 'a' },
      spec: { podSelector: {} },
    });
    const managed = fleet.managed.managed1!;
    await managed.client().apply(policy('user-allow'), { fieldManager: 'kubectl', force: true });
    // Verrazzano deletes every NetworkPolicy of a project namespace that the project does not list.
    const policies = () =>
      managed
        .snapshot()
        .filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'a')
        .map((o) => o.metadata.name);
    fleet.clock.advance(60);
    synced(await agent.runOnce());
    expect(policies()).toEqual(['deny', 'user-allow']);

    vp.spec.template.networkPolicies = [];
    await fleet.applyAdmin([vp]);
    fleet.clock.advance(60);
    synced(await agent.runOnce());
    expect(policies()).toEqual(['user-allow']);

    await fleet.admin
      .client()
      .delete({ apiVersion: V, kind: 'VerrazzanoProject', namespace: 'verrazzano-mc', name: 'p' });
    await fleet.syncAdmin();
    fleet.clock.advance(60);
    synced(await agent.runOnce());
    expect(policies()).toEqual(['user-allow']);
  });
});

describe('B30: a report whose admin object is gone', () => {
  it('B30: an admin object deleted between the read and the report fails that report with NotFound, once, and the next plan reports nothing for it', async () => {
    const fleet = await fleetWithProject(['a']);
    await fleet.applyAdmin([mccm('cm', 'a', ['managed1'])]);
    const adminUser = fleet.admin.client();
    const target: ObjectKey = { apiVersion: V, kind: 'MultiClusterConfigMap', namespace: 'a', name: 'cm' };
    let writes = 0;
    const agent = fleet.agent('managed1', {
      connectAdmin: (kubeconfig) => {
        const client = fleet.admin.client({ token: parseAgentKubeconfig(kubeconfig).token });
        // The plan read cm from the lists; someone deletes it just before the report is written.
        return new Proxy(client, {
          get(object, property, receiver) {
            if (property !== 'updateStatus') return Reflect.get(object, property, receiver) as unknown;
            return async (written: KubeObject) => {
              if (written.kind === target.kind && written.metadata.name === target.name) {
                writes++;
                if (writes === 1) await adminUser.delete(target);
              }
              return client.updateStatus(written);
            };
          },
        });
      },
    });
    const first = synced(await agent.runOnce());
    expect(first.results.find((r) => r.op === 'status' && r.name === 'cm')).toMatchObject({
      outcome: 'failed',
      error: { reason: 'NotFound' },
    });
    expect(writes).toBe(1);
    expect(find(fleet.admin, 'MultiClusterConfigMap', 'a', 'cm')).toBeUndefined();

    fleet.clock.advance(60);
    const second = synced(await agent.runOnce());
    expect(second.plan.actions.filter((a) => a.name === 'cm').map((a) => `${a.op} ${a.kind}`)).toEqual([
      'delete ConfigMap',
      'delete MultiClusterConfigMap',
    ]);
    expect(writes).toBe(1);
  });
});

describe('B31: the agent never refreshes its kubeconfig', () => {
  const agentSecretKey = {
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: 'verrazzano-system',
    name: 'verrazzano-cluster-agent',
  };

  it('B31: registration asks for a one-year token; the agent never rewrites its Secret; past the year the admin rejects it and the agent deregisters once that is confirmed (D2)', async () => {
    const fleet = await fleetWithProject(['a']);
    const local = fleet.managed.managed1!.client();
    const before = await local.get<Secret & KubeObject>(agentSecretKey);
    const stored = readAgentSecret(before);
    if ('error' in stored) throw new Error(stored.error);
    const token = parseAgentKubeconfig(stored.kubeconfig).token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(DEFAULT_TOKEN_SECONDS).toBe(365 * 24 * 3600);
    expect(claims.exp - claims.iat).toBe(DEFAULT_TOKEN_SECONDS);

    const agent = fleet.agent('managed1');
    for (const days of [0, 100, 364]) {
      fleet.clock.set(new Date((claims.iat + days * 24 * 3600) * 1000));
      expect((await agent.runOnce()).state).toBe('synced');
    }
    const after = await local.get<Secret & KubeObject>(agentSecretKey);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(after.data).toEqual(before.data);

    fleet.clock.set(new Date(claims.exp * 1000));
    expect(await agent.runOnce()).toMatchObject({ state: 'failed', cluster: 'managed1' });
    fleet.clock.advance(30);
    expect(await agent.runOnce()).toEqual({
      state: 'deregistered',
      cluster: 'managed1',
      reason: 'the admin rejects the agent token',
    });
    // The applications stay (D2, B17).
    expect(find(fleet.managed.managed1!, 'Namespace', '', 'a')).toBeDefined();
  });
});

describe('B34: immutable objects', () => {
  it('B34: immutable passes through to the unwrapped ConfigMap and the copied Secret; a later data change then fails on every iteration and is reported', async () => {
    const fleet = await fleetWithProject(['a']);
    const immutableMap = (value: string) => {
      const wrapper = mccm('cm', 'a', ['managed1']);
      return {
        ...wrapper,
        spec: { placement: wrapper.spec!.placement, template: { data: { k: value }, immutable: true } },
      } as KubeObject;
    };
    await fleet.applyAdmin([
      immutableMap('v1'),
      { ...secret('s1', 'a'), immutable: true },
      mcapp('app', 'a', ['managed1'], { secrets: ['s1'] }),
    ]);
    const agent = fleet.agent('managed1');
    synced(await agent.runOnce());
    const managed = fleet.managed.managed1!;
    expect(find(managed, 'ConfigMap', 'a', 'cm')).toMatchObject({ immutable: true, data: { k: 'v1' } });
    expect(find(managed, 'Secret', 'a', 's1')).toMatchObject({ immutable: true, data: { k: 'dg==' } });

    await fleet.applyAdmin([immutableMap('v2')]);
    for (let i = 0; i < 2; i++) {
      fleet.clock.advance(60);
      const report = synced(await agent.runOnce());
      expect(outcomes(report, 'ConfigMap')).toEqual(['update a/cm failed Invalid']);
    }
    expect(find(managed, 'ConfigMap', 'a', 'cm')).toMatchObject({ data: { k: 'v1' } });
    expect(clusterEntry(fleet, 'MultiClusterConfigMap', 'a', 'cm')).toMatchObject({
      state: 'Failed',
      message: expect.stringContaining('field is immutable'),
    });
  });
});
