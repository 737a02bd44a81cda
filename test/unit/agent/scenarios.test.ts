/**
 * The spec's §9 scenarios that concern the agent and its plans, each on in-memory clusters wired
 * like a real fleet (registration in two steps, the agent's own token and RBAC).
 */
import { describe, expect, it } from 'vitest';
import {
  ClusterError,
  localSnapshotFromObjects,
  parseAgentKubeconfig,
  agentKubeconfig,
  agentKubeconfigAsData,
  type KubeObject,
  type Secret,
} from '../../../src/index.js';
import { jsonLinesLogger, namespacesToRead, readAgentSecret, createAgent } from '../../../src/agent-entry.js';
import type { MemoryCluster } from '../../../src/memory.js';
import { component, mcapp, mccm, mcsecret, project, secret } from '../../support/fleet.js';
import { memoryFleet, type MemoryFleet } from '../../support/memory-fleet.js';

const V = 'clusters.verrazzano.io/v1alpha1';

async function deployed(objects: KubeObject[], clusters: string[] = ['managed1']): Promise<MemoryFleet> {
  const fleet = memoryFleet();
  for (const c of clusters) await fleet.register(c);
  await fleet.applyAdmin(objects.filter((o) => o.kind === 'VerrazzanoProject'));
  await fleet.syncAdmin();
  await fleet.applyAdmin(objects.filter((o) => o.kind !== 'VerrazzanoProject'));
  for (const c of clusters) expect((await fleet.agent(c).runOnce()).state).toBe('synced');
  return fleet;
}

const has = (cluster: MemoryCluster, kind: string, namespace: string, name: string) =>
  cluster
    .snapshot()
    .some((o) => o.kind === kind && (o.metadata.namespace ?? '') === namespace && o.metadata.name === name);
const find = (cluster: MemoryCluster, kind: string, namespace: string, name: string) =>
  cluster
    .snapshot()
    .find((o) => o.kind === kind && (o.metadata.namespace ?? '') === namespace && o.metadata.name === name);
const del = (fleet: MemoryFleet, apiVersion: string, kind: string, namespace: string, name: string) =>
  fleet.admin.client().delete({ apiVersion, kind, namespace, name });
const sync = async (fleet: MemoryFleet, cluster = 'managed1') => {
  const report = await fleet.agent(cluster).runOnce();
  if (report.state !== 'synced') throw new Error(`expected a sync, got ${report.state}: ${report.reason}`);
  return report;
};
const objects = (...list: object[]) => list as KubeObject[];

describe('§9.1 identity', () => {
  it('scenario 3: an agent Secret without managed-cluster-name or admin-kubeconfig is refused with the exact message (P1)', () => {
    const base = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'verrazzano-cluster-agent' },
    } as Secret;
    expect(readAgentSecret({ ...base, data: { 'admin-kubeconfig': 'eA==' } })).toEqual({
      error:
        'Agent secret validation failed: the secret named verrazzano-cluster-agent in namespace verrazzano-system is missing the required field managed-cluster-name',
    });
    expect(readAgentSecret({ ...base, data: { 'managed-cluster-name': 'bTE=' } })).toEqual({
      error:
        'Agent secret validation failed: the secret named verrazzano-cluster-agent in namespace verrazzano-system is missing the required field admin-kubeconfig',
    });
  });
});

