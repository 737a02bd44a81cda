/**
 * HTTP to one API server: HTTP/2 when the server offers it (one connection, every request a stream,
 * see `transport-http2.ts` and `http2.ts`), else HTTP/1.1 keep-alive connections
 * (`transport-http1.ts`); bounded concurrency and a deadline on everything either way. This file
 * holds what both share: the retry loop, the choice of protocol, the connection pool, warnings.
 *
 * Why raw `node:http(s)` and not client-node's `KubernetesObjectApi` (1.4.0): that API builds a
 * new `https.Agent` for every request (`KubeConfig.applySecurityAuthentication` →
 * `createAgent`), so every call pays a TCP and TLS handshake; it re-reads certificate files per
 * request; it has no request timeout unless every call passes an abort signal; and it resolves
 * every kind through a discovery cache that is never refreshed (the "CRD installed after the
 * client was created" pitfall). Auth and TLS still come from client-node's `KubeConfig`
 * (see `credentials.ts`), so exec/OIDC plugins, client certificates, tokens and CAs behave as
 * client-node defines them; only the socket handling is ours.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { withDeadline, type Deadline } from './deadline.js';
import type { CredentialCache, Credentials } from './credentials.js';
import {
  errorFromNetwork,
  errorFromResponse,
  H2_FAILURE_CODES,
  malformedResponse,
  timeoutError,
  type NetworkContext,
} from './errors.js';
import { ClusterError } from '../../port/errors.js';
import { formatPath } from '../../model/issues.js';
import { findInexactJsonInteger, type InexactJsonInteger } from '../../internal/json-integers.js';
import { Semaphore } from './semaphore.js';
import {
  closedFailure,
  IDLE_SOCKET_TIMEOUT_MS,
  SendFailure,
  type Endpoint,
  type Exchange,
  type HttpRequest,
  type HttpResponse,
} from './transport-common.js';
import { sendHttp1 } from './transport-http1.js';
import { h2Connection, h2Headers, sendHttp2, type H2Owner, type H2Slot } from './transport-http2.js';
import type { H2Connection } from './http2.js';
import type { ClientHttp2Stream } from 'node:http2';
import { ContentType, HttpMethod } from './wire.js';
import type { K8sRequestEvent } from './options.js';

export {
  IDLE_SOCKET_TIMEOUT_MS,
  USER_AGENT,
  type HttpRequest,
  type HttpResponse,
} from './transport-common.js';

/** How the transport reaches its server. */
export interface TransportOptions {
  readonly clusterName: string;
  readonly server: URL;
  readonly credentials: CredentialCache;
  readonly maxConcurrency: number;
  readonly connectTimeoutMs: number;
  /** Grace before connections built for replaced TLS material are closed. */
  readonly timeoutMs: number;
  /**
   * Speak HTTP/2 to an `https` server that offers it (ALPN), as client-go does; HTTP/1.1
   * otherwise, and always through a proxy. False: HTTP/1.1 keep-alive only.
   */
  readonly http2: boolean;
  /** Receives each `Warning` header the server sends (deprecated kinds, unknown fields). */
  readonly onWarning?: ((warning: string) => void) | undefined;
  /** Told of each exchange: its method and status code, or the reason no response came. */
  readonly onRequest?: ((event: K8sRequestEvent) => void) | undefined;
}

/**
 * Streams of a connection kept free for requests beyond `maxConcurrency`, when watches share it:
 * the watches take what is left of the server's limit (kube-apiserver's 100) less both.
 */
const WATCH_STREAM_MARGIN = 4;

/** A watch opened as a stream on the transport's HTTP/2 connection. */
export interface WatchStream {
  readonly stream: ClientHttp2Stream;
  readonly connection: H2Connection;
}

/** The connections made with one set of TLS material. */
interface Pool extends H2Slot {
  readonly tlsKey: string;
  readonly agent: http.Agent;
  watchAgent: http.Agent | undefined;
}

/** Why an answer holding an integer that a JavaScript number would change is not read. */
export function inexactIntegerDetail(found: InexactJsonInteger): string {
  const at = found.path.length > 0 ? ` at ${formatPath(found.path)}` : '';
  return `the answer holds the integer ${found.literal}${at}, outside JavaScript's safe range (it would read as ${found.written}); vzmc does not read it rounded`;
}

