/**
 * The admin's side of the agent's report (issue 13, the secure wiring; the report itself, its codec
 * and merge are in src/status/report.ts): the admin folds every entry into the resource's
 * `status.clusters` ({@link reportStatusActions}), as the agent would have written it itself under
 * Verrazzano's wiring (S4). An entry names its resource only through the key: the admin checks that
 * the resource exists and places the reporting cluster before it writes anything. Pure.
 */
import { Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { Namespaces } from '../model/names.js';
import {
  CLUSTERS_API_VERSION,
  type MultiClusterWrapper,
  type VerrazzanoProject,
} from '../model/verrazzano.js';
import { reportKey, type ReportEntries } from '../status/report.js';
import { Phase } from '../desired/order.js';
import { ADMIN_NAMESPACE_KINDS } from './snapshot.js';
import { SyncOp, SyncTarget, type SyncAction } from './types.js';
import { objectsOf, type Snapshot } from './snapshot.js';

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
