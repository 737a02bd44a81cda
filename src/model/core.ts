/**
 * The core Kubernetes kinds vzmc reads or writes: Namespace, Secret, ConfigMap, ServiceAccount,
 * RoleBinding, ClusterRole and NetworkPolicy. Fields follow the Kubernetes API (v1.34) exactly, status
 * included, and every object is strict: the API server decodes these kinds into Go structs and, under
 * strict field validation, refuses any field they do not have.
 */
import { z } from 'zod';
import { ByteMap, IntOrString, StringMap, k8s, kindSchema } from './meta.js';

/** An RBAC subject (rbac/v1 Subject). */
export const Subject = k8s(
  z.strictObject({
    /** `User`, `Group` or `ServiceAccount`. */
    kind: z.string(),
    /** The user, group or ServiceAccount name. */
    name: z.string(),
    /** `rbac.authorization.k8s.io` for users and groups; empty for ServiceAccounts. */
    apiGroup: z.string().optional(),
    /** The ServiceAccount's namespace. */
    namespace: z.string().optional(),
  }),
  { mapType: 'atomic' },
);
/** An RBAC subject. */
export type Subject = z.infer<typeof Subject>;

/** A label selector. */
export const LabelSelector = k8s(
  z.strictObject({
    /** Labels that must all be present with these values. */
    matchLabels: StringMap.optional(),
    /** Requirements that must all hold. */
    matchExpressions: z
      .array(
        z.strictObject({
          /** The label key. */
          key: z.string(),
          /** `In`, `NotIn`, `Exists` or `DoesNotExist`. */
          operator: z.string(),
          /** The values for `In` and `NotIn`. */
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
  /** Pods selected by label (in the policy's namespace, unless `namespaceSelector` is set). */
  podSelector: LabelSelector.optional(),
  /** Namespaces selected by label. */
  namespaceSelector: LabelSelector.optional(),
  /** A range of IP addresses. */
  ipBlock: z
    .strictObject({
      /** The range, in CIDR notation. */
      cidr: z.string(),
      /** CIDRs inside `cidr` that are excluded. */
      except: z.array(z.string()).optional(),
    })
    .optional(),
});

const NetworkPolicyPort = z.strictObject({
  /** `TCP` (the default), `UDP` or `SCTP`. */
  protocol: k8s(z.string(), { default: 'TCP' }).optional(),
  /** A port number or a named port. */
  port: IntOrString.optional(),
  /** The last port of a range that starts at `port`. */
  endPort: k8s(z.number().int(), { format: 'int32' }).optional(),
});

/** networking.k8s.io/v1 NetworkPolicySpec. */
export const NetworkPolicySpec = z.strictObject({
  /** The pods the policy applies to, in its namespace. */
  podSelector: LabelSelector,
  /** Allowed incoming traffic. */
  ingress: z
    .array(
      z.strictObject({
        /** Sources allowed to connect; empty means any. */
        from: z.array(NetworkPolicyPeer).optional(),
        /** Ports allowed; empty means all. */
        ports: z.array(NetworkPolicyPort).optional(),
      }),
    )
    .optional(),
  /** Allowed outgoing traffic. */
  egress: z
    .array(
      z.strictObject({
        /** Destinations allowed; empty means any. */
        to: z.array(NetworkPolicyPeer).optional(),
        /** Ports allowed; empty means all. */
        ports: z.array(NetworkPolicyPort).optional(),
      }),
    )
    .optional(),
  /** `Ingress`, `Egress` or both. */
  policyTypes: z.array(z.string()).optional(),
});
/** networking.k8s.io/v1 NetworkPolicySpec. */
export type NetworkPolicySpec = z.infer<typeof NetworkPolicySpec>;

/** v1 NamespaceStatus, as the server reports it. */
const NamespaceStatus = z.strictObject({
  /** `Active` or `Terminating`. */
  phase: z.string().optional(),
  /** Conditions of a terminating namespace. */
  conditions: z
    .array(
      z.strictObject({
        /** The condition type, e.g. `NamespaceDeletionContentFailure`. */
        type: z.string(),
        /** `True`, `False` or `Unknown`. */
        status: z.string(),
        /** When the status last changed (RFC 3339). */
        lastTransitionTime: z.string().optional(),
        /** A one-word reason. */
        reason: z.string().optional(),
        /** Details. */
        message: z.string().optional(),
      }),
    )
    .optional(),
});

/** v1 Namespace. */
export const Namespace = kindSchema('v1', 'Namespace', {
  /** The namespace's spec. */
  spec: z
    .strictObject({
      /** Finalizers that must be removed before the namespace is deleted. */
      finalizers: z.array(z.string()).optional(),
    })
    .optional(),
  /** The namespace's status, as the server reports it. */
  status: NamespaceStatus.optional(),
});
/** v1 Namespace. */
export type Namespace = z.infer<typeof Namespace>;

/** v1 Secret. `data` values are base64; the rule is checked by the Kubernetes validator. */
export const Secret = kindSchema('v1', 'Secret', {
  /** Values by key, base64-encoded. */
  data: ByteMap.optional(),
  /** Values by key, as text; the server folds them into `data`. */
  stringData: StringMap.optional(),
  /** The Secret type, `Opaque` by default. */
  type: z.string().optional(),
  /** Whether `data` can no longer change. */
  immutable: z.boolean().optional(),
});
/** v1 Secret. */
export type Secret = z.infer<typeof Secret>;

/** v1 ConfigMap. */
export const ConfigMap = kindSchema('v1', 'ConfigMap', {
  /** Text values by key. */
  data: StringMap.optional(),
  /** Binary values by key, base64-encoded. */
  binaryData: ByteMap.optional(),
  /** Whether the data can no longer change. */
  immutable: z.boolean().optional(),
});
/** v1 ConfigMap. */
export type ConfigMap = z.infer<typeof ConfigMap>;

/** v1 ObjectReference. */
const ObjectReference = z.strictObject({
  /** Name of the referent. */
  name: z.string().optional(),
  /** Namespace of the referent. */
  namespace: z.string().optional(),
  /** Kind of the referent. */
  kind: z.string().optional(),
  /** API version of the referent. */
  apiVersion: z.string().optional(),
  /** UID of the referent. */
  uid: z.string().optional(),
  /** The referent's resourceVersion. */
  resourceVersion: z.string().optional(),
  /** A field inside the referent, e.g. `spec.containers{name}`. */
  fieldPath: z.string().optional(),
});

/** v1 ServiceAccount. */
export const ServiceAccount = kindSchema('v1', 'ServiceAccount', {
  /** Secrets the ServiceAccount may use (legacy token Secrets). */
  secrets: z.array(ObjectReference).optional(),
  /** Secrets with registry credentials that pods of this account use. */
  imagePullSecrets: z
    .array(
      z.strictObject({
        /** The Secret's name. */
        name: z.string().optional(),
      }),
    )
    .optional(),
  /** Whether pods mount a token of this account by default. */
  automountServiceAccountToken: z.boolean().optional(),
});
/** v1 ServiceAccount. */
export type ServiceAccount = z.infer<typeof ServiceAccount>;

/** rbac/v1 RoleRef. */
export const RoleRef = z.strictObject({
  /** The API group of the role: `rbac.authorization.k8s.io`. */
  apiGroup: z.string(),
  /** `Role` or `ClusterRole`. */
  kind: z.string(),
  /** The role's name. */
  name: z.string(),
});

/** rbac.authorization.k8s.io/v1 RoleBinding. */
export const RoleBinding = kindSchema('rbac.authorization.k8s.io/v1', 'RoleBinding', {
  /** Who is granted the role. */
  subjects: z.array(Subject).optional(),
  /** The role granted. */
  roleRef: RoleRef,
});
/** rbac.authorization.k8s.io/v1 RoleBinding. */
export type RoleBinding = z.infer<typeof RoleBinding>;

/** rbac/v1 PolicyRule. */
export const PolicyRule = z.strictObject({
  /** Allowed verbs, e.g. `get`, `list`, `watch`. */
  verbs: z.array(z.string()),
  /** API groups of the resources; `""` is the core group. */
  apiGroups: z.array(z.string()).optional(),
  /** Resources (plural names, or `resource/subresource`). */
  resources: z.array(z.string()).optional(),
  /** Restricts the rule to these object names. */
  resourceNames: z.array(z.string()).optional(),
  /** Non-resource URLs, such as `/healthz`. */
  nonResourceURLs: z.array(z.string()).optional(),
});
/** rbac/v1 PolicyRule. */
export type PolicyRule = z.infer<typeof PolicyRule>;

/** rbac.authorization.k8s.io/v1 ClusterRole. */
export const ClusterRole = kindSchema('rbac.authorization.k8s.io/v1', 'ClusterRole', {
  /** What the role allows. */
  rules: z.array(PolicyRule).optional(),
  /** Makes the role the union of the ClusterRoles that the selectors match. */
  aggregationRule: z
    .strictObject({
      /** Label selectors for the ClusterRoles to aggregate. */
      clusterRoleSelectors: z.array(LabelSelector).optional(),
    })
    .optional(),
});
/** rbac.authorization.k8s.io/v1 ClusterRole. */
export type ClusterRole = z.infer<typeof ClusterRole>;

/** rbac.authorization.k8s.io/v1 Role: a namespaced ClusterRole without aggregation. */
export const Role = kindSchema('rbac.authorization.k8s.io/v1', 'Role', {
  /** What the role allows. */
  rules: z.array(PolicyRule).optional(),
});
/** rbac.authorization.k8s.io/v1 Role. */
export type Role = z.infer<typeof Role>;

/** networking.k8s.io/v1 NetworkPolicy. It has no status since Kubernetes 1.28. */
export const NetworkPolicy = kindSchema('networking.k8s.io/v1', 'NetworkPolicy', {
  /** The policy. */
  spec: NetworkPolicySpec.optional(),
});
/** networking.k8s.io/v1 NetworkPolicy. */
export type NetworkPolicy = z.infer<typeof NetworkPolicy>;
