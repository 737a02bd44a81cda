/**
 * /metrics, /healthz and /readyz as a running process serves them (issue #12 item 4), after real
 * work against the harness's API servers: an admin reconcile (dry run: reads only), an agent
 * iteration on managed1, and a leader election, each over Kubernetes clients that count their
 * requests. The exposition text must pass `promtool check metrics` (Debian's prometheus package);
 * the test fails, never skips, when promtool cannot be had.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAgent } from '../../src/agent/agent.js';
import { syncAdmin } from '../../src/agent/admin.js';
import { createHealth, startHealthServer, type HealthServer } from '../../src/agent/health.js';
import { createLeaderElector } from '../../src/agent/leader.js';
import { createMetrics } from '../../src/agent/metrics.js';
import { createK8sClusterClient, type K8sClusterClient } from '../../src/k8s.js';
import { ensurePromtool } from '../support/promtool.js';

const metrics = createMetrics();
const health = createHealth({ staleAfterMs: 60_000 });
const clients: K8sClusterClient[] = [];
let server: HealthServer;

const client = (name: string) => {
  const cluster = inject('vzmcTestClusters').clusters.find((c) => c.name === name);
  if (cluster === undefined) throw new Error(`the integration globalSetup provided no ${name} cluster`);
  const made = createK8sClusterClient({
    kubeconfig: { file: cluster.kubeconfigPath },
    name,
    onRequest: metrics.recordRequest,
  });
  clients.push(made);
  return made;
};

beforeAll(async () => {
  server = await startHealthServer({ host: '127.0.0.1', port: 0, health, metrics });
});
afterAll(async () => {
  await server.close();
  for (const made of clients) made.close();
});

const get = async (path: string) => {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, body: await response.text() };
};

describe('a process serving its health and metrics after real work', () => {
  it('records an admin reconcile, an agent iteration and a leadership, and /metrics passes promtool check metrics', async () => {
    const promtool = ensurePromtool();
    const admin = client('admin');
    const managed1 = client('managed1');
    expect((await get('/readyz')).status).toBe(503);

    const namespace = `vzmc-metrics-${Date.now().toString(36)}`;
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    const elector = createLeaderElector({
      client: admin,
      namespace,
      name: 'vzmc-admin',
      identity: 'metrics-test',
    });
    const stop = new AbortController();
    const election = elector.run(stop.signal, {
      onStartedLeading: async (leaderSignal) => {
        metrics.setLeader(true);
        health.working();
        let started = performance.now();
        const pass = await syncAdmin(admin, { dryRun: true, signal: leaderSignal });
        metrics.recordAdminPass(pass, performance.now() - started);
        health.passEnded(true);
        started = performance.now();
        const report = await createAgent({ local: managed1, connectAdmin: () => admin }).runOnce(
          leaderSignal,
        );
        metrics.recordIteration(report, performance.now() - started);
        health.passEnded(report.state !== 'failed');
        stop.abort();
      },
      onStoppedLeading: () => {
        metrics.setLeader(false);
      },
    });
    await election;

    expect(await get('/healthz')).toMatchObject({
      status: 200,
      body: expect.stringMatching(/^ok: the last pass ended \d+s ago\n$/),
    });
    expect(await get('/readyz')).toEqual({ status: 200, body: 'ok: a pass succeeded\n' });
    const scraped = await get('/metrics');
    expect(scraped.status).toBe(200);
    const text = scraped.body;
    expect(text).toMatch(/^vzmc_iterations_total\{outcome="synced"\} [1-9]/m);
    expect(text).toMatch(/^vzmc_api_requests_total\{server="admin",method="GET",code="200"\} [1-9]/m);
    expect(text).toMatch(/^vzmc_api_requests_total\{server="admin",method="POST",code="201"\} [1-9]/m); // the Lease
    expect(text).toMatch(
      /^vzmc_api_requests_total\{server="managed1",method="GET",code="(200|404)"\} [1-9]/m,
    );
    expect(text).toMatch(/^vzmc_last_pass_duration_seconds \d/m);
    expect(text).toMatch(/^vzmc_leader 0$/m);

    // promtool exits non-zero (3) on any lint problem and prints it; both must stay clean.
    const check = (input: string) =>
      execFileSync(promtool, ['check', 'metrics'], { input, encoding: 'utf8', stdio: 'pipe' });
    expect(check(text)).toBe('');
    // The check bites: a counter without _total, as prom-client's default gauges had, fails it.
    expect(() => check('# HELP vzmc_x_seconds x\n# TYPE vzmc_x_seconds counter\nvzmc_x_seconds 1\n')).toThrow(
      /counter metrics should have "_total" suffix/,
    );
    await admin.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
  });
});
