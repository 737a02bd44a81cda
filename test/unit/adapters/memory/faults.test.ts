import { describe, expect, it } from 'vitest';
import { ClusterVerb, createMemoryCluster } from '../../../../src/adapters/memory/index.js';
import { ClusterError, ClusterErrorReason } from '../../../../src/port/errors.js';
import { configMap, failure, namespace } from './helpers.js';

const tooMany = () =>
  new ClusterError({
    reason: ClusterErrorReason.TooManyRequests,
    status: 429,
    message: 'slow down',
    retryAfterSeconds: 1,
  });

async function setup() {
  const cluster = createMemoryCluster();
  const client = cluster.client();
  await client.create(namespace('a'));
  await client.create(configMap('a', 'cm'));
  return { cluster, client };
}

describe('memory cluster fault injection', () => {
  it('fails the matching requests a given number of times, then stops', async () => {
    const { cluster, client } = await setup();
    const fault = cluster.injectFault({ verb: 'list', kind: 'ConfigMap', times: 2 }, tooMany());
    expect((await failure(client.list('v1', 'ConfigMap'))).reason).toBe('TooManyRequests');
    await client.list('v1', 'Secret');
    await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'cm' });
    expect((await failure(client.list('v1', 'ConfigMap'))).retryAfterSeconds).toBe(1);
    await client.list('v1', 'ConfigMap');
    expect(fault.hits).toBe(2);
    expect(fault.active).toBe(false);
  });

  it('without a count, fails until cleared', async () => {
    const { cluster, client } = await setup();
    const fault = cluster.injectFault({ namespace: 'a', name: 'cm' }, tooMany());
    for (let i = 0; i < 3; i++)
      expect(
        (await failure(client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'cm' })))
          .reason,
      ).toBe('TooManyRequests');
    fault.clear();
    expect(fault.active).toBe(false);
    await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'cm' });
  });

  it('a function makes a fresh error per request and sees the request', async () => {
    const { cluster, client } = await setup();
    const seen: string[] = [];
    cluster.injectFault({ verb: ['create', 'apply'] }, (request) => {
      seen.push(`${request.verb} ${request.kind}/${request.name}`);
      return new ClusterError({ reason: ClusterErrorReason.Conflict, status: 409, message: 'injected' });
    });
    const first = await failure(client.create(configMap('a', 'x')));
    const second = await failure(client.apply(configMap('a', 'y'), { fieldManager: 'm' }));
    expect(first).not.toBe(second);
    expect(seen).toEqual(['create ConfigMap/x', 'apply ConfigMap/y']);
    expect(
      (await client.list('v1', 'ConfigMap', { namespace: 'a' })).items.map((c) => c.metadata.name),
    ).toEqual(['cm']);
  });

  it('setAvailable(false) makes every call fail with Unavailable until the server is back', async () => {
    const { cluster, client } = await setup();
    cluster.setAvailable(false);
    expect(cluster.available).toBe(false);
    for (const call of [
      client.serverVersion(),
      client.list('v1', 'ConfigMap'),
      client.create(configMap('a', 'x')),
    ]) {
      const error = await failure(call);
      expect(error.reason).toBe('Unavailable');
      expect(error.status).toBeUndefined();
    }
    cluster.setAvailable(true);
    expect((await client.list('v1', 'ConfigMap')).items).toHaveLength(1);
  });
});

describe('memory cluster version and request counts', () => {
  it('serverVersion is v1.34.4 unless configured', async () => {
    expect(await createMemoryCluster().client().serverVersion()).toBe('v1.34.4');
    expect(await createMemoryCluster({ serverVersion: 'v1.31.0' }).client().serverVersion()).toBe('v1.31.0');
  });

  it('counts every request per verb, failed ones included, and resets', async () => {
    const { cluster, client } = await setup();
    cluster.resetRequestCounts();
    await client.list('v1', 'ConfigMap');
    await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'cm' });
    await failure(client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'a', name: 'missing' }));
    await client.apply(configMap('a', 'cm', { x: '1' }), { fieldManager: 'm' });
    await client.serverVersion();
    const counts = cluster.requestCounts();
    expect(counts).toEqual({
      ...Object.fromEntries(Object.values(ClusterVerb).map((v) => [v, 0])),
      list: 1,
      get: 2,
      apply: 1,
      serverVersion: 1,
    });
    cluster.resetRequestCounts();
    expect(Object.values(cluster.requestCounts()).every((n) => n === 0)).toBe(true);
  });

  it('bootstrap writes are not requests', () => {
    expect(Object.values(createMemoryCluster().requestCounts()).every((n) => n === 0)).toBe(true);
  });

  it('clients are named after the cluster unless given a name', () => {
    const cluster = createMemoryCluster({ name: 'managed1' });
    expect(cluster.client().name).toBe('managed1');
    expect(cluster.client({ name: 'agent' }).name).toBe('agent');
    expect(() => cluster.client({ token: 't', user: 'u' })).toThrow(TypeError);
  });
});
