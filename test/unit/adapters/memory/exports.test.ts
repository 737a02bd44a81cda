import { describe, expect, it } from 'vitest';
import * as memory from '../../../../src/adapters/memory/index.js';

describe('memory adapter public API', () => {
  it('exports exactly these runtime values', () => {
    expect(Object.keys(memory).sort()).toEqual([
      'ClusterVerb',
      'DEFAULT_EPOCH',
      'DEFAULT_SERVER_VERSION',
      'GenerationPolicy',
      'SelectorError',
      'SelectorOperator',
      'createMemoryCluster',
      'fixedClock',
      'manualClock',
      'parseLabelSelector',
      'sequentialIds',
    ]);
  });

  it('clocks and ids are deterministic by default', () => {
    expect(memory.fixedClock()().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    const ids = memory.sequentialIds('admin');
    expect([ids(), ids()]).toEqual([
      '34c83614-0000-4000-8000-000000000001',
      '34c83614-0000-4000-8000-000000000002',
    ]);
    const clock = memory.manualClock();
    clock.advance(3600);
    expect(clock().toISOString()).toBe('2026-01-01T01:00:00.000Z');
    clock.set('2027-01-01T00:00:00Z');
    expect(clock().getUTCFullYear()).toBe(2027);
    expect(() => memory.fixedClock('not a date')).toThrow(RangeError);
  });

  it('the cluster example in the docs holds', async () => {
    const cluster = memory.createMemoryCluster({ name: 'admin' });
    const client = cluster.client();
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'verrazzano-mc' } });
    const ns = await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'verrazzano-mc' });
    expect(ns.metadata.resourceVersion).toBe('15');
  });
});
