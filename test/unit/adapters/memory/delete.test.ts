import { describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../../src/adapters/memory/index.js';
import type { KubeObject } from '../../../../src/model/meta.js';
import { MC, configMap, failure, key, namespace, vmc } from './helpers.js';

async function setup() {
  const cluster = createMemoryCluster();
  const client = cluster.client();
  await client.create(namespace('a'));
  await client.create(namespace(MC));
  return { cluster, client };
}

const held = (name: string, finalizers: string[]): KubeObject => ({
  ...configMap('a', name),
  metadata: { name, namespace: 'a', finalizers },
});

describe('memory cluster delete', () => {
  it('removes an object without finalizers at once', async () => {
    const { client } = await setup();
    const cm = await client.create(configMap('a', 'cm'));
    await client.delete(key(cm));
    expect((await failure(client.get(key(cm)))).reason).toBe('NotFound');
  });

  it('a uid precondition that does not match is a Conflict', async () => {
    const { client } = await setup();
    const cm = await client.create(configMap('a', 'cm'));
    const error = await failure(client.delete(key(cm), { preconditions: { uid: 'other' } }));
    expect(error.reason).toBe('Conflict');
    expect(error.message).toBe(
      `Operation cannot be fulfilled on ConfigMap "cm": the UID in the precondition (other) does not match the UID in record (${cm.metadata.uid}). The object might have been deleted and then recreated`,
    );
    await client.delete(key(cm), { preconditions: { uid: cm.metadata.uid! } });
  });

  it('a resourceVersion precondition that does not match is a Conflict', async () => {
    const { client } = await setup();
    const cm = await client.create(configMap('a', 'cm'));
    const error = await failure(client.delete(key(cm), { preconditions: { resourceVersion: '1' } }));
    expect(error.message).toBe(
      `Operation cannot be fulfilled on ConfigMap "cm": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${cm.metadata.resourceVersion}). The object might have been modified`,
    );
    await client.delete(key(cm), { preconditions: { resourceVersion: cm.metadata.resourceVersion! } });
  });

  it('a failed precondition on a custom resource names its kind and group', async () => {
    const { client } = await setup();
    const m1 = await client.create(vmc('m1'));
    const error = await failure(client.delete(key(m1), { preconditions: { uid: 'other' } }));
    expect(error.message).toBe(
      `Operation cannot be fulfilled on VerrazzanoManagedCluster.clusters.verrazzano.io "m1": the UID in the precondition (other) does not match the UID in record (${m1.metadata.uid}). The object might have been deleted and then recreated`,
    );
  });

  it('a Namespace words failed preconditions as its own registry does', async () => {
    const { client } = await setup();
    const ns = await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'a' });
    const uid = await failure(client.delete(key(ns), { preconditions: { uid: 'other' } }));
    expect(uid.reason).toBe('Conflict');
    expect(uid.message).toBe(
      `Operation cannot be fulfilled on namespaces "a": Precondition failed: UID in precondition: other, UID in object meta: ${ns.metadata.uid}`,
    );
    const version = await failure(client.delete(key(ns), { preconditions: { resourceVersion: '1' } }));
    expect(version.message).toBe(
      `Operation cannot be fulfilled on namespaces "a": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${ns.metadata.resourceVersion}`,
    );
  });

  it('an object with finalizers gets a deletionTimestamp and stays until its last finalizer goes', async () => {
    const { client } = await setup();
    const cm = await client.create(held('cm', ['a.example/one', 'b.example/two']));
    await client.delete(key(cm));
    const marked = await client.get(key(cm));
    expect(marked.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(Number(marked.metadata.resourceVersion)).toBeGreaterThan(Number(cm.metadata.resourceVersion));
    const one = await client.replace({
      ...marked,
      metadata: { ...marked.metadata, finalizers: ['b.example/two'] },
    });
    expect(one.metadata.finalizers).toEqual(['b.example/two']);
    const gone = await client.replace({ ...one, metadata: { ...one.metadata, finalizers: [] } });
    expect(gone.metadata.deletionTimestamp).toBeDefined();
    expect((await failure(client.get(key(cm)))).reason).toBe('NotFound');
  });

  it('deleting an object that is already being deleted changes nothing', async () => {
    const { client } = await setup();
    const cm = await client.create(held('cm', ['a.example/one']));
    await client.delete(key(cm));
    const marked = await client.get(key(cm));
    await client.delete(key(cm));
    expect(await client.get(key(cm))).toEqual(marked);
  });

  it('no finalizer may be added while an object is being deleted', async () => {
    const { client } = await setup();
    const cm = await client.create(held('cm', ['a.example/one']));
    await client.delete(key(cm));
    const marked = await client.get(key(cm));
    const error = await failure(
      client.replace({
        ...marked,
        metadata: { ...marked.metadata, finalizers: ['a.example/one', 'c.example/new'] },
      }),
    );
    expect(error.message).toBe(
      'ConfigMap "cm" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"c.example/new"}',
    );
  });

  it('starting deletion bumps the generation of an object that has one', async () => {
    const { client } = await setup();
    const created = await client.create({
      ...vmc('m1'),
      metadata: { name: 'm1', namespace: MC, finalizers: ['example.com/x'] },
    });
    await client.delete(key(created));
    expect((await client.get(key(created))).metadata.generation).toBe(2);
  });

  it('Foreground and Orphan propagation add the garbage collector finalizers, which nothing removes', async () => {
    const { client } = await setup();
    const fg = await client.create(configMap('a', 'fg'));
    await client.delete(key(fg), { propagationPolicy: 'Foreground' });
    expect((await client.get(key(fg))).metadata.finalizers).toEqual(['foregroundDeletion']);
    const orphan = await client.create(configMap('a', 'orphan'));
    await client.delete(key(orphan), { propagationPolicy: 'Orphan' });
    expect((await client.get(key(orphan))).metadata.finalizers).toEqual(['orphan']);
    const background = await client.create(configMap('a', 'bg'));
    await client.delete(key(background), { propagationPolicy: 'Background' });
    expect((await failure(client.get(key(background)))).reason).toBe('NotFound');
  });

  it('ownerReferences are not garbage collected: dependents outlive their owner', async () => {
    const { client } = await setup();
    const owner = await client.create(configMap('a', 'owner'));
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid! };
    const dependent = await client.create({
      ...configMap('a', 'dep'),
      metadata: { name: 'dep', namespace: 'a', ownerReferences: [ref] },
    });
    await client.delete(key(owner));
    expect((await client.get(key(dependent))).metadata.ownerReferences).toEqual([ref]);
  });

  it('dryRun delete checks everything and changes nothing', async () => {
    const { client } = await setup();
    const cm = await client.create(held('cm', ['a.example/one']));
    await client.delete(key(cm), { dryRun: true });
    expect(await client.get(key(cm))).toEqual(cm);
    expect((await failure(client.delete({ ...key(cm), name: 'missing' }, { dryRun: true }))).reason).toBe(
      'NotFound',
    );
  });
});