describe('P1: an empty managed-cluster-name is refused (docs/deviations.md)', () => {
  const missing =
    'Agent secret validation failed: the secret named verrazzano-cluster-agent in namespace verrazzano-system is missing the required field managed-cluster-name';

  it('P1: an agent Secret whose managed-cluster-name is empty is refused like a missing one (Verrazzano checks only that the key exists)', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'verrazzano-cluster-agent' },
      data: { 'managed-cluster-name': '', 'admin-kubeconfig': 'eA==' },
    } as Secret;
    expect(readAgentSecret(secret)).toEqual({ error: missing });
  });

  it('P1: a managed-cluster-name no VMC can have (whitespace, capitals, spaces) is refused, naming the value and the rule', () => {
    const kubeconfig = btoa('apiVersion: v1\nkind: Config\n');
    for (const name of [' ', '\t', 'Managed1', 'managed 1', 'managed1\n']) {
      const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'verrazzano-cluster-agent' },
        data: { 'managed-cluster-name': btoa(name), 'admin-kubeconfig': kubeconfig },
      } as Secret;
      const result = readAgentSecret(secret);
      expect(result).toEqual({
        error: expect.stringContaining(`has managed-cluster-name ${JSON.stringify(name)}`),
      });
      expect('error' in result && result.error).toMatch(
        /which no VerrazzanoManagedCluster can be named: .*RFC 1123/,
      );
    }
  });

  it('P1: an agent whose Secret names the empty cluster fails the iteration and writes nothing on either cluster', async () => {
    const fleet = await deployed(objects(project('p', ['ns'], ['managed1']), mccm('cm', 'ns', ['managed1'])));
    const local = fleet.managed.managed1!.client();
    const key = {
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: 'verrazzano-system',
      name: 'verrazzano-cluster-agent',
    };
    const stored = await local.get<Secret & KubeObject>(key);
    await local.replace({ ...stored, data: { ...stored.data, 'managed-cluster-name': '' } });
    await fleet.applyAdmin(objects(mccm('cm2', 'ns', ['managed1'])));
    const before = { admin: fleet.admin.snapshot(), managed: fleet.managed.managed1!.snapshot() };
    fleet.clock.advance(60);
    expect(await fleet.agent('managed1').runOnce()).toEqual({ state: 'failed', reason: missing });
    expect(fleet.admin.snapshot()).toEqual(before.admin);
    expect(fleet.managed.managed1!.snapshot()).toEqual(before.managed);
  });
});

describe('§7.1 the stored admin kubeconfig is data, never code (docs/deviations.md)', () => {
  const agentSecret = {
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: 'verrazzano-system',
    name: 'verrazzano-cluster-agent',
  };

  it('the connector gets the kubeconfig rebuilt from server, CA data and token only (P1)', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const local = fleet.managed.managed1!.client();
    const stored = readAgentSecret(await local.get<Secret & KubeObject>(agentSecret));
    if ('error' in stored) throw new Error(stored.error);
    expect(stored.kubeconfig).toBe(agentKubeconfig(parseAgentKubeconfig(stored.kubeconfig)));
  });

  it('an exec plugin in admin-kubeconfig fails the iteration naming the field; the connector is never called and no token leaks (P1)', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const local = fleet.managed.managed1!.client();
    const stored = await local.get<Secret & KubeObject>(agentSecret);
    const yaml = agentKubeconfig({ server: 'https://admin:6443', caData: '', token: 'TOKEN-VALUE' }).replace(
      '    token: TOKEN-VALUE',
      '    token: TOKEN-VALUE\n    exec:\n      command: /bin/sh\n      args: [-c, "touch /tmp/pwned"]',
    );
    expect(yaml).toContain('exec:');
    await local.replace({
      ...stored,
      data: { ...stored.data, 'admin-kubeconfig': Buffer.from(yaml).toString('base64') },
    });
    let connected = 0;
    const agent = createAgent({
      local,
      connectAdmin: () => {
        connected++;
        return fleet.admin.client();
      },
    });
    const report = await agent.runOnce();
    expect(report.state).toBe('failed');
    expect(report.state === 'failed' && report.reason).toContain('users[mcAgent].user.exec');
    expect(JSON.stringify(report)).not.toContain('TOKEN-VALUE');
    expect(connected).toBe(0);
  });

  it.each([
    [
      'insecure-skip-tls-verify',
      'clusters[admin].cluster.insecure-skip-tls-verify',
      (y: string) => y.replace('    server:', '    insecure-skip-tls-verify: true\n    server:'),
    ],
    [
      'a token file',
      'users[mcAgent].user.tokenFile',
      (y: string) => y.replace('    token: t', '    tokenFile: /etc/passwd'),
    ],
    [
      'an auth-provider',
      'users[mcAgent].user.auth-provider',
      (y: string) => y.replace('    token: t', '    token: t\n    auth-provider: {name: oidc}'),
    ],
    ['plain http', 'clusters[admin].cluster.server', (y: string) => y.replace('https://', 'http://')],
  ])('%s is refused at %s', (_what, field, edit) => {
    const result = agentKubeconfigAsData(
      edit(agentKubeconfig({ server: 'https://a:6443', caData: '', token: 't' })),
    );
    expect(result).toEqual(expect.objectContaining({ field }));
  });
});

