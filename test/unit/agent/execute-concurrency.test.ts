/**
 * Issue 16 item 1: executePlan runs the independent actions of a stage concurrently, within the
 * clients' bound, never starting a dependent before its dependency finished, keeping the plan's
 * order between kinds (P32, P33), skipping exactly the dependents of a failed action; and item 2:
 * one status write per admin object. Every call goes through a recording client over an
 * in-memory cluster that waits a few ms per call, so calls really overlap.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterClient, KubeObject, SyncAction, SyncPlan } from '../../../src/index.js';
import { ClusterError } from '../../../src/index.js';
import { executePlan, type ActionResult } from '../../../src/agent-entry.js';
import { createMemoryCluster } from '../../../src/memory.js';
import type { LogFields } from '../../../src/agent/logger.js';

interface Event {
  readonly seq: number;
  readonly type: 'start' | 'finish';
  readonly verb: string;
  readonly object: string;
}

/** A client that records each call's start and finish, waits `delayMs(call)` in it, and may fail it. */
function recording(
  inner: ClusterClient,
  options: { maxConcurrency?: number; delayMs?: (n: number) => number; fail?: (object: string) => boolean },
) {
  const events: Event[] = [];
  let seq = 0;
  let inFlight = 0;
  let peak = 0;
  let calls = 0;
  const client = new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'maxConcurrency') return options.maxConcurrency;
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return async (...args: unknown[]) => {
        const first = args[0] as Partial<KubeObject> & { name?: string; kind?: string };
        const other = typeof args[1] === 'string' ? args[1] : '';
        const object = `${first.kind ?? other}/${first.metadata?.name ?? first.name ?? other}`;
        inFlight++;
        peak = Math.max(peak, inFlight);
        events.push({ seq: seq++, type: 'start', verb: property, object });
        try {
          await new Promise((r) => setTimeout(r, options.delayMs?.(calls++) ?? 2));
          if (property === 'apply' && options.fail?.(object))
            throw new ClusterError({ reason: 'Invalid', status: 422, message: `${object} is invalid` });
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          inFlight--;
          events.push({ seq: seq++, type: 'finish', verb: property, object });
        }
      };
    },
  });
  return { client, events, peak: () => peak };
}

const configMap = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels: { 'vzmc.dev/managed': 'true' } },
  data: { name },
});

function action(
  op: SyncAction['op'],
  kind: string,
  namespace: string,
  name: string,
  phase: SyncAction['phase'],
  dependsOn: string[] = [],
): SyncAction {
  const body =
    kind === 'Namespace'
      ? ({ apiVersion: 'v1', kind, metadata: { name } } as KubeObject)
      : kind === 'Secret'
        ? ({ apiVersion: 'v1', kind, metadata: { name, namespace }, stringData: { a: 'b' } } as KubeObject)
        : configMap(namespace, name);
  return {
    key: `local:/${kind}/${namespace}/${name}`,
    op,
    target: 'local',
    apiVersion: 'v1',
    kind,
    namespace,
    name,
    phase,
    reason: 'test',
    ruleId: 'P32',
    ...(op === 'delete' ? {} : { body }),
    dependsOn,
  };
}

const nsKey = (ns: string) => `local:/Namespace//${ns}`;
const cmKey = (ns: string, name: string) => `local:/ConfigMap/${ns}/${name}`;

const planOf = (actions: SyncAction[]): SyncPlan => ({
  cluster: 'managed1',
  actions,
  unknown: [],
  guard: { deletes: 0, managed: 0, maxDeleteFraction: 0.5, tripped: false },
  deferredStatus: 0,
});

async function execute(plan: SyncPlan, client: ClusterClient, admin: ClusterClient = client) {
  const lines: string[] = [];
  const results = await executePlan(plan, {
    local: client,
    admin,
    clock: () => new Date('2026-12-01T00:00:00Z'),
    random: () => 0.5,
    sleep: () => Promise.resolve(),
    logger: {
      log: (level: string, message: string, fields?: LogFields) =>
        lines.push(`${level} ${message} ${fields?.['name'] ?? ''}`),
    },
  });
  return { results, lines };
}

/** When each object's apply started and finished (sequence numbers). */
function applyTimes(events: readonly Event[]) {
  const times = new Map<string, { start: number; finish: number }>();
  for (const e of events.filter((x) => x.verb === 'apply')) {
    const t = times.get(e.object) ?? { start: -1, finish: -1 };
    times.set(e.object, { ...t, [e.type]: e.seq });
  }
  return times;
}

