/**
 * The transport's HTTP/1.1 path: one request on a keep-alive connection of the pool's agent (or
 * through the cluster's proxy), with a connect timeout for a new socket and the request's one
 * deadline over the rest.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { remainingMs } from './deadline.js';
import { errorFromNetwork, timeoutError } from './errors.js';
import {
  responseTimeout,
  SendFailure,
  socketHostname,
  USER_AGENT,
  type Endpoint,
  type Exchange,
  type HttpResponse,
} from './transport-common.js';
import { ContentType } from './wire.js';

/**
 * Sends one request over HTTP/1.1 through `agent` and reads the whole response. Any HTTP status
 * resolves; a failure below HTTP or the deadline rejects with a {@link SendFailure}.
 */
export function sendHttp1(endpoint: Endpoint, agent: http.Agent, exchange: Exchange): Promise<HttpResponse> {
  const { request, body, credentials, deadline, context } = exchange;
  const { server, secure } = endpoint;
  const headers = http1Headers(exchange);
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
      outgoing = (secure ? https : http).request(
        {
          protocol: server.protocol,
          hostname: socketHostname(server),
          port: server.port === '' ? undefined : Number(server.port),
          method: request.method,
          path: `${endpoint.basePath}${request.path}`,
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
              network(Object.assign(new Error('the connection closed mid-response'), { code: 'ECONNRESET' }));
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
      reused = isEstablished(socket, secure);
      if (reused || !checkConnect) return;
      const connectTimeoutMs = Math.min(endpoint.connectTimeoutMs, remainingMs(deadline));
      connectTimer = setTimeout(() => {
        fail(timeoutError(`could not connect to ${server.host}`, connectTimeoutMs, context));
        outgoing.destroy();
      }, connectTimeoutMs);
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        clearTimeout(connectTimer);
      });
    });
    outgoing.end(body);
  });
}

/** The credentials' headers, then what every request sends, then the body's type and length. */
function http1Headers({ request, body, credentials }: Exchange): Record<string, string> {
  const headers: Record<string, string> = {
    ...credentials.headers,
    Accept: ContentType.Json,
    'User-Agent': USER_AGENT,
  };
  if (body !== undefined) {
    headers['Content-Type'] = request.contentType ?? ContentType.Json;
    headers['Content-Length'] = String(body.length);
  }
  return headers;
}

/** True when the socket finished connecting (and its TLS handshake) before this request. */
function isEstablished(socket: Socket, secure: boolean): boolean {
  if (socket.connecting || socket.remoteAddress === undefined) return false;
  if (!secure || !(socket instanceof TLSSocket)) return !secure;
  const protocol = socket.getProtocol();
  return typeof protocol === 'string' && /^(TLS|SSL)/.test(protocol);
}
