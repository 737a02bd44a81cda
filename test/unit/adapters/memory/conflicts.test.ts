import { describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../../src/adapters/memory/index.js';
import type { KubeObject } from '../../../../src/model/meta.js';
import { MC, configMap, failure, key, namespace, secret, vmc } from './helpers.js';

async function setup() {
  const cluster = createMemoryCluster();
  const client = cluster.client();
  await client.create(namespace('a'));
  await client.create(namespace(MC));
  return { cluster, client };
}

describe('memory cluster conflicts and missing objects', () => {
  it('replace with a stale resourceVersion is a Conflict worded like the server', async () => {
    const { client } = await setup();
    const cm = await client.create(configMap('a', 'cm', { v: '1' }));
    await client.replace({ ...cm, data: { v: '2' } } as any);
    const error = await failure(client.replace({ ...cm, data: { v: '3' } } as any));
    expect(error.reason).toBe('Conflict');
    expect(error.status).toBe(409);
    expect(error.message).toBe(
      'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('a stale resourceVersion on a custom resource names its group', async () => {
    const { client } = await setup();
    const created = await client.create(vmc('m1'));
    await client.replace({ ...created, spec: { description: 'x' } } as any);
    const error = await failure(client.replace({ ...created, spec: { description: 'y' } } as any));
    expect(error.message).toMatch(
      /^Operation cannot be fulfilled on verrazzanomanagedclusters\.clusters\.verrazzano\.io "m1": the object has been modified/,
    );
  });

  it('updateStatus with a stale resourceVersion is a Conflict', async () => {
    const { client } = await setup();
    const created = await client.create(vmc('m1'));
    await client.updateStatus({ ...created, status: { state: 'Active' } } as any);
    const error = await failure(client.updateStatus({ ...created, status: { state: 'Failed' } } as any));
    expect(error.reason).toBe('Conflict');
  });

  it('create of an existing object is AlreadyExists', async () => {
    const { client } = await setup();
    await client.create(secret('a', 'x'));
    const error = await failure(client.create(secret('a', 'x')));
    expect(error.reason).toBe('AlreadyExists');
    expect(error.status).toBe(409);
    expect(error.message).toBe('secrets "x" already exists');
    await client.create(vmc('m1'));
    expect((await failure(client.create(vmc('m1')))).message).toBe(
      'verrazzanomanagedclusters.clusters.verrazzano.io "m1" already exists',
    );
  });

  it('get, replace and delete of a missing object are NotFound; the core group has no suffix', async () => {
    const { client } = await setup();
    const missing = { apiVersion: 'v1', kind: 'Secret', namespace: 'a', name: 'x' };
    expect((await failure(client.get(missing))).message).toBe('secrets "x" not found');
    expect((await failure(client.replace(secret('a', 'x')))).message).toBe('secrets "x" not found');
    expect((await failure(client.delete(missing))).message).toBe('secrets "x" not found');
    const error = await failure(
      client.get({
        apiVersion: 'clusters.verrazzano.io/v1alpha1',
        kind: 'VerrazzanoProject',
        namespace: MC,
        name: 'p',
      }),
    );
    expect(error.reason).toBe('NotFound');
    expect(error.status).toBe(404);
    expect(error.message).toBe('verrazzanoprojects.clusters.verrazzano.io "p" not found');
  });

  it('replace of a custom resource without resourceVersion is Invalid; built-in kinds allow it', async () => {
    const { client } = await setup();
    const created = await client.create(vmc('m1'));
    const { resourceVersion: _rv, ...metadata } = created.metadata;
    const error = await failure(client.replace({ ...created, metadata }));
    expect(error.reason).toBe('Invalid');
    expect(error.message).toBe(
      'verrazzanomanagedclusters.clusters.verrazzano.io "m1" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
    );
    const cm = await client.create(configMap('a', 'cm', { v: '1' }));
    const replaced: KubeObject = await client.replace({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm', namespace: 'a' },
      data: { v: '2' },
    });
    expect(Number(replaced.metadata.resourceVersion)).toBeGreaterThan(Number(cm.metadata.resourceVersion));
  });

  it('a replace carrying another uid fails its precondition', async () => {
    const { client } = await setup();
    const cm = await client.create(configMap('a', 'cm'));
    const error = await failure(client.replace({ ...cm, metadata: { ...cm.metadata, uid: 'other' } }));
    expect(error.reason).toBe('Conflict');
    expect(error.message).toBe(
      `Operation cannot be fulfilled on configmaps "cm": StorageError: invalid object, Code: 4, Key: /registry/configmaps/a/cm, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: other, UID in object meta: ${cm.metadata.uid}`,
    );
  });

  it('the storage key of a uid mismatch is where a real server keeps the object in etcd', async () => {
    const { client } = await setup();
    const m1 = await client.create(vmc('m1'));
    const ns = await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'a' });
    const service = await client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc', namespace: 'a' },
      spec: { ports: [{ port: 80 }] },
    });
    const keys = [];
    for (const object of [m1, ns, service]) {
      const error = await failure(
        client.replace({ ...object, metadata: { ...object.metadata, uid: 'other' } }),
      );
      keys.push(/Key: (\S+),/.exec(error.message)?.[1]);
    }
    expect(keys).toEqual([
      `/registry/clusters.verrazzano.io/verrazzanomanagedclusters/${MC}/m1`,
      '/registry/namespaces/a',
      '/registry/services/specs/a/svc',
    ]);
  });

  it('create with a resourceVersion fails as the server fails it: 500 without a reason', async () => {
    const { client } = await setup();
    const cm = await client.create(configMap('a', 'cm'));
    await client.delete(key(cm));
    const error = await failure(client.create(cm));
    expect(error.reason).toBe('Unknown');
    expect(error.status).toBe(500);
    expect(error.message).toBe('resourceVersion should not be set on objects to be created');
  });

  it('dryRun writes return the result without persisting or taking a resourceVersion', async () => {
    const { cluster, client } = await setup();
    const before = cluster.snapshot();
    const dry = await client.create(configMap('a', 'cm', { v: '1' }), { dryRun: true });
    expect(dry.metadata.uid).toBeDefined();
    expect(dry.metadata.resourceVersion).toBeUndefined();
    expect(cluster.snapshot()).toEqual(before);
    const cm = await client.create(configMap('a', 'cm', { v: '1' }));
    const dryReplace = await client.replace({ ...cm, data: { v: '2' } } as any, { dryRun: true });
    expect(dryReplace.data.v).toBe('2');
    expect(dryReplace.metadata.resourceVersion).toBe(cm.metadata.resourceVersion);
    await client.delete(key(cm), { dryRun: true });
    expect(await client.get(key(cm))).toEqual(cm);
  });
});
