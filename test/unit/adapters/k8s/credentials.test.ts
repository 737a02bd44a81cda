import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createK8sClusterClient } from '../../../../src/k8s.js';
import { PLUGIN_CREDENTIAL_TTL_MS } from '../../../../src/adapters/k8s/credentials.js';
import { kubeconfig, sendJson, startFakeApiServer, status, type FakeApiServer } from './fake-apiserver.js';

// An exec credential plugin that counts its runs and hands out token exec-<run>.
const PLUGIN = `
const fs = require('node:fs');
const file = process.env.COUNTER_FILE;
let n = 0;
try { n = Number(fs.readFileSync(file, 'utf8')); } catch {}
n += 1;
fs.writeFileSync(file, String(n));
if (process.env.FAIL === '1') { process.stderr.write('plugin: no session, run "oci session authenticate"'); process.exit(1); }
process.stdout.write(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1',
  kind: 'ExecCredential',
  status: { token: 'exec-' + n, expirationTimestamp: process.env.EXPIRES },
}));
`;

describe('exec credential plugins', () => {
  let server: FakeApiServer;
  let dir: string;
  let plugin: string;
  let counter: string;
  let accept: (token: string | undefined) => boolean;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vzmc-exec-'));
    plugin = join(dir, 'plugin.cjs');
    writeFileSync(plugin, PLUGIN);
    server = await startFakeApiServer({
      handler: (req, res) => {
        if (!accept(req.headers.authorization)) {
          sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
          return;
        }
        sendJson(res, 200, { gitVersion: 'v1.34.4' });
      },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  let run = 0;
  function client(options: { expires?: string; fail?: boolean } = {}) {
    counter = join(dir, `count-${++run}`);
    server.requests.length = 0;
    const env = [
      { name: 'COUNTER_FILE', value: counter },
      { name: 'EXPIRES', value: options.expires ?? new Date(Date.now() + 3_600_000).toISOString() },
      { name: 'FAIL', value: options.fail ? '1' : '0' },
    ];
    const user = {
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], env },
    };
    return createK8sClusterClient({
      kubeconfig: { yaml: kubeconfig({ server: server.url, user }) },
      name: 'exec',
    });
  }
  const runs = () => Number(readFileSync(counter, 'utf8'));

  it('runs the plugin once for many concurrent and sequential requests while its credential is valid', async () => {
    accept = () => true;
    const c = client();
    await Promise.all(Array.from({ length: 30 }, () => c.serverVersion()));
    for (let i = 0; i < 10; i++) await c.serverVersion();
    expect(runs()).toBe(1);
    expect(new Set(server.requests.map((r) => r.headers.authorization))).toEqual(new Set(['Bearer exec-1']));
    c.close();
  });

  it('on 401 runs the plugin again (even before the credential claims to expire) and retries once', async () => {
    accept = (token) => token === 'Bearer exec-2';
    const c = client();
    expect(await c.serverVersion()).toBe('v1.34.4');
    expect(runs()).toBe(2);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer exec-1', 'Bearer exec-2']);
    c.close();
  });

  it('gets a new credential once the old one has expired', async () => {
    accept = () => true;
    const c = client({ expires: new Date(Date.now() + 5_000).toISOString() });
    await c.serverVersion();
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + PLUGIN_CREDENTIAL_TTL_MS + 1_000);
    await c.serverVersion();
    expect(runs()).toBe(2);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer exec-1', 'Bearer exec-2']);
    c.close();
  });

  it('a failing plugin is Unauthorized with its message, and nothing is sent', async () => {
    accept = () => true;
    const c = client({ fail: true });
    await expect(c.serverVersion()).rejects.toMatchObject({
      name: 'ClusterError',
      reason: 'Unauthorized',
      message: expect.stringContaining('oci session authenticate'),
    });
    expect(server.requests).toHaveLength(0);
    c.close();
  });
});
