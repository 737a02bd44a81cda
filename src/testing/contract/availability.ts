/**
 * Contract cases: watches (events in order, with the label selector) and a server that goes away
 * and comes back (every call and open watch fails promptly; the same client then works again).
 */
import type { WatchEvent } from '../../port/client.js';
import { ClusterErrorReason, isClusterError } from '../../port/errors.js';
import {
  MANAGER,
  RUN_LABEL,
  SLACK_MS,
  contractCase,
  eventually,
  failure,
  keyOf,
  until,
  type ContractCase,
} from './kit.js';

const unavailable = contractCase('unavailable', async ({ admin, context, expect, namespace, configMap }) => {
  if (admin.watch === undefined) throw new Error('the client has no watch: list this test in the skip list');
  const ns = await namespace('outage');
  const kept = await admin.create(configMap(ns, 'kept', { v: '1' }));
  const watchErrors: unknown[] = [];
  const handle = await admin.watch(
    'v1',
    'ConfigMap',
    { namespace: ns },
    () => undefined,
    (error) => {
      watchErrors.push(error);
    },
  );
  const bound = context.timeoutMs + SLACK_MS;
  try {
    await context.stopServer();
    const calls: [string, () => Promise<unknown>][] = [
      ['get', () => admin.get(keyOf(kept))],
      ['list', () => admin.list('v1', 'ConfigMap', { namespace: ns })],
      ['apply', () => admin.apply(configMap(ns, 'kept', { v: '2' }), { fieldManager: MANAGER })],
      ['delete', () => admin.delete(keyOf(kept))],
      ['serverVersion', () => admin.serverVersion()],
    ];
    for (const [verb, call] of calls) {
      const startedAt = performance.now();
      const error = await failure(call());
      const elapsed = performance.now() - startedAt;
      expect(
        [ClusterErrorReason.Unavailable, ClusterErrorReason.Timeout],
        `${verb}: ${error.message}`,
      ).toContain(error.reason);
      expect(elapsed, `${verb} took ${Math.round(elapsed)} ms`).toBeLessThan(bound);
    }
    // A watch may first try to resume once; it then reports the outage instead of hanging.
    await until(() => watchErrors.length > 0, bound + SLACK_MS, 'the open watch to report the outage');
    expect(watchErrors).toHaveLength(1);
    expect([ClusterErrorReason.Unavailable, ClusterErrorReason.Timeout]).toContain(
      isClusterError(watchErrors[0]) ? watchErrors[0].reason : String(watchErrors[0]),
    );
  } finally {
    handle.stop();
    await context.startServer();
  }
  // The same client, without being recreated: the data survived and writes work again.
  expect(await eventually(() => admin.get(keyOf(kept)), bound)).toEqual(kept);
  const after = await admin.apply(configMap(ns, 'kept', { v: '2' }), {
    fieldManager: MANAGER,
    force: true,
  });
  expect(after.data).toEqual({ v: '2' });
});

const watch = contractCase('watch', async ({ admin, context, expect, namespace, configMap, runId }) => {
  if (admin.watch === undefined) throw new Error('the client has no watch: list this test in the skip list');
  const ns = await namespace('watch');
  const label = { watched: 'yes' };
  await admin.create(configMap(ns, 'before', { v: '0' }, label));
  const events: WatchEvent[] = [];
  const errors: unknown[] = [];
  const handle = await admin.watch(
    'v1',
    'ConfigMap',
    { namespace: ns, labelSelector: 'watched=yes' },
    (event) => events.push(event),
    (error) => errors.push(error),
  );
  try {
    const created = await admin.create(configMap(ns, 'a', { v: '1' }, label));
    await admin.replace({ ...created, data: { v: '2' } });
    await admin.create(configMap(ns, 'unwatched', { v: '1' }));
    const leaving = await admin.create(configMap(ns, 'b', { v: '1' }, label));
    // An object that stops matching the selector leaves the watch as DELETED.
    await admin.replace({ ...leaving, metadata: { ...leaving.metadata, labels: { [RUN_LABEL]: runId } } });
    await admin.delete(keyOf(created));
    const seen = () => events.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`);
    await until(
      () => seen().includes('DELETED a'),
      context.timeoutMs,
      `DELETED a (seen: ${seen().join(', ')})`,
    );
    expect(seen()).toEqual(['ADDED before', 'ADDED a', 'MODIFIED a', 'ADDED b', 'DELETED b', 'DELETED a']);
    for (const event of events) expect(event.object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(events[2]?.object.data).toEqual({ v: '2' });
    expect(errors).toEqual([]);
  } finally {
    handle.stop();
  }
});

/** The cases of this file, in the suite's order. */
export const availabilityCases: readonly ContractCase[] = [unavailable, watch];
