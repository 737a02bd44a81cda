/**
 * Deregistration (spec §4.7): what each side removes when a VMC goes away.
 *
 * Admin (D1): the federation entries (M5) and the objects the VMC owned: ServiceAccount, token
 * Secret, RoleBinding in `verrazzano-mc`, the `-agent`, `-registration` and `-manifest` Secrets and
 * `ca-secret-<C>` (Kubernetes' garbage collector removes them in Verrazzano; vzmc deletes them itself,
 * since a cluster without a controller-manager has no garbage collector). The plan names candidates
 * only: {@link ownedSteps} keeps those the live objects prove owned, as the garbage collector would
 * (an ownerReference to the VMC's uid; the token Secret: to the ServiceAccount's uid, or the exact
 * labels registration writes). A user's `ca-secret-<C>` without an owner stays, as in Verrazzano.
 * vzmc also removes the per-namespace `verrazzano-cluster-<C>` RoleBindings that no project still
 * asks for and that carry vzmc's marker, which Verrazzano leaks (P31, B18; see docs/deviations.md).
 *
 * Managed (D2): only the agent and registration Secrets. Applications keep running.
 */
import type { KubeObject } from '../model/meta.js';
import {
  ClusterObjectNames,
  MANAGED_CLUSTER_ROLE,
  ManagedClusterNames,
  Namespaces,
  VerrazzanoLabels,
  VzmcMarkers,
} from '../model/names.js';
import type { VerrazzanoProject } from '../model/verrazzano.js';

/** One object to delete, and why. */
export interface DeletionStep {
  /** API version of the object. */
  readonly apiVersion: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Namespace of the object. */
  readonly namespace: string;
  /** Name of the object. */
  readonly name: string;
  /** The spec rule behind the deletion (D1, D2, M5, P31). */
  readonly ruleId: string;
  /** Why, in one sentence. */
  readonly reason: string;
}

/** What each side removes. */
export interface DeregistrationPlan {
  /** The cluster being deregistered. */
  readonly cluster: string;
  /** What the admin deletes (D1, M5, and the leaked bindings of B18). */
  readonly admin: readonly DeletionStep[];
  /** What the managed cluster deletes: the agent and registration Secrets (D2). */
  readonly managed: readonly DeletionStep[];
  /** Per-namespace bindings kept because a project still places the cluster there (V2 recreates them). */
  readonly keptBindings: readonly {
    /** The namespace of the binding. */
    readonly namespace: string;
    /** The project that still places the cluster there. */
    readonly project: string;
  }[];
}

/**
 * Plans the deregistration of `cluster`.
 *
 * @param bindingNamespaces The namespaces where a RoleBinding `verrazzano-cluster-<cluster>` exists on the admin.
 *
 * @example
 * deregistrationPlan('managed1', projects, ['mc-todo-list']).managed.map((s) => s.name)
 * //=> ['verrazzano-cluster-agent', 'verrazzano-cluster-registration']
 */
export function deregistrationPlan(
  cluster: string,
  projects: readonly VerrazzanoProject[],
  bindingNamespaces: readonly string[],
): DeregistrationPlan {
  const vmc = Namespaces.VerrazzanoMc;
  const secret = (name: string, reason: string): DeletionStep => ({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: vmc,
    name,
    ruleId: 'D1',
    reason,
  });
  const admin: DeletionStep[] = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      namespace: vmc,
      name: ClusterObjectNames.serviceAccount(cluster),
      ruleId: 'D1',
      reason: 'owned by the VMC',
    },
    secret(ClusterObjectNames.tokenSecret(cluster), 'owned by the ServiceAccount'),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      namespace: vmc,
      name: ClusterObjectNames.serviceAccount(cluster),
      ruleId: 'D1',
      reason: 'owned by the VMC',
    },
    secret(ClusterObjectNames.agentSecret(cluster), 'owned by the VMC'),
    secret(ClusterObjectNames.registrationSecret(cluster), 'owned by the VMC'),
    secret(ClusterObjectNames.manifestSecret(cluster), 'owned by the VMC'),
    secret(ClusterObjectNames.caSecret(cluster), 'owned by the VMC'),
  ];
  const keptBindings: { namespace: string; project: string }[] = [];
  for (const namespace of [...new Set(bindingNamespaces)].sort()) {
    if (namespace === vmc) continue;
    const placing = projects.find(
      (p) =>
        p.spec.template.namespaces.some((ns) => ns.metadata.name === namespace) &&
        p.spec.placement.clusters.some((c) => c.name === cluster),
    );
    if (placing) {
      keptBindings.push({ namespace, project: placing.metadata.name ?? '' });
      continue;
    }
    admin.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      namespace,
      name: ClusterObjectNames.serviceAccount(cluster),
      ruleId: 'B18',
      reason: 'no project places the cluster in this namespace any more; Verrazzano leaks this binding',
    });
  }
  const managed: DeletionStep[] = [
    ManagedClusterNames.AgentSecret,
    ManagedClusterNames.RegistrationSecret,
  ].map((name) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: Namespaces.VerrazzanoSystem,
    name,
    ruleId: 'D2',
    reason: 'the cluster is no longer registered; applications keep running',
  }));
  return { cluster, admin, managed, keptBindings };
}