describe('§9.2 project sync', () => {
  it('scenarios 6 and 7: a local project copy goes when the admin deletes it or no longer places the cluster (P22)', async () => {
    const fleet = await deployed(
      objects(project('p1', ['a'], ['managed1']), project('p2', ['b'], ['managed1'])),
    );
    expect(has(fleet.managed.managed1!, 'VerrazzanoProject', 'verrazzano-mc', 'p1')).toBe(true);
    await del(fleet, V, 'VerrazzanoProject', 'verrazzano-mc', 'p1');
    await fleet.applyAdmin(objects(project('p2', ['b'], ['other'])));
    await sync(fleet);
    expect(has(fleet.managed.managed1!, 'VerrazzanoProject', 'verrazzano-mc', 'p1')).toBe(false);
    expect(has(fleet.managed.managed1!, 'VerrazzanoProject', 'verrazzano-mc', 'p2')).toBe(false);
    // P25: namespaces stay.
    expect(has(fleet.managed.managed1!, 'Namespace', '', 'a')).toBe(true);
  });

  it('scenario 8: the agent works in the namespaces of the projects placed on it (and where its own objects are)', () => {
    const labelledBy = (manager: string) => ({
      labels: { 'vzmc.dev/managed': 'true' },
      managedFields: [
        {
          manager,
          operation: 'Apply',
          fieldsV1: { 'f:metadata': { 'f:labels': { 'f:vzmc.dev/managed': {} } } },
        },
      ],
    });
    const namespace = (name: string, manager: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, ...labelledBy(manager) },
    });
    const configMap = (ns: string, manager: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: ns, ...labelledBy(manager) },
    });
    const local = localSnapshotFromObjects([
      // vzmc's own object in a namespace vzmc manages: read, to learn whether it is still placed (P21).
      namespace('old', 'vzmc'),
      configMap('old', 'vzmc'),
      // Forged labels (another field manager), or vzmc's label in a namespace vzmc does not manage:
      // left alone whatever the admin holds (P20, P21), so not read there.
      namespace('forged-ns', 'kubectl'),
      configMap('forged-ns', 'kubectl'),
      namespace('user-ns', 'kubectl'),
      configMap('user-ns', 'vzmc'),
      configMap('no-namespace-object', 'vzmc'),
    ]);
    expect(
      namespacesToRead(
        'm1',
        [project('p', ['ns1', 'ns2'], ['m1']), project('q', ['ns3'], ['m2']), project('r', ['ns4'], ['m1'])],
        local,
      ),
    ).toEqual(['ns1', 'ns2', 'ns4', 'old']);
    // Another field manager owns nothing here, so only the placed namespaces are read for it.
    expect(namespacesToRead('m1', [project('p', ['ns1'], ['m1'])], local, 'custom')).toEqual(['ns1']);
  });

  it("scenario 14: a removed project's NetworkPolicies go; its namespaces and RoleBindings stay (P28)", async () => {
    const vp = project('p', ['a'], ['managed1']);
    vp.spec.template.networkPolicies = [
      { metadata: { name: 'deny', namespace: 'a' }, spec: { podSelector: {} } },
    ];
    const fleet = await deployed(objects(vp));
    expect(has(fleet.managed.managed1!, 'NetworkPolicy', 'a', 'deny')).toBe(true);
    await del(fleet, V, 'VerrazzanoProject', 'verrazzano-mc', 'p');
    await sync(fleet);
    expect(has(fleet.managed.managed1!, 'NetworkPolicy', 'a', 'deny')).toBe(false);
    expect(has(fleet.managed.managed1!, 'Namespace', '', 'a')).toBe(true);
    expect(has(fleet.managed.managed1!, 'RoleBinding', 'a', 'admin')).toBe(true);
  });

  it('scenario 15: the admin reports the project locally as "VerrazzanoProject created"', async () => {
    const fleet = await deployed(objects(project('p', ['a'], ['managed1'])));
    const status = find(fleet.admin, 'VerrazzanoProject', 'verrazzano-mc', 'p')!.status as {
      clusters: { name: string; state: string; message: string }[];
    };
    expect(status.clusters.find((c) => c.name === 'local')).toMatchObject({
      state: 'Succeeded',
      message: 'VerrazzanoProject created',
    });
    expect(status.clusters.find((c) => c.name === 'managed1')).toMatchObject({ state: 'Succeeded' });
  });
});

