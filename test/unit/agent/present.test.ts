/**
 * getIfPresent and deleteIfPresent: NotFound is an answer, every other failure is thrown.
 */
import { describe, expect, it } from 'vitest';
import { ClusterErrorReason, errorReason, type ConfigMap } from '../../../src/index.js';
import { deleteIfPresent, getIfPresent } from '../../../src/agent-entry.js';
import { createMemoryCluster } from '../../../src/memory.js';

const key = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'cm' };

describe('getIfPresent / deleteIfPresent', () => {
  it('reads an object that exists and answers undefined for one that does not', async () => {
    const cluster = createMemoryCluster({ name: 'c' });
    const client = cluster.client();
    expect(await getIfPresent(client, key)).toBeUndefined();
    await client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace: 'default', name: 'cm' },
      data: { a: 'b' },
    });
    expect((await getIfPresent<ConfigMap>(client, key))?.data).toEqual({ a: 'b' });
    await deleteIfPresent(client, key);
    await deleteIfPresent(client, key); // already gone: what was wanted
    expect(await getIfPresent(client, key)).toBeUndefined();
  });

  it('throws every failure other than NotFound (an unavailable server is not an absent object)', async () => {
    const cluster = createMemoryCluster({ name: 'c' });
    const client = cluster.client();
    cluster.setAvailable(false);
    const failure = await getIfPresent(client, key).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(errorReason(failure)).toBe(ClusterErrorReason.Unavailable);
    await expect(deleteIfPresent(client, key)).rejects.toThrow();
  });
});
