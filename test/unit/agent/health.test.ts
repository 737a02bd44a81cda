/**
 * /healthz and /readyz (issue #12 item 4): liveness is "the work loop has not stalled", readiness is
 * "it has once done what makes it useful"; and the server that serves them with /metrics.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/adapters/memory/index.js';
import {
  createHealth,
  HealthServerDefaults,
  parseListenAddress,
  startHealthServer,
  type HealthServer,
} from '../../../src/agent/health.js';
import { createMetrics } from '../../../src/agent/metrics.js';

describe('health state', () => {
  const setup = () => {
    const clock = manualClock();
    return { clock, health: createHealth({ staleAfterMs: 180_000, clock }) };
  };

  it('starting: live, not ready', () => {
    const { health } = setup();
    expect(health.status()).toEqual({
      live: { ok: true, message: 'starting' },
      ready: { ok: false, message: 'no pass has succeeded yet' },
    });
  });

  it('working: ready after the first successful pass (a failed one is not enough), and stays ready', () => {
    const { health } = setup();
    health.working();
    health.passEnded(false);
    expect(health.status().ready.ok).toBe(false);
    health.passEnded(true);
    expect(health.status().ready).toEqual({ ok: true, message: 'a pass succeeded' });
    health.passEnded(false);
    expect(health.status().ready.ok).toBe(true);
  });

  it('working: live while passes keep ending (failed ones too), not live once none has ended for staleAfterMs', () => {
    const { clock, health } = setup();
    health.working();
    clock.advance(180);
    expect(health.status().live).toEqual({ ok: true, message: 'working' });
    clock.advance(1);
    expect(health.status().live).toEqual({
      ok: false,
      message: 'no pass has ended in the 181s since work started (limit 180s): the work loop is stalled',
    });
    health.passEnded(false);
    clock.advance(60);
    expect(health.status().live).toEqual({ ok: true, message: 'the last pass ended 60s ago' });
    clock.advance(121);
    expect(health.status().live).toEqual({
      ok: false,
      message: 'no pass has ended for 181s (limit 180s): the work loop is stalled',
    });
  });

  it('standby: ready and live without passes; a standby that starts leading is judged by its passes from then on', () => {
    const { clock, health } = setup();
    health.standby();
    clock.advance(3_600);
    expect(health.status()).toEqual({
      live: { ok: true, message: 'standing by' },
      ready: { ok: true, message: 'standing by for the leader lease' },
    });
    health.working();
    clock.advance(181);
    expect(health.status().live.ok).toBe(false);
    expect(health.status().ready.ok).toBe(true);
  });

  it('rejects a staleAfterMs that is not positive', () => {
    expect(() => createHealth({ staleAfterMs: 0 })).toThrow(
      new RangeError('staleAfterMs must be greater than zero, got 0'),
    );
  });
});

describe('parseListenAddress', () => {
  it.each([
    [':8080', { port: 8080 }],
    ['0.0.0.0:8080', { host: '0.0.0.0', port: 8080 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['localhost:9090', { host: 'localhost', port: 9090 }],
    ['[::1]:8443', { host: '::1', port: 8443 }],
  ])('%s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });

  it.each(['8080', 'host', ':', ':70000', '::1:80', 'a:b'])('rejects %s', (text) => {
    expect(() => parseListenAddress(text)).toThrow(`not a listen address: "${text}"`);
  });

  it('defaults to port 8080', () => {
    expect(HealthServerDefaults.port).toBe(8080);
  });
});

describe('the health server', () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves /healthz, /readyz and /metrics; 404 elsewhere; 405 for other methods; HEAD has no body', async () => {
    const health = createHealth({ staleAfterMs: 60_000 });
    const metrics = createMetrics({ processMetrics: false });
    server = await startHealthServer({ host: '127.0.0.1', port: 0, health, metrics });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const get = async (path: string, method = 'GET') => {
      const response = await fetch(`${server!.url}${path}`, { method });
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        body: await response.text(),
      };
    };

    expect(await get('/healthz')).toEqual({
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: 'ok: starting\n',
    });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'failed: no pass has succeeded yet\n' });
    health.working();
    health.passEnded(true);
    expect(await get('/readyz?verbose')).toMatchObject({ status: 200, body: 'ok: a pass succeeded\n' });
    metrics.setLeader(true);
    const scraped = await get('/metrics');
    expect(scraped.status).toBe(200);
    expect(scraped.type).toBe(metrics.contentType);
    expect(scraped.body).toContain('\nvzmc_leader 1\n');
    expect(await get('/nope')).toMatchObject({ status: 404 });
    expect(await get('/healthz', 'POST')).toMatchObject({ status: 405, body: 'method not allowed\n' });
    expect(await get('/healthz', 'HEAD')).toEqual({
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: '',
    });
  });

  it('without metrics, /metrics is 404; after close, nothing listens', async () => {
    server = await startHealthServer({
      host: '127.0.0.1',
      port: 0,
      health: createHealth({ staleAfterMs: 1 }),
    });
    const url = server.url;
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    await server.close();
    server = undefined;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('a port in use fails to start, naming the cause', async () => {
    server = await startHealthServer({
      host: '127.0.0.1',
      port: 0,
      health: createHealth({ staleAfterMs: 1 }),
    });
    await expect(
      startHealthServer({ host: '127.0.0.1', port: server.port, health: createHealth({ staleAfterMs: 1 }) }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
