/**
 * Deregistration (spec §4.7): what each side removes when a VMC goes away.
 *
 * Admin (D1): the federation entries (M5) and the objects the VMC owned: ServiceAccount, token
 * Secret, RoleBinding in `verrazzano-mc`, the `-agent`, `-registration` and `-manifest` Secrets and
 * `ca-secret-<C>` (Kubernetes' garbage collector removes them in Verrazzano; vzmc lists them, since a
 * cluster without a controller-manager has no garbage collector). vzmc also removes the
 * per-namespace `verrazzano-cluster-<C>` RoleBindings that no project still asks for, which
 * Verrazzano leaks (P31, B18; see docs/deviations.md).
 *
 * Managed (D2): only the agent and registration Secrets. Applications keep running.
 */
import { ClusterObjectNames, ManagedClusterNames, Namespaces } from '../types/names.js';
import type { VerrazzanoProject } from '../types/verrazzano.js';

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
