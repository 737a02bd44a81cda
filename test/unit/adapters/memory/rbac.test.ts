import { describe, expect, it } from 'vitest';
import { createMemoryCluster, manualClock } from '../../../../src/adapters/memory/index.js';
import type { KubeObject } from '../../../../src/model/meta.js';
import { CLUSTERS, MC, configMap, failure, namespace, project, vmc } from './helpers.js';

const RBAC = 'rbac.authorization.k8s.io/v1';

type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[] };
type Subject = { kind: string; name: string; namespace?: string };

const role = (ns: string, name: string, rules: Rule[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'Role',
  metadata: { name, namespace: ns },
  rules,
});
const clusterRole = (name: string, rules: Rule[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'ClusterRole',
  metadata: { name },
  rules,
});
const roleBinding = (
  ns: string,
  name: string,
  ref: { kind: string; name: string },
  subjects: Subject[],
): KubeObject => ({
  apiVersion: RBAC,
  kind: 'RoleBinding',
  metadata: { name, namespace: ns },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...ref },
  subjects,
});
const clusterRoleBinding = (name: string, ref: string, subjects: Subject[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: ref },
  subjects,
});
const serviceAccount = (ns: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace: ns },
});

const readConfigMaps: Rule = { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] };

async function setup(clock = manualClock()) {
  const cluster = createMemoryCluster({ clock });
  const admin = cluster.client();
  for (const ns of ['a', 'b', MC]) await admin.create(namespace(ns));
  await admin.create(configMap('a', 'cm'));
  await admin.create(configMap('b', 'cm'));
  return { cluster, admin, clock };
}

