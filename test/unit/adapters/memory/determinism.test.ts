import { describe, expect, it } from 'vitest';
import { createMemoryCluster, type MemoryCluster } from '../../../../src/adapters/memory/index.js';
import { MC, configMap, deepFreeze, key, namespace, project, secret, vmc } from './helpers.js';

async function script(cluster: MemoryCluster): Promise<string> {
  const client = cluster.client();
  await client.create(namespace(MC));
  await client.create(namespace('todo'));
  await client.apply(project('p', ['m1'], ['todo']), { fieldManager: 'vzmc' });
  const m1 = await client.create(vmc('m1'));
  await client.updateStatus({ ...m1, status: { state: 'Active' } } as any, { fieldManager: 'agent' });
  await client.create({ ...secret('todo', 's'), stringData: { password: 'x' } } as any);
  await client.create({
    ...configMap('todo', 'held'),
    metadata: { name: 'held', namespace: 'todo', finalizers: ['example.com/x'] },
  });
  await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'todo', name: 'held' });
  await client.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { generateName: 'gen-', namespace: 'todo' },
  });
  await client.create({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'agent', namespace: MC },
  });
  const token = await client.requestToken(MC, 'agent');
  return JSON.stringify({ objects: cluster.snapshot(), token });
}

describe('memory cluster determinism and cost', () => {
  it('the same calls give byte-identical objects', async () => {
    const first = await script(createMemoryCluster({ name: 'admin' }));
    const second = await script(createMemoryCluster({ name: 'admin' }));
    expect(second).toBe(first);
  });

  it('clusters with different names never share uids', async () => {
    const uid = async (name: string) => {
      const client = createMemoryCluster({ name, bootstrap: false, crds: false }).client();
      return (await client.create(namespace('x'))).metadata.uid;
    };
    expect(await uid('admin')).not.toBe(await uid('managed1'));
  });

  it('does not mutate its inputs', async () => {
    const cluster = createMemoryCluster();
    const client = cluster.client();
    await client.create(deepFreeze(namespace(MC)));
    await client.create(deepFreeze(namespace('todo')));
    const created = await client.create(
      deepFreeze({ ...secret('todo', 's'), stringData: { a: 'b' } } as any),
    );
    await client.replace(deepFreeze({ ...created, stringData: { a: 'c' } }));
    await client.apply(deepFreeze(project('p', ['m1'], ['todo'])), deepFreeze({ fieldManager: 'vzmc' }));
    await client.apply(
      deepFreeze(project('p', ['m1', 'm2'], ['todo'])),
      deepFreeze({ fieldManager: 'other', force: true }),
    );
    const m1 = await client.create(deepFreeze(vmc('m1')));
    await client.updateStatus(deepFreeze({ ...m1, status: { state: 'Active' } } as any));
    await client.list('v1', 'Secret', deepFreeze({ namespace: 'todo', labelSelector: '!x' }));
    const handle = await client.watch('v1', 'Secret', deepFreeze({ namespace: 'todo' }), () => undefined);
    handle.stop();
    await client.create(
      deepFreeze({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'todo' } }),
    );
    await client.requestToken('todo', 'sa', deepFreeze({ audiences: ['x'], expirationSeconds: 3600 }));
    await client.delete(
      deepFreeze(key(created)),
      deepFreeze({ preconditions: { uid: created.metadata.uid! } }),
    );
  });

  it('10,000 objects are cheap: a list or get costs what it returns', async () => {
    const cluster = createMemoryCluster({ bootstrap: false, crds: false });
    const client = cluster.client();
    for (let n = 0; n < 10; n++) await client.create(namespace(`ns-${n}`));
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) {
      await client.create(
        configMap(
          `ns-${i % 10}`,
          `cm-${String(i).padStart(5, '0')}`,
          { i: String(i) },
          { shard: String(i % 100) },
        ),
      );
    }
    const created = performance.now() - started;
    expect(created).toBeLessThan(20_000);

    const selective = performance.now();
    for (let round = 0; round < 20; round++) {
      const page = await client.list('v1', 'ConfigMap', { namespace: 'ns-3', labelSelector: 'shard=3' });
      expect(page.items).toHaveLength(100);
      await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns-7', name: 'cm-09997' });
    }
    const perSelectiveList = (performance.now() - selective) / 20;
    expect(perSelectiveList).toBeLessThan(100);

    const all = await client.list('v1', 'ConfigMap');
    expect(all.items).toHaveLength(10_000);
    expect(all.items[0]!.metadata.name).toBe('cm-00000');
    expect(all.items[1]!.metadata.name).toBe('cm-00010');
  }, 60_000);
});