const outcome = (results: readonly ActionResult[]) =>
  results.map((r) => `${r.op} ${r.kind} ${r.name} ${r.outcome}${r.error ? ` ${r.error.reason}` : ''}`);

describe('executePlan runs a plan concurrently (issue 16 item 1)', () => {
  it('P32: 40 ConfigMaps of one namespace run at once, never more than the client bound (4) in flight, and only after their namespace', async () => {
    const cluster = createMemoryCluster({ name: 'managed1' });
    const rec = recording(cluster.client(), { maxConcurrency: 4 });
    const names = Array.from({ length: 40 }, (_, i) => `cm${String(i).padStart(2, '0')}`);
    const plan = planOf([
      action('create', 'Namespace', '', 'a', 'namespaces'),
      ...names.map((n) => action('create', 'ConfigMap', 'a', n, 'unwrapped', [nsKey('a')])),
    ]);
    const { results } = await execute(plan, rec.client);
    expect(results.every((r) => r.outcome === 'applied')).toBe(true);
    expect(rec.peak()).toBe(4);
    const times = applyTimes(rec.events);
    const ns = times.get('Namespace/a')!;
    for (const n of names) expect(times.get(`ConfigMap/${n}`)!.start).toBeGreaterThan(ns.finish);
    // Concurrency happened: some ConfigMap started before another one finished.
    const starts = names.map((n) => times.get(`ConfigMap/${n}`)!.start);
    const finishes = names.map((n) => times.get(`ConfigMap/${n}`)!.finish);
    expect(Math.max(...starts.slice(0, 4))).toBeLessThan(Math.min(...finishes));
    // One list of the namespace's ConfigMaps serves all 40 creates.
    expect(rec.events.filter((e) => e.verb === 'list' && e.type === 'start')).toHaveLength(1);
  });

  it('P32, P33: kinds keep the plan order (Secrets before ConfigMaps, creates before deletes), and a dependency within a stage is waited for', async () => {
    const cluster = createMemoryCluster({ name: 'managed1' });
    await cluster.client().apply(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      {
        fieldManager: 'test',
      },
    );
    for (const n of ['old1', 'old2'])
      await cluster.client().apply(configMap('a', n), { fieldManager: 'vzmc', force: true });
    const rec = recording(cluster.client(), { maxConcurrency: 8, delayMs: (n) => 1 + ((n * 7) % 5) });
    const plan = planOf([
      action('create', 'Secret', 'a', 's1', 'secrets'),
      action('create', 'Secret', 'a', 's2', 'secrets'),
      action('create', 'ConfigMap', 'a', 'x', 'unwrapped'),
      action('create', 'ConfigMap', 'a', 'y', 'unwrapped', [cmKey('a', 'x')]),
      action('create', 'ConfigMap', 'a', 'z', 'unwrapped'),
      action('delete', 'ConfigMap', 'a', 'old1', 'garbage-collection'),
      action('delete', 'ConfigMap', 'a', 'old2', 'garbage-collection'),
    ]);
    const { results } = await execute(plan, rec.client);
    expect(results.map((r) => r.outcome)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
      'deleted',
      'deleted',
    ]);
    const times = applyTimes(rec.events);
    const secretsDone = Math.max(times.get('Secret/s1')!.finish, times.get('Secret/s2')!.finish);
    for (const n of ['x', 'y', 'z']) expect(times.get(`ConfigMap/${n}`)!.start).toBeGreaterThan(secretsDone);
    expect(times.get('ConfigMap/y')!.start).toBeGreaterThan(times.get('ConfigMap/x')!.finish);
    const createsDone = Math.max(...['x', 'y', 'z'].map((n) => times.get(`ConfigMap/${n}`)!.finish));
    const deleteStarts = rec.events.filter((e) => e.verb === 'delete' && e.type === 'start');
    expect(deleteStarts).toHaveLength(2);
    for (const d of deleteStarts) expect(d.seq).toBeGreaterThan(createsDone);
  });

  it('a failed apply skips exactly its dependents, transitively, and nothing else; results and logs are in plan order whatever the timing', async () => {
    const build = () =>
      planOf([
        action('create', 'Namespace', '', 'a', 'namespaces'),
        action('create', 'Namespace', '', 'b', 'namespaces'),
        action('create', 'ConfigMap', 'a', 'bad', 'unwrapped', [nsKey('a')]),
        action('create', 'ConfigMap', 'a', 'child', 'unwrapped', [nsKey('a'), cmKey('a', 'bad')]),
        action('create', 'ConfigMap', 'a', 'grandchild', 'unwrapped', [cmKey('a', 'child')]),
        action('create', 'ConfigMap', 'a', 'sibling', 'unwrapped', [nsKey('a')]),
        action('create', 'ConfigMap', 'b', 'other', 'unwrapped', [nsKey('b')]),
      ]);
    const runs = [];
    for (const delayMs of [() => 2, (n: number) => 1 + ((n * 5) % 7), (n: number) => 8 - (n % 8)]) {
      const cluster = createMemoryCluster({ name: 'managed1' });
      const rec = recording(cluster.client(), {
        maxConcurrency: 3,
        delayMs,
        fail: (o) => o === 'ConfigMap/bad',
      });
      runs.push(await execute(build(), rec.client));
    }
    expect(outcome(runs[0]!.results)).toEqual([
      'create Namespace a applied',
      'create Namespace b applied',
      'create ConfigMap bad failed Invalid',
      'create ConfigMap child skipped DependencyFailed',
      'create ConfigMap grandchild skipped DependencyFailed',
      'create ConfigMap sibling applied',
      'create ConfigMap other applied',
    ]);
    for (const run of runs.slice(1)) {
      expect(run.results).toEqual(runs[0]!.results);
      expect(run.lines).toEqual(runs[0]!.lines);
    }
    expect(runs[0]!.lines).toEqual([
      'info create applied a',
      'info create applied b',
      'error create failed bad',
      'info create applied sibling',
      'info create applied other',
    ]);
  });

  it('runs one action at a time when the client allows one', async () => {
    const cluster = createMemoryCluster({ name: 'managed1' });
    const rec = recording(cluster.client(), { maxConcurrency: 1 });
    const plan = planOf([
      action('create', 'Namespace', '', 'a', 'namespaces'),
      ...['p', 'q', 'r'].map((n) => action('create', 'ConfigMap', 'a', n, 'unwrapped', [nsKey('a')])),
    ]);
    await execute(plan, rec.client);
    expect(rec.peak()).toBe(1);
  });
});

