/**
 * The owner's control endpoint. Attached clusters must stay children of the process that started
 * them (so they die with it), yet tests run in other processes (vitest workers). So a worker does
 * not spawn or signal API servers itself: it asks the owner, over a loopback HTTP endpoint
 * protected by a random secret from the state file (mode 0600).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { probe } from './probe.js';
import type { StopServerOptions } from './server-process.js';

/** The operations the endpoint offers. */
export interface ControlTarget {
  stopCluster(name: string, options?: StopServerOptions): Promise<void>;
  startCluster(name: string): Promise<void>;
}

/** A running control endpoint. */
export interface ControlEndpoint {
  readonly url: string;
  readonly secret: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;

async function readBody(req: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_BODY) throw new Error('request body too large');
  }
  return body === '' ? {} : JSON.parse(body);
}

function authorized(req: IncomingMessage, secret: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Serves `POST /clusters/<name>/stop` and `POST /clusters/<name>/start` on 127.0.0.1. */
export async function startControlEndpoint(target: ControlTarget): Promise<ControlEndpoint> {
  const secret = randomBytes(24).toString('hex');
  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    void (async () => {
      if (!authorized(req, secret)) {
        reply(401, { error: 'unauthorized' });
        return;
      }
      const match = /^\/clusters\/([^/]+)\/(stop|start)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) {
        reply(404, { error: 'not found' });
        return;
      }
      const name = decodeURIComponent(match[1]!);
      const body = (await readBody(req)) as { signal?: 'SIGTERM' | 'SIGKILL'; graceMs?: number };
      if (match[2] === 'stop') {
        await target.stopCluster(name, {
          ...(body.signal !== undefined ? { signal: body.signal } : {}),
          ...(body.graceMs !== undefined ? { graceMs: body.graceMs } : {}),
        });
      } else {
        await target.startCluster(name);
      }
      reply(200, {});
    })().catch((error: unknown) => {
      reply(500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  // The endpoint must never be what keeps a test run alive.
  server.unref();
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the control endpoint has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** Sends one request to an owner's control endpoint; rejects with the owner's error message. */
export async function callControl(
  control: { readonly url: string; readonly secret: string },
  name: string,
  op: 'stop' | 'start',
  body: StopServerOptions,
  timeoutMs: number,
): Promise<void> {
  let res;
  try {
    res = await probe(`${control.url}/clusters/${encodeURIComponent(name)}/${op}`, {
      method: 'POST',
      token: control.secret,
      body: JSON.stringify(body),
      timeoutMs,
    });
  } catch (error) {
    throw new Error(
      `could not reach the process that owns the test clusters (${control.url}): ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (res.status !== 200) {
    let message = res.body;
    try {
      message = (JSON.parse(res.body) as { error?: string }).error ?? res.body;
    } catch {
      // Not JSON: keep the text.
    }
    throw new Error(`${op} ${name}: ${message}`);
  }
}
