import type { ServerResponse } from 'node:http';
import http2, { type Http2ServerResponse } from 'node:http2';
import net, { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClusterError, type ClusterError } from '../../../../src/port/errors.js';
import { createK8sClusterClient, type K8sClusterClient } from '../../../../src/k8s.js';
import {
  closedPort,
  kubeconfig,
  PROTOCOLS,
  sendJson,
  startBlackHole,
  startFakeApiServer,
  status,
} from './fake-apiserver.js';

const KEY = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: 'c' } as const;
const OBJECT = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' } };
/** Slack for timers and CI scheduling; the bound being proven is the timeout itself. */
const SLACK_MS = 400;

async function timed(call: () => Promise<unknown>): Promise<{ error: ClusterError; ms: number }> {
  const start = performance.now();
  try {
    await call();
  } catch (error) {
    if (!isClusterError(error)) throw error;
    return { error, ms: performance.now() - start };
  }
  throw new Error('the call succeeded');
}

describe('nothing hangs on a server that accepts connections and never answers', () => {
  let hole: Awaited<ReturnType<typeof startBlackHole>>;
  beforeAll(async () => {
    hole = await startBlackHole();
  });
  afterAll(async () => {
    await hole.close();
  });

  const https = (
    options: { timeoutMs?: number; connectTimeoutMs?: number; maxConcurrency?: number } = {},
  ): K8sClusterClient =>
    createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: hole.url('https') }) },
      name: 'hole',
      ...options,
    });

  it('every operation fails with Timeout within timeoutMs over TLS (handshake never completes)', async () => {
    const client = https({ timeoutMs: 300 });
    const calls: (() => Promise<unknown>)[] = [
      () => client.get(KEY),
      () => client.list('v1', 'ConfigMap'),
      () => client.create(OBJECT),
      () => client.replace(OBJECT),
      () => client.apply(OBJECT, { fieldManager: 'vzmc' }),
      () => client.delete(KEY),
      () => client.updateStatus(OBJECT),
      () => client.serverVersion(),
      () => client.requestToken('n', 'sa'),
      // A kind outside KINDS: the discovery request is bounded too.
      () => client.get({ apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'n', name: 'w' }),
      () => client.watch('v1', 'ConfigMap', {}, () => undefined),
    ];
    const results = await Promise.all(calls.map((call) => timed(call)));
    for (const { error, ms } of results) {
      expect(error.reason).toBe('Timeout');
      expect(ms).toBeLessThan(300 + SLACK_MS);
    }
    client.close();
  });

  it('connectTimeoutMs bounds the connect and handshake on its own', async () => {
    const client = https({ timeoutMs: 10_000, connectTimeoutMs: 200 });
    const { error, ms } = await timed(() => client.get(KEY));
    expect(error).toMatchObject({ reason: 'Timeout', target: KEY });
    expect(error.message).toContain('could not connect');
    expect(ms).toBeLessThan(200 + SLACK_MS);
    client.close();
  });

  it('over plain HTTP (insecure kubeconfig) the request is sent and the response never comes: Timeout', async () => {
    const client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: hole.url('http'), insecure: true, ca: null }) },
      timeoutMs: 300,
    });
    const { error, ms } = await timed(() => client.get(KEY));
    expect(error.reason).toBe('Timeout');
    expect(error.message).toContain('no response in time');
    expect(ms).toBeLessThan(300 + SLACK_MS);
    client.close();
  });

  it('time spent waiting for a request slot counts against the same deadline', async () => {
    const client = https({ timeoutMs: 300, maxConcurrency: 1 });
    const results = await Promise.all([
      timed(() => client.get(KEY)),
      timed(() => client.get(KEY)),
      timed(() => client.get(KEY)),
    ]);
    for (const { error, ms } of results) {
      expect(error.reason).toBe('Timeout');
      expect(ms).toBeLessThan(300 + SLACK_MS);
    }
    expect(results.some(({ error }) => error.message.includes('free request slot'))).toBe(true);
    client.close();
  });
});

