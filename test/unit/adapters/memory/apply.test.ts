import { describe, expect, it } from 'vitest';
import { createMemoryCluster, manualClock } from '../../../../src/adapters/memory/index.js';
import type { KubeObject } from '../../../../src/model/meta.js';
import { MC, configMap, failure, key, namespace, project } from './helpers.js';

async function setup() {
  const clock = manualClock();
  const cluster = createMemoryCluster({ clock });
  const client = cluster.client();
  await client.create(namespace('a'));
  await client.create(namespace(MC));
  return { cluster, client, clock };
}

const managers = (object: KubeObject) =>
  (object.metadata.managedFields ?? []).map((e) => [e.manager, e.operation, e.fieldsV1]);

describe('memory cluster server-side apply', () => {
  it('creates a missing object and records an Apply entry in fieldsV1 format', async () => {
    const { client } = await setup();
    const applied = await client.apply(configMap('a', 'cm', { x: '1' }, { app: 'web' }), {
      fieldManager: 'vzmc',
    });
    expect(applied.metadata.uid).toBeDefined();
    expect(applied.metadata.managedFields).toEqual([
      {
        manager: 'vzmc',
        operation: 'Apply',
        apiVersion: 'v1',
        time: '2026-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:x': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } },
      },
    ]);
  });

  it('re-applying identical content changes nothing and keeps the resourceVersion', async () => {
    const { client, clock } = await setup();
    const first = await client.apply(configMap('a', 'cm', { x: '1' }), { fieldManager: 'vzmc' });
    clock.advance(3600);
    const second = await client.apply(configMap('a', 'cm', { x: '1' }), { fieldManager: 'vzmc' });
    expect(second).toEqual(first);
  });

  it('a different value for a field another manager owns is a Conflict worded like the server', async () => {
    const { client } = await setup();
    await client.apply(configMap('a', 'cm', { x: '1' }), { fieldManager: 'first' });
    const error = await failure(client.apply(configMap('a', 'cm', { x: '2' }), { fieldManager: 'second' }));
    expect(error.reason).toBe('Conflict');
    expect(error.status).toBe(409);
    expect(error.message).toBe('Apply failed with 1 conflict: conflict with "first": .data.x');
    expect(error.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "first"', field: '.data.x' },
    ]);
  });

  it('several conflicts are listed per manager', async () => {
    const { client } = await setup();
    await client.apply(configMap('a', 'cm', { x: '1', y: '1' }), { fieldManager: 'first' });
    const error = await failure(
      client.apply(configMap('a', 'cm', { x: '2', y: '2' }), { fieldManager: 'second' }),
    );
    expect(error.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "first":\n- .data.x\n- .data.y',
    );
  });

  it('a field an Update wrote conflicts with "manager" using its apiVersion', async () => {
    const { client } = await setup();
    await client.create(configMap('a', 'cm', { x: '1' }), { fieldManager: 'kubectl-create' });
    const error = await failure(client.apply(configMap('a', 'cm', { x: '2' }), { fieldManager: 'vzmc' }));
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .data.x',
    );
  });

  it('applying the same value another manager set shares the field without conflict', async () => {
    const { client } = await setup();
    await client.apply(configMap('a', 'cm', { x: '1' }), { fieldManager: 'first' });
    const shared = await client.apply(configMap('a', 'cm', { x: '1' }), { fieldManager: 'second' });
    expect(managers(shared)).toEqual([
      ['first', 'Apply', { 'f:data': { 'f:x': {} } }],
      ['second', 'Apply', { 'f:data': { 'f:x': {} } }],
    ]);
  });

  it('force takes ownership of conflicting fields', async () => {
    const { client } = await setup();
    await client.apply(configMap('a', 'cm', { x: '1', y: '1' }), { fieldManager: 'first' });
    const forced = await client.apply(configMap('a', 'cm', { x: '2' }), {
      fieldManager: 'second',
      force: true,
    });
    expect((forced as any).data).toEqual({ x: '2', y: '1' });
    expect(managers(forced)).toEqual([
      ['first', 'Apply', { 'f:data': { 'f:y': {} } }],
      ['second', 'Apply', { 'f:data': { 'f:x': {} } }],
    ]);
  });

  it('fields a manager stops applying are removed unless another manager owns them', async () => {
    const { client } = await setup();
    await client.apply(configMap('a', 'cm', { x: '1', y: '1', z: '1' }, { keep: 'me', drop: 'me' }), {
      fieldManager: 'first',
    });
    await client.apply(configMap('a', 'cm', { z: '1' }), { fieldManager: 'second' });
    const after = await client.apply(configMap('a', 'cm', { x: '1' }, { keep: 'me' }), {
      fieldManager: 'first',
    });
    expect((after as any).data).toEqual({ x: '1', z: '1' });
    expect(after.metadata.labels).toEqual({ keep: 'me' });
  });

  it('a later Update takes the fields it changes from the applier', async () => {
    const { client } = await setup();
    const applied = await client.apply(configMap('a', 'cm', { x: '1', y: '1' }), { fieldManager: 'applier' });
    const updated = await client.replace({ ...applied, data: { x: '2', y: '1' } } as any, {
      fieldManager: 'editor',
    });
    expect(managers(updated)).toEqual([
      ['applier', 'Apply', { 'f:data': { 'f:y': {} } }],
      ['editor', 'Update', { 'f:data': { 'f:x': {} } }],
    ]);
  });

  it('lists of custom resources are atomic: the whole list is one field', async () => {
    const { client } = await setup();
    await client.apply(project('p', ['m1'], ['todo']), { fieldManager: 'first' });
    const error = await failure(
      client.apply(project('p', ['m1', 'm2'], ['todo']), { fieldManager: 'second' }),
    );
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "first": .spec.placement.clusters',
    );
  });

  it('finalizers are a set and ownerReferences a map keyed by uid', async () => {
    const { client } = await setup();
    const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-1' };
    await client.apply(
      {
        ...configMap('a', 'cm'),
        metadata: { name: 'cm', namespace: 'a', finalizers: ['a.example/one'], ownerReferences: [owner] },
      },
      { fieldManager: 'first' },
    );
    const both = await client.apply(
      { ...configMap('a', 'cm'), metadata: { name: 'cm', namespace: 'a', finalizers: ['b.example/two'] } },
      { fieldManager: 'second' },
    );
    expect(both.metadata.finalizers).toEqual(['a.example/one', 'b.example/two']);
    expect(managers(both)[0]).toEqual([
      'first',
      'Apply',
      {
        'f:metadata': {
          'f:finalizers': { 'v:"a.example/one"': {} },
          'f:ownerReferences': {
            'k:{"uid":"u-1"}': { '.': {}, 'f:apiVersion': {}, 'f:kind': {}, 'f:name': {}, 'f:uid': {} },
          },
        },
      },
    ]);
  });

  it('atomic maps (a NetworkPolicy podSelector) are owned whole', async () => {
    const { client } = await setup();
    const policy = (labels: Record<string, string>): KubeObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np', namespace: 'a' },
      spec: { podSelector: { matchLabels: labels } },
    });
    const applied = await client.apply(policy({ app: 'a' }), { fieldManager: 'first' });
    expect(managers(applied)[0]![2]).toEqual({ 'f:spec': { 'f:podSelector': {} } });
    const error = await failure(client.apply(policy({ app: 'a', tier: 'b' }), { fieldManager: 'second' }));
    expect(error.message).toBe('Apply failed with 1 conflict: conflict with "first": .spec.podSelector');
  });

  it('apply never writes status of a kind with a status subresource', async () => {
    const { client } = await setup();
    const applied = await client.apply(
      { ...project('p', ['m1'], ['todo']), status: { state: 'Succeeded' } } as any,
      { fieldManager: 'vzmc' },
    );
    expect(applied).not.toHaveProperty('status');
    expect(JSON.stringify(applied.metadata.managedFields)).not.toContain('f:status');
  });

  it('applying an object read earlier works: like the Kubernetes adapter, the client drops resourceVersion and managedFields', async () => {
    const { client } = await setup();
    const first = await client.apply(configMap('a', 'cm', { x: '1' }), { fieldManager: 'vzmc' });
    await client.apply(configMap('a', 'cm', { x: '2' }), { fieldManager: 'vzmc' });
    const applied = await client.apply({ ...first, data: { x: '3' } } as any, { fieldManager: 'vzmc' });
    expect(applied.data.x).toBe('3');
  });

  it('with resourceVersionPrecondition, a stale resourceVersion in the applied object is a Conflict', async () => {
    const { client } = await setup();
    const first = await client.apply(configMap('a', 'cm', { x: '1' }), { fieldManager: 'vzmc' });
    await client.apply(configMap('a', 'cm', { x: '2' }), { fieldManager: 'vzmc' });
    const error = await failure(
      client.apply({ ...first, data: { x: '3' } } as any, {
        fieldManager: 'vzmc',
        resourceVersionPrecondition: true,
      }),
    );
    expect(error.reason).toBe('Conflict');
    expect(error.message).toBe(
      'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again',
    );
    const current = await client.get(key(first));
    await client.apply({ ...current, data: { x: '4' } } as any, {
      fieldManager: 'vzmc',
      resourceVersionPrecondition: true,
    });
  });

  it('dryRun apply returns the merged object without persisting it', async () => {
    const { client } = await setup();
    const first = await client.apply(configMap('a', 'cm', { x: '1' }), { fieldManager: 'vzmc' });
    const dry = await client.apply(configMap('a', 'cm', { x: '2' }), { fieldManager: 'vzmc', dryRun: true });
    expect((dry as any).data.x).toBe('2');
    expect(await client.get(key(first))).toEqual(first);
    await client.apply(configMap('a', 'new', { x: '1' }), { fieldManager: 'vzmc', dryRun: true });
    expect(
      (await failure(client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'new' })))
        .reason,
    ).toBe('NotFound');
  });

  it('an empty field manager falls back to the client default, as the Kubernetes adapter does', async () => {
    const { cluster } = await setup();
    const applied = await cluster
      .client({ fieldManager: 'fallback' })
      .apply(configMap('a', 'cm', { x: '1' }), { fieldManager: '' });
    expect(applied.metadata.managedFields?.[0]?.manager).toBe('fallback');
  });

  it('the applier time moves only when something changed', async () => {
    const { client, clock } = await setup();
    await client.apply(configMap('a', 'cm', { x: '1' }), { fieldManager: 'vzmc' });
    clock.advance(60);
    const changed = await client.apply(configMap('a', 'cm', { x: '2' }), { fieldManager: 'vzmc' });
    expect(changed.metadata.managedFields?.[0]?.time).toBe('2026-01-01T00:01:00Z');
  });

  it('apply of an object in a missing namespace is NotFound for the namespace', async () => {
    const { client } = await setup();
    expect((await failure(client.apply(configMap('nowhere', 'cm'), { fieldManager: 'vzmc' }))).message).toBe(
      'namespaces "nowhere" not found',
    );
  });
});
