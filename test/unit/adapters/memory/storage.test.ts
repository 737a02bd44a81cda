import { describe, expect, it } from 'vitest';
import { createMemoryCluster, manualClock, sequentialIds } from '../../../../src/adapters/memory/index.js';
import type { KubeObject } from '../../../../src/model/meta.js';
import { CLUSTERS, MC, configMap, failure, key, namespace, project, secret, vmc } from './helpers.js';

const empty = () => createMemoryCluster({ bootstrap: false, crds: false });

describe('memory cluster storage', () => {
  it('assigns uid from the id generator, creationTimestamp from the clock, resourceVersion from one counter', async () => {
    const clock = manualClock('2026-03-04T05:06:07Z');
    const cluster = createMemoryCluster({ bootstrap: false, crds: false, clock, ids: sequentialIds('t') });
    const client = cluster.client();
    const ns = await client.create(namespace('a'));
    clock.advance(60);
    const cm = await client.create(configMap('a', 'cm'));
    expect(ns.metadata.uid).toBe(sequentialIds('t')());
    expect(ns.metadata.creationTimestamp).toBe('2026-03-04T05:06:07Z');
    expect(cm.metadata.creationTimestamp).toBe('2026-03-04T05:07:07Z');
    expect(ns.metadata.resourceVersion).toBe('1');
    expect(cm.metadata.resourceVersion).toBe('2');
    expect(typeof cm.metadata.resourceVersion).toBe('string');
    const list = await client.list('v1', 'ConfigMap');
    expect(list.resourceVersion).toBe('2');
  });

  it('keys objects by group, kind, namespace and name', async () => {
    const client = empty().client();
    await client.create(namespace('a'));
    await client.create(namespace('b'));
    await client.create(configMap('a', 'same', { from: 'a' }));
    await client.create(configMap('b', 'same', { from: 'b' }));
    await client.create(secret('a', 'same'));
    const a = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'same' });
    const b = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'b', name: 'same' });
    expect((a as any).data.from).toBe('a');
    expect((b as any).data.from).toBe('b');
    expect((await client.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'a', name: 'same' })).kind).toBe(
      'Secret',
    );
  });

  it('returns fresh copies: mutating a result or the input never changes stored state', async () => {
    const client = empty().client();
    await client.create(namespace('a'));
    const input = configMap('a', 'cm', { k: 'v' });
    const created = await client.create(input);
    (input as any).data.k = 'changed by caller';
    (created as any).data.k = 'changed by caller';
    created.metadata.labels = { hacked: 'yes' };
    const first = await client.get(key(input));
    (first as any).data.k = 'changed again';
    const second = await client.get(key(input));
    expect((second as any).data).toEqual({ k: 'v' });
    expect(second.metadata.labels).toBeUndefined();
    expect(second).not.toBe(first);
  });

  it('ignores system metadata a client sends on create', async () => {
    const client = empty().client();
    await client.create(namespace('a'));
    const created = await client.create({
      ...configMap('a', 'cm'),
      metadata: {
        name: 'cm',
        namespace: 'a',
        uid: 'mine',
        creationTimestamp: '1999-01-01T00:00:00Z',
        generation: 7,
        selfLink: '/x',
      },
    });
    expect(created.metadata.uid).not.toBe('mine');
    expect(created.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(created.metadata.generation).toBeUndefined();
    expect(created.metadata).not.toHaveProperty('selfLink');
  });

  it('refuses an unknown metadata field, as it refuses unknown fields elsewhere (deliberately stricter than pruning)', async () => {
    const client = empty().client();
    await client.create(namespace('a'));
    const error = await failure(
      client.create({ ...configMap('a', 'cm'), metadata: { name: 'cm', namespace: 'a', bogus: 'x' } as any }),
    );
    expect(error.message).toBe('ConfigMap "cm" is invalid: metadata.bogus: unknown field "bogus"');
    expect((await failure(client.get(key(configMap('a', 'cm'))))).reason).toBe('NotFound');
  });

  it('writes objects in a canonical key order, whatever order the client used', async () => {
    const client = empty().client();
    await client.create(namespace('a'));
    const created = await client.create({
      data: { z: '1', a: '2' },
      metadata: { namespace: 'a', name: 'cm' },
      kind: 'ConfigMap',
      apiVersion: 'v1',
    } as any);
    expect(Object.keys(created)).toEqual(['apiVersion', 'kind', 'metadata', 'data']);
    expect(Object.keys(created.data)).toEqual(['a', 'z']);
    expect(Object.keys(created.metadata).slice(0, 4)).toEqual([
      'name',
      'namespace',
      'uid',
      'resourceVersion',
    ]);
  });

  it('generateName appends a deterministic five-character suffix', async () => {
    const run = async (): Promise<KubeObject> => {
      const client = empty().client();
      await client.create(namespace('a'));
      return client.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { generateName: 'cm-', namespace: 'a' },
      });
    };
    const first = await run();
    const second = await run();
    expect(first.metadata.name).toMatch(/^cm-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(second.metadata.name).toBe(first.metadata.name);
  });

  it('folds Secret stringData into base64 data and defaults the type to Opaque', async () => {
    const client = empty().client();
    await client.create(namespace('a'));
    const created = await client.create({
      ...secret('a', 's', { a: 'YQ==' }),
      stringData: { b: 'hé' },
    } as any);
    expect(created.data).toEqual({ a: 'YQ==', b: Buffer.from('hé').toString('base64') });
    expect(created).not.toHaveProperty('stringData');
    expect(created.type).toBe('Opaque');
  });

  it('defaults a namespace like the server: name label, kubernetes finalizer, Active phase', async () => {
    const client = empty().client();
    const created = await client.create(namespace('a', { team: 'x' }));
    expect(created.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'a', team: 'x' });
    expect((created as any).spec).toEqual({ finalizers: ['kubernetes'] });
    expect((created as any).status).toEqual({ phase: 'Active' });
  });

  it('defaults RBAC subject apiGroups and NetworkPolicy policyTypes and port protocols', async () => {
    const client = empty().client();
    await client.create(namespace('a'));
    const binding = await client.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb', namespace: 'a' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'sa', namespace: 'a' },
      ],
    } as any);
    expect(binding.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
      { apiGroup: '', kind: 'ServiceAccount', name: 'sa', namespace: 'a' },
    ]);
    const policy = await client.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np', namespace: 'a' },
      spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] },
    } as any);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.egress[0].ports[0].protocol).toBe('TCP');
  });

  it('custom resources start at generation 1 and bump only when something but metadata and status changes', async () => {
    const cluster = createMemoryCluster();
    const client = cluster.client();
    await client.create(namespace(MC));
    const created = await client.create(vmc('m1', 'one'));
    expect(created.metadata.generation).toBe(1);
    const labelled = await client.replace({
      ...created,
      metadata: { ...created.metadata, labels: { a: 'b' } },
    });
    expect(labelled.metadata.generation).toBe(1);
    expect(labelled.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    const status = await client.updateStatus({ ...labelled, status: { state: 'Active' } } as any);
    expect(status.metadata.generation).toBe(1);
    const changed = await client.replace({ ...status, spec: { description: 'two' } });
    expect(changed.metadata.generation).toBe(2);
  });

  it('built-in kinds without generation semantics have no generation; NetworkPolicy bumps on spec changes', async () => {
    const client = empty().client();
    await client.create(namespace('a'));
    const cm = await client.create(configMap('a', 'cm', { a: '1' }));
    const cm2 = await client.replace({ ...cm, data: { a: '2' } } as any);
    expect(cm2.metadata.generation).toBeUndefined();
    const np = await client.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np', namespace: 'a' },
      spec: { podSelector: {} },
    } as any);
    expect(np.metadata.generation).toBe(1);
    const labelled = await client.replace({ ...np, metadata: { ...np.metadata, labels: { x: 'y' } } });
    expect(labelled.metadata.generation).toBe(1);
    const changed = await client.replace({
      ...labelled,
      spec: { podSelector: { matchLabels: { app: 'a' } } },
    });
    expect(changed.metadata.generation).toBe(2);
  });

  it('a replace that changes nothing keeps the resourceVersion and managedFields', async () => {
    const client = empty().client();
    await client.create(namespace('a'));
    const cm = await client.create(configMap('a', 'cm', { a: '1' }));
    const again = await client.replace(cm);
    expect(again).toEqual(cm);
  });

  it('returns objects in the apiVersion asked for, from one storage per group and kind', async () => {
    const cluster = createMemoryCluster({ bootstrap: false, crds: false });
    cluster.installKind({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      plural: 'widgets',
      namespaced: false,
    });
    cluster.installKind({
      apiVersion: 'example.com/v2',
      kind: 'Widget',
      plural: 'widgets',
      namespaced: false,
    });
    const client = cluster.client();
    await client.create({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size: 1 },
    } as any);
    const v2 = await client.get({ apiVersion: 'example.com/v2', kind: 'Widget', name: 'w' });
    expect(v2.apiVersion).toBe('example.com/v2');
    expect((v2 as any).spec).toEqual({ size: 1 });
  });

  it('drops metadata.namespace of cluster-scoped objects and defaults it for namespaced ones', async () => {
    const client = empty().client();
    const ns = await client.create({ ...namespace('a'), metadata: { name: 'a', namespace: 'ignored' } });
    expect(ns.metadata.namespace).toBeUndefined();
    await client.create(namespace('default'));
    const cm: KubeObject = await client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm' },
    });
    expect(cm.metadata.namespace).toBe('default');
  });

  it('rejects a body that is not a Kubernetes object with BadRequest', async () => {
    const client = empty().client();
    const error = await failure(client.create({ metadata: { name: 'x' } } as any));
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toContain("Object 'Kind' is missing");
    const cyclic: any = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    cyclic.self = cyclic;
    expect((await failure(client.create(cyclic))).reason).toBe('BadRequest');
    expect(
      (await failure(client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: '' }))).reason,
    ).toBe('BadRequest');
  });

  it('accepts vzmc kinds out of the box, with their CRDs installed as objects', async () => {
    const client = createMemoryCluster().client();
    const crds = await client.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    expect(crds.items.map((c) => c.metadata.name)).toContain('verrazzanoprojects.clusters.verrazzano.io');
    await client.create(namespace(MC));
    const created = await client.create(project('p', ['m1'], ['todo']));
    expect(created.apiVersion).toBe(CLUSTERS);
  });
});
