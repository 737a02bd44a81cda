import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/index.js';
import { createMemoryCluster } from '../../../src/memory.js';
import type { ClusterClient, WatchEvent } from '../../../src/port/client.js';
import { ClusterError, ClusterErrorReason } from '../../../src/port/errors.js';
import { realSleep } from '../../../src/agent/retry.js';
import { cachedClient, createListCache } from '../../../src/agent/informer.js';
import type { IterationReport } from '../../../src/agent/agent-types.js';
import { until, wrapperOnManaged1 } from '../../support/event-driven.js';

const cm = (namespace: string, name: string, v: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { v },
});

describe('list caches (informers, issue 16)', () => {
  it('lists once, then answers from the cache, kept current by a watch from the list', async () => {
    const cluster = createMemoryCluster();
    const client = cluster.client();
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    await client.create(cm('a', 'one', '1'));
    let changes = 0;
    const cache = createListCache({ client, onChange: () => changes++ });
    const view = cachedClient(client, cache);
    expect(
      (await view.list('v1', 'ConfigMap', { namespace: 'a' })).items.map((o) => o.metadata.name),
    ).toEqual(['one']);
    cluster.resetRequestCounts();
    await client.create(cm('a', 'two', '2'));
    await until(() => changes === 1, 2_000, 'the change to reach the cache');
    const list = await view.list('v1', 'ConfigMap', { namespace: 'a' });
    expect(list.items.map((o) => o.metadata.name)).toEqual(['one', 'two']);
    expect(cluster.requestCounts().list ?? 0).toBe(0);
    expect(cache.size()).toEqual({ informers: 1, synced: 1 });
    cache.stop();
  });

  it('after the server goes away and comes back, lists again and a later change still arrives', async () => {
    const cluster = createMemoryCluster();
    const client = cluster.client();
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    let changes = 0;
    const cache = createListCache({ client, onChange: () => changes++, backoff: { baseMs: 10, maxMs: 50 } });
    await cache.list('v1', 'ConfigMap', { namespace: 'a' });
    cluster.setAvailable(false);
    await until(() => cache.size().synced === 0, 2_000, 'the broken watch to be seen');
    cluster.setAvailable(true);
    await until(() => cache.size().synced === 1, 2_000, 'the relist');
    const before = changes;
    await client.create(cm('a', 'later', '1'));
    await until(() => changes > before, 2_000, 'a later change');
    expect(
      (await cache.list('v1', 'ConfigMap', { namespace: 'a' })).items.map((o) => o.metadata.name),
    ).toEqual(['later']);
    cache.stop();
  });

  it('a watch answered 410 Expired is followed by a new list and watch', async () => {
    const cluster = createMemoryCluster();
    const inner = cluster.client();
    await inner.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    let watches = 0;
    const client: ClusterClient = Object.assign(Object.create(inner) as ClusterClient, {
      watch: async (
        apiVersion: string,
        kind: string,
        options: object,
        onEvent: (e: WatchEvent) => void,
        onError?: (e: unknown) => void,
      ) => {
        watches++;
        const handle = await inner.watch(apiVersion, kind, options, onEvent, onError);
        if (watches === 1)
          queueMicrotask(() =>
            onError?.(
              new ClusterError({ reason: ClusterErrorReason.Expired, message: 'too old resource version' }),
            ),
          );
        return handle;
      },
    });
    let changes = 0;
    const cache = createListCache({ client, onChange: () => changes++, backoff: { baseMs: 10, maxMs: 50 } });
    await cache.list('v1', 'ConfigMap', { namespace: 'a' });
    await until(() => watches === 2 && cache.size().synced === 1, 2_000, 'the second watch');
    const before = changes;
    await inner.create(cm('a', 'x', '1'));
    await until(() => changes > before, 2_000, 'the change after the relist');
    cache.stop();
  });
});

describe('list caches without the watch verb (issue 16)', () => {
  it('a watch answered Forbidden leaves the list a poll: every list reads through, none fails', async () => {
    const cluster = createMemoryCluster();
    const inner = cluster.client();
    await inner.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    const client: ClusterClient = Object.assign(Object.create(inner) as ClusterClient, {
      watch: () =>
        Promise.reject(new ClusterError({ reason: ClusterErrorReason.Forbidden, message: 'no watch' })),
    });
    const cache = createListCache({ client });
    await cache.list('v1', 'ConfigMap', { namespace: 'a' });
    await inner.create(cm('a', 'x', '1'));
    const list = await cache.list('v1', 'ConfigMap', { namespace: 'a' });
    expect(list.items.map((o) => o.metadata.name)).toEqual(['x']);
    expect(cache.size()).toEqual({ informers: 1, synced: 0 });
    cache.stop();
  });
});

describe('the event-driven agent (issue 16)', () => {
  it('an admin edit reaches the managed cluster within a second, long before the poll; steady state writes nothing', async () => {
    const { fleet, agent, value, edit } = await wrapperOnManaged1();
    const reports: IterationReport[] = [];
    const abort = new AbortController();
    const running = agent.run(abort.signal, (r) => reports.push(r));
    await until(async () => (await value()) === 'v', 5_000, 'the first sync');
    // Let the iterations answering the agent's own writes pass, then measure the quiet.
    await realSleep(300);
    const quiet = reports.length;
    fleet.managed.managed1!.resetRequestCounts();
    await realSleep(300);
    expect(reports.length).toBe(quiet);
    expect(Object.values(fleet.managed.managed1!.requestCounts()).every((n) => n === 0)).toBe(true);
    await edit('edited');
    const took = await until(async () => (await value()) === 'edited', 2_000, 'the edit to arrive');
    expect(took).toBeLessThan(2_000);
    abort.abort();
    await running;
    expect(reports.every((r) => r.state === 'synced')).toBe(true);
  });

  it('an iteration that fails while the admin is down is retried with backoff, not at the resync an hour away: a later edit still arrives', async () => {
    const { fleet, agent, value, edit } = await wrapperOnManaged1();
    const reports: IterationReport[] = [];
    const abort = new AbortController();
    const running = agent.run(abort.signal, (r) => reports.push(r));
    await until(async () => (await value()) === 'v', 5_000, 'the first sync');
    fleet.admin.setAvailable(false);
    // Two changes on managed1 wake two iterations while the admin is down: the first finds it
    // unreachable, the second drops that connection with the caches that watched through it and
    // fails on a new one. Nothing on the admin is watched any more.
    const local = fleet.managed.managed1!.client();
    const failed = () => reports.filter((r) => r.state === 'failed').length;
    await local.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns1', name: 'cfg' });
    await until(() => failed() >= 1, 5_000, 'an iteration to fail');
    await local.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'poke', namespace: 'ns1', labels: { 'vzmc.dev/managed': 'true' } },
      },
      { fieldManager: 'kubectl' },
    );
    await until(() => failed() >= 2, 5_000, 'a second iteration to fail');
    fleet.admin.setAvailable(true);
    await edit('after the outage');
    const took = await until(
      async () => (await value()) === 'after the outage',
      10_000,
      'the edit to arrive',
    );
    expect(took).toBeLessThan(10_000);
    abort.abort();
    await running;
    expect(reports.at(-1)?.state).toBe('synced');
  }, 20_000);
});
