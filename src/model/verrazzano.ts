/**
 * The six clusters.verrazzano.io/v1alpha1 kinds (spec §1), with every field of Verrazzano's CRDs.
 * Required and optional follow the CRDs exactly; enums that the CRDs do not enforce are typed
 * as strings with the known values exported beside them.
 */
import { z } from 'zod';
import { ApplicationConfigurationSpec, ComponentSpec } from './oam.js';
import { NetworkPolicySpec, Subject } from './core.js';
import { ByteMap, EmbeddedObjectMeta, StringMap, k8s, kindSchema } from './meta.js';

/** The API group and version of every Verrazzano multicluster kind. */
export const CLUSTERS_API_VERSION = 'clusters.verrazzano.io/v1alpha1';

// --- §1.2 shared types -------------------------------------------------------------------------

/** A placement target. Matching is exact, case-sensitive equality of `name` (P4). */
export const Cluster = z.strictObject({
  /** The cluster's name: a VMC name, or `local` for the admin cluster (P3). */
  name: z.string(),
});
/** A placement target. */
export type Cluster = z.infer<typeof Cluster>;

/** Where a resource goes. `clusters` is required by the CRD; non-empty only by the webhook (W1). */
export const Placement = z.strictObject({
  /** The clusters the resource is placed on. */
  clusters: z.array(Cluster),
});
/** Where a resource goes. */
export type Placement = z.infer<typeof Placement>;

/** Condition types of MC resources. Only the first two are ever produced (B25). */
export const ConditionType = {
  /** The object was created, updated or found unchanged. */
  DeployComplete: 'DeployComplete',
  /** Writing the object failed; the message is the error. */
  DeployFailed: 'DeployFailed',
  /** Defined by Verrazzano, never produced (B25). */
  DeployPending: 'DeployPending',
} as const;
/** One of {@link ConditionType}'s values. */
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

/** Condition status values (corev1.ConditionStatus). */
export const ConditionStatus = {
  /** The condition holds. */
  True: 'True',
  /** The condition does not hold. */
  False: 'False',
  /** Not known. */
  Unknown: 'Unknown',
} as const;
/** One of {@link ConditionStatus}'s values. */
export type ConditionStatus = (typeof ConditionStatus)[keyof typeof ConditionStatus];

/** Aggregate and per-cluster states of MC resources. */
export const StateType = {
  /** Failed on at least one placed cluster. */
  Failed: 'Failed',
  /** Not yet reported as done by every placed cluster. */
  Pending: 'Pending',
  /** Succeeded on every placed cluster. */
  Succeeded: 'Succeeded',
} as const;
/** One of {@link StateType}'s values. */
export type StateType = (typeof StateType)[keyof typeof StateType];

/** A condition on an MC resource. `lastTransitionTime` is an RFC 3339 string, not a metav1.Time. */
export const Condition = z.strictObject({
  /** `DeployComplete` or `DeployFailed` (see {@link ConditionType}). */
  type: z.string(),
  /** `True`, `False` or `Unknown` (see {@link ConditionStatus}). */
  status: z.string(),
  /** What happened, e.g. `OAM Application Configuration created`. */
  message: z.string().optional(),
  /** When, as an RFC 3339 string. */
  lastTransitionTime: z.string().optional(),
});
/** A condition on an MC resource. */
export type Condition = z.infer<typeof Condition>;

/** The status of an MC resource on one cluster. */
export const ClusterLevelStatus = z.strictObject({
  /** The cluster's name. */
  name: z.string(),
  /** `Succeeded`, `Failed` or `Pending` (see {@link StateType}). */
  state: z.string(),
  /** The message of the cluster's latest condition. */
  message: z.string().optional(),
  /** When the cluster last reported, as an RFC 3339 string. */
  lastUpdateTime: z.string(),
});
/** The status of an MC resource on one cluster. */
export type ClusterLevelStatus = z.infer<typeof ClusterLevelStatus>;

/** Status shared by the four wrappers and VerrazzanoProject. */
export const MultiClusterResourceStatus = z.strictObject({
  /** One entry per cluster that reported. */
  clusters: z.array(ClusterLevelStatus).optional(),
  /** Conditions reported by the clusters. */
  conditions: z.array(Condition).optional(),
  /** The aggregate state over the placement (§5.4). */
  state: z.string().optional(),
});
/** Status shared by the four wrappers and VerrazzanoProject. */
export type MultiClusterResourceStatus = z.infer<typeof MultiClusterResourceStatus>;

// --- §1.3 MultiClusterApplicationConfiguration ------------------------------------------------