describe('§9.3 wrapper sync by the agent', () => {
  it('scenario 16: an MC secret is copied, then updated when its template changes; its Secret follows', async () => {
    const fleet = await deployed(
      objects(project('p', ['a'], ['managed1']), mcsecret('s', 'a', ['managed1'])),
    );
    expect(has(fleet.managed.managed1!, 'MultiClusterSecret', 'a', 's')).toBe(true);
    const changed = mcsecret('s', 'a', ['managed1']);
    changed.spec!.template.stringData = { password: 'changed' };
    await fleet.applyAdmin(objects(changed));
    const report = await sync(fleet);
    expect(
      report.plan.actions
        .filter((a) => a.op === 'update')
        .map((a) => a.kind)
        .sort(),
    ).toEqual(['MultiClusterSecret', 'Secret']);
    expect((find(fleet.managed.managed1!, 'Secret', 'a', 's') as Secret).data).toEqual({
      password: Buffer.from('changed').toString('base64'),
    });
  });

  it('scenario 17: a wrapper placed only on another cluster is not copied', async () => {
    const fleet = await deployed(objects(project('p', ['a'], ['managed1']), mccm('c', 'a', ['other'])));
    expect(has(fleet.managed.managed1!, 'MultiClusterConfigMap', 'a', 'c')).toBe(false);
  });

  it('scenario 18: a local MC ConfigMap copy whose admin object is gone is deleted, and its ConfigMap with it (P20, P26)', async () => {
    const fleet = await deployed(objects(project('p', ['a'], ['managed1']), mccm('c', 'a', ['managed1'])));
    await del(fleet, V, 'MultiClusterConfigMap', 'a', 'c');
    await sync(fleet);
    expect(has(fleet.managed.managed1!, 'MultiClusterConfigMap', 'a', 'c')).toBe(false);
    expect(has(fleet.managed.managed1!, 'ConfigMap', 'a', 'c')).toBe(false);
  });

  it('scenario 22: a Component shared by two app configs stays until the last one goes (P24)', async () => {
    const fleet = await deployed(
      objects(
        project('p', ['a'], ['managed1']),
        component('hello', 'a'),
        mcapp('one', 'a', ['managed1'], { components: ['hello'] }),
        mcapp('two', 'a', ['managed1'], { components: ['hello'] }),
      ),
    );
    await del(fleet, V, 'MultiClusterApplicationConfiguration', 'a', 'one');
    await sync(fleet);
    expect(has(fleet.managed.managed1!, 'Component', 'a', 'hello')).toBe(true);
    expect(
      find(fleet.managed.managed1!, 'Component', 'a', 'hello')!.metadata.annotations?.[
        'verrazzano.io/mc-app-configs'
      ],
    ).toBe('two');
    await del(fleet, V, 'MultiClusterApplicationConfiguration', 'a', 'two');
    await sync(fleet);
    expect(has(fleet.managed.managed1!, 'Component', 'a', 'hello')).toBe(false);
  });

  it('scenario 26: a Secret shared by two app configs stays when one goes, recording the remaining one (P23, B1)', async () => {
    const fleet = await deployed(
      objects(
        project('p', ['a'], ['managed1']),
        secret('s1', 'a'),
        mcapp('one', 'a', ['managed1'], { secrets: ['s1'] }),
        mcapp('two', 'a', ['managed1'], { secrets: ['s1'] }),
      ),
    );
    expect(
      find(fleet.managed.managed1!, 'Secret', 'a', 's1')!.metadata.annotations?.[
        'verrazzano.io/mc-app-configs'
      ],
    ).toBe('one,two');
    await del(fleet, V, 'MultiClusterApplicationConfiguration', 'a', 'one');
    await sync(fleet);
    expect(
      find(fleet.managed.managed1!, 'Secret', 'a', 's1')!.metadata.annotations?.[
        'verrazzano.io/mc-app-configs'
      ],
    ).toBe('two');
  });
});

