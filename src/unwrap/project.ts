/**
 * A VerrazzanoProject's objects on a cluster where it exists (spec §3.7): its namespaces (V1), the
 * four project RoleBindings and one `verrazzano-cluster-<C>` binding per placed managed cluster in
 * each namespace (V2), and its NetworkPolicies (V4).
 */
import type { Namespace, NetworkPolicy, RoleBinding, Subject } from '../model/core.js';
import {
  LOCAL_CLUSTER,
  MANAGED_CLUSTER_ROLE,
  Namespaces,
  VerrazzanoLabels,
  ClusterObjectNames,
} from '../model/names.js';
import type { VerrazzanoProject } from '../model/verrazzano.js';
import { markedAnnotations, markedLabels, sourceRef } from './markers.js';
import { cloneJson } from '../internal/clone.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The objects a project expands into. */
export interface ProjectObjects {
  /** The project's namespaces (V1). */
  readonly namespaces: readonly Namespace[];
  /** The four project RoleBindings per namespace, plus `verrazzano-cluster-<C>` per placed cluster (V2). */
  readonly roleBindings: readonly RoleBinding[];
  /** The project's NetworkPolicies (V4). */
  readonly networkPolicies: readonly NetworkPolicy[];
}

/** Options for {@link expandProject}. */
export interface ExpandProjectOptions {
  /** The value of the `istio-injection` label on the cluster's `verrazzano-system` namespace, if any (V1). */
  readonly istioInjection?: string;
  /**
   * Clusters wired through their own admin namespace (`vzmc.dev/wiring: cluster-namespace` on the
   * VMC): their agents read no project namespace, so they get no `verrazzano-cluster-<C>` binding.
   */
  readonly clusterNamespaceWired?: ReadonlySet<string>;
}

/**
 * Subjects as the API server stores them: Group and User subjects get the RBAC apiGroup, which
 * the server defaults when Verrazzano leaves it empty (V2), so desired and live state compare equal.
 */
function normalizeSubject(subject: Subject): Subject {
  if ((subject.kind === 'Group' || subject.kind === 'User') && !subject.apiGroup)
    return { ...subject, apiGroup: RBAC_GROUP };
  return { ...subject };
}

/** The default admin and monitor subjects (V2): a non-empty list in `security` replaces them. */
export function projectSubjects(project: VerrazzanoProject): {
  /** Bound to `verrazzano-project-admin` and `admin`. */
  admins: Subject[];
  /** Bound to `verrazzano-project-monitor` and `view`. */
  monitors: Subject[];
} {
  const name = project.metadata.name ?? '';
  const security = project.spec.template.security;
  const admins =
    security?.projectAdminSubjects && security.projectAdminSubjects.length > 0
      ? security.projectAdminSubjects
      : [{ kind: 'Group', name: `verrazzano-project-${name}-admins` }];
  const monitors =
    security?.projectMonitorSubjects && security.projectMonitorSubjects.length > 0
      ? security.projectMonitorSubjects
      : [{ kind: 'Group', name: `verrazzano-project-${name}-monitors` }];
  return { admins: admins.map(normalizeSubject), monitors: monitors.map(normalizeSubject) };
}

function roleBinding(
  project: VerrazzanoProject,
  namespace: string,
  name: string,
  role: string,
  subjects: Subject[],
): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: {
      name,
      namespace,
      labels: markedLabels(undefined),
      annotations: markedAnnotations(undefined, sourceRef(project)),
    },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects,
  };
}

/** The RoleBinding that lets managed cluster `cluster`'s agent read `namespace` on the admin (V2, P6). */
export function managedClusterRoleBinding(
  project: VerrazzanoProject,
  namespace: string,
  cluster: string,
): RoleBinding {
  return roleBinding(project, namespace, ClusterObjectNames.serviceAccount(cluster), MANAGED_CLUSTER_ROLE, [
    {
      kind: 'ServiceAccount',
      name: ClusterObjectNames.serviceAccount(cluster),
      namespace: Namespaces.VerrazzanoMc,
    },
  ]);
}

/**
 * Expands a project into its namespaces, RoleBindings and NetworkPolicies, in template order.
 *
 * @example
 * const { namespaces, roleBindings } = expandProject(todoProject);
 * namespaces[0].metadata.labels //=> { 'verrazzano-managed': 'true', 'istio-injection': 'enabled', 'vzmc.dev/managed': 'true' }
 * roleBindings.map((rb) => rb.metadata.name)
 * //=> ['verrazzano-project-admin', 'admin', 'verrazzano-project-monitor', 'view', 'verrazzano-cluster-managed1']
 */
export function expandProject(
  project: VerrazzanoProject,
  options: ExpandProjectOptions = {},
): ProjectObjects {
  const source = sourceRef(project);
  const { admins, monitors } = projectSubjects(project);
  const clusters = [...new Set(project.spec.placement.clusters.map((c) => c.name))].filter(
    (c) => c !== LOCAL_CLUSTER && !options.clusterNamespaceWired?.has(c),
  ); // P17; issue 13
  const namespaces: Namespace[] = [];
  const roleBindings: RoleBinding[] = [];
  for (const template of project.spec.template.namespaces) {
    const name = template.metadata.name ?? '';
    // V1: the two standard labels first, then the template's, which may override them.
    const labels = markedLabels({
      [VerrazzanoLabels.Managed]: 'true',
      [VerrazzanoLabels.IstioInjection]: options.istioInjection ?? 'enabled',
      ...template.metadata.labels,
    });
    const namespace: Namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels, annotations: markedAnnotations(template.metadata.annotations, source) },
    };
    if (template.spec?.finalizers) namespace.spec = { finalizers: [...template.spec.finalizers] };
    namespaces.push(namespace);
    roleBindings.push(
      roleBinding(project, name, 'verrazzano-project-admin', 'verrazzano-project-admin', admins),
      roleBinding(project, name, 'admin', 'admin', admins),
      roleBinding(project, name, 'verrazzano-project-monitor', 'verrazzano-project-monitor', monitors),
      roleBinding(project, name, 'view', 'view', monitors),
      ...clusters.map((cluster) => managedClusterRoleBinding(project, name, cluster)),
    );
  }
  const networkPolicies: NetworkPolicy[] = (project.spec.template.networkPolicies ?? []).map((template) => {
    // V4: the policy's metadata is the template's metadata, whole.
    const { name, namespace, labels, annotations, ...rest } = template.metadata;
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        ...cloneJson(rest),
        name: name ?? '',
        namespace: namespace ?? '',
        labels: markedLabels(labels),
        annotations: markedAnnotations(annotations, source),
      },
      spec: cloneJson(template.spec),
    };
  });
  return { namespaces, roleBindings, networkPolicies };
}