/** The template of a MultiClusterApplicationConfiguration. */
export const ApplicationConfigurationTemplate = z.strictObject({
  /** Labels and annotations of the unwrapped ApplicationConfiguration. */
  metadata: EmbeddedObjectMeta.optional(),
  /** The spec of the unwrapped ApplicationConfiguration. */
  spec: ApplicationConfigurationSpec.optional(),
});

/** Wraps an OAM ApplicationConfiguration with a placement. */
export const MultiClusterApplicationConfiguration = kindSchema(
  CLUSTERS_API_VERSION,
  'MultiClusterApplicationConfiguration',
  {
    /** The wrapper's spec. */
    spec: z
      .strictObject({
        /** The clusters that get the application. */
        placement: Placement,
        /** Secrets in the same namespace that the agent copies with the application (P10). */
        secrets: z.array(z.string()).optional(),
        /** The ApplicationConfiguration to unwrap. */
        template: ApplicationConfigurationTemplate,
      })
      .optional(),
    /** Per-cluster and aggregate status. */
    status: MultiClusterResourceStatus.optional(),
  },
);
/** Wraps an OAM ApplicationConfiguration with a placement. */
export type MultiClusterApplicationConfiguration = z.infer<typeof MultiClusterApplicationConfiguration>;

// --- §1.4 MultiClusterComponent ----------------------------------------------------------------

/** Wraps an OAM Component with a placement (deprecated by Verrazzano). */
export const MultiClusterComponent = kindSchema(CLUSTERS_API_VERSION, 'MultiClusterComponent', {
  /** The wrapper's spec. */
  spec: z
    .strictObject({
      /** The clusters that get the Component. */
      placement: Placement,
      /** The Component to unwrap. */
      template: z.strictObject({
        /** Labels and annotations of the unwrapped Component. */
        metadata: EmbeddedObjectMeta.optional(),
        /** The spec of the unwrapped Component. */
        spec: ComponentSpec.optional(),
      }),
    })
    .optional(),
  /** Per-cluster and aggregate status. */
  status: MultiClusterResourceStatus.optional(),
});
/** Wraps an OAM Component with a placement. */
export type MultiClusterComponent = z.infer<typeof MultiClusterComponent>;

// --- §1.5 MultiClusterConfigMap ----------------------------------------------------------------

/** Wraps a ConfigMap with a placement (deprecated by Verrazzano). */
export const MultiClusterConfigMap = kindSchema(CLUSTERS_API_VERSION, 'MultiClusterConfigMap', {
  /** The wrapper's spec. */
  spec: z
    .strictObject({
      /** The clusters that get the ConfigMap. */
      placement: Placement,
      /** The ConfigMap to unwrap. */
      template: z.strictObject({
        /** Labels and annotations of the unwrapped ConfigMap. */
        metadata: EmbeddedObjectMeta.optional(),
        /** Text values by key. */
        data: StringMap.optional(),
        /** Binary values by key, base64-encoded. */
        binaryData: ByteMap.optional(),
        /** Whether the unwrapped ConfigMap is immutable (B34). */
        immutable: z.boolean().optional(),
      }),
    })
    .optional(),
  /** Per-cluster and aggregate status. */
  status: MultiClusterResourceStatus.optional(),
});
/** Wraps a ConfigMap with a placement. */
export type MultiClusterConfigMap = z.infer<typeof MultiClusterConfigMap>;

// --- §1.6 MultiClusterSecret -------------------------------------------------------------------

/** Wraps a Secret with a placement (deprecated by Verrazzano). */
export const MultiClusterSecret = kindSchema(CLUSTERS_API_VERSION, 'MultiClusterSecret', {
  /** The wrapper's spec. */
  spec: z
    .strictObject({
      /** The clusters that get the Secret. */
      placement: Placement,
      /** The Secret to unwrap. */
      template: z.strictObject({
        /** Labels and annotations of the unwrapped Secret. */
        metadata: EmbeddedObjectMeta.optional(),
        /** Values by key, base64-encoded. */
        data: ByteMap.optional(),
        /** Values by key, as text. */
        stringData: StringMap.optional(),
        /** The Secret type; `Opaque` when empty. */
        type: z.string().optional(),
      }),
    })
    .optional(),
  /** Per-cluster and aggregate status. */
  status: MultiClusterResourceStatus.optional(),
});
/** Wraps a Secret with a placement. */
export type MultiClusterSecret = z.infer<typeof MultiClusterSecret>;

// --- §1.7 VerrazzanoProject --------------------------------------------------------------------

