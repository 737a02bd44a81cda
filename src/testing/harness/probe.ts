/**
 * Bounded HTTP(S) requests for readiness checks. Each request has its own timeout and uses no
 * keep-alive agent, so no socket outlives the check and keeps the event loop (or a test) alive.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** A response, body as text. */
export interface ProbeResponse {
  readonly status: number;
  readonly body: string;
}

/** Options for {@link probe}. */
export interface ProbeOptions {
  /** For https: the only CA trusted. TLS verification is always on. */
  readonly caPem?: string;
  readonly token?: string;
  /** Default 5 s. */
  readonly timeoutMs?: number;
  readonly method?: string;
  readonly body?: string;
}

/** One GET (or `method`) request; rejects on network errors and timeouts. */
export function probe(url: string, options: ProbeOptions = {}): Promise<ProbeResponse> {
  const target = new URL(url);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const common = { method: options.method ?? 'GET', headers, agent: false as const, timeout: timeoutMs };
    const req =
      target.protocol === 'https:'
        ? httpsRequest(target, {
            ...common,
            ...(options.caPem !== undefined ? { ca: options.caPem } : {}),
            rejectUnauthorized: true,
          })
        : httpRequest(target, common);
    const timer = setTimeout(
      () => req.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(options.body);
  });
}

/** One attempt's outcome in {@link pollUntil}: done with a value, or not yet, and why. */
export type PollOutcome<T> =
  { readonly done: true; readonly value: T } | { readonly done: false; readonly reason: string };

/** Options for {@link pollUntil}. */
export interface PollOptions {
  readonly timeoutMs: number;
  /** Default 200 ms. */
  readonly intervalMs?: number;
  /** What is being waited for, for the timeout message. */
  readonly what: string;
  /** Checked before each attempt; a string aborts the wait with that message (e.g. "the process exited"). */
  readonly abortIf?: () => string | undefined;
}

/**
 * Calls `attempt` until it is done, or the time is up. The last failure (a thrown error, or the
 * reason `attempt` gave) goes into the timeout message.
 */
export async function pollUntil<T>(attempt: () => Promise<PollOutcome<T>>, options: PollOptions): Promise<T> {
  const started = Date.now();
  let last: string;
  for (;;) {
    const abort = options.abortIf?.();
    if (abort !== undefined) throw new Error(`${options.what}: ${abort}`);
    try {
      const outcome = await attempt();
      if (outcome.done) return outcome.value;
      last = outcome.reason;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() - started > options.timeoutMs) {
      throw new Error(
        `${options.what}: not ready after ${Math.round(options.timeoutMs / 1000)} s (last: ${last})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
