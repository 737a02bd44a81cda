/**
 * The states the admin recomputes on every pass, as Verrazzano's admin controllers do on every
 * reconcile. Pure: the clock comes in as an argument.
 *
 * - Wrappers and VerrazzanoProjects (S1, §5.4): `status.state = ComputeEffectiveState(status,
 *   placement)` from the object's current status and current placement, written only when it
 *   changes (`SetEffectiveStateIfChanged`, `pkg/.../clusters/cu.go` l.314–324; the wrapper
 *   controllers' not-placed branch, `mcac.go` l.98–108; the project controller, `vp.go` l.149–156).
 *   Entries of clusters outside the placement are ignored and never pruned.
 * - VerrazzanoManagedClusters (B12, §5.6): `updateStateFromLastAgentConnectTime`
 *   (`cluster-operator/controllers/vmc/update_status.go` l.212–227), see {@link vmcState}.
 */
import { Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import type { MultiClusterWrapper, VerrazzanoProject } from '../model/verrazzano.js';
import { stateOf } from '../status/index.js';
import { objectKey } from '../desired/object.js';
import { Phase } from '../desired/order.js';
import type { SyncAction } from './types.js';

/** The VMC fields the state rule reads. */
interface VmcLike extends KubeObject {
  readonly status?: { readonly state?: string; readonly lastAgentConnectTime?: string };
}

const stateAction = (
  object: KubeObject,
  state: string,
  ruleId: string,
  reason: string,
  status: Record<string, unknown>,
): SyncAction => ({
  key: `admin:${objectKey(object)}`,
  op: 'state',
  target: 'admin',
  apiVersion: object.apiVersion,
  kind: object.kind,
  namespace: object.metadata.namespace ?? '',
  name: object.metadata.name ?? '',
  phase: Phase.Status,
  reason,
  ruleId,
  body: { ...object, status: { ...status, state } },
  dependsOn: [],
});

/**
 * The `status.state` writes of one admin pass for wrappers (all four kinds) and projects: one per
 * object whose recomputed effective state differs from the stored one. Objects in `skip` (keys of
 * this plan's `local` status reports, which recompute the state themselves) are left out.
 *
 * @example
 * effectiveStateActions([wrapper], new Set(), now) // a new wrapper placed on [managed1]
 * //=> [{ op: 'state', kind: 'MultiClusterConfigMap', body: { …, status: { state: 'Pending' } }, … }]
 */
export function effectiveStateActions(
  resources: readonly (VerrazzanoProject | MultiClusterWrapper)[],
  skip: ReadonlySet<string>,
  now: Date,
): SyncAction[] {
  const actions: SyncAction[] = [];
  for (const resource of resources) {
    const object = resource as unknown as KubeObject;
    if (skip.has(`admin:${objectKey(object)}`) || object.metadata.deletionTimestamp) continue;
    const placement = resource.spec?.placement ?? { clusters: [] };
    const next = stateOf(resource, now);
    const current = resource.status?.state ?? '';
    if (next === current) continue;
    const names = placement.clusters.map((c) => c.name).join(', ');
    actions.push(
      stateAction(
        object,
        next,
        'S1',
        `its state over placement [${names}] is ${next}, not ${current || '(none)'}`,
        { ...(resource.status ?? {}) },
      ),
    );
  }
  return actions;
}

/**
 * The `status.state` writes of one admin pass for VMCs (B12): Inactive when the agent has not
 * connected for 60 s or more, Pending on the first evaluation after the first connect, else Active;
 * unchanged without a connect time. VMCs being deleted are left alone.
 *
 * @example
 * vmcStateActions([vmc], new Date('2026-01-01T00:01:00Z')) // lastAgentConnectTime 2026-01-01T00:00:00Z, state Active
 * //=> [{ op: 'state', kind: 'VerrazzanoManagedCluster', body: { …, status: { state: 'Inactive' } }, … }]
 */
export function vmcStateActions(vmcs: readonly KubeObject[], now: Date): SyncAction[] {
  const actions: SyncAction[] = [];
  for (const vmc of vmcs as readonly VmcLike[]) {
    if (vmc.kind !== Kind.VerrazzanoManagedCluster || vmc.metadata.deletionTimestamp) continue;
    const current = vmc.status?.state ?? '';
    const next = stateOf(vmc, now);
    if (next === current) continue;
    actions.push(
      stateAction(
        vmc,
        next,
        'B12',
        `the agent last connected at ${vmc.status?.lastAgentConnectTime ?? '(never)'}`,
        { ...(vmc.status ?? {}) },
      ),
    );
  }
  return actions;
}
