import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../../../src/port/client.js';
import { isClusterError } from '../../../../src/port/errors.js';
import { createK8sClusterClient, type K8sClusterClient } from '../../../../src/k8s.js';
import { WATCH_TIMEOUT_SECONDS, watchTimeoutSeconds } from '../../../../src/adapters/k8s/watch.js';
import { IDLE_SOCKET_TIMEOUT_MS } from '../../../../src/adapters/k8s/transport.js';
import {
  kubeconfig,
  sendJson,
  PROTOCOLS,
  sleep,
  startFakeApiServer,
  status,
  type FakeApiServer,
  type RecordedRequest,
} from './fake-apiserver.js';

function line(res: ServerResponse, type: string, object: unknown): void {
  res.write(`${JSON.stringify({ type, object })}\n`);
}

async function until(check: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await sleep(10);
  }
}

// Over HTTP/2 a watch is a stream on the client's one connection, as client-go's are; a server
// without HTTP/2 (or a proxy) gets a connection per watch.
describe.each(PROTOCOLS)('watch over $name', ({ httpVersion, http1Only }) => {
  let server: FakeApiServer;
  let client: K8sClusterClient;
  let streams: ServerResponse[];
  let onWatch: (req: RecordedRequest, res: ServerResponse) => void;

  beforeEach(async () => {
    streams = [];
    onWatch = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // The API server sends the headers of a watch at once, before any event.
      res.flushHeaders();
      streams.push(res);
    };
    server = await startFakeApiServer({
      handler: (req, res) => {
        if (req.query.get('watch') === 'true') {
          expect(req.httpVersion).toBe(httpVersion);
          onWatch(req, res as ServerResponse);
          return;
        }
        sendJson(res, 404, status(404, 'NotFound', 'not found'));
      },
      http1Only,
    });
    client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      timeoutMs: 2_000,
    });
  });
  afterEach(async () => {
    client.close();
    await server.close();
  });

  it('streams events with apiVersion and kind, sends the selector and bookmarks flag, and stops on request', async () => {
    const events: WatchEvent[] = [];
    const handle = await client.watch('v1', 'ConfigMap', { namespace: 'n', labelSelector: 'app=todo' }, (e) =>
      events.push(e),
    );
    const request = server.requests[0]!;
    expect(request.pathname).toBe('/api/v1/namespaces/n/configmaps');
    const { timeoutSeconds, ...query } = Object.fromEntries(request.query);
    expect(query).toEqual({ watch: 'true', labelSelector: 'app=todo', allowWatchBookmarks: 'true' });
    expect(Number(timeoutSeconds)).toBeGreaterThanOrEqual(1800);
    expect(Number(timeoutSeconds)).toBeLessThan(3600);
    expect(request.headers.authorization).toBe('Bearer test-token');
    line(streams[0]!, 'ADDED', { metadata: { name: 'a', resourceVersion: '1' } });
    line(streams[0]!, 'BOOKMARK', { kind: 'ConfigMap', metadata: { resourceVersion: '2' } });
    line(streams[0]!, 'MODIFIED', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', resourceVersion: '3' },
    });
    line(streams[0]!, 'DELETED', { metadata: { name: 'a', resourceVersion: '4' } });
    await until(() => events.length === 3);
    expect(
      events.map((e) => [e.type, e.object.apiVersion, e.object.kind, e.object.metadata.resourceVersion]),
    ).toEqual([
      ['ADDED', 'v1', 'ConfigMap', '1'],
      ['MODIFIED', 'v1', 'ConfigMap', '3'],
      ['DELETED', 'v1', 'ConfigMap', '4'],
    ]);
    const closed = new Promise<void>((resolve) => streams[0]!.on('close', resolve));
    handle.stop();
    await closed;
    line(streams[0]!, 'ADDED', { metadata: { name: 'late', resourceVersion: '5' } });
    await sleep(50);
    expect(events).toHaveLength(3);
  });

  it('asks for 30 to 60 minutes per watch request, at random, as the API server itself picks: watches started together end apart', async () => {
    const draws = [0, 0.5, 0.9999, 1];
    const jittered = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      timeoutMs: 2_000,
      random: () => draws.shift() ?? 0,
    });
    try {
      for (let i = 0; i < 4; i++) (await jittered.watch('v1', 'ConfigMap', {}, () => undefined)).stop();
      expect(server.requests.map((r) => r.query.get('timeoutSeconds'))).toEqual([
        '1800',
        '2700',
        '3598',
        '3598',
      ]);
      expect(watchTimeoutSeconds(() => -1)).toBe(WATCH_TIMEOUT_SECONDS);
    } finally {
      jittered.close();
    }
  });

  it('presumes a watch dead when it goes silent after a bookmark (the server sends one a minute), and resumes it from there', async () => {
    const watching = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      timeoutMs: 2_000,
      watchSilenceMs: 300,
    });
    try {
      const events: WatchEvent[] = [];
      const handle = await watching.watch('v1', 'Secret', {}, (e) => events.push(e));
      // No bookmark yet: silence tells nothing (a server without a watch cache sends none).
      await sleep(600);
      expect(streams).toHaveLength(1);
      line(streams[0]!, 'BOOKMARK', { metadata: { resourceVersion: '7' } });
      // Events keep it alive...
      for (let i = 0; i < 4; i++) {
        await sleep(150);
        line(streams[0]!, 'ADDED', { metadata: { name: `s${i}`, resourceVersion: `${8 + i}` } });
      }
      expect(streams).toHaveLength(1);
      // ...silence after them does not: the watch is resumed from the last resourceVersion seen.
      await until(() => streams.length === 2);
      expect(server.requests[1]!.query.get('resourceVersion')).toBe('11');
      expect(events.map((e) => e.object.metadata.name)).toEqual(['s0', 's1', 's2', 's3']);
      handle.stop();
    } finally {
      watching.close();
    }
  });

  it('resumes from the last resourceVersion when the server ends the watch', async () => {
    const events: WatchEvent[] = [];
    const handle = await client.watch('v1', 'Secret', {}, (e) => events.push(e));
    line(streams[0]!, 'ADDED', { metadata: { name: 's', resourceVersion: '10' } });
    line(streams[0]!, 'BOOKMARK', { metadata: { resourceVersion: '12' } });
    await until(() => events.length === 1);
    await sleep(20);
    streams[0]!.end();
    await until(() => streams.length === 2);
    expect(server.requests[1]!.pathname).toBe('/api/v1/secrets');
    expect(server.requests[1]!.query.get('resourceVersion')).toBe('12');
    line(streams[1]!, 'MODIFIED', { metadata: { name: 's', resourceVersion: '13' } });
    await until(() => events.length === 2);
    handle.stop();
  });

  it('reports an ERROR event (410 Gone) once as a ClusterError and stops', async () => {
    const errors: unknown[] = [];
    await client.watch(
      'v1',
      'ConfigMap',
      {},
      () => undefined,
      (e) => errors.push(e),
    );
    line(streams[0]!, 'ERROR', status(410, 'Expired', 'too old resource version: 1 (200)'));
    await until(() => errors.length === 1);
    expect(errors[0]).toMatchObject({
      name: 'ClusterError',
      status: 410,
      message: 'too old resource version: 1 (200)',
    });
    await sleep(50);
    expect(streams).toHaveLength(1);
  });

  it('reports a dropped connection through onError', async () => {
    const errors: unknown[] = [];
    await client.watch(
      'v1',
      'ConfigMap',
      {},
      () => undefined,
      (e) => errors.push(e),
    );
    // The connection goes: over HTTP/2 the session carrying the stream, else the watch's own socket.
    const h2 = (streams[0] as unknown as { stream?: { session?: { destroy(): void } } }).stream;
    if (h2?.session) h2.session.destroy();
    else streams[0]!.socket?.destroy();
    await until(() => errors.length === 1);
    expect(isClusterError(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ reason: 'Unavailable' });
    await sleep(50);
    expect(streams).toHaveLength(1);
  });

  it('rejects with the mapped ClusterError when the server refuses the watch', async () => {
    onWatch = (_req, res) => {
      sendJson(res, 403, status(403, 'Forbidden', 'configmaps is forbidden'));
    };
    const refused = client.watch('v1', 'ConfigMap', {}, () => undefined);
    await expect(refused).rejects.toMatchObject({ name: 'ClusterError', reason: 'Forbidden', status: 403 });
    // Over HTTP/2 the Status the server sent is read; client-node's Watch keeps only the code.
    if (!http1Only) await expect(refused).rejects.toThrow('configmaps is forbidden');
  });
});

