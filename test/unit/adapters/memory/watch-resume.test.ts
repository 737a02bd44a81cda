import { describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../../src/adapters/memory/index.js';
import type { WatchEvent } from '../../../../src/port/client.js';
import { errorReason } from '../../../../src/port/errors.js';
import { configMap, namespace, settle } from './helpers.js';

const summary = (events: WatchEvent[]) =>
  events.map((e) => `${e.type} ${e.object.metadata.namespace ?? ''}/${e.object.metadata.name ?? ''}`);

describe('memory cluster watch from a resourceVersion (issue 16)', () => {
  it('starts after a list: only the later changes, no initial ADDED', async () => {
    const client = createMemoryCluster().client();
    await client.create(namespace('a'));
    await client.create(configMap('a', 'before'));
    const list = await client.list('v1', 'ConfigMap', { namespace: 'a' });
    await client.create(configMap('a', 'between'));
    const events: WatchEvent[] = [];
    const handle = await client.watch(
      'v1',
      'ConfigMap',
      { namespace: 'a', resourceVersion: list.resourceVersion },
      (e) => events.push(e),
    );
    await client.create(configMap('a', 'after'));
    await settle();
    expect(summary(events)).toEqual(['ADDED a/between', 'ADDED a/after']);
    handle.stop();
  });

  it('a resourceVersion older than the history ends the watch with 410 Expired', async () => {
    const client = createMemoryCluster({ watchHistory: 3 }).client();
    await client.create(namespace('a'));
    const list = await client.list('v1', 'ConfigMap', { namespace: 'a' });
    for (const n of ['c1', 'c2', 'c3', 'c4']) await client.create(configMap('a', n));
    const errors: unknown[] = [];
    const events: WatchEvent[] = [];
    await client.watch(
      'v1',
      'ConfigMap',
      { resourceVersion: list.resourceVersion },
      (e) => events.push(e),
      (e) => errors.push(e),
    );
    await settle();
    expect(events).toEqual([]);
    expect(errors.map(errorReason)).toEqual(['Expired']);
    expect(String(errors[0])).toMatch(/too old resource version/);
  });

  it('with allowWatchBookmarks, a change the watch does not see moves it on by a BOOKMARK', async () => {
    const client = createMemoryCluster().client();
    await client.create(namespace('a'));
    await client.create(namespace('b'));
    const events: WatchEvent[] = [];
    await client.watch('v1', 'ConfigMap', { namespace: 'a', allowWatchBookmarks: true }, (e) =>
      events.push(e),
    );
    const other = await client.create(configMap('b', 'elsewhere'));
    await settle();
    expect(events.map((e) => e.type)).toEqual(['BOOKMARK']);
    expect(events[0]!.object.metadata.resourceVersion).toBe(other.metadata.resourceVersion);
  });
});
