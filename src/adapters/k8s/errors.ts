/**
 * Turns what the API server or the network answered into a {@link ClusterError}. The server's
 * `v1.Status` body carries the message, the reason that splits 409 into AlreadyExists and
 * Conflict, the field causes of a 422 and a retry hint; a non-Status body (a proxy's HTML page)
 * still gives a reason from the HTTP code.
 */
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import {
  ClusterError,
  ClusterErrorReason,
  type ClusterErrorCause,
  type ClusterErrorInit,
} from '../../port/errors.js';

/** The object a call was about, as {@link ClusterError} records it. */
export type ErrorTarget = NonNullable<ClusterErrorInit['target']>;

/** The parts of a `v1.Status` the adapter reads. */
export interface ApiStatus {
  readonly kind?: string;
  readonly status?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: {
    readonly causes?: readonly {
      readonly field?: string;
      readonly message?: string;
      readonly reason?: string;
    }[];
    readonly retryAfterSeconds?: number;
  };
}

const BY_CODE: Readonly<Record<number, ClusterErrorReason>> = {
  400: ClusterErrorReason.BadRequest,
  401: ClusterErrorReason.Unauthorized,
  403: ClusterErrorReason.Forbidden,
  404: ClusterErrorReason.NotFound,
  // A verb the resource does not support (e.g. …/status on a kind without that subresource).
  405: ClusterErrorReason.BadRequest,
  406: ClusterErrorReason.BadRequest,
  408: ClusterErrorReason.Timeout,
  // A watch's resourceVersion older than the server keeps (Status reason Expired or Gone).
  410: ClusterErrorReason.Expired,
  413: ClusterErrorReason.BadRequest,
  415: ClusterErrorReason.BadRequest,
  422: ClusterErrorReason.Invalid,
  429: ClusterErrorReason.TooManyRequests,
  500: ClusterErrorReason.Unavailable,
  502: ClusterErrorReason.Unavailable,
  503: ClusterErrorReason.Unavailable,
  504: ClusterErrorReason.Unavailable,
};

const REASONS = new Set<string>(Object.values(ClusterErrorReason));

/** Parses a response body as a `v1.Status`, or undefined when it is not one. */
export function parseStatus(body: Buffer | string): ApiStatus | undefined {
  try {
    const value: unknown = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
    if (typeof value === 'object' && value !== null && (value as ApiStatus).kind === 'Status') return value;
  } catch {
    // Not JSON: the caller falls back to the HTTP code.
  }
  return undefined;
}

/** The reason for an HTTP error code, using the Status reason where the code alone does not decide. */
export function reasonFor(code: number, status: ApiStatus | undefined): ClusterErrorReason {
  // 409 is both "create found one" and "stale resourceVersion / field conflict"; only `reason` tells.
  if (code === 409)
    return status?.reason === 'AlreadyExists'
      ? ClusterErrorReason.AlreadyExists
      : ClusterErrorReason.Conflict;
  const byCode = BY_CODE[code];
  if (byCode !== undefined) return byCode;
  if (status?.reason !== undefined && REASONS.has(status.reason)) return status.reason as ClusterErrorReason;
  return code >= 500 ? ClusterErrorReason.Unavailable : ClusterErrorReason.Unknown;
}

/**
 * Seconds from a `Retry-After` header (delta-seconds or an HTTP date), else from the Status'
 * `details.retryAfterSeconds`.
 */
export function retryAfterSeconds(
  header: string | undefined,
  status: ApiStatus | undefined,
  now: number,
): number | undefined {
  if (header !== undefined && header.trim() !== '') {
    const text = header.trim();
    if (/^\d+$/.test(text)) return Number(text);
    const date = Date.parse(text);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const fromDetails = status?.details?.retryAfterSeconds;
  return typeof fromDetails === 'number' && fromDetails >= 0 ? fromDetails : undefined;
}

/** The error for a non-2xx answer. */
export function errorFromResponse(
  code: number,
  headers: IncomingHttpHeaders,
  body: Buffer,
  target: ErrorTarget | undefined,
): ClusterError {
  const status = parseStatus(body);
  return errorFromStatus(
    code,
    status,
    headerValue(headers['retry-after']),
    status?.message ?? fallbackMessage(code, body),
    target,
  );
}

/** The error for a watch `ERROR` event, whose object is a `v1.Status`. */
export function errorFromWatchStatus(status: ApiStatus, target: ErrorTarget | undefined): ClusterError {
  const code = typeof status.code === 'number' ? status.code : 500;
  return errorFromStatus(
    code,
    status,
    undefined,
    status.message ?? fallbackMessage(code, Buffer.alloc(0)),
    target,
  );
}

function errorFromStatus(
  code: number,
  status: ApiStatus | undefined,
  retryAfterHeader: string | undefined,
  message: string,
  target: ErrorTarget | undefined,
): ClusterError {
  const causes: ClusterErrorCause[] = (status?.details?.causes ?? []).map((c) => ({
    ...(c.field !== undefined ? { field: c.field } : {}),
    ...(c.message !== undefined ? { message: c.message } : {}),
    ...(c.reason !== undefined ? { reason: c.reason } : {}),
  }));
  const retryAfter = retryAfterSeconds(retryAfterHeader, status, Date.now());
  return new ClusterError({
    reason: reasonFor(code, status),
    message,
    status: code,
    causes,
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    ...(target !== undefined ? { target } : {}),
  });
}

/**
 * Node's codes for a stream or connection that failed under a request (reset, refused, GOAWAY,
 * a connection that closed or was destroyed). Each means the server may be gone, not that the
 * request was wrong.
 */
export const H2_FAILURE_CODES: ReadonlySet<string> = new Set([
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_STREAM_CANCEL',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_INVALID_SESSION',
  'ERR_HTTP2_ERROR',
  'ERR_HTTP2_OUT_OF_STREAMS',
  'ERR_HTTP2_PING_CANCEL',
]);

/** Codes that mean no connection was made (as opposed to one that broke). */
const CONNECT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** Codes that mean the server could not be reached, or the connection broke. */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  ...CONNECT_CODES,
  ...H2_FAILURE_CODES,
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EPROTO',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** Where a network error happened, for its message. */
export interface NetworkContext {
  readonly cluster: string;
  readonly method: string;
  readonly url: string;
  readonly target?: ErrorTarget | undefined;
}

/**
 * The error for a failure below HTTP: refused, reset, DNS, TLS. All of them mean "could not talk to
 * the server" and are worth retrying later, so they are Unavailable (TLS verification failures
 * included: kubectl calls them "Unable to connect to the server"); OS-level timeouts are Timeout.
 */
export function errorFromNetwork(error: unknown, context: NetworkContext): ClusterError {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const text = error instanceof Error ? error.message : String(error);
  let reason: ClusterErrorReason;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) reason = ClusterErrorReason.Timeout;
  else if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || isTlsCode(code)))
    reason = ClusterErrorReason.Unavailable;
  // Node's argument errors (`ERR_INVALID_…`) are bugs or bad configuration, not an unreachable server.
  else if (
    typeof code === 'string' &&
    code.startsWith('ERR_') &&
    !code.startsWith('ERR_TLS') &&
    !code.startsWith('ERR_SSL')
  )
    reason = ClusterErrorReason.Unknown;
  else reason = ClusterErrorReason.Unavailable;
  const connecting = typeof code === 'string' && (CONNECT_CODES.has(code) || isTlsCode(code));
  const prefix = connecting ? 'unable to connect to the server: ' : '';
  return new ClusterError({
    reason,
    message: `${context.cluster}: ${context.method} ${context.url}: ${prefix}${text}`,
    ...(context.target !== undefined ? { target: context.target } : {}),
  });
}

