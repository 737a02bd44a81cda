/**
 * The least-privilege RBAC of the two in-cluster halves, as data: exactly the verbs the code uses
 * (src/agent/*, and the admin's syncAdmin), no wildcards. Pure, so tests diff it and audit it
 * against the RBAC authorizer (test/unit/cli/install-rbac.test.ts).
 *
 * It lives beside the CLI, not in the core: it describes how the processes are deployed (their
 * Secrets, their leader-election Lease), which the core does not know about.
 */
import { KINDS } from '../../model/kinds.js';
import { Kind } from '../../model/kinds.js';
import { FederationObjects } from '../../registration/federation.js';
import { MANAGED_CLUSTER_ROLE, ManagedClusterNames, Namespaces } from '../../model/names.js';

/** One rule of a Role or ClusterRole. */
export interface InstallPolicyRule {
  /** API groups (`''` is core). */
  readonly apiGroups: readonly string[];
  /** Plural resources, with `/status` for the status subresource. */
  readonly resources: readonly string[];
  /** Verbs, never `*`. */
  readonly verbs: readonly string[];
  /** Names the rule is restricted to, when the code only touches these. */
  readonly resourceNames?: readonly string[];
}

/** The rules of one half: cluster-wide, and per namespace. */
export interface InstallRbac {
  /** Rules of the ClusterRole. */
  readonly cluster: readonly InstallPolicyRule[];
  /** Rules of a Role in each namespace, namespaces in order. */
  readonly namespaced: readonly {
    readonly namespace: string;
    readonly rules: readonly InstallPolicyRule[];
  }[];
}

/** Where the leader-election Lease lives. */
export interface LeaseRef {
  /** The Lease's namespace. */
  readonly namespace: string;
  /** The Lease's name (`--leader-election-id`). */
  readonly name: string;
}

/** The ClusterRoles project RoleBindings name (V2, P13): the agent and the admin need `bind` on them. */
export const PROJECT_ROLES = [
  'admin',
  'verrazzano-project-admin',
  'verrazzano-project-monitor',
  'view',
] as const;

const groupOf = (kind: Kind): string => {
  const apiVersion = KINDS[kind].apiVersion;
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
};

/** One rule per API group for `kinds` (sorted), with `suffix` appended to each plural. */
function rulesFor(kinds: readonly Kind[], verbs: readonly string[], suffix = ''): InstallPolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const kind of kinds) {
    const group = groupOf(kind);
    byGroup.set(group, [...(byGroup.get(group) ?? []), `${KINDS[kind].plural}${suffix}`]);
  }
  return [...byGroup.keys()].sort().map((group) => ({
    apiGroups: [group],
    resources: [...byGroup.get(group)!].sort(),
    verbs,
  }));
}

/** The kinds both halves list (readLocalSnapshot: LOCAL_KINDS) and the kinds they apply. */
const APPLIED: readonly Kind[] = [
  Kind.Namespace,
  Kind.RoleBinding,
  Kind.NetworkPolicy,
  Kind.Secret,
  Kind.ConfigMap,
  Kind.Component,
  Kind.ApplicationConfiguration,
];
/** Project and wrapper kinds: copies on managed clusters, the sources on the admin. */
const WRAPPERS: readonly Kind[] = [
  Kind.VerrazzanoProject,
  Kind.MultiClusterSecret,
  Kind.MultiClusterConfigMap,
  Kind.MultiClusterComponent,
  Kind.MultiClusterApplicationConfiguration,
];
/** What the planner may garbage-collect: never Namespaces (P25) nor RoleBindings (P28). */
const UNWRAPPED_DELETABLE: readonly Kind[] = [
  Kind.NetworkPolicy,
  Kind.Secret,
  Kind.ConfigMap,
  Kind.Component,
  Kind.ApplicationConfiguration,
];

/**
 * Server-side apply is a `patch`, and an apply that creates the object is authorized as a `create`
 * too (the API server's patch handler), so applying what may not exist yet takes both.
 */
const APPLY: readonly string[] = ['create', 'patch'];

const bindRule = (names: readonly string[]): InstallPolicyRule => ({
  apiGroups: ['rbac.authorization.k8s.io'],
  resources: ['clusterroles'],
  verbs: ['bind'],
  resourceNames: [...names].sort(),
});

/**
 * The Lease rules (src/agent/leader.ts): create cannot be restricted by name; get and update can.
 * A standby watches the namespace's Leases (a watch cannot be limited to one name), so it sees the
 * leader's renewals as they happen and takes over within the lease duration of its death.
 */
function leaseRules(lease: LeaseRef): InstallPolicyRule[] {
  return [
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'watch'] },
    {
      apiGroups: ['coordination.k8s.io'],
      resources: ['leases'],
      verbs: ['get', 'update'],
      resourceNames: [lease.name],
    },
  ];
}

/**
 * The agent's RBAC on its managed cluster: list (snapshots.ts), apply = `create` + `patch`, and `delete`
 * (execute.ts) of the local kinds; its two Secrets read and updated by name (agent.ts, §4.5) and
 * deleted on deregistration (D2); the Ingresses and Verrazzano CRs read for its report (facts.ts);
 * `bind` on the ClusterRoles project RoleBindings name; the leader Lease.
 */
