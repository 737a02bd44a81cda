/**
 * The metrics of issue #12 item 4: what one agent iteration, one admin reconcile, one API request
 * and a change of leadership record, in the exposition text Prometheus scrapes.
 */
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/adapters/memory/index.js';
import type { IterationReport } from '../../../src/agent/agent.js';
import type { ActionResult } from '../../../src/agent/execute.js';
import { createMetrics, MetricName } from '../../../src/agent/metrics.js';
import type { SyncPlan } from '../../../src/sync-plan/types.js';

const result = (
  kind: string,
  op: ActionResult['op'],
  outcome: ActionResult['outcome'],
  reason?: string,
): ActionResult => ({
  key: `local:${kind}/ns/x`,
  op,
  kind,
  namespace: 'ns',
  name: 'x',
  outcome,
  ...(reason ? { error: { reason, message: `${reason}: secret data never appears here` } } : {}),
});

const plan = (unknownReasons: string[] = []): SyncPlan => ({
  cluster: 'managed1',
  actions: [],
  unknown: unknownReasons.map((reason) => ({
    side: 'admin',
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: 'todo',
    reason,
    message: 'secrets is forbidden',
  })),
  guard: { deletes: 0, managed: 0, maxDeleteFraction: 0.5, tripped: false },
  deferredStatus: 0,
});

const synced = (results: ActionResult[], unknown: string[] = []): IterationReport => ({
  state: 'synced',
  cluster: 'managed1',
  plan: plan(unknown),
  results,
  reportWritten: true,
  vmcState: 'Active',
  unreadable: [],
});