describe('watches over HTTP/2', () => {
  let server: FakeApiServer;
  let streams: ServerResponse[];
  let versions: string[];
  beforeEach(async () => {
    streams = [];
    versions = [];
    server = await startFakeApiServer({
      maxStreams: 10,
      handler: (req, res) => {
        if (req.query.get('watch') !== 'true') {
          sendJson(res, 200, { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' } });
          return;
        }
        versions.push(req.httpVersion);
        const stream = res as ServerResponse;
        stream.writeHead(200, { 'Content-Type': 'application/json' });
        stream.flushHeaders();
        streams.push(stream);
      },
    });
  });
  afterEach(async () => {
    await server.close();
  });

  it('share the connection requests use, keep `maxConcurrency` streams (and a margin) free for requests, and go over HTTP/1.1 beyond that', async () => {
    // The server takes 10 streams at once: 2 stay free for requests and 4 more as a margin, so 4 watches fit.
    const client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      timeoutMs: 2_000,
      maxConcurrency: 2,
    });
    try {
      await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: 'c' });
      const handles = [];
      for (let i = 0; i < 5; i++)
        handles.push(await client.watch('v1', 'ConfigMap', { namespace: `n${i}` }, () => undefined));
      expect(versions).toEqual(['2.0', '2.0', '2.0', '2.0', '1.1']);
      // One connection for the request and the four streamed watches, one for the fifth watch.
      expect(server.connections()).toBe(2);
      // Requests still go through beside them.
      await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: 'c' });
      // A watch that ends frees its stream for the next one.
      const closed = new Promise<void>((resolve) => streams[0]!.on('close', resolve));
      handles[0]!.stop();
      await closed;
      await sleep(20);
      handles.push(await client.watch('v1', 'ConfigMap', { namespace: 'n5' }, () => undefined));
      expect(versions.at(-1)).toBe('2.0');
      for (const h of handles) h.stop();
    } finally {
      client.close();
    }
  });

  it(
    'keep their connection open while they are silent: a connection that carries watches is not idle',
    async () => {
      const client = createK8sClusterClient({
        kubeconfig: { yaml: kubeconfig({ server: server.url }) },
        timeoutMs: 2_000,
      });
      try {
        const handle = await client.watch('v1', 'ConfigMap', { namespace: 'n' }, () => undefined);
        await sleep(IDLE_SOCKET_TIMEOUT_MS + 1_000);
        await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: 'c' });
        expect(server.connections()).toBe(1);
        handle.stop();
      } finally {
        client.close();
      }
    },
    IDLE_SOCKET_TIMEOUT_MS + 10_000,
  );
});
