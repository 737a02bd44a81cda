/**
 * The VMC's finalizer on the admin (D1), as Verrazzano's VMC controller does it
 * (`cluster-operator/controllers/vmc/vmc_controller.go` l.138–160, finalizer
 * `managedcluster.verrazzano.io`, l.45): every live VMC gets the finalizer; a VMC being deleted has
 * the objects it owned deleted (what Kubernetes' garbage collector does in Verrazzano, which a
 * cluster without a controller-manager lacks), then loses the finalizer. Only provably owned
 * objects are deleted ({@link ownedSteps}). Its metrics federation entries leave the objects of
 * `verrazzano-monitoring` first as well (M5, {@link federationCleanupActions}). Pure.
 */
import { Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { ClusterObjectNames, Finalizers } from '../model/names.js';
import type { VerrazzanoProject } from '../model/verrazzano.js';
import { deregistrationPlan, ownedSteps } from '../registration/deregister.js';
import { federationCleanupActions } from './admin-federation.js';
import { objectKey } from '../desired/object.js';
import { Phase } from '../desired/order.js';
import type { SyncAction } from './types.js';

const finalize = (vmc: KubeObject, present: boolean, reason: string, dependsOn: string[]): SyncAction => ({
  key: `admin:${objectKey(vmc)}`,
  op: 'finalize',
  target: 'admin',
  apiVersion: vmc.apiVersion,
  kind: vmc.kind,
  namespace: vmc.metadata.namespace ?? '',
  name: vmc.metadata.name ?? '',
  // Removal runs last, after the deletes it depends on.
  phase: present ? Phase.Namespaces : Phase.Status,
  reason,
  ruleId: 'D1',
  finalizer: { name: Finalizers.VerrazzanoManagedCluster, present },
  dependsOn,
});

/** The VMCs being deleted that still hold the finalizer: those whose cleanup this pass does. */
const deleting = (vmcs: readonly KubeObject[]): KubeObject[] =>
  vmcs.filter(
    (v) =>
      v.kind === Kind.VerrazzanoManagedCluster &&
      v.metadata.deletionTimestamp &&
      (v.metadata.finalizers ?? []).includes(Finalizers.VerrazzanoManagedCluster),
  );

/** The deletes of what a deleted VMC owned (D1, {@link ownedSteps}). */
function ownedDeletes(
  vmc: KubeObject,
  projects: readonly VerrazzanoProject[],
  live: readonly KubeObject[],
): SyncAction[] {
  const cluster = vmc.metadata.name ?? '';
  const bindingName = ClusterObjectNames.serviceAccount(cluster);
  const bindingNamespaces = live
    .filter((o) => o.kind === 'RoleBinding' && o.metadata.name === bindingName)
    .map((o) => o.metadata.namespace ?? '');
  const plan = deregistrationPlan(cluster, projects, bindingNamespaces);
  return ownedSteps(plan, vmc.metadata.uid, live).map((step) => ({
    key: `admin:${objectKey({ apiVersion: step.apiVersion, kind: step.kind, metadata: step })}`,
    op: 'delete',
    target: 'admin',
    apiVersion: step.apiVersion,
    kind: step.kind,
    namespace: step.namespace,
    name: step.name,
    phase: Phase.GarbageCollection,
    reason: `VerrazzanoManagedCluster ${cluster} is being deleted; ${step.reason}`,
    ruleId: step.ruleId,
    ...(step.uid ? { preconditions: { uid: step.uid } } : {}),
    dependsOn: [],
  }));
}

/**
 * The finalizer actions of one admin pass, and the cleanup of a VMC being deleted: the deletes of
 * what it owned (D1) and the removal of its metrics federation entries (M5), both before the
 * finalizer goes (as `reconcileManagedClusterDelete` runs before the finalizer's removal,
 * vmc_controller.go l.138–152). One write per federation object serves every VMC deleted at once.
 *
 * @param vmcs The VMCs in `verrazzano-mc`.
 * @param projects The admin's projects (a per-namespace binding a project still asks for stays).
 * @param live The admin objects a deleted VMC may own or have entries in: ServiceAccounts, Secrets
 *   and RoleBindings, and the ConfigMaps of `verrazzano-monitoring`.
 *
 * @example
 * vmcFinalizerActions([vmc], projects, []) // a VMC without the finalizer
 * //=> [{ op: 'finalize', finalizer: { name: 'managedcluster.verrazzano.io', present: true }, … }]
 */
export function vmcFinalizerActions(
  vmcs: readonly KubeObject[],
  projects: readonly VerrazzanoProject[],
  live: readonly KubeObject[],
): SyncAction[] {
  const actions: SyncAction[] = [];
  for (const vmc of vmcs) {
    if (vmc.kind !== Kind.VerrazzanoManagedCluster || vmc.metadata.deletionTimestamp) continue;
    if (!(vmc.metadata.finalizers ?? []).includes(Finalizers.VerrazzanoManagedCluster))
      actions.push(finalize(vmc, true, 'its owned objects are removed when it is deleted', []));
  }
  const gone = deleting(vmcs);
  const federation = federationCleanupActions(
    gone.map((v) => v.metadata.name ?? ''),
    live,
  );
  actions.push(...federation.map((f) => f.action));
  for (const vmc of gone) {
    const deletes = ownedDeletes(vmc, projects, live);
    const cleanups = federation.filter((f) => f.clusters.includes(vmc.metadata.name ?? ''));
    actions.push(
      ...deletes,
      finalize(
        vmc,
        false,
        'it is being deleted, the objects it owned are gone and its federation entries removed',
        [...deletes.map((d) => d.key), ...cleanups.map((c) => c.action.key)].sort(),
      ),
    );
  }
  return actions;
}