describe('§9.4 unwrapping on the managed cluster', () => {
  it('scenario 30: an unwrapped object edited on the cluster is put back to the template', async () => {
    const fleet = await deployed(objects(project('p', ['a'], ['managed1']), mccm('c', 'a', ['managed1'])));
    const live = find(fleet.managed.managed1!, 'ConfigMap', 'a', 'c')!;
    await fleet.managed.managed1!.client().apply(
      { ...live, metadata: { name: 'c', namespace: 'a' }, data: { k: 'edited' } },
      {
        fieldManager: 'kubectl-edit',
        force: true,
      },
    );
    const report = await sync(fleet);
    expect(report.plan.actions.map((a) => `${a.op} ${a.kind}`)).toEqual([
      'update ConfigMap',
      'status MultiClusterConfigMap',
    ]);
    expect(find(fleet.managed.managed1!, 'ConfigMap', 'a', 'c')?.data).toEqual({ k: 'v' });
  });

  it('scenario 31: a failing create of the unwrapped object reports DeployFailed with the error, state Failed', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    await fleet.applyAdmin(objects(project('p', ['a'], ['managed1'])));
    await fleet.syncAdmin();
    await fleet.applyAdmin(objects(mccm('c', 'a', ['managed1'])));
    fleet.managed.managed1!.injectFault(
      { verb: 'apply', kind: 'ConfigMap' },
      new ClusterError({
        reason: 'Invalid',
        status: 422,
        message: 'ConfigMap "c" is invalid: data: Too long',
      }),
    );
    const report = await fleet.agent('managed1').runOnce();
    expect(report.state === 'synced' && report.results.find((r) => r.kind === 'ConfigMap')?.outcome).toBe(
      'failed',
    );
    const status = find(fleet.admin, 'MultiClusterConfigMap', 'a', 'c')!.status as {
      state: string;
      clusters: { state: string; message: string }[];
    };
    expect(status.state).toBe('Failed');
    expect(status.clusters[0]).toMatchObject({
      state: 'Failed',
      message: 'ConfigMap "c" is invalid: data: Too long',
    });
  });
});

describe('§5.1 no false success for a project (issue 14)', () => {
  it('§5.1, S4: a project whose RoleBinding writes fail on the managed cluster is reported DeployFailed, never created', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    await fleet.applyAdmin(objects(project('p', ['a'], ['managed1'])));
    await fleet.syncAdmin();
    fleet.managed.managed1!.injectFault(
      { verb: 'apply', kind: 'RoleBinding' },
      new ClusterError({
        reason: 'Forbidden',
        status: 403,
        message: 'rolebindings is forbidden: escalation',
      }),
    );
    const report = await fleet.agent('managed1').runOnce();
    expect(
      report.state === 'synced' &&
        report.results.some((r) => r.kind === 'RoleBinding' && r.outcome === 'failed'),
    ).toBe(true);
    await fleet.syncAdmin();
    const status = find(fleet.admin, 'VerrazzanoProject', 'verrazzano-mc', 'p')!.status as {
      state: string;
      clusters: { name: string; state: string; message: string }[];
    };
    expect(status.clusters.find((c) => c.name === 'managed1')).toMatchObject({
      state: 'Failed',
      message: 'rolebindings is forbidden: escalation',
    });
    expect(status.state).toBe('Failed');
  });
});

