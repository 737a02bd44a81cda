import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createK8sClusterClient, type K8sClusterClient } from '../../../../src/k8s.js';
import {
  kubeconfig,
  sendJson,
  startFakeApiServer,
  status,
  PROTOCOLS,
  type FakeApiServer,
  type RecordedRequest,
} from './fake-apiserver.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const echo = (req: RecordedRequest, res: Parameters<FakeApiServer['handler']>[1]): void => {
  sendJson(
    res,
    req.method === 'POST' ? 201 : 200,
    req.json ?? { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
  );
};

describe.each(PROTOCOLS)('request shapes over $name', (protocol) => {
  let server: FakeApiServer;
  let client: K8sClusterClient;

  beforeEach(async () => {
    server = await startFakeApiServer({ handler: echo, http1Only: protocol.http1Only });
    client = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url, namespace: 'ctx-ns' }) },
      name: 'fake',
    });
  });
  afterEach(async () => {
    client.close();
    await server.close();
  });

  it('gets a core namespaced object at /api/v1/namespaces/<ns>/<plural>/<name>, authenticated, with no discovery', async () => {
    server.handler = (_req, res) => {
      sendJson(res, 200, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'a' } });
    };
    const secret = await client.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'a', name: 's' });
    expect(secret.metadata.name).toBe('s');
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/namespaces/a/secrets/s',
    ]);
    const headers = server.requests[0]!.headers;
    expect(headers.authorization).toBe('Bearer test-token');
    expect(headers.accept).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^vzmc /);
  });

  it("gets from the watch cache with resourceVersion=0 when asked (client-go's GetOptions), and the latest otherwise", async () => {
    const key = { apiVersion: 'v1', kind: 'Secret', namespace: 'a', name: 's' };
    await client.get(key, { resourceVersion: '0' });
    await client.get(key);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/namespaces/a/secrets/s?resourceVersion=0',
      'GET /api/v1/namespaces/a/secrets/s',
    ]);
  });

  it('builds group paths for CRD kinds in KINDS and cluster-scoped paths without a namespace', async () => {
    await client.get({
      apiVersion: 'clusters.verrazzano.io/v1alpha1',
      kind: 'VerrazzanoManagedCluster',
      namespace: 'verrazzano-mc',
      name: 'm1',
    });
    await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'demo' });
    await client.get({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      namespace: 'ignored',
      name: 'r',
    });
    await client.get({ apiVersion: 'core.oam.dev/v1alpha2', kind: 'Component', namespace: 'n', name: 'c' });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/apis/clusters.verrazzano.io/v1alpha1/namespaces/verrazzano-mc/verrazzanomanagedclusters/m1',
      '/api/v1/namespaces/demo',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/r',
      '/apis/core.oam.dev/v1alpha2/namespaces/n/components/c',
    ]);
  });

  it("uses the context's namespace for a namespaced object that names none, and escapes path segments", async () => {
    await client.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'a/../b' });
    expect(server.requests[0]!.url).toBe('/api/v1/namespaces/ctx-ns/configmaps/a%2F..%2Fb');
  });

  it('creates with POST to the collection, fieldManager (default vzmc) and dryRun=All, sending the object as JSON', async () => {
    const object = deepFreeze({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'n' },
      data: { a: '1' },
    });
    const created = await client.create(object);
    await client.create(object, { dryRun: true, fieldManager: 'mine' });
    const [first, second] = server.requests;
    expect(first!.method).toBe('POST');
    expect(first!.pathname).toBe('/api/v1/namespaces/n/configmaps');
    expect(Object.fromEntries(first!.query)).toEqual({ fieldManager: 'vzmc' });
    expect(first!.headers['content-type']).toBe('application/json');
    expect(first!.json).toEqual(object);
    expect(Object.fromEntries(second!.query)).toEqual({ fieldManager: 'mine', dryRun: 'All' });
    expect(created).toEqual(object);
  });

  it('replaces with PUT to the object path, keeping resourceVersion in the body', async () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'n', resourceVersion: '42' },
    };
    await client.replace(object);
    const request = server.requests[0]!;
    expect(`${request.method} ${request.pathname}`).toBe('PUT /api/v1/namespaces/n/configmaps/c');
    expect((request.json as typeof object).metadata.resourceVersion).toBe('42');
  });

  it('applies with PATCH application/apply-patch+yaml, fieldManager, force and dryRun, without managedFields or resourceVersion', async () => {
    const object = deepFreeze({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'c',
        namespace: 'n',
        resourceVersion: '9',
        managedFields: [{ manager: 'x' }],
        labels: { a: 'b' },
      },
      data: { k: 'v' },
    });
    await client.apply(object, { fieldManager: 'vzmc-sync', force: true, dryRun: true });
    await client.apply(object, { fieldManager: 'vzmc-sync' });
    await client.apply(object, { fieldManager: 'vzmc-sync', resourceVersionPrecondition: true });
    const [forced, plain, precondition] = server.requests;
    expect(`${forced!.method} ${forced!.pathname}`).toBe('PATCH /api/v1/namespaces/n/configmaps/c');
    expect(forced!.headers['content-type']).toBe('application/apply-patch+yaml');
    expect(Object.fromEntries(forced!.query)).toEqual({
      fieldManager: 'vzmc-sync',
      force: 'true',
      dryRun: 'All',
    });
    expect(forced!.json).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'n', labels: { a: 'b' } },
      data: { k: 'v' },
    });
    // One member per line: the API server's YAML scanner reads that with less CPU and garbage
    // than the same JSON on one line (docs/performance.md, server-side apply).
    expect(forced!.body).toBe(JSON.stringify(forced!.json, null, 1));
    expect(Object.fromEntries(plain!.query)).toEqual({ fieldManager: 'vzmc-sync' });
    expect((precondition!.json as { metadata: Record<string, unknown> }).metadata).toEqual({
      name: 'c',
      namespace: 'n',
      labels: { a: 'b' },
      resourceVersion: '9',
    });
  });

  it('deletes with DeleteOptions carrying preconditions, propagationPolicy and dryRun', async () => {
    server.handler = (_req, res) => {
      sendJson(res, 200, { kind: 'Status', status: 'Success' });
    };
    await client.delete(
      { apiVersion: 'v1', kind: 'Secret', namespace: 'n', name: 's' },
      { preconditions: { uid: 'u1', resourceVersion: '5' }, propagationPolicy: 'Foreground', dryRun: true },
    );
    await client.delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'n', name: 't' });
    const [full, bare] = server.requests;
    expect(`${full!.method} ${full!.url}`).toBe('DELETE /api/v1/namespaces/n/secrets/s');
    expect(full!.json).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      preconditions: { uid: 'u1', resourceVersion: '5' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
    expect(bare!.json).toEqual({ apiVersion: 'v1', kind: 'DeleteOptions' });
  });

  it('updates status with PUT …/status', async () => {
    const vp = {
      apiVersion: 'clusters.verrazzano.io/v1alpha1',
      kind: 'VerrazzanoProject',
      metadata: { name: 'p', namespace: 'verrazzano-mc', resourceVersion: '3' },
      status: { state: 'Succeeded' },
    };
    await client.updateStatus(vp, { fieldManager: 'vzmc-status' });
    const request = server.requests[0]!;
    expect(`${request.method} ${request.pathname}`).toBe(
      'PUT /apis/clusters.verrazzano.io/v1alpha1/namespaces/verrazzano-mc/verrazzanoprojects/p/status',
    );
    expect(Object.fromEntries(request.query)).toEqual({ fieldManager: 'vzmc-status' });
    expect(request.json).toEqual(vp);
  });

  it('lists with labelSelector and limit, follows continue tokens and fills apiVersion/kind on items', async () => {
    server.handler = (req, res) => {
      const token = req.query.get('continue');
      const page = token === null ? 1 : Number(token);
      sendJson(res, 200, {
        apiVersion: 'v1',
        kind: 'ConfigMapList',
        metadata: { resourceVersion: '100', ...(page < 3 ? { continue: String(page + 1) } : {}) },
        items: [{ metadata: { name: `cm${page}`, namespace: 'n' } }],
      });
    };
    const list = await client.list('v1', 'ConfigMap', { namespace: 'n', labelSelector: 'app=todo,tier!=db' });
    expect(list.resourceVersion).toBe('100');
    expect(list.items).toEqual(
      [1, 2, 3].map((i) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `cm${i}`, namespace: 'n' },
      })),
    );
    expect(server.requests.map((r) => r.pathname)).toEqual(Array(3).fill('/api/v1/namespaces/n/configmaps'));
    expect(server.requests.map((r) => Object.fromEntries(r.query))).toEqual([
      { labelSelector: 'app=todo,tier!=db', limit: '500' },
      { labelSelector: 'app=todo,tier!=db', limit: '500', continue: '2' },
      { labelSelector: 'app=todo,tier!=db', limit: '500', continue: '3' },
    ]);
  });

  it('lists all namespaces without a namespace, and falls back to one unpaged list when a continue token expires (410)', async () => {
    server.handler = (req, res) => {
      if (req.query.get('continue') === 'stale') {
        sendJson(res, 410, status(410, 'Expired', 'The provided continue parameter is too old'));
        return;
      }
      if (req.query.get('limit') === null) {
        sendJson(res, 200, {
          metadata: { resourceVersion: '7' },
          items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }],
        });
        return;
      }
      sendJson(res, 200, {
        metadata: { resourceVersion: '5', continue: 'stale' },
        items: [{ metadata: { name: 'a' } }],
      });
    };
    const list = await client.list('v1', 'Secret');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v1/secrets?limit=500',
      '/api/v1/secrets?limit=500&continue=stale',
      '/api/v1/secrets',
    ]);
    expect(list.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(list.resourceVersion).toBe('7');
  });

  it('reads the server version from /version', async () => {
    server.handler = (_req, res) => {
      sendJson(res, 200, { major: '1', minor: '34', gitVersion: 'v1.34.4' });
    };
    expect(await client.serverVersion()).toBe('v1.34.4');
    expect(server.requests[0]!.url).toBe('/version');
  });

  it('requests a bound token through the TokenRequest API', async () => {
    server.handler = (req, res) => {
      sendJson(res, 201, {
        ...(req.json as object),
        status: { token: 'jwt', expirationTimestamp: '2030-01-01T00:00:00Z' },
      });
    };
    const token = await client.requestToken('verrazzano-mc', 'verrazzano-cluster-m1', {
      audiences: ['https://kubernetes.default.svc'],
      expirationSeconds: 3600,
    });
    expect(token).toBe('jwt');
    const request = server.requests[0]!;
    expect(`${request.method} ${request.url}`).toBe(
      'POST /api/v1/namespaces/verrazzano-mc/serviceaccounts/verrazzano-cluster-m1/token',
    );
    expect(request.json).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: ['https://kubernetes.default.svc'], expirationSeconds: 3600 },
    });
  });

  it(`reuses one connection for sequential requests, speaking ${protocol.name}`, async () => {
    for (let i = 0; i < 20; i++)
      await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: `c${i}` });
    expect(server.requests).toHaveLength(20);
    expect(server.requests.every((r) => r.httpVersion === protocol.httpVersion)).toBe(true);
    // Against an HTTP/1.1-only server, the first connection only learned that (ALPN) and closed.
    expect(server.connections()).toBe(protocol.http1Only ? 2 : 1);
  });

  it('reads many large responses at once whole (flow control, session memory)', async () => {
    // 64 answers of 1 MiB in flight together: 64 MiB, past HTTP/2's default windows and Node's
    // default session memory cap.
    const big = 'x'.repeat(1024 * 1024);
    server.handler = (req, res) => {
      sendJson(res, 200, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: req.pathname.split('/').at(-1) },
        data: { big },
      });
    };
    const wide = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      maxConcurrency: 64,
    });
    const got = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        wide.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: `c${i}` }),
      ),
    );
    expect(got.map((o) => o.metadata.name)).toEqual(Array.from({ length: 64 }, (_, i) => `c${i}`));
    expect(got.every((o) => (o['data'] as { big: string }).big.length === big.length)).toBe(true);
    wide.close();
    // 64 MiB through one client: a ceiling for a loaded 2-core machine, not a performance target.
  }, 60_000);

  it('speaks HTTP/1.1 keep-alive only when told to (http2: false)', async () => {
    const http1 = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      http2: false,
    });
    for (let i = 0; i < 5; i++)
      await http1.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: `c${i}` });
    expect(server.requests.map((r) => r.httpVersion)).toEqual(Array(5).fill('1.1'));
    expect(server.connections()).toBe(1);
    http1.close();
  });

  it('passes Warning headers to onWarning', async () => {
    const warnings: string[] = [];
    const warned = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      onWarning: (w) => warnings.push(w),
    });
    server.handler = (_req, res) => {
      sendJson(
        res,
        200,
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
        {
          Warning:
            '299 - "clusters.verrazzano.io/v1alpha1 MultiClusterComponent is deprecated, \\"really\\""',
        },
      );
    };
    await warned.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: 'c' });
    expect(warnings).toEqual([
      'clusters.verrazzano.io/v1alpha1 MultiClusterComponent is deprecated, "really"',
    ]);
    warned.close();
  });

  it('tells onRequest of each exchange: the method and status code, and a throwing hook fails no request', async () => {
    const events: unknown[] = [];
    const counted = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url }) },
      name: 'counted',
      onRequest: (event) => {
        events.push(event);
        throw new Error('a broken metrics hook');
      },
    });
    server.handler = (req, res) => {
      if (req.method === 'PUT') sendJson(res, 409, status(409, 'Conflict', 'the object has been modified'));
      else sendJson(res, 200, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    };
    const live = await counted.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'n', name: 'c' });
    await expect(
      counted.replace({ ...live, metadata: { ...live.metadata, namespace: 'n' } }),
    ).rejects.toMatchObject({
      reason: 'Conflict',
    });
    expect(events).toEqual([
      { cluster: 'counted', method: 'GET', code: '200' },
      { cluster: 'counted', method: 'PUT', code: '409' },
    ]);
    counted.close();
  });
});

