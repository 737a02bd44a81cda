import { describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../../src/adapters/memory/index.js';
import { MC, configMap, failure, key, namespace, vmc } from './helpers.js';

async function setup() {
  const cluster = createMemoryCluster();
  const client = cluster.client();
  await client.create(namespace(MC));
  return { cluster, client };
}

describe('memory cluster status subresource', () => {
  it('create ignores status of a kind with a status subresource', async () => {
    const { client } = await setup();
    const created = await client.create({ ...vmc('m1'), status: { state: 'Active' } } as any);
    expect(created).not.toHaveProperty('status');
  });

  it('replace and apply keep the stored status whatever they send', async () => {
    const { client } = await setup();
    const created = await client.create(vmc('m1', 'one'));
    const withStatus = await client.updateStatus({ ...created, status: { state: 'Active' } } as any);
    const replaced = await client.replace({
      ...withStatus,
      spec: { description: 'two' },
      status: { state: 'Failed' },
    });
    expect(replaced.status).toEqual({ state: 'Active' });
    expect(replaced.spec.description).toBe('two');
    const { status: _dropped, ...withoutStatus } = replaced;
    const again = await client.replace(withoutStatus);
    expect(again.status).toEqual({ state: 'Active' });
    const applied = await client.apply({ ...vmc('m1', 'three'), status: { state: 'Pending' } } as any, {
      fieldManager: 'vzmc',
      force: true,
    });
    expect(applied.status).toEqual({ state: 'Active' });
  });

  it('updateStatus changes only status and the resourceVersion, never the generation', async () => {
    const { client } = await setup();
    const created = await client.create(vmc('m1', 'one'));
    const updated = await client.updateStatus({
      ...created,
      metadata: { ...created.metadata, labels: { ignored: 'yes' } },
      spec: { description: 'ignored' },
      status: { state: 'Active', apiUrl: 'https://m1' },
    } as any);
    expect(updated.status).toEqual({ apiUrl: 'https://m1', state: 'Active' });
    expect(updated.spec).toEqual({ description: 'one' });
    expect(updated.metadata.labels).toBeUndefined();
    expect(updated.metadata.generation).toBe(created.metadata.generation);
    expect(updated.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
  });

  it('status writes are recorded under the status subresource in managedFields', async () => {
    const { client } = await setup();
    const created = await client.create(vmc('m1'), { fieldManager: 'creator' });
    const updated = await client.updateStatus({ ...created, status: { state: 'Active' } } as any, {
      fieldManager: 'agent',
    });
    const entry = updated.metadata.managedFields?.find((e: { manager?: string }) => e.manager === 'agent');
    expect(entry).toMatchObject({
      operation: 'Update',
      subresource: 'status',
      fieldsV1: { 'f:status': { '.': {}, 'f:state': {} } },
    });
  });

  it('updateStatus validates the new status with the kind schema', async () => {
    const { client } = await setup();
    const created = await client.create(vmc('m1'));
    const error = await failure(client.updateStatus({ ...created, status: { apiUrl: 'x' } } as any));
    expect(error.reason).toBe('Invalid');
    expect(error.message).toBe(
      'VerrazzanoManagedCluster.clusters.verrazzano.io "m1" is invalid: status.state: Required value',
    );
  });

  it('updateStatus of a kind without a status subresource is NotFound, as the route does not exist', async () => {
    const { client } = await setup();
    const cm = await client.create(configMap(MC, 'cm'));
    const error = await failure(client.updateStatus({ ...cm, status: {} } as any));
    expect(error.reason).toBe('NotFound');
    expect(error.message).toBe('the server could not find the requested resource');
  });

  it('updateStatus of a missing object is NotFound', async () => {
    const { client } = await setup();
    expect(
      (await failure(client.updateStatus({ ...vmc('gone'), status: { state: 'x' } } as any))).message,
    ).toBe('verrazzanomanagedclusters.clusters.verrazzano.io "gone" not found');
  });

  it('a dryRun status update returns the result without persisting it', async () => {
    const { client } = await setup();
    const created = await client.create(vmc('m1'));
    const dry = await client.updateStatus({ ...created, status: { state: 'Active' } } as any, {
      dryRun: true,
    });
    expect(dry.status).toEqual({ state: 'Active' });
    expect(await client.get(key(created))).toEqual(created);
  });

  it('a status update with nothing new is a no-op', async () => {
    const { client } = await setup();
    const created = await client.create(vmc('m1'));
    const first = await client.updateStatus({ ...created, status: { state: 'Active' } } as any);
    const second = await client.updateStatus(first);
    expect(second).toEqual(first);
    expect(await client.get(key(first))).toEqual(first);
  });
});
