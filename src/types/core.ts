/**
 * The core Kubernetes kinds vzmc reads or writes: Namespace, Secret, ConfigMap, ServiceAccount,
 * RoleBinding, ClusterRole and NetworkPolicy. Fields follow the Kubernetes API; status, where the
 * kind has one, is kept as free-form data so live objects round-trip.
 */
import { z } from 'zod';
import { ByteMap, FreeForm, IntOrString, StringMap, k8s, kindSchema } from './meta.js';

/** An RBAC subject (rbac/v1 Subject). */
export const Subject = k8s(
  z.strictObject({
    kind: z.string(),
    name: z.string(),
    apiGroup: z.string().optional(),
    namespace: z.string().optional(),
  }),
  { mapType: 'atomic' },
);
/** An RBAC subject. */
export type Subject = z.infer<typeof Subject>;

/** A label selector. */
export const LabelSelector = k8s(
  z.strictObject({
    matchLabels: StringMap.optional(),
    matchExpressions: z
      .array(
        z.strictObject({
          key: z.string(),
          operator: z.string(),
          values: z.array(z.string()).optional(),
        }),
      )
      .optional(),
  }),
  { mapType: 'atomic' },
);
/** A label selector. */
export type LabelSelector = z.infer<typeof LabelSelector>;

const NetworkPolicyPeer = z.strictObject({
  podSelector: LabelSelector.optional(),
  namespaceSelector: LabelSelector.optional(),
  ipBlock: z.strictObject({ cidr: z.string(), except: z.array(z.string()).optional() }).optional(),
});

const NetworkPolicyPort = z.strictObject({
  protocol: k8s(z.string(), { default: 'TCP' }).optional(),
  port: IntOrString.optional(),
  endPort: k8s(z.number().int(), { format: 'int32' }).optional(),
});

/** networking.k8s.io/v1 NetworkPolicySpec. */
export const NetworkPolicySpec = z.strictObject({
  podSelector: LabelSelector,
  ingress: z
    .array(
      z.strictObject({
        from: z.array(NetworkPolicyPeer).optional(),
        ports: z.array(NetworkPolicyPort).optional(),
      }),
    )
    .optional(),
  egress: z
    .array(
      z.strictObject({
        to: z.array(NetworkPolicyPeer).optional(),
        ports: z.array(NetworkPolicyPort).optional(),
      }),
    )
    .optional(),
  policyTypes: z.array(z.string()).optional(),
});
/** networking.k8s.io/v1 NetworkPolicySpec. */
export type NetworkPolicySpec = z.infer<typeof NetworkPolicySpec>;

/** v1 Namespace. */
export const Namespace = kindSchema('v1', 'Namespace', {
  spec: z.strictObject({ finalizers: z.array(z.string()).optional() }).optional(),
  status: FreeForm.optional(),
});
/** v1 Namespace. */
export type Namespace = z.infer<typeof Namespace>;

/** v1 Secret. `data` values are base64; the rule is checked by the Kubernetes validator. */
export const Secret = kindSchema('v1', 'Secret', {
  data: ByteMap.optional(),
  stringData: StringMap.optional(),
  type: z.string().optional(),
  immutable: z.boolean().optional(),
});
/** v1 Secret. */
export type Secret = z.infer<typeof Secret>;

/** v1 ConfigMap. */
export const ConfigMap = kindSchema('v1', 'ConfigMap', {
  data: StringMap.optional(),
  binaryData: ByteMap.optional(),
  immutable: z.boolean().optional(),
});
/** v1 ConfigMap. */
export type ConfigMap = z.infer<typeof ConfigMap>;

const ObjectReference = z.looseObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
  kind: z.string().optional(),
  apiVersion: z.string().optional(),
  uid: z.string().optional(),
});

/** v1 ServiceAccount. */
export const ServiceAccount = kindSchema('v1', 'ServiceAccount', {
  secrets: z.array(ObjectReference).optional(),
  imagePullSecrets: z.array(z.strictObject({ name: z.string().optional() })).optional(),
  automountServiceAccountToken: z.boolean().optional(),
});
/** v1 ServiceAccount. */
export type ServiceAccount = z.infer<typeof ServiceAccount>;

/** rbac/v1 RoleRef. */
export const RoleRef = z.strictObject({ apiGroup: z.string(), kind: z.string(), name: z.string() });

/** rbac.authorization.k8s.io/v1 RoleBinding. */
export const RoleBinding = kindSchema('rbac.authorization.k8s.io/v1', 'RoleBinding', {
  subjects: z.array(Subject).optional(),
  roleRef: RoleRef,
});
/** rbac.authorization.k8s.io/v1 RoleBinding. */
export type RoleBinding = z.infer<typeof RoleBinding>;

/** rbac/v1 PolicyRule. */
export const PolicyRule = z.strictObject({
  verbs: z.array(z.string()),
  apiGroups: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  resourceNames: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
});
/** rbac/v1 PolicyRule. */
export type PolicyRule = z.infer<typeof PolicyRule>;

/** rbac.authorization.k8s.io/v1 ClusterRole. */
export const ClusterRole = kindSchema('rbac.authorization.k8s.io/v1', 'ClusterRole', {
  rules: z.array(PolicyRule).optional(),
  aggregationRule: z.strictObject({ clusterRoleSelectors: z.array(LabelSelector).optional() }).optional(),
});
/** rbac.authorization.k8s.io/v1 ClusterRole. */
export type ClusterRole = z.infer<typeof ClusterRole>;

/** networking.k8s.io/v1 NetworkPolicy. */
export const NetworkPolicy = kindSchema('networking.k8s.io/v1', 'NetworkPolicy', {
  spec: NetworkPolicySpec.optional(),
  status: FreeForm.optional(),
});
/** networking.k8s.io/v1 NetworkPolicy. */
export type NetworkPolicy = z.infer<typeof NetworkPolicy>;
