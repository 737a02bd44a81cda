import { describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../../src/adapters/memory/index.js';
import type { WatchEvent } from '../../../../src/port/client.js';
import { configMap, failure, key, namespace, settle } from './helpers.js';

async function setup() {
  const cluster = createMemoryCluster();
  const client = cluster.client();
  await client.create(namespace('a'));
  await client.create(namespace('b'));
  return { cluster, client };
}

const summary = (events: WatchEvent[]) =>
  events.map((e) => `${e.type} ${e.object.metadata.namespace}/${e.object.metadata.name}`);

describe('memory cluster watch', () => {
  it('sends existing objects as ADDED, then ADDED, MODIFIED and DELETED as they happen', async () => {
    const { client } = await setup();
    await client.create(configMap('a', 'before'));
    const events: WatchEvent[] = [];
    const handle = await client.watch('v1', 'ConfigMap', {}, (e) => events.push(e));
    const cm = await client.create(configMap('a', 'cm', { v: '1' }));
    await client.replace({ ...cm, data: { v: '2' } } as any);
    await client.delete(key(cm));
    await settle();
    expect(summary(events)).toEqual(['ADDED a/before', 'ADDED a/cm', 'MODIFIED a/cm', 'DELETED a/cm']);
    const deleted = events[3]!.object;
    expect((deleted as any).data).toEqual({ v: '2' });
    expect(Number(deleted.metadata.resourceVersion)).toBeGreaterThan(
      Number(events[2]!.object.metadata.resourceVersion),
    );
    handle.stop();
  });

  it('delivers events asynchronously, never inside the write', async () => {
    const { client } = await setup();
    const events: WatchEvent[] = [];
    await client.watch('v1', 'ConfigMap', {}, (e) => events.push(e));
    const pending = client.create(configMap('a', 'cm'));
    expect(events).toEqual([]);
    await pending;
    await settle();
    expect(events).toHaveLength(1);
  });

  it('stop() ends the watch, including events already queued', async () => {
    const { client } = await setup();
    const events: WatchEvent[] = [];
    const handle = await client.watch('v1', 'ConfigMap', {}, (e) => {
      events.push(e);
      handle.stop();
    });
    await Promise.all([client.create(configMap('a', 'one')), client.create(configMap('a', 'two'))]);
    await client.create(configMap('a', 'three'));
    await settle();
    expect(summary(events)).toEqual(['ADDED a/one']);
  });

  it('filters by namespace; a label selector turns objects leaving it into DELETED and entering it into ADDED', async () => {
    const { client } = await setup();
    const events: WatchEvent[] = [];
    await client.watch('v1', 'ConfigMap', { namespace: 'a', labelSelector: 'app=web' }, (e) =>
      events.push(e),
    );
    await client.create(configMap('b', 'other', {}, { app: 'web' }));
    const cm = await client.create(configMap('a', 'cm', {}, { app: 'api' }));
    const entered = await client.replace({ ...cm, metadata: { ...cm.metadata, labels: { app: 'web' } } });
    await client.replace({ ...entered, metadata: { ...entered.metadata, labels: { app: 'api' } } });
    await settle();
    expect(summary(events)).toEqual(['ADDED a/cm', 'DELETED a/cm']);
  });

  it('dry runs and no-op writes send nothing; finalizers make a delete MODIFIED then DELETED', async () => {
    const { client } = await setup();
    const cm = await client.create({
      ...configMap('a', 'cm'),
      metadata: { name: 'cm', namespace: 'a', finalizers: ['example.com/x'] },
    });
    const events: WatchEvent[] = [];
    await client.watch('v1', 'ConfigMap', { namespace: 'a' }, (e) => events.push(e));
    await client.create(configMap('a', 'dry'), { dryRun: true });
    await client.replace(cm);
    await client.delete(key(cm));
    const marked = await client.get(key(cm));
    await client.replace({ ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    await settle();
    expect(summary(events)).toEqual(['ADDED a/cm', 'MODIFIED a/cm', 'DELETED a/cm']);
  });

  it('events carry copies: a callback that mutates its object changes nothing stored', async () => {
    const { client } = await setup();
    await client.watch('v1', 'ConfigMap', {}, (e) => {
      (e.object as any).data = { hacked: 'yes' };
    });
    const cm = await client.create(configMap('a', 'cm', { v: '1' }));
    await settle();
    expect(await client.get(key(cm))).toEqual(cm);
  });

  it('a stopped API server ends watches with Unavailable', async () => {
    const { cluster, client } = await setup();
    const errors: unknown[] = [];
    await client.watch(
      'v1',
      'ConfigMap',
      {},
      () => undefined,
      (e) => errors.push(e),
    );
    cluster.setAvailable(false);
    await settle();
    expect(errors).toHaveLength(1);
    expect((errors[0] as { reason: string }).reason).toBe('Unavailable');
    expect((await failure(client.watch('v1', 'ConfigMap', {}, () => undefined))).reason).toBe('Unavailable');
  });

  it('watching a kind that is not served is NotFound', async () => {
    const { client } = await setup();
    expect((await failure(client.watch('example.com/v1', 'Widget', {}, () => undefined))).reason).toBe(
      'NotFound',
    );
  });
});
