/**
 * What the HTTP/1.1 path (`transport-http1.ts`) and the HTTP/2 path (`transport-http2.ts`) of the
 * transport share: the request and response, the server they go to, and the failure that carries
 * what the transport's retry decision needs.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Credentials } from './credentials.js';
import type { Deadline } from './deadline.js';
import { errorFromNetwork, timeoutError, type ErrorTarget, type NetworkContext } from './errors.js';
import type { ClusterError } from '../../port/errors.js';
import type { ContentType, HttpMethod } from './wire.js';

/**
 * Idle keep-alive sockets close after this long: well under the idle timeouts of API servers and
 * load balancers in front of them, so a request rarely lands on a socket the other side is closing.
 */
export const IDLE_SOCKET_TIMEOUT_MS = 30_000;

/** Sent with every request, so API server audit logs show who called. */
export const USER_AGENT = `vzmc node/${process.versions.node} (${process.platform}/${process.arch})`;

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

/** The server a transport talks to, fixed when it is made. */
export interface Endpoint {
  readonly server: URL;
  /** `https:`. */
  readonly secure: boolean;
  /** The server URL's path prefix without a trailing slash (a proxy such as Rancher's /k8s/clusters/<id>). */
  readonly basePath: string;
  /** Bounds the TCP connect and the TLS handshake of a new connection. */
  readonly connectTimeoutMs: number;
}

/** One attempt at a request: what to send, as whom, until when, and how to word its errors. */
export interface Exchange {
  readonly request: HttpRequest;
  /** The encoded body, if the request has one. */
  readonly body: Buffer | undefined;
  readonly credentials: Credentials;
  readonly deadline: Deadline;
  readonly context: NetworkContext;
}

/** Thrown inside the transport; carries what the retry decision needs. */
export class SendFailure extends Error {
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

/** A request on a closed client: Unavailable, as for a stopped server. */
export function closedFailure(context: NetworkContext): SendFailure {
  return new SendFailure(
    errorFromNetwork(new Error('the client is closed'), context),
    undefined,
    false,
    false,
  );
}

/** The deadline passed while waiting for the response, or for the rest of it. */
export function responseTimeout(
  responded: boolean,
  deadline: Deadline,
  context: NetworkContext,
): ClusterError {
  return timeoutError(
    responded ? 'the response did not finish in time' : 'no response in time',
    deadline.timeoutMs,
    context,
  );
}

/** The server's host name as a socket wants it: an IPv6 address without its URL brackets. */
export function socketHostname(server: URL): string {
  return server.hostname.replace(/^\[(.*)\]$/, '$1');
}