describe.each(PROTOCOLS)('slow and dying servers over $name', (protocol) => {
  const { http1Only } = protocol;
  it('a response whose body never finishes is a Timeout', async () => {
    const server = await startFakeApiServer({
      http1Only,
      handler: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        (res as ServerResponse).write('{"apiVersion":"v1",');
      },
    });
    const client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      timeoutMs: 300,
    });
    const { error, ms } = await timed(() => client.get(KEY));
    expect(error.reason).toBe('Timeout');
    expect(error.message).toContain('did not finish');
    expect(ms).toBeLessThan(300 + SLACK_MS);
    client.close();
    await server.close();
  });

  it('connection refused (a stopped server) is Unavailable, at once', async () => {
    const port = await closedPort();
    const client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: `https://127.0.0.1:${port}` }) },
      name: 'gone',
    });
    const { error, ms } = await timed(() => client.serverVersion());
    expect(error.reason).toBe('Unavailable');
    expect(error.message).toMatch(/^gone: GET \/version: unable to connect to the server: .*ECONNREFUSED/);
    expect(ms).toBeLessThan(SLACK_MS);
    client.close();
  });

  it('onRequest hears the reason when no response came: Unavailable for a refused connection', async () => {
    const port = await closedPort();
    const events: unknown[] = [];
    const client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: `https://127.0.0.1:${port}` }) },
      name: 'gone',
      onRequest: (event) => events.push(event),
    });
    await expect(client.serverVersion()).rejects.toMatchObject({ reason: 'Unavailable' });
    expect(events).toEqual([{ cluster: 'gone', method: 'GET', code: 'Unavailable' }]);
    client.close();
  });

  it('a server stopped after answering: the next call is Unavailable, not a hang', async () => {
    const server = await startFakeApiServer({
      http1Only,
      handler: (_req, res) => {
        sendJson(res, 200, { gitVersion: 'v1.34.4' });
      },
    });
    const client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      timeoutMs: 2_000,
    });
    expect(await client.serverVersion()).toBe('v1.34.4');
    await server.close();
    const { error, ms } = await timed(() => client.serverVersion());
    expect(error.reason).toBe('Unavailable');
    expect(ms).toBeLessThan(2_000);
    client.close();
  });

  it('a reused connection reset before any answer is retried once for idempotent requests, never for POST', async () => {
    let resetNext = false;
    const server = await startFakeApiServer({
      http1Only,
      handler: (req, res) => {
        if (resetNext) {
          resetNext = false;
          res.socket?.destroy();
          return;
        }
        sendJson(res, req.method === 'POST' ? 201 : 200, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'c' },
        });
      },
    });
    const client = createK8sClusterClient({ kubeconfig: { yaml: kubeconfig({ server: server.url }) } });
    await client.get(KEY);
    resetNext = true;
    await expect(client.get(KEY)).resolves.toMatchObject({ kind: 'ConfigMap' });
    expect(server.requests).toHaveLength(3);

    await client.get(KEY);
    resetNext = true;
    await expect(client.create(OBJECT)).rejects.toMatchObject({ reason: 'Unavailable' });
    expect(server.requests).toHaveLength(5);
    client.close();
    await server.close();
  });

  it('a 503 with Retry-After is returned to the caller at once, not retried', async () => {
    const server = await startFakeApiServer({
      http1Only,
      handler: (_req, res) => {
        sendJson(res, 503, status(503, 'ServiceUnavailable', 'etcd is down'), { 'Retry-After': '30' });
      },
    });
    const client = createK8sClusterClient({ kubeconfig: { yaml: kubeconfig({ server: server.url }) } });
    const { error, ms } = await timed(() => client.get(KEY));
    expect(error).toMatchObject({ reason: 'Unavailable', retryAfterSeconds: 30 });
    expect(ms).toBeLessThan(SLACK_MS);
    expect(server.requests).toHaveLength(1);
    client.close();
    await server.close();
  });
});

describe('HTTP/2 connections', () => {
  it('a stream the server refused (REFUSED_STREAM: not processed) is retried once if idempotent, never for POST', async () => {
    let refuseNext = false;
    const server = await startFakeApiServer({
      handler: (req, res) => {
        if (refuseNext) {
          refuseNext = false;
          (res as Http2ServerResponse).stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
          return;
        }
        sendJson(res, req.method === 'POST' ? 201 : 200, OBJECT);
      },
    });
    const client = createK8sClusterClient({ kubeconfig: { yaml: kubeconfig({ server: server.url }) } });
    await client.get(KEY);
    refuseNext = true;
    await expect(client.get(KEY)).resolves.toMatchObject({ kind: 'ConfigMap' });
    expect(server.requests).toHaveLength(3);
    refuseNext = true;
    const { error } = await timed(() => client.create(OBJECT));
    expect(error.reason).toBe('Unavailable');
    expect(error.message).toContain('refused the stream');
    expect(server.requests).toHaveLength(4);
    // One connection throughout: a refused stream leaves the connection in service.
    expect(server.connections()).toBe(1);
    expect(server.requests.every((r) => r.httpVersion === '2.0')).toBe(true);
    client.close();
    await server.close();
  });

  it('a connection whose peer goes silent (no response, no ping ack) is dropped; the next call dials afresh', async () => {
    const server = await startFakeApiServer({
      handler: (_req, res) => {
        sendJson(res, 200, OBJECT);
      },
    });
    // A network partition between client and server: a TCP relay that can stop relaying.
    let silent = false;
    let relayed = 0;
    const relay = net.createServer((downstream) => {
      relayed++;
      const upstream = net.connect(server.port, '127.0.0.1');
      for (const [from, to] of [
        [downstream, upstream],
        [upstream, downstream],
      ] as const) {
        from.on('data', (chunk: Buffer) => {
          if (!silent) to.write(chunk);
        });
        from.on('error', () => undefined);
        from.on('close', () => to.destroy());
      }
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const port = (relay.address() as AddressInfo).port;
    const client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: `https://127.0.0.1:${port}` }) },
      timeoutMs: 300,
      connectTimeoutMs: 200,
    });
    await client.get(KEY);
    silent = true;
    const { error, ms } = await timed(() => client.get(KEY));
    expect(error.reason).toBe('Timeout');
    expect(ms).toBeLessThan(300 + SLACK_MS);
    // The ping gets no answer within connectTimeoutMs, so the connection is destroyed; once the
    // network is back, the next call dials a new one instead of queueing on the dead one.
    await new Promise((resolve) => setTimeout(resolve, 200 + 100));
    silent = false;
    await expect(client.get(KEY)).resolves.toMatchObject({ kind: 'ConfigMap' });
    expect(relayed).toBe(2);
    client.close();
    relay.close();
    await server.close();
  });

  it('a slow request does not condemn a live connection: its ping is answered and the connection stays', async () => {
    let slow = true;
    const server = await startFakeApiServer({
      handler: (_req, res) => {
        if (slow) return; // never answers this one, but the connection stays responsive
        sendJson(res, 200, OBJECT);
      },
    });
    const client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      timeoutMs: 300,
      connectTimeoutMs: 200,
    });
    const { error } = await timed(() => client.get(KEY));
    expect(error.reason).toBe('Timeout');
    slow = false;
    await new Promise((resolve) => setTimeout(resolve, 200 + 100));
    await expect(client.get(KEY)).resolves.toMatchObject({ kind: 'ConfigMap' });
    expect(server.connections()).toBe(1);
    client.close();
    await server.close();
  });
});