describe('§9.5 status forwarding', () => {
  it('scenario 41: a status update that meets a Conflict is retried (S4)', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    await fleet.applyAdmin(objects(project('p', ['a'], ['managed1'])));
    await fleet.syncAdmin();
    await fleet.applyAdmin(objects(mccm('c', 'a', ['managed1'])));
    const fault = fleet.admin.injectFault(
      { verb: 'updateStatus', kind: 'MultiClusterConfigMap', times: 1 },
      new ClusterError({ reason: 'Conflict', status: 409, message: 'the object has been modified' }),
    );
    await fleet.agent('managed1').runOnce();
    expect(fault.hits).toBe(1);
    expect((find(fleet.admin, 'MultiClusterConfigMap', 'a', 'c')!.status as { state: string }).state).toBe(
      'Succeeded',
    );
  });
});

describe('logs and shutdown', () => {
  it('JSON-lines logs never contain Secret data or the agent token', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    const password = 'hunter2-do-not-log';
    const s = { ...secret('s1', 'a'), data: { password: Buffer.from(password).toString('base64') } };
    await fleet.applyAdmin(objects(project('p', ['a'], ['managed1'])));
    await fleet.syncAdmin();
    await fleet.applyAdmin(objects(s, mcapp('app', 'a', ['managed1'], { secrets: ['s1'] })));
    const lines: string[] = [];
    let token = '';
    const agent = createAgent({
      local: fleet.managed.managed1!.client(),
      connectAdmin: (kubeconfig) => {
        token = parseAgentKubeconfig(kubeconfig).token;
        return fleet.admin.client({ token });
      },
      logger: jsonLinesLogger((line) => lines.push(line), { level: 'debug', clock: () => new Date(0) }),
    });
    await agent.runOnce();
    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(text).not.toContain(password);
    expect(text).not.toContain(Buffer.from(password).toString('base64'));
    expect(token).not.toBe('');
    expect(text).not.toContain(token);
  });

  it('an abort lets the action in flight finish and starts no other; the loop then ends (SIGTERM)', async () => {
    const fleet = memoryFleet();
    await fleet.register('managed1');
    await fleet.applyAdmin(objects(project('p', ['a'], ['managed1'])));
    await fleet.syncAdmin();
    await fleet.applyAdmin(objects(mccm('c1', 'a', ['managed1']), mccm('c2', 'a', ['managed1'])));
    const controller = new AbortController();
    const local = fleet.managed.managed1!.client();
    let applies = 0;
    const agent = createAgent({
      local: {
        ...local,
        name: local.name,
        list: (v, k, o) => local.list(v, k, o),
        get: (k) => local.get(k),
        create: (o, w) => local.create(o, w),
        replace: (o, w) => local.replace(o, w),
        delete: (k, d) => local.delete(k, d),
        updateStatus: (o, w) => local.updateStatus(o, w),
        serverVersion: () => local.serverVersion(),
        requestToken: (n, s, t) => local.requestToken(n, s, t),
        apply: async (o, w) => {
          const result = await local.apply(o, w);
          // The signal arrives while the third write is in flight: it completes, nothing after it starts.
          if (++applies === 3) controller.abort();
          return result;
        },
      },
      connectAdmin: (kubeconfig) => fleet.admin.client({ token: parseAgentKubeconfig(kubeconfig).token }),
      sleep: () => Promise.resolve(),
    });
    const reports: string[] = [];
    await agent.run(controller.signal, (r) => reports.push(r.state));
    expect(reports).toEqual(['synced']);
    expect(applies).toBe(3);
    // Nothing half-applied: each object is either absent or whole.
    for (const o of fleet.managed
      .managed1!.snapshot()
      .filter((x) => x.metadata.labels?.['vzmc.dev/managed'] === 'true')) {
      expect(o.metadata.annotations?.['vzmc.dev/source']).toBeDefined();
    }
  });
});
