/**
 * The Kubernetes adapter's wire protocol against a real kube-apiserver (the harness's admin): it
 * negotiates HTTP/2 by ALPN, as client-go does, multiplexes concurrent requests on it, and speaks
 * HTTP/1.1 when told to. The unit suites prove the protocol logic on a loopback server; this proves
 * the real server takes the HTTP/2 path, which a silent fallback to HTTP/1.1 would otherwise hide.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CredentialCache } from '../../src/adapters/k8s/credentials.js';
import { deadlineIn } from '../../src/adapters/k8s/deadline.js';
import { selectKubeconfig } from '../../src/adapters/k8s/kubeconfig.js';
import { Transport } from '../../src/adapters/k8s/transport.js';
import { HttpMethod } from '../../src/adapters/k8s/wire.js';
import { connectTestClusters, type TestClustersControl } from '../../src/testing/harness/index.js';

const CLUSTER = 'admin';
let clusters: TestClustersControl;
const transports: Transport[] = [];

function transport(http2: boolean): Transport {
  const admin = clusters.cluster(CLUSTER);
  const selected = selectKubeconfig({ yaml: clusters.kubeconfigFor(CLUSTER, admin.token) }, undefined);
  const made = new Transport({
    clusterName: CLUSTER,
    server: selected.server,
    credentials: new CredentialCache(selected, CLUSTER),
    maxConcurrency: 32,
    connectTimeoutMs: 10_000,
    timeoutMs: 30_000,
    http2,
  });
  transports.push(made);
  return made;
}

const version = (t: Transport) =>
  t.json<{ gitVersion: string }>({ method: HttpMethod.Get, path: '/version' }, deadlineIn(30_000));

beforeAll(async () => {
  const info = inject('vzmcTestClusters');
  if (info === undefined) throw new Error('the integration globalSetup provided no test clusters');
  clusters = await connectTestClusters(info.stateDir);
});
afterAll(() => {
  for (const t of transports) t.close();
});

describe('the Kubernetes adapter on a real kube-apiserver', () => {
  it('speaks HTTP/2 (ALPN h2) by default, 100 concurrent requests on it', async () => {
    const t = transport(true);
    expect(t.protocol).toBeUndefined();
    const answers = await Promise.all(Array.from({ length: 100 }, () => version(t)));
    expect(new Set(answers.map((a) => a.gitVersion)).size).toBe(1);
    expect(answers[0]!.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(t.protocol).toBe('h2');
  });

  it('speaks HTTP/1.1 keep-alive with http2: false', async () => {
    const t = transport(false);
    await version(t);
    expect(t.protocol).toBe('http/1.1');
  });
});
