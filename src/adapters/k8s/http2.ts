/**
 * HTTP/2 to one API server, the protocol client-go speaks to it: one TLS connection per set of TLS
 * material, every request a stream on it, the protocol settled by ALPN. Against HTTP/1.1
 * keep-alive it saves both ends per-request work (docs/performance.md, server-side apply).
 *
 * Liveness, as client-go's `ReadIdleTimeout` and `PingTimeout` give it: a request that times out
 * makes its connection suspect. The connection is pinged, and destroyed when the ping goes
 * unanswered, so later requests dial afresh instead of queueing behind a dead peer. A connection
 * that failed, or that the server sent GOAWAY on, takes no new streams; one idle for
 * `idleTimeoutMs` closes once its streams are done, unless it carries watches.
 *
 * Watches ride the connection too, as client-go's do: an agent's 62 watches are 62 streams on one
 * TLS connection instead of 62 connections (docs/performance.md, "Fifth session: watches as
 * HTTP/2 streams").
 */
import http2, { type ClientHttp2Session, type ClientHttp2Stream, type OutgoingHttpHeaders } from 'node:http2';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { TlsMaterial } from './credentials.js';
import { HttpMethod } from './wire.js';

/** Receive window per stream: a list of thousands of objects needs more than HTTP/2's 64 KiB. client-go uses 4 MiB. */
const STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
/** Receive window of the whole connection, shared by its streams. */
const CONNECTION_WINDOW_BYTES = 32 * 1024 * 1024;
/** nghttp2's memory cap per connection, in MB (Node's default of 10 is below one full window). */
const MAX_SESSION_MEMORY_MB = 64;
/**
 * The streams a server takes at once on one connection when it has not said (kube-apiserver says
 * 100: `--http2-max-streams-per-connection` 0 gives Go's http2 server 100 in k8s.io/apiserver).
 */
const DEFAULT_MAX_STREAMS = 100;

/** The methods whose streams node:http2 leaves open for a body when given no `endStream`. */
const OPEN_BY_DEFAULT: ReadonlySet<string> = new Set([HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch]);

/** Where and how to dial. */
export interface DialOptions {
  readonly hostname: string;
  readonly port: number;
  /** `host:port` as in the server URL (IPv6 in brackets), for `:authority`. */
  readonly authority: string;
  readonly tls: TlsMaterial;
  /** Bounds the TCP connect and the TLS handshake together. */
  readonly connectTimeoutMs: number;
  /** A connection with no frames for this long closes once its streams are done. */
  readonly idleTimeoutMs: number;
  /** How long a suspect connection's ping may go unanswered. */
  readonly pingTimeoutMs: number;
}

/** The dial outlasted `connectTimeoutMs`; the socket is destroyed. */
export class DialTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`TCP connect and TLS handshake took longer than ${timeoutMs} ms`);
  }
}

/**
 * Opens a TLS connection offering `h2` and `http/1.1`. Resolves with the HTTP/2 connection, or
 * with `'http/1.1'` (the socket closed) when the server, or a proxy in front of it, chose HTTP/1.1.
 * Rejects with the socket's own error (its `code` kept, so the caller can class it) or with a
 * {@link DialTimeout}.
 */
export function dial(options: DialOptions): Promise<H2Connection | 'http/1.1'> {
  return new Promise((resolve, reject) => {
    const { servername, ...material } = options.tls;
    const socket = tls.connect({
      ...material,
      host: options.hostname,
      port: options.port,
      // SNI and the certificate check use the host name; an IP address is checked against IP SANs.
      ...(servername !== undefined
        ? { servername }
        : isIP(options.hostname) === 0
          ? { servername: options.hostname }
          : {}),
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new DialTimeout(options.connectTimeoutMs));
    }, options.connectTimeoutMs);
    const onError = (error: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      if (socket.alpnProtocol !== 'h2') {
        socket.destroy();
        resolve('http/1.1');
        return;
      }
      resolve(new H2Connection(socket, options));
    });
  });
}