export function agentRbac(lease: LeaseRef): InstallRbac {
  const agentSecrets = [ManagedClusterNames.AgentSecret, ManagedClusterNames.RegistrationSecret];
  const system: InstallPolicyRule[] = [
    {
      apiGroups: [''],
      resources: ['secrets'],
      verbs: ['get', 'update'],
      resourceNames: [...agentSecrets].sort(),
    },
    {
      apiGroups: ['networking.k8s.io'],
      resources: ['ingresses'],
      verbs: ['get'],
      resourceNames: ['thanos-query-store', 'verrazzano-ingress', 'vmi-system-prometheus'],
    },
  ];
  const namespaced = [{ namespace: Namespaces.VerrazzanoSystem as string, rules: system }];
  const leaseIn = namespaced.find((n) => n.namespace === lease.namespace);
  if (leaseIn) leaseIn.rules.push(...leaseRules(lease));
  else namespaced.push({ namespace: lease.namespace, rules: leaseRules(lease) });
  return {
    cluster: [
      ...rulesFor([...APPLIED, ...WRAPPERS], ['list']),
      ...rulesFor([...APPLIED, ...WRAPPERS], APPLY),
      ...rulesFor([...UNWRAPPED_DELETABLE, ...WRAPPERS], ['delete']),
      // The project's verrazzano-cluster-<C> bindings (V2) are made on managed clusters too, naming
      // verrazzano-managed-cluster, which need not exist there: without `bind` on it, the API
      // server's escalation check looks the role up and answers NotFound.
      bindRule([...PROJECT_ROLES, MANAGED_CLUSTER_ROLE]),
      { apiGroups: ['install.verrazzano.io'], resources: ['verrazzanos'], verbs: ['list'] },
    ],
    namespaced: namespaced.sort((a, b) => a.namespace.localeCompare(b.namespace)),
  };
}

/**
 * The `update` of the three metrics federation objects, by name, when a VMC is deleted (M5,
 * src/sync-plan/admin-federation.ts); they are read through the cluster-wide Secret and ConfigMap
 * lists. A ClusterRole rule, not a Role in `verrazzano-monitoring`: that namespace may not exist
 * when vzmc is installed, and vzmc must not create it (M1 keys off its existence).
 */
function federationRules(): InstallPolicyRule[] {
  return [
    {
      apiGroups: [''],
      resources: ['configmaps'],
      verbs: ['update'],
      resourceNames: [FederationObjects.ThanosEndpointsConfigMap],
    },
    {
      apiGroups: [''],
      resources: ['secrets'],
      verbs: ['update'],
      resourceNames: [FederationObjects.ScrapeConfigsSecret, FederationObjects.CaCertsSecret].sort(),
    },
  ];
}

/**
 * The admin controller's RBAC on the admin cluster: list and watch of every kind it reads
 * (readFleetSnapshot, readLocalSnapshot, the `vzmc admin` watches); apply = `create` + `patch` of project
 * namespaces, RoleBindings and the unwrapped objects placed on `local` (P13, P15); `delete` of
 * those it owns; `get` and status `update` of wrappers and projects; `bind` on the ClusterRoles
 * its RoleBindings name; VMC finalizer and status writes; in `verrazzano-mc`, the deletes of a
 * deregistered cluster's ServiceAccount, Secrets and RoleBindings (D1); and the `update` of the
 * metrics federation objects, by name (M5).
 */
export function adminRbac(lease: LeaseRef): InstallRbac {
  const watched = [...APPLIED, ...WRAPPERS, Kind.VerrazzanoManagedCluster];
  const mc: InstallPolicyRule[] = [
    { apiGroups: [''], resources: ['secrets', 'serviceaccounts'], verbs: ['delete'] },
    // Only while a VMC is being deleted: which ServiceAccount it owns (readDeletionLists).
    { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['list'] },
  ];
  const namespaced = [{ namespace: Namespaces.VerrazzanoMc as string, rules: mc }];
  const leaseIn = namespaced.find((n) => n.namespace === lease.namespace);
  if (leaseIn) leaseIn.rules.push(...leaseRules(lease));
  else namespaced.push({ namespace: lease.namespace, rules: leaseRules(lease) });
  return {
    cluster: [
      ...rulesFor(watched, ['list', 'watch']),
      ...rulesFor(APPLIED, APPLY),
      ...rulesFor([...UNWRAPPED_DELETABLE, Kind.RoleBinding], ['delete']),
      ...rulesFor([...WRAPPERS, Kind.VerrazzanoManagedCluster], ['get']),
      ...rulesFor([Kind.VerrazzanoManagedCluster], ['update']),
      ...rulesFor([...WRAPPERS, Kind.VerrazzanoManagedCluster], ['update'], '/status'),
      ...federationRules(),
      bindRule([...PROJECT_ROLES, MANAGED_CLUSTER_ROLE]),
    ],
    namespaced: namespaced.sort((a, b) => a.namespace.localeCompare(b.namespace)),
  };
}
