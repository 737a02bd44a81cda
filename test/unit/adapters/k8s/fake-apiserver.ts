/**
 * A loopback server that answers like a Kubernetes API server, for the adapter's unit tests: it
 * fakes the transport (real sockets, real TLS), not modules. It records every request and counts
 * TCP connections, so tests can assert request shapes and connection reuse. Over TLS it offers
 * HTTP/2 and HTTP/1.1 (ALPN), as kube-apiserver does, unless told to speak HTTP/1.1 only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import http2, { type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A request as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly pathname: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** `'2.0'` or `'1.1'`. */
  readonly httpVersion: string;
  readonly body: string;
  /** The body parsed as JSON, when it is JSON. */
  readonly json: unknown;
}

/**
 * The two protocols the adapter speaks to a TLS server. Suites that prove wire behaviour run
 * on both: against a server offering HTTP/2 (as kube-apiserver does), and against one that
 * offers only HTTP/1.1 (the adapter's fallback, as behind some proxies).
 */
export const PROTOCOLS = [
  { name: 'HTTP/2', http1Only: false, httpVersion: '2.0' },
  { name: 'HTTP/1.1', http1Only: true, httpVersion: '1.1' },
] as const;

/** Answers one request; may be async (and may never answer). */
export type Handler = (
  request: RecordedRequest,
  response: FakeResponse,
  raw: IncomingMessage | Http2ServerRequest,
) => void | Promise<void>;

/** The response of either protocol (the HTTP/2 one is Node's compatibility API). */
export type FakeResponse = ServerResponse | Http2ServerResponse;

/** A running fake. */
export interface FakeApiServer {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** TCP connections accepted so far. */
  readonly connections: () => number;
  handler: Handler;
  close(): Promise<void>;
}

/** A self-signed certificate (its own CA) for 127.0.0.1 and localhost, made with openssl. */
export interface TestCert {
  readonly cert: string;
  readonly key: string;
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
}

const certs = new Map<string, TestCert>();

/** Makes (once per name and process) a throwaway self-signed certificate. */
export function testCert(name = 'server', subject = '/CN=localhost'): TestCert {
  const cached = certs.get(name);
  if (cached !== undefined) return cached;
  const dir = mkdtempSync(join(tmpdir(), `vzmc-k8s-${name}-`));
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      subject,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  const made = {
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
    dir,
    certFile,
    keyFile,
  };
  certs.set(name, made);
  process.once('exit', () => {
    rmSync(dir, { recursive: true, force: true });
  });
  return made;
}

/** Options of {@link startFakeApiServer}. */
export interface FakeOptions {
  /** Serve plain HTTP instead of HTTPS. */
  readonly plain?: boolean;
  /** Over TLS, offer HTTP/1.1 only (a server, or a proxy, without HTTP/2). */
  readonly http1Only?: boolean;
  readonly handler?: Handler;
  /** Require a client certificate signed by (or equal to) this PEM. */
  readonly clientCa?: string;
  /** HTTP/2: the streams one connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS). */
  readonly maxStreams?: number;
}

/** Starts a fake on a random loopback port. */
export async function startFakeApiServer(options: FakeOptions = {}): Promise<FakeApiServer> {
  const requests: RecordedRequest[] = [];
  let connections = 0;
  const sockets = new Set<Socket>();
  const fake: FakeApiServer = {
    url: '',
    port: 0,
    requests,
    connections: () => connections,
    handler:
      options.handler ??
      ((_req, res) => {
        sendJson(res, 200, {});
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
  const listener = (raw: IncomingMessage | Http2ServerRequest, res: FakeResponse): void => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const parsed = new URL(raw.url ?? '/', 'http://fake');
      const recorded: RecordedRequest = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        pathname: parsed.pathname,
        query: parsed.searchParams,
        headers: raw.headers,
        httpVersion: raw.httpVersion,
        body,
        json,
      };
      requests.push(recorded);
      void Promise.resolve(fake.handler(recorded, res, raw)).catch((error: unknown) => {
        sendJson(res, 500, status(500, 'InternalError', String(error)));
      });
    });
  };
  let server: http.Server | https.Server | http2.Http2SecureServer;
  if (options.plain) {
    server = http.createServer({ keepAlive: true }, listener);
  } else {
    const cert = testCert();
    const tls = {
      cert: cert.cert,
      key: cert.key,
      ...(options.clientCa !== undefined
        ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: true }
        : {}),
    };
    // maxSessionMemory (MB): Node's default of 10 resets streams (ENHANCE_YOUR_CALM) when tests send
    // tens of megabytes at once; kube-apiserver has no such cap.
    server = options.http1Only
      ? https.createServer(tls, listener)
      : http2.createSecureServer(
          {
            ...tls,
            allowHTTP1: true,
            maxSessionMemory: 256,
            ...(options.maxStreams !== undefined
              ? { settings: { maxConcurrentStreams: options.maxStreams } }
              : {}),
          },
          listener,
        );
  }
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  Object.assign(fake, { port, url: `${options.plain ? 'http' : 'https'}://127.0.0.1:${port}` });
  return fake;
}

/** A server that accepts TCP connections and never says a word (a hung API server). */
export async function startBlackHole(): Promise<{
  url: (scheme: 'http' | 'https') => string;
  connections: () => number;
  close: () => Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (scheme) => `${scheme}://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A loopback port nothing listens on (connection refused). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

/** Writes a JSON answer. */
export function sendJson(
  res: FakeResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A `v1.Status` body. */
export function status(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
    ...(details ? { details } : {}),
  };
}

/** Options of {@link kubeconfig}. */
export interface KubeconfigSpec {
  readonly server: string;
  readonly token?: string;
  /** PEM of the CA; default: the test server certificate. `null` leaves it out. */
  readonly ca?: string | null;
  readonly insecure?: boolean;
  readonly namespace?: string;
  readonly contextName?: string;
  readonly user?: Record<string, unknown>;
  /** More contexts, each with its own cluster and user. */
  readonly extra?: readonly {
    readonly name: string;
    readonly server: string;
    readonly token?: string;
    readonly namespace?: string;
  }[];
  readonly currentContext?: string;
}

/** A kubeconfig (JSON, which is valid YAML) for the fake. */
export function kubeconfig(spec: KubeconfigSpec): string {
  const main = spec.contextName ?? 'fake';
  const ca = spec.ca === undefined ? testCert().cert : spec.ca;
  const clusters = [
    {
      name: main,
      cluster: {
        server: spec.server,
        ...(ca !== null ? { 'certificate-authority-data': Buffer.from(ca).toString('base64') } : {}),
        ...(spec.insecure ? { 'insecure-skip-tls-verify': true } : {}),
      },
    },
    ...(spec.extra ?? []).map((e) => ({
      name: e.name,
      cluster: {
        server: e.server,
        ...(ca !== null ? { 'certificate-authority-data': Buffer.from(ca).toString('base64') } : {}),
      },
    })),
  ];
  const users = [
    { name: main, user: spec.user ?? { token: spec.token ?? 'test-token' } },
    ...(spec.extra ?? []).map((e) => ({ name: e.name, user: { token: e.token ?? `${e.name}-token` } })),
  ];
  const contexts = [
    {
      name: main,
      context: { cluster: main, user: main, ...(spec.namespace ? { namespace: spec.namespace } : {}) },
    },
    ...(spec.extra ?? []).map((e) => ({
      name: e.name,
      context: { cluster: e.name, user: e.name, ...(e.namespace ? { namespace: e.namespace } : {}) },
    })),
  ];
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters,
    users,
    contexts,
    'current-context': spec.currentContext ?? main,
  });
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