/** Sends requests to one API server. */
export class Transport {
  readonly #options: TransportOptions;
  readonly #semaphore: Semaphore;
  readonly #endpoint: Endpoint;
  readonly #h2Owner: H2Owner;
  #pool: Pool | undefined;
  #closed = false;
  /** Cleared for good when the server (or a proxy in front of it) answers ALPN with HTTP/1.1. */
  #http2: boolean;
  #protocol: 'h2' | 'http/1.1' | undefined;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#semaphore = new Semaphore(options.maxConcurrency);
    const secure = options.server.protocol === 'https:';
    this.#http2 = options.http2 && secure;
    this.#endpoint = {
      server: options.server,
      secure,
      // A server URL may carry a path prefix (a proxy such as Rancher's /k8s/clusters/<id>).
      basePath: options.server.pathname.replace(/\/+$/, ''),
      connectTimeoutMs: options.connectTimeoutMs,
    };
    this.#h2Owner = {
      closed: () => this.#closed,
      holds: (slot) => this.#pool === slot,
    };
  }

  /** The server's origin and path prefix, for URLs in messages and for watches. */
  get baseUrl(): string {
    return `${this.#options.server.origin}${this.#endpoint.basePath}`;
  }

  /** The protocol of the last request sent: `'h2'`, `'http/1.1'`, or `undefined` before the first. */
  get protocol(): 'h2' | 'http/1.1' | undefined {
    return this.#protocol;
  }

  /** The credential cache, shared with watches. */
  get credentials(): CredentialCache {
    return this.#options.credentials;
  }

  /**
   * Sends a request and reads the whole response, within the deadline. Any HTTP status resolves;
   * only failures below HTTP and timeouts reject, with a ClusterError. Two retries happen here,
   * each at most once and neither on a 429: a 401 is retried with refreshed credentials, and an
   * idempotent request is resent when it hit a reused connection the server had just closed, or
   * (HTTP/2) a stream the server refused unprocessed.
   */
  async request(request: HttpRequest, deadline: Deadline): Promise<HttpResponse> {
    // Encoded once a slot is granted, not while queued: a thousand queued applies hold no bodies.
    let body: Buffer | undefined;
    const context = this.#contextOf(request);
    let authRetried = false;
    let staleRetried = false;
    for (;;) {
      const release = await this.#semaphore.acquire(deadline, () =>
        timeoutError('still waiting for a free request slot', deadline.timeoutMs, context),
      );
      let credentials: Credentials;
      let response: HttpResponse;
      try {
        credentials = this.#options.credentials.cached() ?? (await this.credentialsWithin(deadline, context));
        if (body === undefined && request.body !== undefined)
          body = encodeBody(request.body, request.contentType);
        response = await this.#sendCounted({ request, body, credentials, deadline, context });
      } catch (error) {
        if (error instanceof SendFailure) {
          const idempotent = request.method !== HttpMethod.Post;
          if (
            idempotent &&
            error.reusedSocket &&
            !error.responded &&
            !staleRetried &&
            isResetCode(error.code)
          ) {
            staleRetried = true;
            continue;
          }
          throw error.error;
        }
        throw error;
      } finally {
        release();
      }
      if (response.status === 401 && !authRetried) {
        authRetried = true;
        this.#options.credentials.invalidate(credentials);
        continue;
      }
      this.#reportWarnings(response.headers);
      return response;
    }
  }

  /** Sends a request and parses a 2xx JSON body; any other status rejects with its ClusterError. */
  async json<T>(request: HttpRequest, deadline: Deadline): Promise<T> {
    const response = await this.request(request, deadline);
    if (response.status < 200 || response.status > 299) {
      throw errorFromResponse(response.status, response.headers, response.body, request.target);
    }
    const text = response.body.toString('utf8');
    let value: T;
    try {
      value = JSON.parse(text) as T;
    } catch {
      throw malformedResponse(
        this.#contextOf(request),
        `the server answered ${response.status} with a body that is not JSON`,
      );
    }
    // A number JSON.parse rounds is never read: the next plan would see no difference and write it back changed.
    const inexact = findInexactJsonInteger(text);
    if (inexact !== undefined)
      throw malformedResponse(this.#contextOf(request), inexactIntegerDetail(inexact));
    return value;
  }

  /** The agent watches use: same TLS material, no socket limit, so long watches never starve requests. */
  watchAgentFor(credentials: Credentials): http.Agent {
    const pool = this.#poolFor(credentials);
    if (credentials.proxyAgent !== undefined) return credentials.proxyAgent;
    pool.watchAgent ??= this.#endpoint.secure ? new https.Agent({ ...credentials.tls }) : new http.Agent();
    return pool.watchAgent;
  }

  /** Closes every connection; requests made afterwards fail as Unavailable. */
  close(): void {
    this.#closed = true;
    this.#retire(this.#pool, 0);
    this.#pool = undefined;
  }

  #contextOf(request: HttpRequest): NetworkContext {
    return {
      cluster: this.#options.clusterName,
      method: request.method,
      url: request.path,
      target: request.target,
    };
  }

  /** The credentials, fetched (an exec plugin, a token file) within `deadline`, else a Timeout. */
  credentialsWithin(deadline: Deadline, context: NetworkContext): Promise<Credentials> {
    return withDeadline(this.#options.credentials.get(), deadline, () =>
      timeoutError('still waiting for credentials', deadline.timeoutMs, context),
    );
  }

  /**
   * Opens a watch (`path` with its query) as a stream on the connection requests use, as client-go
   * does: when the server speaks HTTP/2, no proxy is in the way, and the connection has room beside
   * `maxConcurrency` requests. `'http/1.1'` otherwise: the caller watches over a connection of
   * its own. Rejects with a ClusterError when no connection could be made in time.
   */
  async openWatch(
    path: string,
    deadline: Deadline,
    context: NetworkContext,
  ): Promise<WatchStream | 'http/1.1'> {
    if (this.#closed) throw closedFailure(context).error;
    if (!this.#http2) return 'http/1.1';
    const credentials =
      this.#options.credentials.cached() ?? (await this.credentialsWithin(deadline, context));
    if (credentials.proxyAgent !== undefined) return 'http/1.1';
    const exchange: Exchange = {
      request: { method: HttpMethod.Get, path },
      body: undefined,
      credentials,
      deadline,
      context,
    };
    const pool = this.#poolFor(credentials);
    let got: Awaited<ReturnType<typeof h2Connection>>;
    try {
      got = await h2Connection(pool, this.#h2Owner, this.#endpoint, exchange);
    } catch (error) {
      throw error instanceof SendFailure ? error.error : error;
    }
    if (got === 'http/1.1') {
      this.#http2 = false;
      return got;
    }
    const { connection } = got;
    if (connection.watchRoom(this.#options.maxConcurrency + WATCH_STREAM_MARGIN) <= 0) return 'http/1.1';
    try {
      return { stream: connection.watch(h2Headers(this.#endpoint, exchange)), connection };
    } catch (error) {
      // The connection went away since it was looked up: the next request dials afresh.
      if (!connection.usable && pool.h2 === connection) pool.h2 = undefined;
      throw errorFromNetwork(error, context);
    }
  }

  #poolFor(credentials: Credentials): Pool {
    if (this.#pool?.tlsKey === credentials.tlsKey) return this.#pool;
    // New TLS material (a rotated client certificate from an exec plugin, a re-read CA file):
    // new connections, and the old ones close once requests already on them have had their time.
    this.#retire(this.#pool, this.#options.timeoutMs + 1_000);
    const max = this.#options.maxConcurrency;
    const common: http.AgentOptions = {
      keepAlive: true,
      keepAliveMsecs: 30_000,
      maxSockets: max,
      maxFreeSockets: max,
      timeout: IDLE_SOCKET_TIMEOUT_MS,
      scheduling: 'lifo',
    };
    const agent =
      credentials.proxyAgent ??
      (this.#endpoint.secure ? new https.Agent({ ...common, ...credentials.tls }) : new http.Agent(common));
    this.#pool = {
      tlsKey: credentials.tlsKey,
      agent,
      watchAgent: undefined,
      h2: undefined,
      dialing: undefined,
    };
    return this.#pool;
  }

  #retire(pool: Pool | undefined, afterMs: number): void {
    if (pool === undefined) return;
    const destroy = (): void => {
      pool.agent.destroy();
      pool.watchAgent?.destroy();
    };
    if (afterMs === 0) {
      destroy();
      pool.h2?.destroy();
    } else {
      setTimeout(destroy, afterMs).unref();
      pool.h2?.close(afterMs);
    }
    pool.h2 = undefined;
  }

  /** {@link Transport.#send}, telling `onRequest` (when there is one) how the exchange ended. */
  #sendCounted(exchange: Exchange): Promise<HttpResponse> {
    const onRequest = this.#options.onRequest;
    return onRequest === undefined ? this.#send(exchange) : this.#sendTold(exchange, onRequest);
  }

  async #sendTold(exchange: Exchange, onRequest: (event: K8sRequestEvent) => void): Promise<HttpResponse> {
    const tell = (code: string): void => {
      try {
        onRequest({ cluster: this.#options.clusterName, method: exchange.request.method, code });
      } catch {
        // A metrics hook that throws must not turn an answered request into a failed one.
      }
    };
    try {
      const response = await this.#send(exchange);
      tell(String(response.status));
      return response;
    } catch (error) {
      const cause = error instanceof SendFailure ? error.error : error;
      tell(cause instanceof ClusterError ? cause.reason : 'Unknown');
      throw error;
    }
  }

  /**
   * One attempt: HTTP/2 while the server speaks it and no proxy is in the way, else HTTP/1.1. A
   * server that answers ALPN with HTTP/1.1 gets HTTP/1.1 from then on. Not `async`: the usual
   * case, a stream on the open connection, costs no promise of its own.
   */
  #send(exchange: Exchange): Promise<HttpResponse> {
    if (this.#closed) return Promise.reject(closedFailure(exchange.context));
    if (this.#http2 && exchange.credentials.proxyAgent === undefined) {
      const pool = this.#poolFor(exchange.credentials);
      if (pool.h2?.usable === true) {
        this.#protocol = 'h2';
        return sendHttp2(pool, this.#endpoint, { connection: pool.h2, reused: true }, exchange);
      }
      return this.#dialThenSend(pool, exchange);
    }
    return this.#sendHttp1(exchange);
  }

  async #dialThenSend(pool: Pool, exchange: Exchange): Promise<HttpResponse> {
    const got = await h2Connection(pool, this.#h2Owner, this.#endpoint, exchange);
    if (got !== 'http/1.1') {
      this.#protocol = 'h2';
      return sendHttp2(pool, this.#endpoint, got, exchange);
    }
    this.#http2 = false;
    return this.#sendHttp1(exchange);
  }

  #sendHttp1(exchange: Exchange): Promise<HttpResponse> {
    const agent = this.#poolFor(exchange.credentials).agent;
    this.#protocol = 'http/1.1';
    return sendHttp1(this.#endpoint, agent, exchange);
  }

  #reportWarnings(headers: IncomingHttpHeaders): void {
    const onWarning = this.#options.onWarning;
    const raw = headers.warning;
    if (onWarning === undefined || raw === undefined) return;
    for (const warning of splitWarnings(raw)) onWarning(warning);
  }
}

/** A connection that broke under a request: a reset socket, or a reset, refused or abandoned HTTP/2 stream. */
function isResetCode(code: string | undefined): boolean {
  return (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNABORTED' ||
    (code !== undefined && H2_FAILURE_CODES.has(code))
  );
}

/**
 * The texts of RFC 7234 `Warning` headers (`299 - "text"`), which Node joins with `, `. The API
 * server escapes quotes inside the text, so a comma only separates warnings right after a quote.
 */
export function splitWarnings(raw: string | string[]): string[] {
  const joined = Array.isArray(raw) ? raw.join(', ') : raw;
  const out: string[] = [];
  const pattern = /\d{3} \S+ "((?:[^"\\]|\\.)*)"/g;
  for (let match = pattern.exec(joined); match !== null; match = pattern.exec(joined)) {
    out.push((match[1] ?? '').replace(/\\(.)/g, '$1'));
  }
  if (out.length === 0 && joined.trim() !== '') out.push(joined.trim());
  return out;
}

/**
 * A request body as bytes. JSON throughout; an apply patch is indented by one space, one member per
 * line. The API server reads an apply patch as YAML (twice: once to apply, once for duplicate-field
 * checks), and its YAML scanner spends about a fifth more CPU, and allocates about 2.6x the memory,
 * on the same document written on one line (measured with sigs.k8s.io/yaml v1.6.0 on a
 * 1.1 kB ConfigMap: 95 us and 136 kB against 78 us and 52 kB per request). See
 * docs/performance.md.
 */
function encodeBody(body: unknown, contentType: ContentType | undefined): Buffer {
  return Buffer.from(
    contentType === ContentType.ApplyPatch ? JSON.stringify(body, null, 1) : JSON.stringify(body),
    'utf8',
  );
}
