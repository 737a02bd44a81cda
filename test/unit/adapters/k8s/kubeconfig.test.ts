import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { agentKubeconfig } from '../../../../src/index.js';
import { createK8sClusterClient, kubeconfigFromAgentSecret } from '../../../../src/k8s.js';
import { kubeconfig, sendJson, startFakeApiServer, testCert, type FakeApiServer } from './fake-apiserver.js';

const VERSION = (name: string) => (_req: unknown, res: Parameters<FakeApiServer['handler']>[1]) => {
  sendJson(res, 200, { gitVersion: name });
};

describe('kubeconfig sources and context selection', () => {
  let a: FakeApiServer;
  let b: FakeApiServer;
  let dir: string;

  beforeAll(async () => {
    a = await startFakeApiServer({ handler: VERSION('a') });
    b = await startFakeApiServer({ handler: VERSION('b') });
    dir = mkdtempSync(join(tmpdir(), 'vzmc-kubeconfig-'));
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const twoContexts = () =>
    kubeconfig({
      server: a.url,
      contextName: 'admin',
      token: 'admin-token',
      extra: [{ name: 'managed1', server: b.url, token: 'm1-token', namespace: 'team' }],
    });

  it('reads a file, resolving a relative certificate-authority path against its directory', async () => {
    mkdirSync(join(dir, 'certs'), { recursive: true });
    writeFileSync(join(dir, 'certs', 'ca.crt'), testCert().cert);
    const config = JSON.parse(kubeconfig({ server: a.url, ca: null })) as {
      clusters: { cluster: Record<string, unknown> }[];
    };
    config.clusters[0]!.cluster['certificate-authority'] = 'certs/ca.crt';
    const file = join(dir, 'config');
    writeFileSync(file, JSON.stringify(config));
    const client = createK8sClusterClient({ kubeconfig: { file } });
    expect(await client.serverVersion()).toBe('a');
    expect(client.name).toBe('fake');
    client.close();
  });

  it('reads a YAML string and selects the current context, or the one asked for', async () => {
    const current = createK8sClusterClient({ kubeconfig: { yaml: twoContexts() } });
    const managed = createK8sClusterClient({
      kubeconfig: { yaml: twoContexts() },
      context: 'managed1',
      name: 'm1',
    });
    expect(await current.serverVersion()).toBe('a');
    expect(await managed.serverVersion()).toBe('b');
    expect(a.requests.at(-1)!.headers.authorization).toBe('Bearer admin-token');
    expect(b.requests.at(-1)!.headers.authorization).toBe('Bearer m1-token');
    expect(managed.name).toBe('m1');
    // The managed1 context's namespace is the default for namespaced objects.
    b.handler = (_req, res) => {
      sendJson(res, 200, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    };
    await managed.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'x' });
    expect(b.requests.at(-1)!.url).toBe('/api/v1/namespaces/team/configmaps/x');
    b.handler = VERSION('b');
    current.close();
    managed.close();
  });

  it("uses a caller's KubeConfig without switching its current context", async () => {
    const kc = new KubeConfig();
    kc.loadFromString(twoContexts());
    const client = createK8sClusterClient({ kubeconfig: { kubeConfig: kc }, context: 'managed1' });
    expect(await client.serverVersion()).toBe('b');
    expect(kc.getCurrentContext()).toBe('admin');
    client.close();
  });

  it('rejects an unknown context, a missing file and an empty kubeconfig as BadRequest when created', () => {
    expect(() => createK8sClusterClient({ kubeconfig: { yaml: twoContexts() }, context: 'nope' })).toThrow(
      expect.objectContaining({
        name: 'ClusterError',
        reason: 'BadRequest',
        message: 'kubeconfig: context "nope" not found (known: admin, managed1)',
      }),
    );
    expect(() => createK8sClusterClient({ kubeconfig: { file: join(dir, 'missing') } })).toThrow(
      expect.objectContaining({ reason: 'BadRequest' }),
    );
    expect(() => createK8sClusterClient({ kubeconfig: { yaml: '{}' } })).toThrow(
      expect.objectContaining({ reason: 'BadRequest' }),
    );
  });

  it('issue 13 item 3: a kubeconfig that is not YAML fails naming the line, never quoting its token, password or tag', () => {
    const broken = [
      'users:\n- name: u\n  user:\n    token: SECRET-TOKEN\n   password: SECRET-PASSWORD\n',
      'users:\n- name: u\n  user: {token: "SECRET-TOKEN}\n',
      'users: !SECRET-TAG x\n',
    ];
    for (const yaml of broken) {
      const file = join(dir, 'broken');
      writeFileSync(file, yaml);
      for (const source of [{ yaml }, { file }]) {
        let message = '';
        try {
          createK8sClusterClient({ kubeconfig: source });
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message).toMatch(/^kubeconfig: invalid YAML: .* at line \d+, column \d+$/);
        expect(message).not.toContain('SECRET');
      }
    }
  });

  it('refuses an http:// server unless the kubeconfig sets insecure-skip-tls-verify', async () => {
    const plain = await startFakeApiServer({ plain: true, handler: VERSION('plain') });
    expect(() =>
      createK8sClusterClient({ kubeconfig: { yaml: kubeconfig({ server: plain.url, ca: null }) } }),
    ).toThrow(
      expect.objectContaining({
        reason: 'BadRequest',
        message: expect.stringContaining('insecure-skip-tls-verify'),
      }),
    );
    const insecure = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: plain.url, ca: null, insecure: true }) },
    });
    expect(await insecure.serverVersion()).toBe('plain');
    insecure.close();
    await plain.close();
  });

  it('issue 13 item 4: a kubeconfig that weakens TLS gets one loud warning per client, naming context, cluster and server, never the token', () => {
    const warnings: string[] = [];
    const onInsecureTls = (w: string) => warnings.push(w);
    const token = 'TOKEN-THAT-MUST-NOT-LEAK';
    const insecure = kubeconfig({ server: a.url, token, insecure: true, contextName: 'shaky' });
    createK8sClusterClient({ kubeconfig: { yaml: insecure }, onInsecureTls }).close();
    expect(warnings).toEqual([
      `WARNING: TLS verification is OFF for context "shaky" (cluster "shaky", server ${a.url}): the kubeconfig sets insecure-skip-tls-verify, so anyone on the path can impersonate the server and take the credentials`,
    ]);
    createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: a.url, token, ca: null }) },
      onInsecureTls,
    }).close();
    expect(warnings[1]).toBe(
      `WARNING: context "fake" (cluster "fake", server ${a.url}) has no certificate-authority: the server is trusted by the system's CAs alone`,
    );
    createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: a.url, token }) },
      onInsecureTls,
    }).close();
    expect(warnings).toHaveLength(2);
    expect(warnings.join('')).not.toContain(token);
  });

  it('keeps TLS verification on: a server the kubeconfig does not trust is Unavailable, even with NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    const untrusted = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: a.url, ca: testCert('other').cert }) },
    });
    await expect(untrusted.serverVersion()).rejects.toMatchObject({
      reason: 'Unavailable',
      message: expect.stringContaining('unable to connect'),
    });
    untrusted.close();
    const skip = createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: a.url, ca: null, insecure: true }) },
    });
    expect(await skip.serverVersion()).toBe('a');
    skip.close();
  });

  it('authenticates with a client certificate', async () => {
    const clientCert = testCert('client', '/CN=vzmc-client');
    const mtls = await startFakeApiServer({ clientCa: clientCert.cert, handler: VERSION('mtls') });
    const yaml = kubeconfig({
      server: mtls.url,
      user: {
        'client-certificate-data': Buffer.from(clientCert.cert).toString('base64'),
        'client-key-data': Buffer.from(clientCert.key).toString('base64'),
      },
    });
    const client = createK8sClusterClient({ kubeconfig: { yaml } });
    expect(await client.serverVersion()).toBe('mtls');
    expect(mtls.requests[0]!.headers.authorization).toBeUndefined();
    client.close();
    const anonymous = createK8sClusterClient({ kubeconfig: { yaml: kubeconfig({ server: mtls.url }) } });
    await expect(anonymous.serverVersion()).rejects.toMatchObject({ reason: 'Unavailable' });
    anonymous.close();
    await mtls.close();
  });

  it('loads in-cluster config from the service account mount and KUBERNETES_SERVICE_*', async () => {
    const root = join(dir, 'pod');
    const sa = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), 'sa-token');
    writeFileSync(join(sa, 'ca.crt'), testCert().cert);
    writeFileSync(join(sa, 'namespace'), 'verrazzano-system');
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '127.0.0.1');
    vi.stubEnv('KUBERNETES_SERVICE_PORT', String(a.port));
    const client = createK8sClusterClient({ kubeconfig: { inCluster: true, pathPrefix: root } });
    expect(await client.serverVersion()).toBe('a');
    expect(a.requests.at(-1)!.headers.authorization).toBe('Bearer sa-token');
    a.handler = (_req, res) => {
      sendJson(res, 200, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } });
    };
    await client.get({ apiVersion: 'v1', kind: 'Secret', name: 'verrazzano-cluster-agent' });
    expect(a.requests.at(-1)!.url).toBe(
      '/api/v1/namespaces/verrazzano-system/secrets/verrazzano-cluster-agent',
    );
    a.handler = VERSION('a');
    client.close();
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '');
    expect(() => createK8sClusterClient({ kubeconfig: { inCluster: true, pathPrefix: root } })).toThrow(
      expect.objectContaining({ reason: 'BadRequest' }),
    );
  });

  it('validates its numeric options', () => {
    const yaml = twoContexts();
    expect(() => createK8sClusterClient({ kubeconfig: { yaml }, maxConcurrency: 0 })).toThrow(
      expect.objectContaining({ reason: 'BadRequest' }),
    );
    expect(() => createK8sClusterClient({ kubeconfig: { yaml }, timeoutMs: -1 })).toThrow(
      expect.objectContaining({ reason: 'BadRequest' }),
    );
  });
});