/** A namespace of a project. Its metadata keeps unknown fields; only name, labels and annotations are used. */
export const NamespaceTemplate = z.strictObject({
  /** The namespace's metadata. */
  metadata: k8s(
    z.looseObject({
      /** The namespace's name. */
      name: z.string().optional(),
      /** Labels added to the namespace; they may override `verrazzano-managed` and `istio-injection` (V1). */
      labels: StringMap.optional(),
      /** Annotations that replace the namespace's annotations (V1). */
      annotations: StringMap.optional(),
    }),
    { preserveUnknownFields: true },
  ),
  /** The namespace's spec (V1). */
  spec: z
    .strictObject({
      /** Finalizers of the namespace. */
      finalizers: z.array(z.string()).optional(),
    })
    .optional(),
});
/** A namespace of a project. */
export type NamespaceTemplate = z.infer<typeof NamespaceTemplate>;

/** A NetworkPolicy of a project. Its metadata keeps unknown fields; name and namespace are used. */
export const NetworkPolicyTemplate = z.strictObject({
  /** The NetworkPolicy's metadata, which replaces the live object's metadata (V4). */
  metadata: k8s(
    z.looseObject({
      /** The NetworkPolicy's name. */
      name: z.string().optional(),
      /** Its namespace, which must be a namespace of the project (W6). */
      namespace: z.string().optional(),
      /** Labels of the NetworkPolicy. */
      labels: StringMap.optional(),
      /** Annotations of the NetworkPolicy. */
      annotations: StringMap.optional(),
    }),
    { preserveUnknownFields: true },
  ),
  /** The NetworkPolicy's spec. */
  spec: NetworkPolicySpec,
});
/** A NetworkPolicy of a project. */
export type NetworkPolicyTemplate = z.infer<typeof NetworkPolicyTemplate>;

/** A project's security settings: the subjects that replace the default groups (V2). */
export const SecuritySpec = z.strictObject({
  /**
   * Subjects bound to `verrazzano-project-admin` and `admin`; default the group
   * `verrazzano-project-<name>-admins`.
   */
  projectAdminSubjects: z.array(Subject).optional(),
  /**
   * Subjects bound to `verrazzano-project-monitor` and `view`; default the group
   * `verrazzano-project-<name>-monitors`.
   */
  projectMonitorSubjects: z.array(Subject).optional(),
});

/** A set of namespaces with a placement, RBAC and network policies. Lives in `verrazzano-mc` (W4). */
export const VerrazzanoProject = kindSchema(CLUSTERS_API_VERSION, 'VerrazzanoProject', {
  /** The project's spec. */
  spec: z.strictObject({
    /** The clusters that get the project's namespaces (P12); the admin always gets them (P13). */
    placement: Placement,
    /** What the project creates on each cluster that has it. */
    template: z.strictObject({
      /** The project's namespaces (at least one, W5). */
      namespaces: z.array(NamespaceTemplate),
      /** NetworkPolicies in the project's namespaces (V4). */
      networkPolicies: z.array(NetworkPolicyTemplate).optional(),
      /** Who administers and monitors the project (V2). */
      security: SecuritySpec.optional(),
    }),
  }),
  /** Per-cluster and aggregate status. */
  status: MultiClusterResourceStatus.optional(),
});
/** A VerrazzanoProject. */
export type VerrazzanoProject = z.infer<typeof VerrazzanoProject>;

// --- §1.8 VerrazzanoManagedCluster -------------------------------------------------------------

/** VMC states (not schema-enforced). */
export const VmcState = {
  /** The agent reported within the last 60 s (§5.6). */
  Active: 'Active',
  /** The agent has not reported for 60 s or more. */
  Inactive: 'Inactive',
  /** The agent reported for the first time. */
  Pending: 'Pending',
  /** ClusterAPI: the cluster is being provisioned. */
  Provisioning: 'Provisioning',
  /** ClusterAPI: the cluster is provisioned. */
  Provisioned: 'Provisioned',
  /** ClusterAPI: the cluster is being deleted. */
  Deleting: 'Deleting',
  /** ClusterAPI: the phase is not known. */
  Unknown: 'Unknown',
  /** ClusterAPI: provisioning failed. */
  Failed: 'Failed',
} as const;
/** One of {@link VmcState}'s values. */
export type VmcState = (typeof VmcState)[keyof typeof VmcState];

/** VMC condition types. */
export const VmcConditionType = {
  /** The admin-side registration objects exist. */
  Ready: 'Ready',
  /** The managed cluster's CA was retrieved (through Rancher or ClusterAPI). */
  ManagedCARetrieved: 'ManagedCARetrieved',
  /** The registration manifest was pushed to the managed cluster. */
  ManifestPushed: 'ManifestPushed',
} as const;

