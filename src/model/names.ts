/**
 * Verrazzano's well-known namespaces, names, labels and annotations (spec §1.10, §1.11), and the
 * markers vzmc adds to what it creates. Wire strings as `as const` objects.
 */

/** Well-known namespaces. */
export const Namespaces = {
  /** VMCs, VerrazzanoProjects and per-cluster registration Secrets live here. */
  VerrazzanoMc: 'verrazzano-mc',
  /** The agent and registration Secrets live here on a managed cluster. */
  VerrazzanoSystem: 'verrazzano-system',
  /** Ignored by every Verrazzano controller (U6, B32). */
  KubeSystem: 'kube-system',
  /** Where the admin's metrics-federation objects live (M1–M4). */
  VerrazzanoMonitoring: 'verrazzano-monitoring',
} as const;

/** The admin cluster's own name in placements (P3). */
export const LOCAL_CLUSTER = 'local';

/** Labels and annotations Verrazzano reads or writes. */
export const VerrazzanoLabels = {
  /** `true` on project namespaces, unwrapped objects and agent copies. */
  Managed: 'verrazzano-managed',
  /** Derived from `verrazzano-system`'s own label, else `enabled` (V1). */
  IstioInjection: 'istio-injection',
  /** The managed cluster that copied a Secret or Component (agent). */
  ManagedCluster: 'verrazzano.io/managed-cluster',
  /** The MC app configs that use a copied Secret or Component (comma-joined; see B1). */
  McAppConfigs: 'verrazzano.io/mc-app-configs',
  /** The ServiceAccount a token Secret belongs to. */
  ServiceAccountName: 'kubernetes.io/service-account.name',
} as const;

/**
 * The markers vzmc puts on every object it creates, so that it deletes only its own objects
 * (a deliberate deviation from Verrazzano's name-based ownership, B7/B8; see docs/deviations.md).
 */
export const VzmcMarkers = {
  /** Label `true` on every object vzmc creates; list selectors use it. */
  Managed: 'vzmc.dev/managed',
  /** Annotation naming the source: `<Kind>/<namespace>/<name>` of the admin object it comes from. */
  Source: 'vzmc.dev/source',
  /**
   * Annotation `true` a user puts on an existing object vzmc did not create, to let vzmc take it
   * over (server-side apply with force). Without it, vzmc never adopts an object it does not own.
   */
  Adopt: 'vzmc.dev/adopt',
} as const;

/** The label selector that finds vzmc-managed objects. */
export const VZMC_MANAGED_SELECTOR = `${VzmcMarkers.Managed}=true`;

/** Finalizers Verrazzano's controllers put on wrappers, projects and VMCs. */
export const Finalizers = {
  /** On MultiClusterApplicationConfigurations. */
  MultiClusterApplicationConfiguration: 'multiclusterapplicationconfiguration.verrazzano.io',
  /** On MultiClusterComponents. */
  MultiClusterComponent: 'multiclustercomponent.verrazzano.io',
  /** On MultiClusterConfigMaps. */
  MultiClusterConfigMap: 'multiclusterconfigmap.verrazzano.io',
  /** On MultiClusterSecrets. */
  MultiClusterSecret: 'multiclustersecret.verrazzano.io',
  /** On VerrazzanoProjects. */
  VerrazzanoProject: 'project.verrazzano.io',
  /** On VerrazzanoManagedClusters. */
  VerrazzanoManagedCluster: 'managedcluster.verrazzano.io',
} as const;

/** Names of the per-cluster objects on the admin and the managed cluster (§1.10, §4). */
export const ClusterObjectNames = {
  /** ServiceAccount and RoleBinding in verrazzano-mc; also the per-namespace RoleBinding (V2). */
  serviceAccount: (cluster: string) => `verrazzano-cluster-${cluster}`,
  /** The ServiceAccount token Secret in verrazzano-mc. */
  tokenSecret: (cluster: string) => `verrazzano-cluster-${cluster}-token`,
  /** The agent Secret in verrazzano-mc; copied to the managed cluster as `verrazzano-cluster-agent`. */
  agentSecret: (cluster: string) => `verrazzano-cluster-${cluster}-agent`,
  /** The registration Secret in verrazzano-mc; copied as `verrazzano-cluster-registration`. */
  registrationSecret: (cluster: string) => `verrazzano-cluster-${cluster}-registration`,
  /** The Secret holding the step-2 manifest (key `yaml`). */
  manifestSecret: (cluster: string) => `verrazzano-cluster-${cluster}-manifest`,
  /** The Secret holding the managed cluster's CA (key `cacrt`). */
  caSecret: (cluster: string) => `ca-secret-${cluster}`,
} as const;

/** Names on a managed cluster. */
export const ManagedClusterNames = {
  /** Agent credentials: `admin-kubeconfig`, `managed-cluster-name`. */
  AgentSecret: 'verrazzano-cluster-agent',
  /** Registration info: `managed-cluster-name` and the 13 other keys of §4.5. */
  RegistrationSecret: 'verrazzano-cluster-registration',
  /** Fallback identity (`local`). */
  LocalRegistrationSecret: 'verrazzano-local-registration',
} as const;

/** The ClusterRole bound to each managed cluster's ServiceAccount (§4.3). */
export const MANAGED_CLUSTER_ROLE = 'verrazzano-managed-cluster';

/** How a managed cluster's agent reads the admin (issue 13; docs/security.md). */
export const Wiring = {
  /** vzmc's default: the cluster's own namespace `vzmc-cluster-<C>` on the admin, least privilege. */
  ClusterNamespace: 'cluster-namespace',
  /** Verrazzano's: the agent reads project namespaces and `verrazzano-mc` directly (§4.3, V2). */
  Verrazzano: 'verrazzano',
} as const;
/** A {@link Wiring} value. */
export type Wiring = (typeof Wiring)[keyof typeof Wiring];

/** The VMC annotation naming the cluster's wiring; absent means `verrazzano`. */
export const WIRING_ANNOTATION = 'vzmc.dev/wiring';
/**
 * The VMC label that repeats the annotation for the wiring `cluster-namespace`, where registration
 * sets it: an agent of the wiring `verrazzano`, which must know which clusters of its projects are
 * wired through their own namespace (P17), lists only those VMCs ({@link CLUSTER_NAMESPACE_WIRED}),
 * so the other clusters' heartbeats are not events on its watch (issue 16).
 */
export const WIRING_LABEL = 'vzmc.dev/wiring';
/** The label selector of the VMCs of the wiring `cluster-namespace`. */
export const CLUSTER_NAMESPACE_WIRED = `${WIRING_LABEL}=${Wiring.ClusterNamespace}`;

/** The metadata a VMC of `wiring` carries: none for `verrazzano`, Verrazzano's own VMC. */
export function wiringMetadata(wiring: Wiring): {
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
} {
  return wiring === Wiring.ClusterNamespace
    ? { annotations: { [WIRING_ANNOTATION]: wiring }, labels: { [WIRING_LABEL]: wiring } }
    : {};
}
