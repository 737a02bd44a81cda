/**
 * HTTP to one API server: HTTP/2 when the server offers it (one connection, every request a stream,
 * see `http2.ts`), else HTTP/1.1 keep-alive connections; bounded concurrency and a deadline on
 * everything either way.
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
import http2, { type OutgoingHttpHeaders } from 'node:http2';
import https from 'node:https';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { deadlineIn, withDeadline, remainingMs, type Deadline } from './deadline.js';
import { CredentialCache, type Credentials } from './credentials.js';
import { dial, DialTimeout, H2_FAILURE_CODES, type H2Connection } from './http2.js';
import {
  errorFromNetwork,
  errorFromResponse,
  malformedResponse,
  timeoutError,
  type ErrorTarget,
  type NetworkContext,
} from './errors.js';
import { ClusterError } from '../../types/cluster-errors.js';
import { formatPath } from '../../types/issues.js';
import { findInexactJsonInteger, type InexactJsonInteger } from '../../internal/json-integers.js';
import { Semaphore } from './semaphore.js';
import { ContentType, HttpMethod } from './wire.js';
import type { K8sRequestEvent } from './options.js';

/**
 * Idle keep-alive sockets close after this long: well under the idle timeouts of API servers and
 * load balancers in front of them, so a request rarely lands on a socket the other side is closing.
 */
export const IDLE_SOCKET_TIMEOUT_MS = 30_000;

/** Sent with every request, so API server audit logs show who called. */
export const USER_AGENT = `vzmc node/${process.versions.node} (${process.platform}/${process.arch})`;

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

/** One request, relative to the server URL. */
export interface HttpRequest {
  readonly method: HttpMethod;
  /** Path and query string. */
  readonly path: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly contentType?: ContentType;
  readonly target?: ErrorTarget | undefined;
}

/** A complete response. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

interface Pool {
  readonly tlsKey: string;
  readonly agent: http.Agent;
  watchAgent: http.Agent | undefined;
  /** The HTTP/2 connection, once dialed, while it takes new streams. */
  h2: H2Connection | undefined;
  /** The dial in progress, shared by the requests waiting for it. */
  dialing: Promise<H2Connection | 'http/1.1'> | undefined;
}

/** Thrown inside the transport; carries what the retry decision needs. */
class SendFailure extends Error {
  constructor(
    readonly error: Error,
    /** The Node error code underneath, if any. */
    readonly code: string | undefined,
    /** The socket had served an earlier request (a keep-alive race is possible). */
    readonly reusedSocket: boolean,
    /** Some of the response had arrived. */
    readonly responded: boolean,
  ) {
    super(error.message);
  }
}

/** Sends requests to one API server. */
/** Why an answer holding an integer that a JavaScript number would change is not read. */
export function inexactIntegerDetail(found: InexactJsonInteger): string {
  const at = found.path.length > 0 ? ` at ${formatPath(found.path)}` : '';
  return `the answer holds the integer ${found.literal}${at}, outside JavaScript's safe range (it would read as ${found.written}); vzmc does not read it rounded`;
}