/** A VMC condition; its `lastTransitionTime` is a metav1.Time. */
export const VmcCondition = z.strictObject({
  /** `Ready`, `ManagedCARetrieved` or `ManifestPushed` (see {@link VmcConditionType}). */
  type: z.string(),
  /** `True`, `False` or `Unknown`. */
  status: z.string(),
  /** What happened. */
  message: z.string().optional(),
  /** When the status last changed (metav1.Time). */
  lastTransitionTime: k8s(z.string(), { format: 'date-time' }).optional(),
});
/** A VMC condition. */
export type VmcCondition = z.infer<typeof VmcCondition>;

/** The status a managed cluster and the VMC controller write. */
export const VerrazzanoManagedClusterStatus = z.strictObject({
  /**
   * The managed cluster's API URL (`https://` + host of its `verrazzano-ingress`), written by the agent
   * (§4.6).
   */
  apiUrl: z.string().optional(),
  /** Argo CD registration of the cluster. */
  argoCDRegistration: z
    .strictObject({
      /** `PendingRancherClusterRegistration`, `Completed` or `Failed`. */
      status: z.string(),
      /** When the status was set. */
      lastSetTimestamp: k8s(z.string(), { format: 'date-time' }).optional(),
      /** Details. */
      message: z.string().optional(),
    })
    .optional(),
  /** The ClusterAPI Cluster of a provisioned cluster. */
  clusterRef: z
    .strictObject({
      /** API version of the Cluster. */
      apiVersion: z.string().optional(),
      /** Kind of the Cluster. */
      kind: z.string().optional(),
      /** Name of the Cluster. */
      name: z.string().optional(),
      /** Namespace of the Cluster. */
      namespace: z.string().optional(),
    })
    .optional(),
  /** `Ready`, `ManagedCARetrieved` and `ManifestPushed` conditions. */
  conditions: z.array(VmcCondition).optional(),
  /** True unless the cluster was provisioned through ClusterAPI. */
  imported: z.boolean().optional(),
  /** The managed cluster's Kubernetes version, reported by the agent. */
  kubernetes: z
    .strictObject({
      /** The server version, e.g. `v1.34.4`. */
      version: z.string().optional(),
    })
    .optional(),
  /** When the agent last reported (§4.6). */
  lastAgentConnectTime: k8s(z.string(), { format: 'date-time' }).optional(),
  /** Host of the managed cluster's Prometheus ingress, for federation (M4). */
  prometheusHost: z.string().optional(),
  /** `Imported`, or the ClusterAPI provider. */
  provider: z.string().optional(),
  /** Rancher registration of the cluster. */
  rancherRegistration: z
    .strictObject({
      /** `Completed`, `Applied`, `Failed` or `DeleteFailed`. */
      status: z.string(),
      /** The Rancher cluster ID. */
      clusterID: z.string().optional(),
      /** Details. */
      message: z.string().optional(),
    })
    .optional(),
  /** The VMC state (see {@link VmcState}). */
  state: z.string(),
  /** Host of the managed cluster's Thanos query store ingress (M2). */
  thanosQueryStore: z.string().optional(),
  /** The managed cluster's Verrazzano version, reported by the agent. */
  verrazzano: z
    .strictObject({
      /** The version of the cluster's Verrazzano installation, or empty. */
      version: z.string().optional(),
    })
    .optional(),
});
/** The status of a VMC. */
export type VerrazzanoManagedClusterStatus = z.infer<typeof VerrazzanoManagedClusterStatus>;

/** Registers a managed cluster with the admin. Its name is the cluster's name everywhere else. */
export const VerrazzanoManagedCluster = kindSchema(CLUSTERS_API_VERSION, 'VerrazzanoManagedCluster', {
  /** The VMC's spec. */
  spec: z
    .strictObject({
      /** A Secret in `verrazzano-mc` whose `cacrt` is the managed cluster's CA. */
      caSecret: z.string().optional(),
      /** A description of the cluster. */
      description: z.string().optional(),
      /** Set by the controller: the Secret holding the step-2 manifest. */
      managedClusterManifestSecret: z.string().optional(),
      /** Set by the controller: the agent's ServiceAccount on the admin. */
      serviceAccount: z.string().optional(),
    })
    .optional(),
  /** What the agent and the VMC controller report. */
  status: VerrazzanoManagedClusterStatus.optional(),
});
/** A VerrazzanoManagedCluster. */
export type VerrazzanoManagedCluster = z.infer<typeof VerrazzanoManagedCluster>;

/** Any of the four MC wrappers. */
export type MultiClusterWrapper =
  MultiClusterApplicationConfiguration | MultiClusterComponent | MultiClusterConfigMap | MultiClusterSecret;