/** The sample lines (no comments) of one metric family. */
async function samples(metrics: ReturnType<typeof createMetrics>, name: string): Promise<string[]> {
  return (await metrics.render())
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('metrics', () => {
  it('an agent iteration: one pass by outcome, actions by kind, verb and outcome, failed actions and lists as errors by reason', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.recordIteration(
      synced(
        [
          result('ConfigMap', 'create', 'applied'),
          result('ConfigMap', 'create', 'applied'),
          result('Secret', 'update', 'failed', 'Forbidden'),
          result('Deployment', 'delete', 'skipped', 'DependencyFailed'),
          result('MultiClusterSecret', 'status', 'reported'),
        ],
        ['Forbidden', 'Unavailable'],
      ),
      1_250,
    );
    expect(await samples(metrics, MetricName.Iterations)).toEqual([
      'vzmc_iterations_total{outcome="synced"} 1',
      'vzmc_iterations_total{outcome="idle"} 0',
      'vzmc_iterations_total{outcome="failed"} 0',
      'vzmc_iterations_total{outcome="deregistered"} 0',
    ]);
    expect(await samples(metrics, MetricName.Actions)).toEqual([
      'vzmc_actions_total{kind="ConfigMap",verb="create",outcome="applied"} 2',
      'vzmc_actions_total{kind="Secret",verb="update",outcome="failed"} 1',
      'vzmc_actions_total{kind="Deployment",verb="delete",outcome="skipped"} 1',
      'vzmc_actions_total{kind="MultiClusterSecret",verb="status",outcome="reported"} 1',
    ]);
    // A skipped dependent is a consequence, not an error of its own.
    expect(await samples(metrics, MetricName.Errors)).toEqual([
      'vzmc_errors_total{reason="Forbidden"} 2',
      'vzmc_errors_total{reason="Unavailable"} 1',
    ]);
    expect(await samples(metrics, MetricName.LastPassDuration)).toEqual([
      'vzmc_last_pass_duration_seconds 1.25',
    ]);
    expect(await metrics.render()).not.toContain('never appears');
  });

  it('a failed iteration and a failed admin reconcile count as outcome failed with reason IterationFailed; the last pass is the latest', async () => {
    const clock = manualClock('2026-11-27T10:00:00Z');
    const metrics = createMetrics({ processMetrics: false, clock });
    metrics.recordIteration(
      { state: 'failed', cluster: 'managed1', reason: 'the admin cluster is unreachable' },
      30_000,
    );
    clock.advance(60);
    metrics.recordAdminPass({ error: new Error('boom') }, 500);
    clock.advance(60);
    metrics.recordAdminPass({ plan: plan(), results: [result('RoleBinding', 'create', 'applied')] }, 200);
    expect(await samples(metrics, MetricName.Iterations)).toContain(
      'vzmc_iterations_total{outcome="failed"} 2',
    );
    expect(await samples(metrics, MetricName.Iterations)).toContain(
      'vzmc_iterations_total{outcome="synced"} 1',
    );
    expect(await samples(metrics, MetricName.Errors)).toEqual([
      'vzmc_errors_total{reason="IterationFailed"} 2',
    ]);
    expect(await samples(metrics, MetricName.Actions)).toEqual([
      'vzmc_actions_total{kind="RoleBinding",verb="create",outcome="applied"} 1',
    ]);
    expect(await samples(metrics, MetricName.LastPassDuration)).toEqual([
      'vzmc_last_pass_duration_seconds 0.2',
    ]);
    expect(await samples(metrics, MetricName.LastPassTimestamp)).toEqual([
      `vzmc_last_pass_timestamp_seconds ${Date.parse('2026-11-27T10:02:00Z') / 1000}`,
    ]);
  });

  it('counts API requests by server, method and code (the k8s adapter onRequest event, passed unbound), and the leader gauge flips', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const onRequest = metrics.recordRequest;
    onRequest({ cluster: 'admin', method: 'GET', code: '200' });
    onRequest({ cluster: 'admin', method: 'GET', code: '200' });
    onRequest({ cluster: 'admin', method: 'PUT', code: '409' });
    onRequest({ cluster: 'managed1', method: 'GET', code: 'Timeout' });
    expect(await samples(metrics, MetricName.ApiRequests)).toEqual([
      'vzmc_api_requests_total{server="admin",method="GET",code="200"} 2',
      'vzmc_api_requests_total{server="admin",method="PUT",code="409"} 1',
      'vzmc_api_requests_total{server="managed1",method="GET",code="Timeout"} 1',
    ]);
    expect(await samples(metrics, MetricName.Leader)).toEqual(['vzmc_leader 0']);
    metrics.setLeader(true);
    expect(await samples(metrics, MetricName.Leader)).toEqual(['vzmc_leader 1']);
    metrics.setLeader(false);
    expect(await samples(metrics, MetricName.Leader)).toEqual(['vzmc_leader 0']);
  });

  it("each process's metrics live in their own registry: two never share counts, and prom-client's global registry stays empty of them", async () => {
    const one = createMetrics({ processMetrics: false });
    const two = createMetrics({ processMetrics: false });
    one.recordIteration({ state: 'idle', reason: 'not registered' }, 1);
    expect(await samples(one, MetricName.Iterations)).toContain('vzmc_iterations_total{outcome="idle"} 1');
    expect(await samples(two, MetricName.Iterations)).toContain('vzmc_iterations_total{outcome="idle"} 0');
    expect(await globalRegistry.metrics()).not.toContain('vzmc_');
  });

  it('every family has HELP and TYPE, counters end in _total, and process metrics come by default', async () => {
    const text = await createMetrics().render();
    for (const name of Object.values(MetricName)) {
      expect(text).toContain(`# HELP ${name} `);
      expect(text).toMatch(new RegExp(`# TYPE ${name} (counter|gauge)\\n`));
      if (text.includes(`# TYPE ${name} counter`)) expect(name).toMatch(/_total$/);
    }
    expect(text).toContain('# TYPE process_cpu_seconds_total counter');
    // promtool's lint: only counters end in _total (prom-client's nodejs_active_*_total gauges are dropped).
    const misnamed = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].filter(
      ([, name, type]) => type !== 'counter' && name!.endsWith('_total'),
    );
    expect(misnamed.map(([line]) => line)).toEqual([]);
    expect(text).toContain('# TYPE nodejs_active_handles gauge');
    expect(await createMetrics({ processMetrics: false }).render()).not.toContain(
      'process_cpu_seconds_total',
    );
  });
});