export class Transport {
  readonly #options: TransportOptions;
  readonly #semaphore: Semaphore;
  readonly #secure: boolean;
  readonly #basePath: string;
  #pool: Pool | undefined;
  #closed = false;
  /** Cleared for good when the server (or a proxy in front of it) answers ALPN with HTTP/1.1. */
  #http2: boolean;
  #protocol: 'h2' | 'http/1.1' | undefined;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#semaphore = new Semaphore(options.maxConcurrency);
    this.#secure = options.server.protocol === 'https:';
    this.#http2 = options.http2 && this.#secure;
    // A server URL may carry a path prefix (a proxy such as Rancher's /k8s/clusters/<id>).
    this.#basePath = options.server.pathname.replace(/\/+$/, '');
  }

  /** The server's origin and path prefix, for URLs in messages and for watches. */
  get baseUrl(): string {
    return `${this.#options.server.origin}${this.#basePath}`;
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
    const body = request.body === undefined ? undefined : encodeBody(request.body, request.contentType);
    const context: NetworkContext = {
      cluster: this.#options.clusterName,
      method: request.method,
      url: request.path,
      target: request.target,
    };
    let authRetried = false;
    let staleRetried = false;
    for (;;) {
      const release = await this.#semaphore.acquire(deadline, () =>
        timeoutError('still waiting for a free request slot', deadline.timeoutMs, context),
      );
      let credentials: Credentials;
      let response: HttpResponse;
      try {
        credentials =
          this.#options.credentials.cached() ??
          (await withDeadline(this.#options.credentials.get(), deadline, () =>
            timeoutError('still waiting for credentials', deadline.timeoutMs, context),
          ));
        response = await this.#sendCounted(request, body, credentials, deadline, context);
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
    const context: NetworkContext = {
      cluster: this.#options.clusterName,
      method: request.method,
      url: request.path,
      target: request.target,
    };
    const text = response.body.toString('utf8');
    let value: T;
    try {
      value = JSON.parse(text) as T;
    } catch {
      throw malformedResponse(context, `the server answered ${response.status} with a body that is not JSON`);
    }
    // A number JSON.parse rounds is never read: the next plan would see no difference and write it back changed.
    const inexact = findInexactJsonInteger(text);
    if (inexact !== undefined) throw malformedResponse(context, inexactIntegerDetail(inexact));
    return value;
  }

  /** The agent watches use: same TLS material, no socket limit, so long watches never starve requests. */
  watchAgentFor(credentials: Credentials): http.Agent {
    const pool = this.#poolFor(credentials);
    if (credentials.proxyAgent !== undefined) return credentials.proxyAgent;
    pool.watchAgent ??= this.#secure ? new https.Agent({ ...credentials.tls }) : new http.Agent();
    return pool.watchAgent;
  }

  /** Closes every connection; requests made afterwards fail as Unavailable. */
  close(): void {
    this.#closed = true;
    this.#retire(this.#pool, 0);
    this.#pool = undefined;
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
      (this.#secure ? new https.Agent({ ...common, ...credentials.tls }) : new http.Agent(common));
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

  /** {@link Transport.#send}, telling `onRequest` how the exchange ended. */
  async #sendCounted(
    request: HttpRequest,
    body: Buffer | undefined,
    credentials: Credentials,
    deadline: Deadline,
    context: NetworkContext,
  ): Promise<HttpResponse> {
    const onRequest = this.#options.onRequest;
    if (onRequest === undefined) return this.#send(request, body, credentials, deadline, context);
    const tell = (code: string): void => {
      try {
        onRequest({ cluster: this.#options.clusterName, method: request.method, code });
      } catch {
        // A metrics hook that throws must not turn an answered request into a failed one.
      }
    };
    try {
      const response = await this.#send(request, body, credentials, deadline, context);
      tell(String(response.status));
      return response;
    } catch (error) {
      const cause = error instanceof SendFailure ? error.error : error;
      tell(cause instanceof ClusterError ? cause.reason : 'Unknown');
      throw error;
    }
  }

  #send(
    request: HttpRequest,
    body: Buffer | undefined,
    credentials: Credentials,
    deadline: Deadline,
    context: NetworkContext,
  ): Promise<HttpResponse> {
    if (this.#closed) return Promise.reject(closedFailure(context));
    return this.#http2 && credentials.proxyAgent === undefined
      ? this.#sendHttp2(request, body, credentials, deadline, context)
      : this.#sendHttp1(request, body, credentials, deadline, context);
  }

  /**
   * The pool's HTTP/2 connection, dialing one when there is none (requests arriving meanwhile
   * share the dial); `'http/1.1'` when the server chose that.
   */
  async #connection(
    credentials: Credentials,
    deadline: Deadline,
    context: NetworkContext,
  ): Promise<{ connection: H2Connection; reused: boolean } | 'http/1.1'> {
    const pool = this.#poolFor(credentials);
    if (pool.h2?.usable === true) return { connection: pool.h2, reused: true };
    pool.h2 = undefined;
    const server = this.#options.server;
    if (pool.dialing === undefined) {
      const dialing = dial({
        hostname: server.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: server.port === '' ? 443 : Number(server.port),
        authority: server.host,
        tls: credentials.tls,
        connectTimeoutMs: this.#options.connectTimeoutMs,
        idleTimeoutMs: IDLE_SOCKET_TIMEOUT_MS,
        pingTimeoutMs: this.#options.connectTimeoutMs,
      });
      pool.dialing = dialing;
      const settled = (): void => {
        if (pool.dialing === dialing) pool.dialing = undefined;
      };
      dialing.then((dialed) => {
        settled();
        if (dialed === 'http/1.1') return;
        // The pool was retired (new TLS material, or close()) while the dial was under way.
        if (this.#closed || this.#pool !== pool) dialed.destroy();
        else pool.h2 = dialed;
      }, settled);
    }
    const connectTimeoutMs = Math.min(this.#options.connectTimeoutMs, remainingMs(deadline));
    const couldNotConnect = (timeoutMs: number): ClusterError =>
      timeoutError(`could not connect to ${server.host}`, timeoutMs, context);
    let dialed: H2Connection | 'http/1.1';
    try {
      dialed = await withDeadline(pool.dialing, deadlineIn(connectTimeoutMs), () =>
        couldNotConnect(connectTimeoutMs),
      );
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const failure =
        error instanceof ClusterError
          ? error
          : error instanceof DialTimeout
            ? couldNotConnect(error.timeoutMs)
            : errorFromNetwork(error, context);
      throw new SendFailure(failure, typeof code === 'string' ? code : undefined, false, false);
    }
    if (dialed === 'http/1.1') return dialed;
    if (this.#closed) throw closedFailure(context);
    return { connection: dialed, reused: false };
  }

  async #sendHttp2(
    request: HttpRequest,
    body: Buffer | undefined,
    credentials: Credentials,
    deadline: Deadline,
    context: NetworkContext,
  ): Promise<HttpResponse> {
    const got = await this.#connection(credentials, deadline, context);
    if (got === 'http/1.1') {
      this.#http2 = false;
      return this.#sendHttp1(request, body, credentials, deadline, context);
    }
    const { connection, reused } = got;
    this.#protocol = 'h2';
    const headers: OutgoingHttpHeaders = {
      ':method': request.method,
      ':path': `${this.#basePath}${request.path}`,
    };
    for (const [name, value] of Object.entries(credentials.headers)) headers[name.toLowerCase()] = value;
    headers['accept'] = ContentType.Json;
    headers['user-agent'] = USER_AGENT;
    if (body !== undefined) {
      headers['content-type'] = request.contentType ?? ContentType.Json;
      headers['content-length'] = body.length;
    }
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let responded = false;
      let status = 0;
      let responseHeaders: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      let deadlineTimer: NodeJS.Timeout | undefined = undefined;
      const fail = (error: Error, code: string | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadlineTimer);
        reject(new SendFailure(error, code, reused, responded));
      };
      const network = (error: Error): void => {
        const code = (error as { code?: unknown }).code;
        fail(errorFromNetwork(error, context), typeof code === 'string' ? code : undefined);
      };
      let stream: http2.ClientHttp2Stream;
      try {
        stream = connection.request(headers, body === undefined);
      } catch (error) {
        // Invalid header characters, or the connection went away since it was looked up.
        if (!connection.usable) this.#forget(connection);
        network(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      deadlineTimer = setTimeout(() => {
        fail(responseTimeout(responded, deadline, context), undefined);
        stream.close(http2.constants.NGHTTP2_CANCEL);
        connection.suspect();
      }, remainingMs(deadline));
      const closed = (): void => {
        if (settled) return;
        const refused = stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM;
        const what = refused
          ? 'the server refused the stream without processing it'
          : responded
            ? 'the connection closed mid-response'
            : 'the connection closed before any response';
        network(Object.assign(new Error(what), { code: 'ECONNRESET' }));
      };
      stream.on('response', (incoming) => {
        responded = true;
        status = incoming[':status'] ?? 0;
        responseHeaders = incoming;
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // A stream also ends, with no response, when its connection closes under it.
        if (!responded) closed();
        if (settled) return;
        settled = true;
        clearTimeout(deadlineTimer);
        resolve({ status, headers: responseHeaders, body: Buffer.concat(chunks) });
      });
      stream.on('error', (error: Error) => {
        if (stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM) closed();
        else network(error);
      });
      stream.on('close', closed);
      if (body !== undefined) stream.end(body);
    });
  }

  /** Drops a connection that stopped taking streams, so the next request dials. */
  #forget(connection: H2Connection): void {
    if (this.#pool?.h2 === connection) this.#pool.h2 = undefined;
  }

  #sendHttp1(
    request: HttpRequest,
    body: Buffer | undefined,
    credentials: Credentials,
    deadline: Deadline,
    context: NetworkContext,
  ): Promise<HttpResponse> {
    const server = this.#options.server;
    const agent = this.#poolFor(credentials).agent;
    this.#protocol = 'http/1.1';
    const headers: Record<string, string> = {
      ...credentials.headers,
      Accept: ContentType.Json,
      'User-Agent': USER_AGENT,
    };
    if (body !== undefined) {
      headers['Content-Type'] = request.contentType ?? ContentType.Json;
      headers['Content-Length'] = String(body.length);
    }
    const checkConnect = credentials.proxyAgent === undefined;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let reused = false;
      let responded = false;
      let deadlineTimer: NodeJS.Timeout | undefined = undefined;
      let connectTimer: NodeJS.Timeout | undefined = undefined;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadlineTimer);
        clearTimeout(connectTimer);
        outcome();
      };
      const fail = (error: Error, code?: unknown): void => {
        settle(() => {
          reject(new SendFailure(error, typeof code === 'string' ? code : undefined, reused, responded));
        });
      };
      const network = (error: Error): void => {
        fail(errorFromNetwork(error, context), (error as { code?: unknown }).code);
      };
      let outgoing: http.ClientRequest;
      try {
        outgoing = (this.#secure ? https : http).request(
          {
            protocol: server.protocol,
            hostname: server.hostname.replace(/^\[(.*)\]$/, '$1'),
            port: server.port === '' ? undefined : Number(server.port),
            method: request.method,
            path: `${this.#basePath}${request.path}`,
            headers,
            agent,
          },
          (incoming) => {
            responded = true;
            const chunks: Buffer[] = [];
            incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
            incoming.on('end', () => {
              settle(() => {
                resolve({
                  status: incoming.statusCode ?? 0,
                  headers: incoming.headers,
                  body: Buffer.concat(chunks),
                });
              });
            });
            incoming.on('error', network);
            incoming.on('close', () => {
              if (!incoming.complete)
                network(
                  Object.assign(new Error('the connection closed mid-response'), { code: 'ECONNRESET' }),
                );
            });
          },
        );
      } catch (error) {
        // Invalid header characters (a token with a newline) throw synchronously.
        network(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      // The one deadline: the slot wait and credentials already spent part of it.
      deadlineTimer = setTimeout(() => {
        fail(responseTimeout(responded, deadline, context));
        outgoing.destroy();
      }, remainingMs(deadline));
      outgoing.on('error', network);
      outgoing.on('socket', (socket: Socket) => {
        reused = isEstablished(socket, this.#secure);
        if (reused || !checkConnect) return;
        const connectTimeoutMs = Math.min(this.#options.connectTimeoutMs, remainingMs(deadline));
        connectTimer = setTimeout(() => {
          fail(timeoutError(`could not connect to ${server.host}`, connectTimeoutMs, context));
          outgoing.destroy();
        }, connectTimeoutMs);
        socket.once(this.#secure ? 'secureConnect' : 'connect', () => {
          clearTimeout(connectTimer);
        });
      });
      outgoing.end(body);
    });
  }

  #reportWarnings(headers: IncomingHttpHeaders): void {
    const onWarning = this.#options.onWarning;
    const raw = headers.warning;
    if (onWarning === undefined || raw === undefined) return;
    for (const warning of splitWarnings(raw)) onWarning(warning);
  }
}

/** True when the socket finished connecting (and its TLS handshake) before this request. */
function isEstablished(socket: Socket, secure: boolean): boolean {
  if (socket.connecting || socket.remoteAddress === undefined) return false;
  if (!secure || !(socket instanceof TLSSocket)) return !secure;
  const protocol = socket.getProtocol();
  return typeof protocol === 'string' && /^(TLS|SSL)/.test(protocol);
}

/** A request on a closed client: Unavailable, as for a stopped server. */
function closedFailure(context: NetworkContext): SendFailure {
  return new SendFailure(
    errorFromNetwork(new Error('the client is closed'), context),
    undefined,
    false,
    false,
  );
}

/** The deadline passed while waiting for the response, or for the rest of it. */
function responseTimeout(responded: boolean, deadline: Deadline, context: NetworkContext): ClusterError {
  return timeoutError(
    responded ? 'the response did not finish in time' : 'no response in time',
    deadline.timeoutMs,
    context,
  );
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
