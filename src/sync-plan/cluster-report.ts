/**
 * The agent's report in its cluster namespace (issue 13, the secure wiring): one condition per
 * wrapper or project placed on the cluster, keyed `<Kind>/<namespace>/<name>`. The agent merges each
 * iteration's status into it ({@link mergeReport}); the admin folds every entry into the resource's
 * `status.clusters` ({@link reportStatusActions}), as the agent would have written it itself under
 * Verrazzano's wiring (S4). An entry names its resource only through the key: the admin checks that
 * the resource exists and places the reporting cluster before it writes anything. Pure.
 */
import { Kind } from '../types/kinds.js';
import type { KubeObject } from '../types/meta.js';
import { Namespaces } from '../types/names.js';
import {
  CLUSTERS_API_VERSION,
  type Condition,
  type MultiClusterWrapper,
  type VerrazzanoProject,
} from '../types/verrazzano.js';
import { Phase } from '../desired/order.js';
import { ADMIN_NAMESPACE_KINDS } from './snapshot.js';
import { SyncOp, SyncTarget, type SyncAction } from './types.js';
import { objectsOf, type Snapshot } from './snapshot.js';

/** A report's entries: `<Kind>/<namespace>/<name>` → the cluster's latest condition. */
export type ReportEntries = Readonly<Record<string, Condition>>;

/** The key of a resource in a report. */
export const reportKey = (kind: string, namespace: string, name: string): string =>
  `${kind}/${namespace}/${name}`;

/** Reads a report's JSON; anything that is not a report reads as empty. */
export function decodeReport(json: string | undefined): ReportEntries {
  try {
    const parsed = JSON.parse(json ?? '{}') as { entries?: unknown };
    const entries = parsed.entries;
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return {};
    const out: Record<string, Condition> = {};
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
      const c = value as Partial<Condition> | null;
      if (c && typeof c.type === 'string' && typeof c.status === 'string') out[key] = c as Condition;
    }
    return out;
  } catch {
    return {};
  }
}

/** A report's JSON, keys sorted: the same entries give the same bytes. */
export function encodeReport(entries: ReportEntries): string {
  const sorted = Object.fromEntries(
    Object.keys(entries)
      .sort()
      .map((k) => [k, entries[k]]),
  );
  return JSON.stringify({ entries: sorted });
}

/**
 * The previous entries with this iteration's conditions written over them, less the keys that are no
 * longer placed on the cluster (`keep`).
 */
export function mergeReport(
  previous: ReportEntries,
  updates: ReadonlyMap<string, Condition>,
  keep: ReadonlySet<string>,
): ReportEntries {
  const out: Record<string, Condition> = {};
  for (const [key, condition] of Object.entries(previous)) if (keep.has(key)) out[key] = condition;
  for (const [key, condition] of updates) if (keep.has(key)) out[key] = condition;
  return out;
}

const STATUS_KINDS = [
  { apiVersion: CLUSTERS_API_VERSION, kind: Kind.VerrazzanoProject },
  ...ADMIN_NAMESPACE_KINDS.filter((k) => k.kind !== Kind.Secret && k.kind !== Kind.Component),
];

/**
 * The admin's status actions for one cluster's report: one per entry whose resource exists in the
 * fleet snapshot and whose placement names the cluster (a project in `verrazzano-mc` or a wrapper).
 * The executor folds each into the freshest object and writes only what changed.
 */
export function reportStatusActions(fleet: Snapshot, cluster: string, entries: ReportEntries): SyncAction[] {
  const byKey = new Map<string, KubeObject>();
  for (const k of STATUS_KINDS)
    for (const o of objectsOf(fleet, k.apiVersion, k.kind))
      byKey.set(reportKey(o.kind, o.metadata.namespace ?? '', o.metadata.name ?? ''), o);
  const actions: SyncAction[] = [];
  for (const key of Object.keys(entries).sort()) {
    const resource = byKey.get(key);
    const condition = entries[key];
    if (!resource || !condition) continue;
    if (resource.kind === Kind.VerrazzanoProject && resource.metadata.namespace !== Namespaces.VerrazzanoMc)
      continue;
    const placement = (resource as unknown as VerrazzanoProject | MultiClusterWrapper).spec?.placement;
    if (!placement?.clusters.some((c) => c.name === cluster)) continue;
    const namespace = resource.metadata.namespace ?? '';
    const name = resource.metadata.name ?? '';
    actions.push({
      key: `${SyncTarget.Admin}:${resource.apiVersion}/${resource.kind}/${namespace}/${name}#${cluster}`,
      op: SyncOp.Status,
      target: SyncTarget.Admin,
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      namespace,
      name,
      phase: Phase.Status,
      reason: `fold ${cluster}'s report (${condition.type}: ${condition.message ?? ''})`,
      ruleId: 'S4',
      body: resource,
      status: { cluster, condition },
      dependsOn: [],
    });
  }
  return actions;
}
