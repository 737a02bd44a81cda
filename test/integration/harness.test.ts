/**
 * The real-cluster harness itself: the clusters globalSetup started (admin, managed1, managed2)
 * are ready, authenticate with TLS verification on, are isolated from one another, survive a
 * restart of one of them, and leave no process behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { describe, expect, inject, it } from 'vitest';
import {
  connectTestClusters,
  ensureControlPlaneBinaries,
  startTestClusters,
  stopTestClusters,
  type TestClusterInfo,
} from '../../src/testing/harness/index.js';
import { readPidFiles } from '../../src/testing/harness/pid-files.js';
import { isProcessAlive, readProcessIdentity } from '../../src/testing/harness/proc.js';
import { probe } from '../../src/testing/harness/probe.js';

const info = inject('vzmcTestClusters');
const byName = (name: string): TestClusterInfo => info.clusters.find((c) => c.name === name)!;
const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

/** A request with the cluster's CA as the only trust anchor and its admin token. */
function api(
  cluster: TestClusterInfo,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
) {
  return probe(`${cluster.server}${path}`, {
    caPem: cluster.caPem,
    token: init.token ?? cluster.token,
    ...(init.method !== undefined ? { method: init.method } : {}),
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

function coreApi(kubeconfig: { fromFile?: string; fromString?: string }): CoreV1Api {
  const kc = new KubeConfig();
  if (kubeconfig.fromFile !== undefined) kc.loadFromFile(kubeconfig.fromFile);
  else kc.loadFromString(kubeconfig.fromString!);
  return kc.makeApiClient(CoreV1Api);
}

describe('test clusters from globalSetup', () => {
  it('starts admin, managed1 and managed2, each ready with its default and kube-system namespaces', async () => {
    expect(info.clusters.map((c) => c.name)).toEqual(['admin', 'managed1', 'managed2']);
    expect(new Set(info.clusters.map((c) => c.server)).size).toBe(3);
    for (const cluster of info.clusters) {
      expect(cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect((await api(cluster, '/readyz')).status).toBe(200);
      expect((await api(cluster, '/api/v1/namespaces/default')).status).toBe(200);
      expect((await api(cluster, '/api/v1/namespaces/kube-system')).status).toBe(200);
      expect(JSON.parse((await api(cluster, '/version')).body).gitVersion).toBe('v1.34.4');
    }
  });

  it('writes kubeconfigs that authenticate through @kubernetes/client-node with TLS verification on', async () => {
    for (const cluster of info.clusters) {
      const kc = new KubeConfig();
      kc.loadFromFile(cluster.kubeconfigPath);
      expect(kc.getCurrentCluster()?.skipTLSVerify).toBeFalsy();
      const namespaces = await kc.makeApiClient(CoreV1Api).listNamespace();
      expect(namespaces.items.map((ns) => ns.metadata?.name)).toEqual(
        expect.arrayContaining(['default', 'kube-system']),
      );
    }
  });

  it("really verifies TLS: a client trusting another cluster's CA is refused", async () => {
    const admin = byName('admin');
    const error = await probe(`${admin.server}/readyz`, {
      caPem: byName('managed1').caPem,
      token: admin.token,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as NodeJS.ErrnoException).code).toMatch(/CERT|SIGNATURE|UNABLE_TO_VERIFY/);
  });

  it("keeps clusters isolated: one cluster's namespace and token mean nothing on another", async () => {
    const name = unique('isolation');
    const created = await api(byName('admin'), '/api/v1/namespaces', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    });
    expect(created.status).toBe(201);
    expect((await api(byName('admin'), `/api/v1/namespaces/${name}`)).status).toBe(200);
    expect((await api(byName('managed1'), `/api/v1/namespaces/${name}`)).status).toBe(404);
    expect((await api(byName('managed2'), `/api/v1/namespaces/${name}`)).status).toBe(404);
    expect(
      (await api(byName('managed1'), '/api/v1/namespaces', { token: byName('admin').token })).status,
    ).toBe(401);
  });

  it('kubeconfigFor acts as another identity, such as a ServiceAccount with a TokenRequest token', async () => {
    const admin = byName('admin');
    const namespace = unique('sa');
    expect(
      (await api(admin, '/api/v1/namespaces', { method: 'POST', body: { metadata: { name: namespace } } }))
        .status,
    ).toBe(201);
    expect(
      (
        await api(admin, `/api/v1/namespaces/${namespace}/serviceaccounts`, {
          method: 'POST',
          body: { metadata: { name: 'agent' } },
        })
      ).status,
    ).toBe(201);
    const tokenRequest = await api(admin, `/api/v1/namespaces/${namespace}/serviceaccounts/agent/token`, {
      method: 'POST',
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 600 },
      },
    });
    expect(tokenRequest.status).toBe(201);
    const token = JSON.parse(tokenRequest.body).status.token as string;

    const clusters = await connectTestClusters(info.stateDir);
    const asAgent = coreApi({ fromString: clusters.kubeconfigFor('admin', token) });
    // RBAC is on and nothing grants the ServiceAccount anything.
    const denied = await asAgent.listNamespace().catch((e: unknown) => e);
    expect((denied as { code?: number }).code).toBe(403);
    const review = await api(admin, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      method: 'POST',
      token,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(JSON.parse(review.body).status.userInfo.username).toBe(`system:serviceaccount:${namespace}:agent`);
  });

  it('stops and restarts one API server while the others keep serving; its kubeconfig and data survive', async () => {
    const clusters = await connectTestClusters(info.stateDir);
    const managed2 = byName('managed2');
    const name = unique('persisted');
    expect(
      (await api(managed2, '/api/v1/namespaces', { method: 'POST', body: { metadata: { name } } })).status,
    ).toBe(201);
    const oldPid = clusters.cluster('managed2').pid;
    expect(oldPid).toBeTypeOf('number');

    await clusters.stopCluster('managed2');
    expect(clusters.cluster('managed2').pid).toBeUndefined();
    expect(isProcessAlive(oldPid!)).toBe(false);
    await expect(api(managed2, '/readyz')).rejects.toThrow(/ECONNREFUSED/);
    expect((await api(byName('admin'), '/readyz')).status).toBe(200);
    expect((await api(byName('managed1'), '/readyz')).status).toBe(200);

    await clusters.startCluster('managed2');
    const restarted = clusters.cluster('managed2');
    expect(restarted.pid).toBeTypeOf('number');
    expect(restarted.pid).not.toBe(oldPid);
    expect(restarted.startMs).toBeGreaterThan(0);
    // The kubeconfig written at the first start still works: same port, CA and token.
    const namespace = await coreApi({ fromFile: managed2.kubeconfigPath }).readNamespace({ name });
    expect(namespace.metadata?.name).toBe(name);
  });

  it('reports a PID, start time and resident memory for etcd and every API server', async () => {
    const stats = (await connectTestClusters(info.stateDir)).stats();
    for (const process of [stats.etcd, ...stats.clusters]) {
      expect(process.running).toBe(true);
      expect(process.startMs).toBeGreaterThan(0);
      expect(process.rssBytes).toBeGreaterThan(10 * 2 ** 20);
      expect(process.peakRssBytes).toBeGreaterThanOrEqual(process.rssBytes!);
    }
    expect(stats.totalRssBytes).toBeGreaterThan(0);
  });
});

describe('no orphans', () => {
  it('leaves no harness process, PID file or state behind after stop()', async () => {
    const clusters = await startTestClusters({ clusters: ['solo'] });
    const stats = clusters.stats();
    const pids = [stats.etcd.pid!, stats.clusters[0]!.pid!];
    expect(pids.every((pid) => isProcessAlive(pid))).toBe(true);
    const binaries = pids.map((pid) => readProcessIdentity(pid)!.argv[0]);

    await clusters.stop();

    for (const [i, pid] of pids.entries()) {
      // Gone, or (only if the kernel reused the PID already) no longer our binary.
      expect(readProcessIdentity(pid)?.argv[0] === binaries[i]).toBe(false);
    }
    expect(existsSync(clusters.stateDir)).toBe(false);
  });

  it('kills etcd and the API servers when the Node process that started them is SIGKILLed', async () => {
    const binaries = await ensureControlPlaneBinaries();
    const stateDir = mkdtempSync(join(tmpdir(), 'vzmc-orphan-test-'));
    const harness = resolve(import.meta.dirname, '../../src/testing/harness/index.ts');
    const script = `
      const { startTestClusters } = await import(${JSON.stringify(harness)});
      const clusters = await startTestClusters({
        clusters: ['orphan'], stateDir: ${JSON.stringify(stateDir)},
        binaries: ${JSON.stringify({ etcd: binaries.etcd, kubeApiserver: binaries.kubeApiserver })},
      });
      const s = clusters.stats();
      console.log(JSON.stringify([s.etcd.pid, s.clusters[0].pid]));
      setInterval(() => {}, 60_000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const pids = await new Promise<number[]>((resolvePids, reject) => {
        const timer = setTimeout(() => {
          reject(new Error('the parent did not report its clusters within 90 s'));
        }, 90_000);
        parent.stdout.once('data', (chunk: Buffer) => {
          clearTimeout(timer);
          resolvePids(JSON.parse(chunk.toString()) as number[]);
        });
        parent.once('exit', (code) => {
          reject(new Error(`the parent exited early (${code})`));
        });
      });
      expect(pids.every((pid) => isProcessAlive(pid))).toBe(true);

      parent.kill('SIGKILL');
      const deadline = Date.now() + 10_000;
      while (pids.some((pid) => isProcessAlive(pid)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));

      expect(pids.filter((pid) => isProcessAlive(pid))).toEqual([]);
      // The PID files survive a SIGKILL; the next run (or `down`) finds nothing left to stop.
      expect(
        readPidFiles(join(stateDir, 'pids'))
          .records.map((r) => r.pid)
          .sort(),
      ).toEqual([...pids].sort());
      const reports = await stopTestClusters(stateDir);
      expect(reports.map((r) => r.outcome)).toEqual(['gone', 'gone']);
    } finally {
      parent.kill('SIGKILL');
      await stopTestClusters(stateDir).catch(() => undefined);
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