describe('status writes are coalesced: one per admin object (issue 16 item 2)', () => {
  const V = 'clusters.verrazzano.io/v1alpha1';
  const status = (cluster: string, key = '#'): SyncAction => ({
    key: `admin:${V}/MultiClusterConfigMap/a/cm${key}${cluster}`,
    op: 'status',
    target: 'admin',
    apiVersion: V,
    kind: 'MultiClusterConfigMap',
    namespace: 'a',
    name: 'cm',
    phase: 'status',
    reason: 'report',
    ruleId: 'S4',
    status: {
      cluster,
      condition: {
        type: 'DeployComplete',
        status: 'True',
        message: 'MultiClusterConfigMap created',
        lastTransitionTime: '2026-12-01T00:00:00Z',
      },
    },
    dependsOn: [],
  });

  it('S4, B10: three clusters report on one wrapper in one plan: one status write carries all three entries and the state', async () => {
    const admin = createMemoryCluster({ name: 'admin' });
    await admin.client().apply(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      {
        fieldManager: 'test',
      },
    );
    await admin.client().apply(
      {
        apiVersion: V,
        kind: 'MultiClusterConfigMap',
        metadata: { name: 'cm', namespace: 'a' },
        spec: {
          template: { data: { k: 'v' } },
          placement: { clusters: [{ name: 'm1' }, { name: 'm2' }, { name: 'm3' }] },
        },
      },
      { fieldManager: 'test' },
    );
    const rec = recording(admin.client(), {});
    const { results } = await execute(planOf([status('m1'), status('m2'), status('m3')]), rec.client);
    expect(results.map((r) => r.outcome)).toEqual(['reported', 'reported', 'reported']);
    expect(rec.events.filter((e) => e.verb === 'updateStatus' && e.type === 'start')).toHaveLength(1);
    const live = await admin
      .client()
      .get<KubeObject & { status?: { state?: string; clusters?: { name: string }[] } }>({
        apiVersion: V,
        kind: 'MultiClusterConfigMap',
        namespace: 'a',
        name: 'cm',
      });
    expect(live.status?.clusters?.map((c) => c.name)).toEqual(['m1', 'm2', 'm3']);
    expect(live.status?.state).toBe('Succeeded');
    // The same reports again change nothing, so nothing is written (steady state: zero writes).
    const again = recording(admin.client(), {});
    const second = await execute(planOf([status('m1'), status('m2'), status('m3')]), again.client);
    expect(second.results.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.events.filter((e) => e.verb === 'updateStatus')).toHaveLength(0);
  });
});
