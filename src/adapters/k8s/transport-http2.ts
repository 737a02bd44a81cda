/**
 * The transport's HTTP/2 path: the pool's one connection (dialed on first use, the dial shared by
 * the requests that arrive meanwhile; see `http2.ts` for the connection itself) and one request as
 * a stream on it, within the request's deadline.
 */
import http2, { type OutgoingHttpHeaders } from 'node:http2';
import { deadlineIn, remainingMs, withDeadline } from './deadline.js';
import { errorFromNetwork, timeoutError } from './errors.js';
import { dial, DialTimeout, type H2Connection } from './http2.js';
import {
  closedFailure,
  IDLE_SOCKET_TIMEOUT_MS,
  responseTimeout,
  SendFailure,
  socketHostname,
  USER_AGENT,
  type Endpoint,
  type Exchange,
  type HttpResponse,
} from './transport-common.js';
import { ClusterError } from '../../port/errors.js';
import { ContentType } from './wire.js';
import type { Credentials } from './credentials.js';

/** The HTTP/2 half of a connection pool. */
export interface H2Slot {
  /** The HTTP/2 connection, once dialed, while it takes new streams. */
  h2: H2Connection | undefined;
  /** The dial in progress, shared by the requests waiting for it. */
  dialing: Promise<H2Connection | 'http/1.1'> | undefined;
}

/** What the HTTP/2 path asks of the transport that owns the slot. */
export interface H2Owner {
  /** The transport was closed. */
  closed(): boolean;
  /** `slot` is still the transport's current pool (not retired for new TLS material, or by close()). */
  holds(slot: H2Slot): boolean;
}

/** An HTTP/2 connection to send on, and whether an earlier request used it. */
export interface H2Stream {
  readonly connection: H2Connection;
  readonly reused: boolean;
}

/**
 * The slot's HTTP/2 connection, dialing one when there is none (requests arriving meanwhile
 * share the dial); `'http/1.1'` when the server chose that.
 */
export async function h2Connection(
  slot: H2Slot,
  owner: H2Owner,
  endpoint: Endpoint,
  { credentials, deadline, context }: Exchange,
): Promise<H2Stream | 'http/1.1'> {
  if (slot.h2?.usable === true) return { connection: slot.h2, reused: true };
  slot.h2 = undefined;
  const server = endpoint.server;
  if (slot.dialing === undefined) {
    const dialing = dial({
      hostname: socketHostname(server),
      port: server.port === '' ? 443 : Number(server.port),
      authority: server.host,
      tls: credentials.tls,
      connectTimeoutMs: endpoint.connectTimeoutMs,
      idleTimeoutMs: IDLE_SOCKET_TIMEOUT_MS,
      pingTimeoutMs: endpoint.connectTimeoutMs,
    });
    slot.dialing = dialing;
    const settled = (): void => {
      if (slot.dialing === dialing) slot.dialing = undefined;
    };
    dialing.then((dialed) => {
      settled();
      if (dialed === 'http/1.1') return;
      // The pool was retired (new TLS material, or close()) while the dial was under way.
      if (owner.closed() || !owner.holds(slot)) dialed.destroy();
      else slot.h2 = dialed;
    }, settled);
  }
  const connectTimeoutMs = Math.min(endpoint.connectTimeoutMs, remainingMs(deadline));
  const couldNotConnect = (timeoutMs: number): ClusterError =>
    timeoutError(`could not connect to ${server.host}`, timeoutMs, context);
  let dialed: H2Connection | 'http/1.1';
  try {
    dialed = await withDeadline(slot.dialing, deadlineIn(connectTimeoutMs), () =>
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
  if (owner.closed()) throw closedFailure(context);
  return { connection: dialed, reused: false };
}

/**
 * Sends one request as a stream on `stream.connection` and reads the whole response. Any HTTP
 * status resolves; a failure below HTTP or the deadline rejects with a {@link SendFailure}. A
 * connection that turns out to take no more streams leaves `slot`, so the next request dials.
 */
export function sendHttp2(
  slot: H2Slot,
  endpoint: Endpoint,
  { connection, reused }: H2Stream,
  exchange: Exchange,
): Promise<HttpResponse> {
  const { body, deadline, context } = exchange;
  const headers = h2Headers(endpoint, exchange);
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    let responded = false;
    let status = 0;
    let responseHeaders: HttpResponse['headers'] = {};
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
      if (!connection.usable && slot.h2 === connection) slot.h2 = undefined;
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
      // One chunk, the usual answer to a write: no copy.
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      resolve({ status, headers: responseHeaders, body: bytes });
    });
    stream.on('error', (error: Error) => {
      if (stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM) closed();
      else network(error);
    });
    stream.on('close', closed);
    if (body !== undefined) stream.end(body);
  });
}

/** The credentials' headers lower-cased (as HTTP/2 requires), worked out once per set of credentials. */
const LOWER_CASED = new WeakMap<Credentials['headers'], readonly (readonly [string, string])[]>();

function credentialHeaders(credentials: Credentials): readonly (readonly [string, string])[] {
  let entries = LOWER_CASED.get(credentials.headers);
  if (entries === undefined) {
    entries = Object.entries(credentials.headers).map(
      ([name, value]) => [name.toLowerCase(), value] as const,
    );
    LOWER_CASED.set(credentials.headers, entries);
  }
  return entries;
}

/** The pseudo-headers, the credentials' headers, then the rest. */
export function h2Headers(endpoint: Endpoint, { request, body, credentials }: Exchange): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    ':method': request.method,
    ':path': `${endpoint.basePath}${request.path}`,
  };
  for (const [name, value] of credentialHeaders(credentials)) headers[name] = value;
  headers['accept'] = ContentType.Json;
  headers['user-agent'] = USER_AGENT;
  if (body !== undefined) {
    headers['content-type'] = request.contentType ?? ContentType.Json;
    headers['content-length'] = body.length;
  }
  return headers;
}
