import { describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../../src/adapters/memory/index.js';
import type { KubeObject } from '../../../../src/model/meta.js';
import { configMap, failure, namespace, secret } from './helpers.js';

describe('memory cluster namespaces', () => {
  it('creating in a namespace that does not exist is NotFound, worded like NamespaceLifecycle', async () => {
    const client = createMemoryCluster().client();
    const error = await failure(client.create(secret('nowhere', 's')));
    expect(error.reason).toBe('NotFound');
    expect(error.status).toBe(404);
    expect(error.message).toBe('namespaces "nowhere" not found');
    expect(error.target).toMatchObject({ kind: 'Secret', namespace: 'nowhere', name: 's' });
  });

  it('reading from a missing namespace is the object NotFound, and listing it is empty', async () => {
    const client = createMemoryCluster().client();
    const error = await failure(
      client.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'nowhere', name: 's' }),
    );
    expect(error.message).toBe('secrets "s" not found');
    expect((await client.list('v1', 'Secret', { namespace: 'nowhere' })).items).toEqual([]);
  });

  it('a fresh cluster has the namespaces kube-apiserver creates, or none without bootstrap', async () => {
    const names = async (bootstrap: boolean) =>
      (await createMemoryCluster({ bootstrap }).client().list('v1', 'Namespace')).items.map(
        (n) => n.metadata.name,
      );
    expect(await names(true)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(await names(false)).toEqual([]);
  });

  it('objects without a namespace go to the client default namespace, as a kubeconfig context sets it', async () => {
    const cluster = createMemoryCluster();
    await cluster.client().create(namespace('team'));
    const client = cluster.client({ defaultNamespace: 'team' });
    const created: KubeObject = await client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm' },
    });
    expect(created.metadata.namespace).toBe('team');
    expect((await client.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm' })).metadata.namespace).toBe(
      'team',
    );
  });

  it('deleting a namespace leaves it Terminating with its content, as on a cluster without a controller manager', async () => {
    const cluster = createMemoryCluster();
    const client = cluster.client();
    await client.create(namespace('app'));
    await client.create(configMap('app', 'cm'));
    await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'app' });
    const ns = await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'app' });
    expect(ns.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    expect((ns as any).status.phase).toBe('Terminating');
    expect((ns as any).spec.finalizers).toEqual(['kubernetes']);
    expect((await client.list('v1', 'ConfigMap', { namespace: 'app' })).items).toHaveLength(1);
  });

  it('new content in a terminating namespace is Forbidden; updates to existing content still work', async () => {
    const client = createMemoryCluster().client();
    await client.create(namespace('app'));
    const cm = await client.create(configMap('app', 'cm', { a: '1' }));
    await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'app' });
    const error = await failure(client.create(configMap('app', 'cm2')));
    expect(error.reason).toBe('Forbidden');
    expect(error.message).toBe(
      'configmaps "cm2" is forbidden: unable to create new content in namespace app because it is being terminated',
    );
    const updated = await client.replace({ ...cm, data: { a: '2' } } as any);
    expect(updated.data.a).toBe('2');
  });

  it('deleting a terminating namespace again is a Conflict with the server words', async () => {
    const client = createMemoryCluster().client();
    await client.create(namespace('app'));
    const key = { apiVersion: 'v1', kind: 'Namespace', name: 'app' };
    await client.delete(key);
    const error = await failure(client.delete(key));
    expect(error.reason).toBe('Conflict');
    expect(error.message).toBe(
      'Operation cannot be fulfilled on namespaces "app": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
    );
  });

  it('default, kube-system and kube-public may not be deleted', async () => {
    const client = createMemoryCluster().client();
    const error = await failure(client.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'kube-system' }));
    expect(error.reason).toBe('Forbidden');
    expect(error.message).toBe('namespaces "kube-system" is forbidden: this namespace may not be deleted');
  });

  it('status and spec.finalizers of a namespace cannot be changed through the main resource', async () => {
    const client = createMemoryCluster().client();
    const ns = await client.create(namespace('app'));
    const replaced = await client.replace({
      ...ns,
      spec: { finalizers: [] },
      status: { phase: 'Terminating' },
    } as any);
    expect(replaced.spec.finalizers).toEqual(['kubernetes']);
    expect(replaced.status.phase).toBe('Active');
  });

  it('with namespaceController, deleting a namespace deletes its content and then the namespace', async () => {
    const client = createMemoryCluster({ namespaceController: true }).client();
    await client.create(namespace('app'));
    await client.create(configMap('app', 'plain'));
    const held = await client.create({
      ...configMap('app', 'held'),
      metadata: { name: 'held', namespace: 'app', finalizers: ['example.com/hold'] },
    });
    await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'app' });
    expect(
      (await client.list('v1', 'ConfigMap', { namespace: 'app' })).items.map((c) => c.metadata.name),
    ).toEqual(['held']);
    expect(
      (await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'app' })).metadata.deletionTimestamp,
    ).toBeDefined();
    const current = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'app', name: 'held' });
    expect(current.metadata.deletionTimestamp).toBeDefined();
    await client.replace({ ...current, metadata: { ...current.metadata, finalizers: [] } });
    expect((await failure(client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'app' }))).reason).toBe(
      'NotFound',
    );
    expect(held.metadata.name).toBe('held');
  });
});
