/**
 * The secure wiring (issue 13, docs/security.md): each managed cluster gets a namespace of its own
 * on the admin, `vzmc-cluster-<C>`, the pattern of OCM's cluster namespaces and Karmada's
 * execution spaces. The admin renders there what is placed on C (its share: one Secret per admin
 * object, and an index), and the agent writes its status report there. The agent's identity may
 * read only that namespace's Secrets, write only its report ConfigMap, and read or report only its
 * own VMC and registration Secret, by `resourceNames`. It reads no project namespace, no other
 * cluster's objects, and no Secret that is not placed on it.
 *
 * Verrazzano's own wiring (a ClusterRole that reads every Secret and writes every wrapper's status,
 * bound per project namespace) stays available for agents registered with a real Verrazzano admin:
 * `Wiring.Verrazzano`. Pure.
 */
import type { ConfigMap, Namespace, Role, RoleBinding } from '../model/core.js';
import { ClusterObjectNames, Namespaces } from '../model/names.js';
export { Wiring, WIRING_ANNOTATION } from '../model/names.js';
import { sha256Hex } from '../internal/sha256.js';

/** Names in a cluster's namespace. */
export const ClusterAccessNames = {
  /** The Role and RoleBinding of the agent in its cluster namespace. */
  AgentRole: 'vzmc-agent',
  /** The ConfigMap the agent writes its report into (key {@link REPORT_KEY}). */
  Report: 'vzmc-report',
  /** The share's index Secret (key {@link SHARE_INDEX_KEY}): which share Secrets make up the share. */
  ShareIndex: 'vzmc-share-index',
  /** The Role and RoleBinding in `verrazzano-mc`: own VMC, own VMC status, own registration Secret. */
  mcRole: (cluster: string) => `vzmc-agent-${cluster}`,
} as const;

/** The report ConfigMap's key. */
export const REPORT_KEY = 'report.json';
/** The index Secret's key. */
export const SHARE_INDEX_KEY = 'index.json';
/** The label on share Secrets and the index: the cluster they are rendered for. */
export const SHARE_LABEL = 'vzmc.dev/share';

/**
 * The admin namespace of cluster C: `vzmc-cluster-<C>` when that is a valid namespace name (a DNS
 * label of at most 63 characters), else `vzmc-cluster-` and 16 hex digits of the name's SHA-256.
 *
 * @example
 * clusterNamespace('managed1') //=> 'vzmc-cluster-managed1'
 */
export function clusterNamespace(cluster: string): string {
  const plain = `vzmc-cluster-${cluster}`;
  return /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(plain)
    ? plain
    : `vzmc-cluster-${sha256Hex(cluster).slice(0, 16)}`;
}

const RBAC = 'rbac.authorization.k8s.io/v1';
const marker = { 'vzmc.dev/managed': 'true' } as const;

/** Everything the admin holds for one cluster's secure access, in apply order. */
export interface ClusterAccessObjects {
  /** Namespace `vzmc-cluster-<C>`. */
  readonly namespace: Namespace;
  /** Role `vzmc-cluster-<C>/vzmc-agent`: read Secrets there (the share); get and update the report. */
  readonly role: Role;
  /** Binds it to the cluster's ServiceAccount. */
  readonly roleBinding: RoleBinding;
  /** Role `verrazzano-mc/vzmc-agent-<C>`: own VMC (get; status get, update, patch) and own registration Secret (get). */
  readonly mcRole: Role;
  /** Binds it to the cluster's ServiceAccount. */
  readonly mcRoleBinding: RoleBinding;
  /** The empty report, created here because `create` cannot be limited by name. */
  readonly report: ConfigMap;
}

function binding(name: string, namespace: string, cluster: string): RoleBinding {
  return {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name, namespace, labels: { ...marker } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [
      {
        kind: 'ServiceAccount',
        name: ClusterObjectNames.serviceAccount(cluster),
        namespace: Namespaces.VerrazzanoMc,
      },
    ],
  };
}

/**
 * The objects of a cluster's secure access (see the module comment).
 *
 * @example
 * clusterAccessObjects('managed1').mcRole.rules[0].resourceNames //=> ['managed1']
 */
export function clusterAccessObjects(cluster: string): ClusterAccessObjects {
  const ns = clusterNamespace(cluster);
  const mcRoleName = ClusterAccessNames.mcRole(cluster);
  return {
    namespace: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { ...marker, 'vzmc.dev/cluster': cluster.slice(0, 63) } },
    },
    role: {
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name: ClusterAccessNames.AgentRole, namespace: ns, labels: { ...marker } },
      rules: [
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
        {
          apiGroups: [''],
          resources: ['configmaps'],
          verbs: ['get', 'update', 'patch'],
          resourceNames: [ClusterAccessNames.Report],
        },
      ],
    },
    roleBinding: binding(ClusterAccessNames.AgentRole, ns, cluster),
    mcRole: {
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name: mcRoleName, namespace: Namespaces.VerrazzanoMc, labels: { ...marker } },
      rules: [
        {
          apiGroups: ['clusters.verrazzano.io'],
          resources: ['verrazzanomanagedclusters'],
          verbs: ['get'],
          resourceNames: [cluster],
        },
        {
          apiGroups: ['clusters.verrazzano.io'],
          resources: ['verrazzanomanagedclusters/status'],
          verbs: ['get', 'update', 'patch'],
          resourceNames: [cluster],
        },
        {
          apiGroups: [''],
          resources: ['secrets'],
          verbs: ['get'],
          resourceNames: [ClusterObjectNames.registrationSecret(cluster)],
        },
      ],
    },
    mcRoleBinding: binding(mcRoleName, Namespaces.VerrazzanoMc, cluster),
    report: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: ClusterAccessNames.Report,
        namespace: ns,
        labels: { ...marker, [SHARE_LABEL]: 'report' },
      },
      data: { [REPORT_KEY]: '{}' },
    },
  };
}

/** The objects of {@link clusterAccessObjects} in apply order. */
export function clusterAccessList(
  objects: ClusterAccessObjects,
): (Namespace | Role | RoleBinding | ConfigMap)[] {
  return [
    objects.namespace,
    objects.role,
    objects.roleBinding,
    objects.mcRole,
    objects.mcRoleBinding,
    objects.report,
  ];
}
