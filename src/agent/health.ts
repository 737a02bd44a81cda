/**
 * Health of `vzmc sync` and `vzmc admin` (issue #12 item 4): what `/healthz` and `/readyz` answer,
 * and the small HTTP server that serves them with `/metrics`.
 *
 * - **Liveness** (`/healthz`): the work loop has not stalled. While the process works (it leads, or
 *   runs without election), a pass must end at least every `staleAfterMs`, failed passes included:
 *   a loop that fails keeps trying, and a restart would not help it; a loop stuck on an await would
 *   be helped. A standby has no loop to stall: it is live while it answers.
 * - **Readiness** (`/readyz`): the process has once done what makes it useful: a standby is
 *   campaigning for the Lease, or a pass ended successfully. It stays ready afterwards, so a
 *   flapping API server does not flap the pod; a rollout waits until a new replica has synced once
 *   or stands by.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from './logger.js';
import type { VzmcMetrics } from './metrics.js';

/** One probe's answer. */
export interface Probe {
  /** Whether the probe passes. */
  readonly ok: boolean;
  /** Why, in one line (shown in the HTTP body). */
  readonly message: string;
}

/** Both probes. */
export interface HealthStatus {
  /** `/healthz`. */
  readonly live: Probe;
  /** `/readyz`. */
  readonly ready: Probe;
}

/** Options of {@link createHealth}. */
export interface HealthOptions {
  /** The longest a working process may go without ending a pass, e.g. 3 × the longest poll interval. */
  readonly staleAfterMs: number;
  /** The time source. Default: a monotonic clock (`performance.now()`). */
  readonly clock?: () => Date;
}

/** What the process tells its probes. */
export interface Health {
  /** Campaigning for the leader Lease as a standby: ready, and live without passes. */
  standby(): void;
  /** The work loop starts (leading, or without election): live only while passes keep ending. */
  working(): void;
  /** A pass ended; `ok` when it succeeded (an agent iteration other than `failed`, an admin reconcile that planned). */
  passEnded(ok: boolean): void;
  /** The probes' answers now. */
  status(): HealthStatus;
}

/**
 * Creates the health state of one process.
 *
 * @example
 * const health = createHealth({ staleAfterMs: 3 * 70_000 });
 * health.working();
 * health.passEnded(report.state !== 'failed');
 * health.status().ready //=> { ok: true, message: 'a pass succeeded' }
 */
export function createHealth(options: HealthOptions): Health {
  if (!(options.staleAfterMs > 0))
    throw new RangeError(`staleAfterMs must be greater than zero, got ${options.staleAfterMs}`);
  const injected = options.clock;
  const nowMs = injected ? () => injected().getTime() : () => performance.now();
  let mode: 'starting' | 'standby' | 'working' = 'starting';
  let ready: string | undefined;
  let lastBeatMs = nowMs();
  let passes = 0;

  function live(): Probe {
    if (mode !== 'working') return { ok: true, message: mode === 'standby' ? 'standing by' : 'starting' };
    const seconds = Math.round((nowMs() - lastBeatMs) / 1000);
    const limit = Math.round(options.staleAfterMs / 1000);
    if (nowMs() - lastBeatMs <= options.staleAfterMs)
      return { ok: true, message: passes === 0 ? 'working' : `the last pass ended ${seconds}s ago` };
    const since =
      passes === 0
        ? `no pass has ended in the ${seconds}s since work started`
        : `no pass has ended for ${seconds}s`;
    return { ok: false, message: `${since} (limit ${limit}s): the work loop is stalled` };
  }

  return {
    standby() {
      mode = 'standby';
      ready ??= 'standing by for the leader lease';
    },
    working() {
      mode = 'working';
      lastBeatMs = nowMs();
      passes = 0;
    },
    passEnded(ok) {
      lastBeatMs = nowMs();
      passes++;
      if (ok) ready ??= 'a pass succeeded';
    },
    status: () => ({
      live: live(),
      ready:
        ready !== undefined
          ? { ok: true, message: ready }
          : { ok: false, message: 'no pass has succeeded yet' },
    }),
  };
}

/** Where the server listens unless told otherwise: port 8080 on every interface (as `:8080` in Go). */
export const HealthServerDefaults = {
  /** The TCP port (Kubernetes probes and Prometheus scrapes reach it on the pod IP). */
  port: 8080,
} as const;

/** An address to listen on. */
export interface ListenAddress {
  /** The interface; every interface (IPv4 and IPv6) when absent. */
  readonly host?: string;
  /** The TCP port; 0 picks a free one. */
  readonly port: number;
}

/**
 * Parses `host:port`, `:port` (every interface) or `[ipv6]:port`, as Go's `net.Listen` and
 * controller-runtime's `--health-probe-bind-address` take them.
 *
 * @example
 * parseListenAddress(':8080') //=> { port: 8080 }
 * parseListenAddress('127.0.0.1:9090') //=> { host: '127.0.0.1', port: 9090 }
 */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65_535)
    throw new RangeError(`not a listen address: "${text}" (expected host:port, :port or [ipv6]:port)`);
  const host = match[1] ?? match[2];
  return host ? { host, port } : { port };
}

/** Options of {@link startHealthServer}. */
export interface HealthServerOptions extends Partial<ListenAddress> {
  /** What `/healthz` and `/readyz` answer. */
  readonly health: Health;
  /** What `/metrics` serves; `/metrics` answers 404 without it. */
  readonly metrics?: VzmcMetrics;
  /** Where to log a failed scrape. Default: nowhere. */
  readonly logger?: Logger;
}

/** A running health server. */
export interface HealthServer {
  /** The port it listens on (the one picked, for port 0). */
  readonly port: number;
  /** A URL that reaches it from this host, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const TEXT = 'text/plain; charset=utf-8';

async function answer(
  path: string,
  options: HealthServerOptions,
): Promise<{ status: number; type: string; body: string }> {
  if (path === '/healthz' || path === '/readyz') {
    const probe = path === '/healthz' ? options.health.status().live : options.health.status().ready;
    return {
      status: probe.ok ? 200 : 503,
      type: TEXT,
      body: `${probe.ok ? 'ok' : 'failed'}: ${probe.message}\n`,
    };
  }
  if (path === '/metrics' && options.metrics !== undefined)
    return { status: 200, type: options.metrics.contentType, body: await options.metrics.render() };
  return { status: 404, type: TEXT, body: 'not found: try /healthz, /readyz or /metrics\n' };
}

/**
 * Serves `/healthz`, `/readyz` and `/metrics` over plain HTTP (GET and HEAD). Listens on every
 * interface, port 8080, unless told otherwise: a kubelet probes the pod's IP and Prometheus scrapes
 * it. Nothing served is secret.
 *
 * @example
 * const server = await startHealthServer({ ...parseListenAddress(':8080'), health, metrics });
 * // curl http://127.0.0.1:8080/readyz → "ok: a pass succeeded"
 * await server.close();
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const logger = options.logger ?? silentLogger;
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { 'content-type': TEXT, allow: 'GET, HEAD' }).end('method not allowed\n');
      return;
    }
    answer(path, options).then(
      ({ status, type, body }) => {
        response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        logger.log('error', 'cannot render the metrics', { error: (error as Error).message });
        response.writeHead(500, { 'content-type': TEXT }).end('internal error\n');
      },
    );
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? HealthServerDefaults.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host =
    options.host === undefined || options.host === '0.0.0.0' || options.host === '::'
      ? '127.0.0.1'
      : options.host;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