describe('memory cluster RBAC', () => {
  it('the default client is the cluster admin; system:masters members pass every check', async () => {
    const { cluster } = await setup();
    await cluster.client().list('v1', 'Secret');
    await cluster.client({ user: 'root', groups: ['system:masters'] }).list('v1', 'Secret');
  });

  it('a user without bindings is Forbidden, worded like the server, before any existence check', async () => {
    const { cluster } = await setup();
    const alice = cluster.client({ user: 'alice' });
    const list = await failure(alice.list('v1', 'ConfigMap', { namespace: 'a' }));
    expect(list.reason).toBe('Forbidden');
    expect(list.status).toBe(403);
    expect(list.message).toBe(
      'configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "a"',
    );
    expect(
      (await failure(alice.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'missing' })))
        .message,
    ).toBe(
      'configmaps "missing" is forbidden: User "alice" cannot get resource "configmaps" in API group "" in the namespace "a"',
    );
    expect((await failure(alice.list('v1', 'Namespace'))).message).toBe(
      'namespaces is forbidden: User "alice" cannot list resource "namespaces" in API group "" at the cluster scope',
    );
    expect((await failure(alice.create(configMap('a', 'new')))).message).toBe(
      'configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "a"',
    );
    expect((await failure(alice.apply(configMap('a', 'cm'), { fieldManager: 'alice' }))).message).toBe(
      'configmaps "cm" is forbidden: User "alice" cannot patch resource "configmaps" in API group "" in the namespace "a"',
    );
    expect(
      (await failure(alice.updateStatus({ ...vmc('m1'), status: { state: 'Active' } } as any))).message,
    ).toBe(
      'verrazzanomanagedclusters.clusters.verrazzano.io "m1" is forbidden: User "alice" cannot update resource "verrazzanomanagedclusters/status" in API group "clusters.verrazzano.io" in the namespace "verrazzano-mc"',
    );
    expect((await failure(alice.list(CLUSTERS, 'VerrazzanoProject'))).message).toBe(
      'verrazzanoprojects.clusters.verrazzano.io is forbidden: User "alice" cannot list resource "verrazzanoprojects" in API group "clusters.verrazzano.io" at the cluster scope',
    );
  });

  it('a Role bound in a namespace grants only there', async () => {
    const { cluster, admin } = await setup();
    await admin.create(role('a', 'reader', [readConfigMaps]));
    await admin.create(
      roleBinding('a', 'alice-reads', { kind: 'Role', name: 'reader' }, [{ kind: 'User', name: 'alice' }]),
    );
    const alice = cluster.client({ user: 'alice' });
    expect((await alice.list('v1', 'ConfigMap', { namespace: 'a' })).items).toHaveLength(1);
    await alice.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'cm' });
    expect((await failure(alice.list('v1', 'ConfigMap', { namespace: 'b' }))).reason).toBe('Forbidden');
    expect((await failure(alice.list('v1', 'ConfigMap'))).reason).toBe('Forbidden');
    expect((await failure(alice.create(configMap('a', 'new')))).reason).toBe('Forbidden');
  });

  it('a ClusterRole bound by a RoleBinding grants in that namespace; by a ClusterRoleBinding everywhere', async () => {
    const { cluster, admin } = await setup();
    await admin.create(clusterRole('cm-reader', [readConfigMaps]));
    await admin.create(
      roleBinding('b', 'bob-reads', { kind: 'ClusterRole', name: 'cm-reader' }, [
        { kind: 'User', name: 'bob' },
      ]),
    );
    await admin.create(clusterRoleBinding('carol-reads', 'cm-reader', [{ kind: 'User', name: 'carol' }]));
    const bob = cluster.client({ user: 'bob' });
    await bob.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'b', name: 'cm' });
    expect(
      (await failure(bob.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'cm' }))).reason,
    ).toBe('Forbidden');
    const carol = cluster.client({ user: 'carol' });
    expect((await carol.list('v1', 'ConfigMap')).items.map((c) => c.metadata.namespace)).toEqual(['a', 'b']);
  });

  it('server-side apply needs patch, and create too when it creates the object (as the real patch handler)', async () => {
    const { cluster, admin } = await setup();
    const rule = (verbs: string[]): Rule => ({ apiGroups: [''], resources: ['configmaps'], verbs });
    await admin.create(role('a', 'patcher', [rule(['patch'])]));
    await admin.create(
      roleBinding('a', 'erin', { kind: 'Role', name: 'patcher' }, [{ kind: 'User', name: 'erin' }]),
    );
    const erin = cluster.client({ user: 'erin' });
    // The object exists: patch is enough.
    await erin.apply(configMap('a', 'cm'), { fieldManager: 'erin', force: true });
    const create = await failure(erin.apply(configMap('a', 'new'), { fieldManager: 'erin', force: true }));
    expect(create.reason).toBe('Forbidden');
    expect(create.message).toContain(
      'cannot create resource "configmaps" in API group "" in the namespace "a"',
    );
    await admin.apply(role('a', 'patcher', [rule(['create', 'patch'])]), {
      fieldManager: 'test',
      force: true,
    });
    await erin.apply(configMap('a', 'new'), { fieldManager: 'erin', force: true });
  });
  it('resourceNames limit a rule to named objects, so list and create are not covered', async () => {
    const { cluster, admin } = await setup();
    await admin.create(
      role('a', 'one', [
        {
          apiGroups: [''],
          resources: ['configmaps'],
          resourceNames: ['cm'],
          verbs: ['get', 'list', 'create'],
        },
      ]),
    );
    await admin.create(
      roleBinding('a', 'dave', { kind: 'Role', name: 'one' }, [{ kind: 'User', name: 'dave' }]),
    );
    const dave = cluster.client({ user: 'dave' });
    await dave.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'cm' });
    expect(
      (await failure(dave.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'other' })))
        .reason,
    ).toBe('Forbidden');
    expect((await failure(dave.list('v1', 'ConfigMap', { namespace: 'a' }))).reason).toBe('Forbidden');
    expect((await failure(dave.create(configMap('a', 'cm2')))).reason).toBe('Forbidden');
  });

  it('a RoleBinding passes the escalation check with bind on its role, or holding the role; a missing role is NotFound', async () => {
    const { cluster, admin } = await setup();
    const binder = (name: string) =>
      roleBinding('a', name, { kind: 'ClusterRole', name }, [{ kind: 'User', name: 'frank' }]);
    await admin.create(clusterRole('cm-reader', [readConfigMaps]));
    // frank may write RoleBindings in a, and read ConfigMaps there, but holds nothing else.
    await admin.create(
      role('a', 'binder', [
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create', 'patch'] },
        readConfigMaps,
      ]),
    );
    await admin.create(
      roleBinding('a', 'frank', { kind: 'Role', name: 'binder' }, [{ kind: 'User', name: 'frank' }]),
    );
    const frank = cluster.client({ user: 'frank' });
    // Holding every permission of the role is enough.
    await frank.create(binder('cm-reader'));
    await admin.create(
      clusterRole('secret-reader', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]),
    );
    const escalating = await failure(frank.create(binder('secret-reader')));
    expect(escalating.reason).toBe('Forbidden');
    expect(escalating.message).toBe(
      'rolebindings.rbac.authorization.k8s.io "secret-reader" is forbidden: user "frank" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    );
    // A role that does not exist cannot be compared: NotFound, worded as the server words it.
    const missing = await failure(frank.apply(binder('not-there'), { fieldManager: 'frank', force: true }));
    expect(missing.reason).toBe('NotFound');
    expect(missing.message).toBe('rolebindings.rbac.authorization.k8s.io "not-there" not found');
    // bind on the role, by name, lets both through.
    await admin.apply(
      role('a', 'binder', [
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create', 'patch'] },
        readConfigMaps,
        {
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['clusterroles'],
          verbs: ['bind'],
          resourceNames: ['secret-reader', 'not-there'],
        },
      ]),
      { fieldManager: 'test', force: true },
    );
    await frank.create(binder('secret-reader'));
    await frank.apply(binder('not-there'), { fieldManager: 'frank', force: true });
  });

  it('wildcards match any verb, group or resource; */status matches every status subresource', async () => {
    const { cluster, admin } = await setup();
    await admin.create(
      clusterRole('all-in-groups', [{ apiGroups: ['*'], resources: ['*'], verbs: ['get'] }]),
    );
    await admin.create(
      clusterRole('status-writer', [
        { apiGroups: [CLUSTERS.split('/')[0]!], resources: ['*/status'], verbs: ['*'] },
      ]),
    );
    await admin.create(clusterRoleBinding('erin-all', 'all-in-groups', [{ kind: 'User', name: 'erin' }]));
    await admin.create(clusterRoleBinding('erin-status', 'status-writer', [{ kind: 'User', name: 'erin' }]));
    const created = await admin.create(vmc('m1'));
    const erin = cluster.client({ user: 'erin' });
    await erin.get({ apiVersion: CLUSTERS, kind: 'VerrazzanoManagedCluster', namespace: MC, name: 'm1' });
    const updated = await erin.updateStatus({ ...created, status: { state: 'Active' } } as any);
    expect(updated.status.state).toBe('Active');
    expect((await failure(erin.replace({ ...updated, spec: { description: 'x' } }))).reason).toBe(
      'Forbidden',
    );
  });

  it('groups bind too, including system:authenticated for every authenticated user', async () => {
    const { cluster, admin } = await setup();
    await admin.create(clusterRole('cm-reader', [readConfigMaps]));
    await admin.create(
      roleBinding('a', 'team', { kind: 'ClusterRole', name: 'cm-reader' }, [{ kind: 'Group', name: 'team' }]),
    );
    await admin.create(
      roleBinding('b', 'everyone', { kind: 'ClusterRole', name: 'cm-reader' }, [
        { kind: 'Group', name: 'system:authenticated' },
      ]),
    );
    const member = cluster.client({ user: 'frank', groups: ['team'] });
    await member.list('v1', 'ConfigMap', { namespace: 'a' });
    const anyone = cluster.client({ user: 'grace' });
    await anyone.list('v1', 'ConfigMap', { namespace: 'b' });
    expect((await failure(anyone.list('v1', 'ConfigMap', { namespace: 'a' }))).reason).toBe('Forbidden');
  });

  it('a binding to a missing role explains itself in the Forbidden message', async () => {
    const { cluster, admin } = await setup();
    await admin.create(
      roleBinding('a', 'broken', { kind: 'Role', name: 'gone' }, [{ kind: 'User', name: 'alice' }]),
    );
    const error = await failure(
      cluster.client({ user: 'alice' }).list('v1', 'ConfigMap', { namespace: 'a' }),
    );
    expect(error.message).toBe(
      'configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "a": RBAC: role.rbac.authorization.k8s.io "gone" not found',
    );
  });

  it('an unknown token is Unauthorized on every call, including serverVersion', async () => {
    const { cluster } = await setup();
    const stranger = cluster.client({ token: 'nope' });
    for (const call of [stranger.serverVersion(), stranger.list('v1', 'ConfigMap')]) {
      const error = await failure(call);
      expect(error.reason).toBe('Unauthorized');
      expect(error.status).toBe(401);
      expect(error.message).toBe('Unauthorized');
    }
  });

  it('registerToken accepts a static token for an identity', async () => {
    const { cluster, admin } = await setup();
    cluster.registerToken('t0k3n', { user: 'alice', groups: ['readers'] });
    await admin.create(
      roleBinding('a', 'readers', { kind: 'ClusterRole', name: 'cluster-admin' }, [
        { kind: 'Group', name: 'readers' },
      ]),
    );
    await cluster.client({ token: 't0k3n' }).list('v1', 'Secret', { namespace: 'a' });
  });

  it('requestToken returns a ServiceAccount token that authenticates as the ServiceAccount', async () => {
    const { cluster, admin } = await setup();
    expect((await failure(admin.requestToken('a', 'agent'))).message).toBe(
      'serviceaccounts "agent" not found',
    );
    const sa = await admin.create(serviceAccount('a', 'agent'));
    const token = await admin.requestToken('a', 'agent');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims.sub).toBe('system:serviceaccount:a:agent');
    expect(claims['kubernetes.io'].serviceaccount.uid).toBe(sa.metadata.uid);
    const agent = cluster.client({ token });
    const error = await failure(agent.list('v1', 'ConfigMap', { namespace: 'a' }));
    expect(error.message).toBe(
      'configmaps is forbidden: User "system:serviceaccount:a:agent" cannot list resource "configmaps" in API group "" in the namespace "a"',
    );
    await admin.create(
      roleBinding('a', 'agent', { kind: 'ClusterRole', name: 'cluster-admin' }, [
        { kind: 'ServiceAccount', name: 'agent' },
      ]),
    );
    await agent.list('v1', 'ConfigMap', { namespace: 'a' });
  });

  it('ServiceAccount users are in system:serviceaccounts and system:serviceaccounts:<namespace>', async () => {
    const { cluster, admin } = await setup();
    await admin.create(serviceAccount('a', 'agent'));
    await admin.create(clusterRole('cm-reader', [readConfigMaps]));
    await admin.create(
      roleBinding('a', 'all-sas', { kind: 'ClusterRole', name: 'cm-reader' }, [
        { kind: 'Group', name: 'system:serviceaccounts' },
      ]),
    );
    await admin.create(
      roleBinding('b', 'sas-of-a', { kind: 'ClusterRole', name: 'cm-reader' }, [
        { kind: 'Group', name: 'system:serviceaccounts:a' },
      ]),
    );
    const agent = cluster.client({ token: await admin.requestToken('a', 'agent') });
    await agent.list('v1', 'ConfigMap', { namespace: 'a' });
    await agent.list('v1', 'ConfigMap', { namespace: 'b' });
  });

  it('deleting the ServiceAccount kills its tokens, even if one with the same name comes back', async () => {
    const { cluster, admin } = await setup();
    await admin.create(serviceAccount('a', 'agent'));
    const agent = cluster.client({ token: await admin.requestToken('a', 'agent') });
    await agent.serverVersion();
    await admin.delete({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'a', name: 'agent' });
    expect((await failure(agent.serverVersion())).reason).toBe('Unauthorized');
    await admin.create(serviceAccount('a', 'agent'));
    expect((await failure(agent.serverVersion())).reason).toBe('Unauthorized');
  });

  it('tokens expire by the cluster clock; short lifetimes are Invalid', async () => {
    const { cluster, admin, clock } = await setup();
    await admin.create(serviceAccount('a', 'agent'));
    const error = await failure(admin.requestToken('a', 'agent', { expirationSeconds: 599 }));
    expect(error.message).toBe(
      'TokenRequest.authentication.k8s.io "agent" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
    );
    const agent = cluster.client({
      token: await admin.requestToken('a', 'agent', { expirationSeconds: 600 }),
    });
    clock.advance(599);
    await agent.serverVersion();
    clock.advance(1);
    expect((await failure(agent.serverVersion())).reason).toBe('Unauthorized');
  });

  it('requesting a token needs create on serviceaccounts/token', async () => {
    const { cluster, admin } = await setup();
    await admin.create(serviceAccount('a', 'agent'));
    const error = await failure(cluster.client({ user: 'alice' }).requestToken('a', 'agent'));
    expect(error.message).toBe(
      'serviceaccounts "agent" is forbidden: User "alice" cannot create resource "serviceaccounts/token" in API group "" in the namespace "a"',
    );
  });

  it("a managed cluster's agent reads its placed project namespaces and is Forbidden elsewhere", async () => {
    const { cluster, admin } = await setup();
    for (const ns of ['todo', 'secret-team']) await admin.create(namespace(ns));
    await admin.create(project('todo-project', ['managed1'], ['todo']));
    await admin.create(configMap('todo', 'app-config'));
    await admin.create(configMap('secret-team', 'other-config'));
    await admin.create(vmc('managed1'));
    await admin.create(serviceAccount(MC, 'verrazzano-cluster-managed1'));
    const agentSubject = [{ kind: 'ServiceAccount', name: 'verrazzano-cluster-managed1', namespace: MC }];
    await admin.create(
      clusterRole('verrazzano-managed-cluster', [
        {
          apiGroups: ['clusters.verrazzano.io'],
          resources: ['verrazzanoprojects', 'multiclusterapplicationconfigurations', 'multiclustersecrets'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: ['clusters.verrazzano.io'],
          resources: ['verrazzanomanagedclusters/status'],
          resourceNames: ['managed1'],
          verbs: ['get', 'update'],
        },
      ]),
    );
    await admin.create(
      clusterRoleBinding('verrazzano-cluster-managed1', 'verrazzano-managed-cluster', agentSubject),
    );
    await admin.create(clusterRole('project-reader', [readConfigMaps]));
    await admin.create(
      roleBinding('todo', 'managed1-reads', { kind: 'ClusterRole', name: 'project-reader' }, agentSubject),
    );

    const agent = cluster.client({
      name: 'managed1-agent',
      token: await admin.requestToken(MC, 'verrazzano-cluster-managed1'),
    });
    const projects = await agent.list(CLUSTERS, 'VerrazzanoProject', { namespace: MC });
    expect(projects.items.map((p) => p.metadata.name)).toEqual(['todo-project']);
    expect(
      (await agent.list('v1', 'ConfigMap', { namespace: 'todo' })).items.map((c) => c.metadata.name),
    ).toEqual(['app-config']);
    const denied = await failure(agent.list('v1', 'ConfigMap', { namespace: 'secret-team' }));
    expect(denied.message).toBe(
      'configmaps is forbidden: User "system:serviceaccount:verrazzano-mc:verrazzano-cluster-managed1" cannot list resource "configmaps" in API group "" in the namespace "secret-team"',
    );
    const current = await agent
      .list(CLUSTERS, 'VerrazzanoManagedCluster', { namespace: MC })
      .catch(() => undefined);
    expect(current).toBeUndefined();
    const live = await admin.get({
      apiVersion: CLUSTERS,
      kind: 'VerrazzanoManagedCluster',
      namespace: MC,
      name: 'managed1',
    });
    const status = await agent.updateStatus({
      ...live,
      status: { state: 'Active', lastAgentConnectTime: '2026-01-01T00:00:00Z' },
    } as any);
    expect(status.status.state).toBe('Active');
  });

  it('a kind the server does not serve is NotFound even for a user who may do nothing', async () => {
    const { cluster } = await setup();
    expect((await failure(cluster.client({ user: 'alice' }).list('example.com/v1', 'Widget'))).reason).toBe(
      'NotFound',
    );
  });
});