describe('kubeconfigFromAgentSecret', () => {
  it("decodes the agent Secret's base64 admin-kubeconfig, preferring stringData, and keeps only its server, CA and token", () => {
    const yaml = kubeconfig({ server: 'https://admin.example:6443', token: 'tok' });
    const expected = agentKubeconfig({
      server: 'https://admin.example:6443',
      caData: Buffer.from(testCert().cert).toString('base64'),
      token: 'tok',
    });
    expect(
      kubeconfigFromAgentSecret({
        data: { 'admin-kubeconfig': Buffer.from(yaml).toString('base64'), 'managed-cluster-name': 'bTE=' },
      }),
    ).toEqual({ yaml: expected });
    const plain = agentKubeconfig({ server: 'https://plain:6443', caData: '', token: 'p' });
    expect(
      kubeconfigFromAgentSecret({
        stringData: { 'admin-kubeconfig': plain },
        data: { 'admin-kubeconfig': Buffer.from(yaml).toString('base64') },
      }),
    ).toEqual({ yaml: plain });
  });

  it('treats the stored kubeconfig as data: an exec plugin is refused with its field path, never run, and no value leaks', () => {
    const marker = join(tmpdir(), `vzmc-exec-ran-${process.pid}`);
    const yaml = kubeconfig({
      server: 'https://admin.example:6443',
      user: {
        token: 'secret-token-value',
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'touch', args: [marker] },
      },
    });
    const read = () =>
      kubeconfigFromAgentSecret({
        metadata: { name: 'verrazzano-cluster-agent', namespace: 'verrazzano-system' },
        data: { 'admin-kubeconfig': Buffer.from(yaml).toString('base64') },
      });
    expect(read).toThrow(
      expect.objectContaining({
        reason: 'Invalid',
        message: expect.stringContaining('users[fake].user.exec') as unknown,
      }),
    );
    const message = (() => {
      try {
        read();
        return '';
      } catch (error) {
        return JSON.stringify(error) + String(error);
      }
    })();
    expect(message).not.toContain('secret-token-value');
    expect(message).not.toContain(marker);
    expect(existsSync(marker)).toBe(false);
  });

  it("fails as Verrazzano's agent does when the field is missing or not base64", () => {
    expect(() =>
      kubeconfigFromAgentSecret({
        metadata: { name: 'verrazzano-cluster-agent', namespace: 'verrazzano-system' },
        data: {},
      }),
    ).toThrow(
      expect.objectContaining({
        reason: 'Invalid',
        message:
          'the secret named verrazzano-cluster-agent in namespace verrazzano-system is missing the required field admin-kubeconfig',
      }),
    );
    expect(() => kubeconfigFromAgentSecret({ data: { 'admin-kubeconfig': 'not base64!' } })).toThrow(
      expect.objectContaining({ reason: 'Invalid' }),
    );
  });
});
