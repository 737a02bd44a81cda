/**
 * A create that races another writer (P20, P21): the plan's ownership check lists the namespace and
 * sees no ConfigMap `raced`; before vzmc's apply, a user creates it with another field manager
 * (kubectl). Run through `executePlan` on any ClusterClient (in memory, or a real API server), so
 * both adapters are held to the same outcome.
 */
import type { ClusterClient, KubeObject, SyncPlan } from '../../src/index.js';
import { executePlan, type ActionResult } from '../../src/agent-entry.js';

/** What the race left: the create's result, and the live object. */
export interface RaceOutcome {
  readonly result: ActionResult | undefined;
  readonly live: KubeObject;
}

/** Runs the race in `namespace` (which must exist) on `client`. */
export async function raceCreate(client: ClusterClient, namespace: string): Promise<RaceOutcome> {
  const key = { apiVersion: 'v1', kind: 'ConfigMap', namespace, name: 'raced' };
  const users: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'raced', namespace },
    data: { user: 'keep' },
  };
  const body: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'raced',
      namespace,
      labels: { 'vzmc.dev/managed': 'true' },
      annotations: { 'vzmc.dev/source': `MultiClusterConfigMap/${namespace}/raced` },
    },
    data: { vzmc: 'wants' },
  };
  // The user's create lands right after the ownership check's list.
  const racing = new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'list' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const listed: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        await target.apply(users, { fieldManager: 'kubectl' });
        return listed;
      };
    },
  });
  const plan: SyncPlan = {
    cluster: 'managed1',
    actions: [
      {
        key: `local:/ConfigMap/${namespace}/raced`,
        op: 'create',
        target: 'local',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace,
        name: 'raced',
        phase: 'unwrapped',
        reason: 'placed here; it does not exist yet',
        ruleId: 'U1',
        body,
        dependsOn: [],
        force: false,
      },
    ],
    unknown: [],
    guard: { deletes: 0, managed: 0, maxDeleteFraction: 0.5, tripped: false },
    deferredStatus: 0,
  };
  const results = await executePlan(plan, {
    local: racing,
    admin: client,
    clock: () => new Date('2026-12-07T00:00:00Z'),
    random: () => 0.5,
    sleep: () => Promise.resolve(),
    logger: { log: () => undefined },
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  return { result: results.find((r) => r.name === 'raced'), live: await client.get(key) };
}