describe('discovery for kinds outside KINDS', () => {
  let server: FakeApiServer;
  let client: K8sClusterClient;
  let served: { name: string; kind: string; namespaced: boolean }[];

  beforeEach(async () => {
    served = [{ name: 'widgets', kind: 'Widget', namespaced: true }];
    server = await startFakeApiServer({
      handler: (req, res) => {
        if (req.pathname === '/apis/example.com/v1') {
          sendJson(res, 200, {
            kind: 'APIResourceList',
            groupVersion: 'example.com/v1',
            resources: served,
          });
          return;
        }
        if (req.pathname === '/apis/missing.io/v1') {
          sendJson(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
          return;
        }
        if (req.pathname === '/api/v1') {
          sendJson(res, 200, {
            resources: [
              { name: 'pods', kind: 'Pod', namespaced: true },
              { name: 'pods/status', kind: 'Pod', namespaced: true },
            ],
          });
          return;
        }
        sendJson(res, 200, { metadata: { name: 'w' } });
      },
    });
    client = createK8sClusterClient({ kubeconfig: { yaml: kubeconfig({ server: server.url }) } });
  });
  afterEach(async () => {
    client.close();
    await server.close();
  });

  it('discovers once per apiVersion and caches the answer', async () => {
    await client.get({ apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'n', name: 'w' });
    await client.get({ apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'n', name: 'w' });
    const pod = await client.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'n', name: 'p' });
    expect(pod.kind).toBe('Pod');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/apis/example.com/v1',
      '/apis/example.com/v1/namespaces/n/widgets/w',
      '/apis/example.com/v1/namespaces/n/widgets/w',
      '/api/v1',
      '/api/v1/namespaces/n/pods/p',
    ]);
  });

  it('refreshes the cached list once when a kind is missing from it (a CRD installed since)', async () => {
    await client.get({ apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'n', name: 'w' });
    served.push({ name: 'gadgets', kind: 'Gadget', namespaced: false });
    await client.get({ apiVersion: 'example.com/v1', kind: 'Gadget', name: 'g' });
    expect(server.requests.map((r) => r.url).slice(2)).toEqual([
      '/apis/example.com/v1',
      '/apis/example.com/v1/gadgets/g',
    ]);
  });

  it('answers NotFound in kubectl words for a kind or group the server does not serve', async () => {
    await expect(
      client.get({ apiVersion: 'example.com/v1', kind: 'Nope', namespace: 'n', name: 'x' }),
    ).rejects.toMatchObject({
      name: 'ClusterError',
      reason: 'NotFound',
      message: 'no matches for kind "Nope" in version "example.com/v1"',
    });
    await expect(client.list('missing.io/v1', 'Thing')).rejects.toMatchObject({ reason: 'NotFound' });
    // One refresh per miss, never a loop.
    expect(server.requests.filter((r) => r.url === '/apis/example.com/v1')).toHaveLength(2);
  });
});
