/**
 * model/: the schemas and types of the objects vzmc reads and writes (Kubernetes, OAM and
 * Verrazzano kinds), the well-known names, the generated CRDs and the Issue data type. Imports
 * nothing of manifest/ or validation/.
 */
export {
  ByteMap,
  EmbeddedObjectMeta,
  EmbeddedResource,
  FreeForm,
  IntOrString,
  k8s,
  k8sMeta,
  kindSchema,
  KubeObjectSchema,
  ObjectMeta,
  OwnerReference,
  StringMap,
  zodDef,
} from './meta.js';
export type { K8sSchemaMeta, KubeObject, ZodDefLike } from './meta.js';
export {
  ClusterRole,
  ConfigMap,
  LabelSelector,
  Namespace,
  NetworkPolicy,
  NetworkPolicySpec,
  PolicyRule,
  Role,
  RoleBinding,
  RoleRef,
  Secret,
  ServiceAccount,
  Subject,
} from './core.js';
export {
  ApplicationConfiguration,
  ApplicationConfigurationComponent,
  ApplicationConfigurationSpec,
  Component,
  ComponentSpec,
  ComponentTrait,
  OAM_API_VERSION,
} from './oam.js';
export {
  ApplicationConfigurationTemplate,
  Cluster,
  ClusterLevelStatus,
  CLUSTERS_API_VERSION,
  Condition,
  ConditionStatus,
  ConditionType,
  MultiClusterApplicationConfiguration,
  MultiClusterComponent,
  MultiClusterConfigMap,
  MultiClusterResourceStatus,
  MultiClusterSecret,
  NamespaceTemplate,
  NetworkPolicyTemplate,
  Placement,
  SecuritySpec,
  StateType,
  VerrazzanoManagedCluster,
  VerrazzanoManagedClusterStatus,
  VerrazzanoProject,
  VmcCondition,
  VmcConditionType,
  VmcState,
} from './verrazzano.js';
export type { MultiClusterWrapper } from './verrazzano.js';
export { isWrapperKind, Kind, kindInfo, KINDS, WRAPPER_KINDS } from './kinds.js';
export type { KindInfo, WrapperKind } from './kinds.js';
export {
  ClusterObjectNames,
  Finalizers,
  LOCAL_CLUSTER,
  MANAGED_CLUSTER_ROLE,
  ManagedClusterNames,
  Namespaces,
  VerrazzanoLabels,
  VZMC_MANAGED_SELECTOR,
  VzmcMarkers,
  Wiring,
  WIRING_ANNOTATION,
} from './names.js';
export { customResourceDefinition, generateCrds, toStructuralSchema } from './crds.js';
export type { CustomResourceDefinition, JSONSchemaProps } from './crds.js';
export {
  compareIssues,
  formatIssue,
  formatIssues,
  formatObjectRef,
  formatPath,
  hasErrors,
  IssueCode,
  Severity,
  VzmcIssuesError,
} from './issues.js';
export type { FieldPath, Issue, ObjectRef, PathSegment, SourcePosition } from './issues.js';