/** One HTTP/2 connection to the server. */
export class H2Connection {
  readonly #session: ClientHttp2Session;
  readonly #pingTimeoutMs: number;
  #usable = true;
  #pinging = false;
  /** Watch streams open on it: while there are any, idleness does not close it. */
  #watches = 0;
  /** The streams the server takes at once, from its SETTINGS once they came. */
  #maxStreams = DEFAULT_MAX_STREAMS;

  constructor(socket: tls.TLSSocket, options: DialOptions) {
    this.#pingTimeoutMs = options.pingTimeoutMs;
    const session = http2.connect(`https://${options.authority}`, {
      createConnection: () => socket,
      settings: { enablePush: false, initialWindowSize: STREAM_WINDOW_BYTES },
      maxSessionMemory: MAX_SESSION_MEMORY_MB,
    });
    this.#session = session;
    session.once('connect', () => {
      session.setLocalWindowSize(CONNECTION_WINDOW_BYTES);
    });
    session.on('remoteSettings', (settings: http2.Settings) => {
      const max = settings.maxConcurrentStreams;
      if (max !== undefined && max > 0) this.#maxStreams = max;
    });
    const retire = (): void => {
      this.#usable = false;
    };
    session.on('goaway', retire);
    session.on('close', retire);
    // Its streams see the failure too; this listener only keeps it from being thrown.
    session.on('error', retire);
    // A watch may be silent for a minute between bookmarks; its connection is not idle then.
    session.setTimeout(options.idleTimeoutMs, () => {
      if (this.#watches === 0) this.close();
    });
    // Requests in flight keep the process alive through their own deadline timers.
    session.unref();
  }

  /** False once the connection failed, closed, or the server sent GOAWAY. */
  get usable(): boolean {
    return this.#usable && !this.#session.closed && !this.#session.destroyed;
  }

  /** Opens a stream. Throws (an `ERR_HTTP2_…` code) when the connection went away meanwhile. */
  request(headers: OutgoingHttpHeaders, endStream: boolean): ClientHttp2Stream {
    // node:http2 keeps a POST, PUT or PATCH stream open for its body unless told otherwise. Passing
    // no options there spares each apply about 10 µs of CPU: node:http2 copies an options object and
    // adds its priority fields to the copy (docs/performance.md, "Sixth session").
    const method = headers[':method'];
    if (!endStream && typeof method === 'string' && OPEN_BY_DEFAULT.has(method))
      return this.#session.request(headers);
    return this.#session.request(headers, { endStream });
  }

  /**
   * Watch streams it may still take while `reserve` streams stay free for requests: the server's
   * limit (its SETTINGS, else {@link DEFAULT_MAX_STREAMS}) less the watches open and `reserve`.
   */
  watchRoom(reserve: number): number {
    return this.#maxStreams - reserve - this.#watches;
  }

  /** Opens a watch stream (a GET that stays open), counted until it closes. Throws as {@link request}. */
  watch(headers: OutgoingHttpHeaders): ClientHttp2Stream {
    const stream = this.#session.request(headers, { endStream: true });
    this.#watches++;
    stream.once('close', () => {
      this.#watches--;
    });
    return stream;
  }

  /** A request on it timed out: ping, and destroy the connection if the ping is not answered in time. */
  suspect(): void {
    if (this.#pinging || !this.usable) return;
    this.#pinging = true;
    const timer = setTimeout(() => {
      this.destroy();
    }, this.#pingTimeoutMs).unref();
    const answered = (error: Error | null): void => {
      clearTimeout(timer);
      this.#pinging = false;
      if (error !== null) this.destroy();
    };
    try {
      if (!this.#session.ping(answered)) answered(new Error('too many unanswered pings'));
    } catch (error) {
      answered(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Takes no new streams; closes once the open ones are done, or after `graceMs` at the latest. */
  close(graceMs?: number): void {
    this.#usable = false;
    if (!this.#session.closed) this.#session.close();
    if (graceMs !== undefined) {
      setTimeout(() => {
        this.destroy();
      }, graceMs).unref();
    }
  }

  /** Ends the connection and every stream on it now. */
  destroy(): void {
    this.#usable = false;
    if (!this.#session.destroyed) this.#session.destroy();
  }
}
