import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError, isClusterError } from '../../../../src/port/errors.js';
import { createK8sClusterClient, type K8sClusterClient } from '../../../../src/k8s.js';
import { errorFromNetwork, reasonFor, retryAfterSeconds } from '../../../../src/adapters/k8s/errors.js';
import {
  kubeconfig,
  PROTOCOLS,
  sendJson,
  startFakeApiServer,
  status,
  type FakeApiServer,
} from './fake-apiserver.js';

const KEY = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: 'c' } as const;
const OBJECT = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' } };

describe.each(PROTOCOLS)('errors from the server over $name', (protocol) => {
  let server: FakeApiServer;
  let client: K8sClusterClient;

  beforeAll(async () => {
    server = await startFakeApiServer({ http1Only: protocol.http1Only });
    client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      name: 'fake',
    });
  });
  afterAll(async () => {
    client.close();
    await server.close();
  });

  async function failure(
    answer: (res: Parameters<FakeApiServer['handler']>[1]) => void,
    call: () => Promise<unknown> = () => client.get(KEY),
  ): Promise<ClusterError> {
    server.requests.length = 0;
    server.handler = (_req, res) => {
      answer(res);
    };
    try {
      await call();
    } catch (error) {
      expect(isClusterError(error)).toBe(true);
      expect(error).toBeInstanceOf(ClusterError);
      // No client-node type (ApiException, FetchError) leaks out.
      expect((error as Error).constructor.name).toBe('ClusterError');
      return error as ClusterError;
    }
    throw new Error('the call succeeded');
  }

  it('404 → NotFound, keeping the server message, status and target', async () => {
    const error = await failure((res) => {
      sendJson(res, 404, status(404, 'NotFound', 'configmaps "c" not found'));
    });
    expect(error).toMatchObject({
      reason: 'NotFound',
      message: 'configmaps "c" not found',
      status: 404,
      target: KEY,
    });
  });

  it('409 AlreadyExists and 409 Conflict are told apart by the Status reason', async () => {
    const exists = await failure(
      (res) => {
        sendJson(res, 409, status(409, 'AlreadyExists', 'configmaps "c" already exists'));
      },
      () => client.create(OBJECT),
    );
    expect(exists).toMatchObject({ reason: 'AlreadyExists', status: 409, target: KEY });
    const conflict = await failure(
      (res) => {
        sendJson(
          res,
          409,
          status(
            409,
            'Conflict',
            'Operation cannot be fulfilled on configmaps "c": the object has been modified',
          ),
        );
      },
      () => client.replace(OBJECT),
    );
    expect(conflict).toMatchObject({ reason: 'Conflict', status: 409 });
    const apply = await failure(
      (res) => {
        sendJson(
          res,
          409,
          status(409, 'Conflict', 'Apply failed with 1 conflict: conflict with "kubectl"', {
            causes: [{ reason: 'FieldManagerConflict', field: '.data.a' }],
          }),
        );
      },
      () => client.apply(OBJECT, { fieldManager: 'vzmc' }),
    );
    expect(apply).toMatchObject({
      reason: 'Conflict',
      causes: [{ reason: 'FieldManagerConflict', field: '.data.a' }],
    });
  });

  it('403 → Forbidden and 400 → BadRequest', async () => {
    expect(
      await failure((res) => {
        sendJson(res, 403, status(403, 'Forbidden', 'configmaps is forbidden'));
      }),
    ).toMatchObject({ reason: 'Forbidden', status: 403 });
    expect(
      await failure((res) => {
        sendJson(res, 400, status(400, 'BadRequest', 'bad'));
      }),
    ).toMatchObject({
      reason: 'BadRequest',
      status: 400,
    });
  });

  it('401 → Unauthorized, after exactly one retry with re-read credentials', async () => {
    const error = await failure((res) => {
      sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    });
    expect(error).toMatchObject({ reason: 'Unauthorized', status: 401 });
    expect(server.requests).toHaveLength(2);
  });

  it('422 → Invalid with the field causes', async () => {
    const error = await failure(
      (res) => {
        sendJson(
          res,
          422,
          status(422, 'Invalid', 'ConfigMap "c" is invalid: metadata.name: Invalid value: "C"', {
            name: 'c',
            kind: 'ConfigMap',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: 'Invalid value: "C": a lowercase RFC 1123 subdomain',
                field: 'metadata.name',
              },
              { reason: 'FieldValueRequired', message: 'Required value', field: 'data' },
            ],
          }),
        );
      },
      () => client.create(OBJECT),
    );
    expect(error.reason).toBe('Invalid');
    expect(error.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "C": a lowercase RFC 1123 subdomain',
        field: 'metadata.name',
      },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'data' },
    ]);
  });

  it('429 → TooManyRequests with Retry-After from the header, else from details, never retried', async () => {
    const fromHeader = await failure((res) => {
      sendJson(res, 429, status(429, 'TooManyRequests', 'too many requests', { retryAfterSeconds: 9 }), {
        'Retry-After': '3',
      });
    });
    expect(fromHeader).toMatchObject({ reason: 'TooManyRequests', status: 429, retryAfterSeconds: 3 });
    expect(server.requests).toHaveLength(1);
    const fromDetails = await failure((res) => {
      sendJson(res, 429, status(429, 'TooManyRequests', 'slow down', { retryAfterSeconds: 2 }));
    });
    expect(fromDetails.retryAfterSeconds).toBe(2);
    expect(server.requests).toHaveLength(1);
  });

  it('500, 502, 503 and 504 → Unavailable, also for a body that is not a Status', async () => {
    for (const code of [500, 503, 504]) {
      const error = await failure((res) => {
        sendJson(res, code, status(code, code === 504 ? 'Timeout' : 'InternalError', `boom ${code}`), {
          'Retry-After': '1',
        });
      });
      expect(error).toMatchObject({
        reason: 'Unavailable',
        status: code,
        message: `boom ${code}`,
        retryAfterSeconds: 1,
      });
    }
    const proxy = await failure((res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    expect(proxy).toMatchObject({
      reason: 'Unavailable',
      status: 502,
      message:
        'the server responded with the status code 502 (Bad Gateway) but did not return more information (<html>Bad Gateway</html>)',
    });
  });

  it('a 404 without a Status (a CRD that is not installed) is NotFound in client-go words', async () => {
    const error = await failure((res) => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
    });
    expect(error).toMatchObject({
      reason: 'NotFound',
      status: 404,
      message: 'the server could not find the requested resource',
    });
  });

  it('a 2xx body that is not JSON is Unknown, not a crash', async () => {
    const error = await failure((res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('not json');
    });
    expect(error.reason).toBe('Unknown');
  });

  it('a missing name is refused before any request', async () => {
    server.requests.length = 0;
    await expect(
      client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: '' }),
    ).rejects.toMatchObject({ reason: 'BadRequest' });
    await expect(
      client.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, { fieldManager: 'x' }),
    ).rejects.toMatchObject({ reason: 'BadRequest' });
    expect(server.requests).toHaveLength(0);
  });

  it('an object without metadata is a BadRequest rejection, never a synchronous TypeError', async () => {
    server.requests.length = 0;
    const bare = { apiVersion: 'v1', kind: 'ConfigMap' } as unknown as typeof OBJECT;
    for (const call of [
      () => client.create(bare),
      () => client.replace(bare),
      () => client.apply(bare, { fieldManager: 'x' }),
      () => client.updateStatus(bare),
    ]) {
      await expect(call()).rejects.toMatchObject({ name: 'ClusterError', reason: 'BadRequest' });
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('error mapping rules', () => {
  it('maps HTTP codes, using the Status reason only where the code does not decide', () => {
    expect(reasonFor(404, undefined)).toBe('NotFound');
    expect(reasonFor(409, undefined)).toBe('Conflict');
    expect(reasonFor(409, { reason: 'AlreadyExists' })).toBe('AlreadyExists');
    expect(reasonFor(405, { reason: 'MethodNotAllowed' })).toBe('BadRequest');
    expect(reasonFor(408, undefined)).toBe('Timeout');
    expect(reasonFor(410, { reason: 'Expired' })).toBe('Expired');
    expect(reasonFor(499, { reason: 'Forbidden' })).toBe('Forbidden');
    expect(reasonFor(507, undefined)).toBe('Unavailable');
  });

  it('reads Retry-After as seconds or as an HTTP date, else from details', () => {
    const now = Date.parse('2026-11-01T00:00:00Z');
    expect(retryAfterSeconds('7', undefined, now)).toBe(7);
    expect(retryAfterSeconds('Sun, 01 Nov 2026 00:00:05 GMT', undefined, now)).toBe(5);
    expect(retryAfterSeconds(undefined, { details: { retryAfterSeconds: 4 } }, now)).toBe(4);
    expect(retryAfterSeconds('garbage', undefined, now)).toBeUndefined();
  });

  it('maps network failures: refused/reset/DNS/TLS → Unavailable, OS timeouts → Timeout, argument errors → Unknown', () => {
    const context = { cluster: 'c', method: 'GET', url: '/x' };
    const of = (code: string) => errorFromNetwork(Object.assign(new Error(code), { code }), context).reason;
    expect(
      [
        'ECONNREFUSED',
        'ECONNRESET',
        'ENOTFOUND',
        'EHOSTUNREACH',
        'DEPTH_ZERO_SELF_SIGNED_CERT',
        'ERR_TLS_CERT_ALTNAME_INVALID',
      ].map(of),
    ).toEqual(Array(6).fill('Unavailable'));
    expect(of('ETIMEDOUT')).toBe('Timeout');
    expect(of('ERR_INVALID_CHAR')).toBe('Unknown');
  });
});
