/**
 * The VMC's finalizer on the admin (D1), as Verrazzano's VMC controller does it
 * (`cluster-operator/controllers/vmc/vmc_controller.go` l.138–160, finalizer
 * `managedcluster.verrazzano.io`, l.45): every live VMC gets the finalizer; a VMC being deleted has
 * the objects it owned deleted (what Kubernetes' garbage collector does in Verrazzano, which a
 * cluster without a controller-manager lacks), then loses the finalizer. Only provably owned
 * objects are deleted ({@link ownedSteps}). Pure.
 */
import { Kind } from '../types/kinds.js';
import type { KubeObject } from '../types/meta.js';
import { ClusterObjectNames, Finalizers } from '../types/names.js';
import type { VerrazzanoProject } from '../types/verrazzano.js';
import { deregistrationPlan, ownedSteps } from '../registration/deregister.js';
import { Phase, objectKey } from '../unwrap/render.js';
import type { SyncAction } from './plan.js';

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

/**
 * The finalizer actions of one admin pass, and the deletes of a VMC being deleted.
 *
 * @param vmcs The VMCs in `verrazzano-mc`.
 * @param projects The admin's projects (a per-namespace binding a project still asks for stays).
 * @param live The admin objects a deleted VMC may own: ServiceAccounts, Secrets and RoleBindings.
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
    if (vmc.kind !== Kind.VerrazzanoManagedCluster) continue;
    const has = (vmc.metadata.finalizers ?? []).includes(Finalizers.VerrazzanoManagedCluster);
    if (!vmc.metadata.deletionTimestamp) {
      if (!has) actions.push(finalize(vmc, true, 'its owned objects are removed when it is deleted', []));
      continue;
    }
    if (!has) continue;
    const cluster = vmc.metadata.name ?? '';
    const bindingName = ClusterObjectNames.serviceAccount(cluster);
    const bindingNamespaces = live
      .filter((o) => o.kind === 'RoleBinding' && o.metadata.name === bindingName)
      .map((o) => o.metadata.namespace ?? '');
    const plan = deregistrationPlan(cluster, projects, bindingNamespaces);
    const deletes: SyncAction[] = ownedSteps(plan, vmc.metadata.uid, live).map((step) => ({
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
    actions.push(
      ...deletes,
      finalize(
        vmc,
        false,
        'it is being deleted and the objects it owned are gone',
        deletes.map((d) => d.key).sort(),
      ),
    );
  }
  return actions;
}
