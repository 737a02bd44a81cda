/**
 * In a Pod (`vzmc admin`, `vzmc sync` without --kubeconfig), the service-account token is a
 * projected file the kubelet rotates. As client-go does, the client re-reads it: at the latest a
 * minute after it changed, and at once when the server answers 401 to the old one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createK8sClusterClient } from '../../../../src/k8s.js';
import { sendJson, startFakeApiServer, status, testCert, type FakeApiServer } from './fake-apiserver.js';

describe('in-cluster config with a rotated service-account token', () => {
  let server: FakeApiServer;
  let dir: string;
  let tokenFile: string;
  let accepted = new Set<string>();

  beforeAll(async () => {
    server = await startFakeApiServer({
      handler: (req, res) => {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        if (accepted.has(token)) sendJson(res, 200, { gitVersion: token });
        else sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'vzmc-in-cluster-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.useRealTimers();
  });

  function pod(name: string): string {
    const root = join(dir, name);
    const sa = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(sa, { recursive: true });
    tokenFile = join(sa, 'token');
    writeFileSync(tokenFile, 'token-1');
    writeFileSync(join(sa, 'ca.crt'), testCert().cert);
    writeFileSync(join(sa, 'namespace'), 'verrazzano-mc');
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '127.0.0.1');
    vi.stubEnv('KUBERNETES_SERVICE_PORT', String(server.port));
    return root;
  }

  it('a token the server now rejects (401) is re-read from the file and the request succeeds', async () => {
    const client = createK8sClusterClient({ kubeconfig: { inCluster: true, pathPrefix: pod('revoked') } });
    accepted = new Set(['token-1']);
    expect(await client.serverVersion()).toBe('token-1');
    writeFileSync(tokenFile, 'token-2');
    accepted = new Set(['token-2']);
    expect(await client.serverVersion()).toBe('token-2');
    client.close();
  });

  it('a rotated token is sent within a minute even while the old one is still accepted', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const client = createK8sClusterClient({ kubeconfig: { inCluster: true, pathPrefix: pod('rotated') } });
    accepted = new Set(['token-1', 'token-2']);
    expect(await client.serverVersion()).toBe('token-1');
    writeFileSync(tokenFile, 'token-2');
    vi.setSystemTime(Date.now() + 61_000);
    expect(await client.serverVersion()).toBe('token-2');
    client.close();
  });
});