/** The error for a request that ran out of time; `phase` says where it was waiting. */
export function timeoutError(phase: string, timeoutMs: number, context: NetworkContext): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.Timeout,
    message: `${context.cluster}: ${context.method} ${context.url}: ${phase} (timeout ${timeoutMs} ms)`,
    ...(context.target !== undefined ? { target: context.target } : {}),
  });
}

/**
 * The error for a kubeconfig that cannot be used (missing context, cluster or server; `http://`
 * without `insecure-skip-tls-verify`). BadRequest: the caller's input is wrong, and retrying will
 * not help. `status` stays unset because no server answered.
 */
export function configError(message: string): ClusterError {
  return new ClusterError({ reason: ClusterErrorReason.BadRequest, message: `kubeconfig: ${message}` });
}

/** The error for an option of `createK8sClusterClient` that is out of range. */
export function optionsError(message: string): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.BadRequest,
    message: `createK8sClusterClient options: ${message}`,
  });
}

/** The error for credentials that could not be obtained (an exec plugin failed, a file is missing). */
export function credentialError(cluster: string, error: unknown): ClusterError {
  const text = error instanceof Error ? error.message : String(error);
  return new ClusterError({
    reason: ClusterErrorReason.Unauthorized,
    message: `${cluster}: getting credentials: ${text.trim() === '' ? 'the credential provider failed' : text.trim()}`,
  });
}

/** The error for a request the adapter refuses to send (a missing name), in the server's words. */
export function badRequest(message: string, target: ErrorTarget | undefined): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.BadRequest,
    message,
    ...(target !== undefined ? { target } : {}),
  });
}

/** The error for a 2xx answer whose body is not what the API promises. */
export function malformedResponse(context: NetworkContext, detail: string): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.Unknown,
    message: `${context.cluster}: ${context.method} ${context.url}: ${detail}`,
    ...(context.target !== undefined ? { target: context.target } : {}),
  });
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.startsWith('CERT_') ||
    code.includes('SELF_SIGNED') ||
    code.startsWith('UNABLE_TO_') ||
    code === 'HOSTNAME_MISMATCH'
  );
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// client-go's wording (NewGenericServerResponse) for answers without a Status, so messages read as kubectl's do.
const GENERIC_MESSAGES: Readonly<Record<number, string>> = {
  400: 'the server rejected our request for an unknown reason',
  401: 'the server has asked for the client to provide credentials',
  403: 'the server does not allow access to the requested resource',
  404: 'the server could not find the requested resource',
  405: 'the server does not allow this method on the requested resource',
  406: 'the server was unable to respond with a content type that the client supports',
  409: 'the server reported a conflict',
  413: 'the server has rejected the request because the request body is too large',
  415: 'the server does not support the content type of the request',
  422: 'the server rejected our request due to an error in our request',
  429: 'the server has received too many requests and has asked us to try again later',
  500: 'an error on the server has prevented the request from succeeding',
  503: 'the server is currently unable to handle the request',
  504: 'the server was unable to return a response in the time allotted, but may still be processing the request',
};

function fallbackMessage(code: number, body: Buffer): string {
  const text = body.toString('utf8').trim().replace(/\s+/g, ' ');
  const snippet = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const message =
    GENERIC_MESSAGES[code] ??
    `the server responded with the status code ${code} (${STATUS_CODES[code] ?? 'Unknown'}) but did not return more information`;
  // Go's mux answers an unserved group with the bare text "404 page not found": nothing to add.
  return snippet === '' || snippet === '404 page not found' ? message : `${message} (${snippet})`;
}
