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
export const Cluster = z.strictObject({ name: z.string() });
/** A placement target. */
export type Cluster = z.infer<typeof Cluster>;

/** Where a resource goes. `clusters` is required by the CRD; non-empty only by the webhook (W1). */
export const Placement = z.strictObject({ clusters: z.array(Cluster) });
/** Where a resource goes. */
export type Placement = z.infer<typeof Placement>;

/** Condition types of MC resources. Only the first two are ever produced (B25). */
export const ConditionType = {
  DeployComplete: 'DeployComplete',
  DeployFailed: 'DeployFailed',
  DeployPending: 'DeployPending',
} as const;
/** One of {@link ConditionType}'s values. */
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

/** Condition status values (corev1.ConditionStatus). */
export const ConditionStatus = { True: 'True', False: 'False', Unknown: 'Unknown' } as const;
/** One of {@link ConditionStatus}'s values. */
export type ConditionStatus = (typeof ConditionStatus)[keyof typeof ConditionStatus];

/** Aggregate and per-cluster states of MC resources. */
export const StateType = { Failed: 'Failed', Pending: 'Pending', Succeeded: 'Succeeded' } as const;
/** One of {@link StateType}'s values. */
export type StateType = (typeof StateType)[keyof typeof StateType];

/** A condition on an MC resource. `lastTransitionTime` is an RFC 3339 string, not a metav1.Time. */
export const Condition = z.strictObject({
  type: z.string(),
  status: z.string(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
/** A condition on an MC resource. */
export type Condition = z.infer<typeof Condition>;

/** The status of an MC resource on one cluster. */
export const ClusterLevelStatus = z.strictObject({
  name: z.string(),
  state: z.string(),
  message: z.string().optional(),
  lastUpdateTime: z.string(),
});
/** The status of an MC resource on one cluster. */
export type ClusterLevelStatus = z.infer<typeof ClusterLevelStatus>;

/** Status shared by the four wrappers and VerrazzanoProject. */
export const MultiClusterResourceStatus = z.strictObject({
  clusters: z.array(ClusterLevelStatus).optional(),
  conditions: z.array(Condition).optional(),
  state: z.string().optional(),
});
/** Status shared by the four wrappers and VerrazzanoProject. */
export type MultiClusterResourceStatus = z.infer<typeof MultiClusterResourceStatus>;

// --- §1.3 MultiClusterApplicationConfiguration ------------------------------------------------

/** The template of a MultiClusterApplicationConfiguration. */
export const ApplicationConfigurationTemplate = z.strictObject({
  metadata: EmbeddedObjectMeta.optional(),
  spec: ApplicationConfigurationSpec.optional(),
});

/** Wraps an OAM ApplicationConfiguration with a placement. */
export const MultiClusterApplicationConfiguration = kindSchema(
  CLUSTERS_API_VERSION,
  'MultiClusterApplicationConfiguration',
  {
    spec: z
      .strictObject({
        placement: Placement,
        secrets: z.array(z.string()).optional(),
        template: ApplicationConfigurationTemplate,
      })
      .optional(),
    status: MultiClusterResourceStatus.optional(),
  },
);
/** Wraps an OAM ApplicationConfiguration with a placement. */
export type MultiClusterApplicationConfiguration = z.infer<typeof MultiClusterApplicationConfiguration>;

// --- §1.4 MultiClusterComponent ----------------------------------------------------------------

/** Wraps an OAM Component with a placement (deprecated by Verrazzano). */
export const MultiClusterComponent = kindSchema(CLUSTERS_API_VERSION, 'MultiClusterComponent', {
  spec: z
    .strictObject({
      placement: Placement,
      template: z.strictObject({
        metadata: EmbeddedObjectMeta.optional(),
        spec: ComponentSpec.optional(),
      }),
    })
    .optional(),
  status: MultiClusterResourceStatus.optional(),
});
/** Wraps an OAM Component with a placement. */
export type MultiClusterComponent = z.infer<typeof MultiClusterComponent>;

// --- §1.5 MultiClusterConfigMap ----------------------------------------------------------------

/** Wraps a ConfigMap with a placement (deprecated by Verrazzano). */
export const MultiClusterConfigMap = kindSchema(CLUSTERS_API_VERSION, 'MultiClusterConfigMap', {
  spec: z
    .strictObject({
      placement: Placement,
      template: z.strictObject({
        metadata: EmbeddedObjectMeta.optional(),
        data: StringMap.optional(),
        binaryData: ByteMap.optional(),
        immutable: z.boolean().optional(),
      }),
    })
    .optional(),
  status: MultiClusterResourceStatus.optional(),
});
/** Wraps a ConfigMap with a placement. */
export type MultiClusterConfigMap = z.infer<typeof MultiClusterConfigMap>;

// --- §1.6 MultiClusterSecret -------------------------------------------------------------------

/** Wraps a Secret with a placement (deprecated by Verrazzano). */
export const MultiClusterSecret = kindSchema(CLUSTERS_API_VERSION, 'MultiClusterSecret', {
  spec: z
    .strictObject({
      placement: Placement,
      template: z.strictObject({
        metadata: EmbeddedObjectMeta.optional(),
        data: ByteMap.optional(),
        stringData: StringMap.optional(),
        type: z.string().optional(),
      }),
    })
    .optional(),
  status: MultiClusterResourceStatus.optional(),
});
/** Wraps a Secret with a placement. */
export type MultiClusterSecret = z.infer<typeof MultiClusterSecret>;

// --- §1.7 VerrazzanoProject --------------------------------------------------------------------

/** A namespace of a project. Its metadata keeps unknown fields; only name, labels and annotations are used. */
export const NamespaceTemplate = z.strictObject({
  metadata: k8s(
    z.looseObject({
      name: z.string().optional(),
      labels: StringMap.optional(),
      annotations: StringMap.optional(),
    }),
    { preserveUnknownFields: true },
  ),
  spec: z.strictObject({ finalizers: z.array(z.string()).optional() }).optional(),
});
/** A namespace of a project. */
export type NamespaceTemplate = z.infer<typeof NamespaceTemplate>;

/** A NetworkPolicy of a project. Its metadata keeps unknown fields; name and namespace are used. */
export const NetworkPolicyTemplate = z.strictObject({
  metadata: k8s(
    z.looseObject({
      name: z.string().optional(),
      namespace: z.string().optional(),
      labels: StringMap.optional(),
      annotations: StringMap.optional(),
    }),
    { preserveUnknownFields: true },
  ),
  spec: NetworkPolicySpec,
});
/** A NetworkPolicy of a project. */
export type NetworkPolicyTemplate = z.infer<typeof NetworkPolicyTemplate>;

/** A project's security settings: the subjects that replace the default groups (V2). */
export const SecuritySpec = z.strictObject({
  projectAdminSubjects: z.array(Subject).optional(),
  projectMonitorSubjects: z.array(Subject).optional(),
});

/** A set of namespaces with a placement, RBAC and network policies. Lives in `verrazzano-mc` (W4). */
export const VerrazzanoProject = kindSchema(CLUSTERS_API_VERSION, 'VerrazzanoProject', {
  spec: z.strictObject({
    placement: Placement,
    template: z.strictObject({
      namespaces: z.array(NamespaceTemplate),
      networkPolicies: z.array(NetworkPolicyTemplate).optional(),
      security: SecuritySpec.optional(),
    }),
  }),
  status: MultiClusterResourceStatus.optional(),
});
/** A VerrazzanoProject. */
export type VerrazzanoProject = z.infer<typeof VerrazzanoProject>;

// --- §1.8 VerrazzanoManagedCluster -------------------------------------------------------------

/** VMC states (not schema-enforced). */
export const VmcState = {
  Active: 'Active',
  Inactive: 'Inactive',
  Pending: 'Pending',
  Provisioning: 'Provisioning',
  Provisioned: 'Provisioned',
  Deleting: 'Deleting',
  Unknown: 'Unknown',
  Failed: 'Failed',
} as const;
/** One of {@link VmcState}'s values. */
export type VmcState = (typeof VmcState)[keyof typeof VmcState];

/** VMC condition types. */
export const VmcConditionType = {
  Ready: 'Ready',
  ManagedCARetrieved: 'ManagedCARetrieved',
  ManifestPushed: 'ManifestPushed',
} as const;

/** A VMC condition; its `lastTransitionTime` is a metav1.Time. */
export const VmcCondition = z.strictObject({
  type: z.string(),
  status: z.string(),
  message: z.string().optional(),
  lastTransitionTime: k8s(z.string(), { format: 'date-time' }).optional(),
});
/** A VMC condition. */
export type VmcCondition = z.infer<typeof VmcCondition>;

/** The status a managed cluster and the VMC controller write. */
export const VerrazzanoManagedClusterStatus = z.strictObject({
  apiUrl: z.string().optional(),
  argoCDRegistration: z
    .strictObject({
      status: z.string(),
      lastSetTimestamp: k8s(z.string(), { format: 'date-time' }).optional(),
      message: z.string().optional(),
    })
    .optional(),
  clusterRef: z
    .strictObject({
      apiVersion: z.string().optional(),
      kind: z.string().optional(),
      name: z.string().optional(),
      namespace: z.string().optional(),
    })
    .optional(),
  conditions: z.array(VmcCondition).optional(),
  imported: z.boolean().optional(),
  kubernetes: z.strictObject({ version: z.string().optional() }).optional(),
  lastAgentConnectTime: k8s(z.string(), { format: 'date-time' }).optional(),
  prometheusHost: z.string().optional(),
  provider: z.string().optional(),
  rancherRegistration: z
    .strictObject({
      status: z.string(),
      clusterID: z.string().optional(),
      message: z.string().optional(),
    })
    .optional(),
  state: z.string(),
  thanosQueryStore: z.string().optional(),
  verrazzano: z.strictObject({ version: z.string().optional() }).optional(),
});
/** The status of a VMC. */
export type VerrazzanoManagedClusterStatus = z.infer<typeof VerrazzanoManagedClusterStatus>;

/** Registers a managed cluster with the admin. Its name is the cluster's name everywhere else. */
export const VerrazzanoManagedCluster = kindSchema(CLUSTERS_API_VERSION, 'VerrazzanoManagedCluster', {
  spec: z
    .strictObject({
      caSecret: z.string().optional(),
      description: z.string().optional(),
      managedClusterManifestSecret: z.string().optional(),
      serviceAccount: z.string().optional(),
    })
    .optional(),
  status: VerrazzanoManagedClusterStatus.optional(),
});
/** A VerrazzanoManagedCluster. */
export type VerrazzanoManagedCluster = z.infer<typeof VerrazzanoManagedCluster>;

/** Any of the four MC wrappers. */
export type MultiClusterWrapper =
  MultiClusterApplicationConfiguration | MultiClusterComponent | MultiClusterConfigMap | MultiClusterSecret;