const sameObject = (step: DeletionStep, o: KubeObject) =>
  o.apiVersion === step.apiVersion &&
  o.kind === step.kind &&
  (o.metadata.namespace ?? '') === step.namespace &&
  o.metadata.name === step.name;

const ownedBy = (o: KubeObject, uid: string | undefined) =>
  uid !== undefined && uid !== '' && (o.metadata.ownerReferences ?? []).some((r) => r.uid === uid);

/** A deletion step whose live object is proven owned. */
export interface OwnedStep extends DeletionStep {
  /** The live object's uid, for a delete precondition. */
  readonly uid?: string;
}

/**
 * A project binding of the cluster as Verrazzano's project controller writes it (V2, `vp.go`
 * `createOrUpdateRoleBinding`): role `verrazzano-managed-cluster`, the cluster's ServiceAccount as
 * its only subject. Verrazzano's uninstall (`managecluster.go` `DeleteMCResources`) finds them by the
 * same role.
 */
function isClusterBinding(o: KubeObject, saName: string): boolean {
  const binding = o as KubeObject & {
    roleRef?: { kind?: string; name?: string };
    subjects?: { kind?: string; name?: string; namespace?: string }[];
  };
  return (
    binding.roleRef?.kind === 'ClusterRole' &&
    binding.roleRef.name === MANAGED_CLUSTER_ROLE &&
    binding.subjects?.length === 1 &&
    binding.subjects[0]?.kind === 'ServiceAccount' &&
    binding.subjects[0].name === saName &&
    binding.subjects[0].namespace === Namespaces.VerrazzanoMc
  );
}

/**
 * The admin steps of `plan` whose live object vzmc provably owns, with the live object's uid (for a
 * delete precondition). D1 steps: the object has an ownerReference to the VMC's uid, as
 * Kubernetes' garbage collector requires; the token Secret, which registration writes without an
 * owner: an ownerReference to the ServiceAccount's uid, or exactly registration's marker label,
 * type and ServiceAccount annotation. B18 bindings: vzmc's marker label, or exactly the role and
 * subject of a project binding of this cluster. Steps without a live
 * object are left out.
 *
 * @example
 * ownedSteps(deregistrationPlan('managed1', projects, []), vmc.metadata.uid, liveObjects).map((s) => s.name)
 * //=> ['verrazzano-cluster-managed1', …] (never a user's unowned ca-secret-managed1)
 */
export function ownedSteps(
  plan: DeregistrationPlan,
  vmcUid: string | undefined,
  live: readonly KubeObject[],
): OwnedStep[] {
  const cluster = plan.cluster;
  const saName = ClusterObjectNames.serviceAccount(cluster);
  const sa = live.find(
    (o) =>
      o.kind === 'ServiceAccount' &&
      o.metadata.namespace === Namespaces.VerrazzanoMc &&
      o.metadata.name === saName &&
      ownedBy(o, vmcUid),
  );
  const owned = (step: DeletionStep, o: KubeObject): boolean => {
    if (step.ruleId === 'B18')
      return o.metadata.labels?.[VzmcMarkers.Managed] === 'true' || isClusterBinding(o, saName);
    if (step.name !== ClusterObjectNames.tokenSecret(cluster) || step.kind !== 'Secret')
      return ownedBy(o, vmcUid);
    if (ownedBy(o, sa?.metadata.uid)) return true;
    const secret = o as KubeObject & { type?: string };
    return (
      sa !== undefined &&
      o.metadata.labels?.[VzmcMarkers.Managed] === 'true' &&
      secret.type === 'kubernetes.io/service-account-token' &&
      o.metadata.annotations?.[VerrazzanoLabels.ServiceAccountName] === saName
    );
  };
  const steps: OwnedStep[] = [];
  for (const step of plan.admin) {
    const object = live.find((o) => sameObject(step, o));
    if (!object || !owned(step, object)) continue;
    steps.push(object.metadata.uid ? { ...step, uid: object.metadata.uid } : step);
  }
  return steps;
}
