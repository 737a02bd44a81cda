/**
 * The admin pass's status writes, the two ways, alternating on the same wrappers of one admin in one
 * run (issue 16): read-first (GET, fold, PUT: the pass before) and write-first (fold into the copy
 * the pass listed, PUT with its resourceVersion; GET and refold only on Conflict: the pass now).
 * Each round folds a new condition of managed1 into every wrapper, 32 in flight, as the executor
 * does; only the writes are timed (both kinds of pass list the wrappers first).
 */
import type { ClusterClient, KubeObject } from '../src/index.js';
import { writeStatusGroup } from '../src/agent/execute-status.js';
import { silentLogger } from '../src/agent/logger.js';
import { realSleep } from '../src/agent/retry.js';
import { Phase } from '../src/desired/order.js';
import { SyncOp, SyncTarget, type SyncAction } from '../src/sync-plan/types.js';
import { countingClient, newCounts } from './clusters.js';

const API = 'clusters.verrazzano.io/v1alpha1';
const KINDS = [
  'MultiClusterSecret',
  'MultiClusterConfigMap',
  'MultiClusterComponent',
  'MultiClusterApplicationConfiguration',
];

/** One round's time and requests, by way. */
export interface FoldRound {
  readonly way: 'read-first' | 'write-first';
  readonly ms: number;
  readonly requests: number;
  readonly calls: Record<string, number>;
}

const report = (o: KubeObject, round: number): SyncAction => ({
  key: `admin:${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}#managed1`,
  op: SyncOp.Status,
  target: SyncTarget.Admin,
  apiVersion: o.apiVersion,
  kind: o.kind,
  namespace: o.metadata.namespace ?? '',
  name: o.metadata.name ?? '',
  phase: Phase.Status,
  reason: 'fold',
  ruleId: 'S4',
  status: {
    cluster: 'managed1',
    condition: {
      type: 'DeployComplete',
      status: 'True',
      message: `managed1: round ${round}`,
      lastTransitionTime: new Date(Date.UTC(2026, 11, 7, 0, round)).toISOString(),
    },
  },
  dependsOn: [],
});

/** Runs `fn` over `items`, `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** `rounds` rounds each way, alternating, read-first first. */
export async function statusFoldRounds(admin: ClusterClient, rounds: number): Promise<FoldRound[]> {
  const out: FoldRound[] = [];
  for (let r = 0; r < 2 * rounds; r++) {
    const way = r % 2 === 0 ? 'read-first' : 'write-first';
    const listed = (await Promise.all(KINDS.map((kind) => admin.list(API, kind)))).flatMap((l) => l.items);
    const byName = new Map(listed.map((o) => [`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o]));
    const counts = newCounts();
    const client = countingClient(admin, counts);
    const deps = {
      local: client,
      admin: client,
      clock: () => new Date(),
      random: Math.random,
      sleep: realSleep,
      logger: silentLogger,
      ...(way === 'write-first'
        ? {
            observed: (k: { kind: string; namespace?: string; name: string }) =>
              byName.get(`${k.kind}/${k.namespace}/${k.name}`),
          }
        : {}),
    };
    const start = performance.now();
    await pool(listed, 32, (o) => writeStatusGroup([{ action: report(o, r), failure: undefined }], deps));
    out.push({ way, ms: performance.now() - start, requests: counts.requests, calls: { ...counts.calls } });
  }
  return out;
}
