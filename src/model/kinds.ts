/**
 * The kinds vzmc knows: their API coordinates, REST names, scope and schema. One table, so that
 * loading, validation, CRD generation and the adapters never disagree about a kind.
 */
import type { z } from 'zod';
import {
  ClusterRole,
  ConfigMap,
  Namespace,
  NetworkPolicy,
  RoleBinding,
  Secret,
  ServiceAccount,
} from './core.js';
import { ApplicationConfiguration, Component, OAM_API_VERSION } from './oam.js';
import {
  CLUSTERS_API_VERSION,
  MultiClusterApplicationConfiguration,
  MultiClusterComponent,
  MultiClusterConfigMap,
  MultiClusterSecret,
  VerrazzanoManagedCluster,
  VerrazzanoProject,
} from './verrazzano.js';

/** Kind names, as `as const` wire strings. */
export const Kind = {
  /** clusters.verrazzano.io: wraps an OAM ApplicationConfiguration. */
  MultiClusterApplicationConfiguration: 'MultiClusterApplicationConfiguration',
  /** clusters.verrazzano.io: wraps an OAM Component (deprecated). */
  MultiClusterComponent: 'MultiClusterComponent',
  /** clusters.verrazzano.io: wraps a ConfigMap (deprecated). */
  MultiClusterConfigMap: 'MultiClusterConfigMap',
  /** clusters.verrazzano.io: wraps a Secret (deprecated). */
  MultiClusterSecret: 'MultiClusterSecret',
  /** clusters.verrazzano.io: a project. */
  VerrazzanoProject: 'VerrazzanoProject',
  /** clusters.verrazzano.io: a registered managed cluster (VMC). */
  VerrazzanoManagedCluster: 'VerrazzanoManagedCluster',
  /** core.oam.dev/v1alpha2 ApplicationConfiguration. */
  ApplicationConfiguration: 'ApplicationConfiguration',
  /** core.oam.dev/v1alpha2 Component. */
  Component: 'Component',
  /** v1 Namespace. */
  Namespace: 'Namespace',
  /** v1 Secret. */
  Secret: 'Secret',
  /** v1 ConfigMap. */
  ConfigMap: 'ConfigMap',
  /** v1 ServiceAccount. */
  ServiceAccount: 'ServiceAccount',
  /** rbac.authorization.k8s.io/v1 RoleBinding. */
  RoleBinding: 'RoleBinding',
  /** rbac.authorization.k8s.io/v1 ClusterRole. */
  ClusterRole: 'ClusterRole',
  /** networking.k8s.io/v1 NetworkPolicy. */
  NetworkPolicy: 'NetworkPolicy',
} as const;
/** One of {@link Kind}'s values. */
export type Kind = (typeof Kind)[keyof typeof Kind];

/** Everything vzmc knows about a kind. */
export interface KindInfo {
  /** The kind's name. */
  readonly kind: Kind;
  /** `group/version`, or `v1` for the core group. */
  readonly apiVersion: string;
  /** API group; `''` for the core group. */
  readonly group: string;
  /** API version within the group. */
  readonly version: string;
  /** The resource name in URLs, e.g. `secrets`. */
  readonly plural: string;
  /** The lowercase singular name. */
  readonly singular: string;
  /** The kind of its lists, e.g. `SecretList`. */
  readonly listKind: string;
  /** Whether objects live in a namespace. */
  readonly namespaced: boolean;
  /** Short names kubectl accepts, e.g. `vmc`. */
  readonly shortNames: readonly string[];
  /** Whether the kind has a `/status` subresource. */
  readonly statusSubresource: boolean;
  /** Verrazzano's deprecation warning, for the deprecated wrappers. */
  readonly deprecationWarning?: string;
  /** Whether vzmc generates a CustomResourceDefinition for the kind. */
  readonly custom: boolean;
  /** Categories of the CRD (`kubectl get oam`). */
  readonly categories?: readonly string[];
  /** The zod schema objects of the kind are validated with. */
  readonly schema: z.ZodType;
}

const deprecated = (kind: string): string =>
  `clusters.verrazzano.io/v1alpha1 ${kind} is deprecated and will be removed in v2.0.0. See https://verrazzano.io/v1.5/docs/reference/migration/#multicluster.`;

function info(
  kind: Kind,
  apiVersion: string,
  plural: string,
  schema: z.ZodType,
  extra: Partial<Omit<KindInfo, 'kind' | 'apiVersion' | 'plural' | 'schema'>> = {},
): KindInfo {
  const slash = apiVersion.indexOf('/');
  return {
    kind,
    apiVersion,
    group: slash === -1 ? '' : apiVersion.slice(0, slash),
    version: slash === -1 ? apiVersion : apiVersion.slice(slash + 1),
    plural,
    singular: kind.toLowerCase(),
    listKind: `${kind}List`,
    namespaced: true,
    shortNames: [],
    statusSubresource: false,
    custom: false,
    schema,
    ...extra,
  };
}

/** Every kind vzmc knows, keyed by kind name. */
export const KINDS: { readonly [K in Kind]: KindInfo } = {
  MultiClusterApplicationConfiguration: info(
    Kind.MultiClusterApplicationConfiguration,
    CLUSTERS_API_VERSION,
    'multiclusterapplicationconfigurations',
    MultiClusterApplicationConfiguration,
    { shortNames: ['mcappconf', 'mcappconfs'], statusSubresource: true, custom: true },
  ),
  MultiClusterComponent: info(
    Kind.MultiClusterComponent,
    CLUSTERS_API_VERSION,
    'multiclustercomponents',
    MultiClusterComponent,
    {
      shortNames: ['mccomp', 'mccomps'],
      statusSubresource: true,
      custom: true,
      deprecationWarning: deprecated('MultiClusterComponent'),
    },
  ),
  MultiClusterConfigMap: info(
    Kind.MultiClusterConfigMap,
    CLUSTERS_API_VERSION,
    'multiclusterconfigmaps',
    MultiClusterConfigMap,
    {
      shortNames: ['mccm', 'mccms'],
      statusSubresource: true,
      custom: true,
      deprecationWarning: deprecated('MultiClusterConfigMap'),
    },
  ),
  MultiClusterSecret: info(
    Kind.MultiClusterSecret,
    CLUSTERS_API_VERSION,
    'multiclustersecrets',
    MultiClusterSecret,
    {
      shortNames: ['mcsecret', 'mcsecrets'],
      statusSubresource: true,
      custom: true,
      deprecationWarning: deprecated('MultiClusterSecret'),
    },
  ),
  VerrazzanoProject: info(
    Kind.VerrazzanoProject,
    CLUSTERS_API_VERSION,
    'verrazzanoprojects',
    VerrazzanoProject,
    {
      shortNames: ['vp', 'vps'],
      statusSubresource: true,
      custom: true,
    },
  ),
  VerrazzanoManagedCluster: info(
    Kind.VerrazzanoManagedCluster,
    CLUSTERS_API_VERSION,
    'verrazzanomanagedclusters',
    VerrazzanoManagedCluster,
    { shortNames: ['vmc', 'vmcs'], statusSubresource: true, custom: true },
  ),
  ApplicationConfiguration: info(
    Kind.ApplicationConfiguration,
    OAM_API_VERSION,
    'applicationconfigurations',
    ApplicationConfiguration,
    { shortNames: ['appconfig'], statusSubresource: true, custom: true, categories: ['crossplane', 'oam'] },
  ),
  Component: info(Kind.Component, OAM_API_VERSION, 'components', Component, {
    statusSubresource: true,
    custom: true,
    categories: ['crossplane', 'oam'],
  }),
  Namespace: info(Kind.Namespace, 'v1', 'namespaces', Namespace, { namespaced: false, shortNames: ['ns'] }),
  Secret: info(Kind.Secret, 'v1', 'secrets', Secret),
  ConfigMap: info(Kind.ConfigMap, 'v1', 'configmaps', ConfigMap, { shortNames: ['cm'] }),
  ServiceAccount: info(Kind.ServiceAccount, 'v1', 'serviceaccounts', ServiceAccount, { shortNames: ['sa'] }),
  RoleBinding: info(Kind.RoleBinding, 'rbac.authorization.k8s.io/v1', 'rolebindings', RoleBinding),
  ClusterRole: info(Kind.ClusterRole, 'rbac.authorization.k8s.io/v1', 'clusterroles', ClusterRole, {
    namespaced: false,
  }),
  NetworkPolicy: info(Kind.NetworkPolicy, 'networking.k8s.io/v1', 'networkpolicies', NetworkPolicy, {
    shortNames: ['netpol'],
  }),
};

const BY_GVK = new Map<string, KindInfo>(Object.values(KINDS).map((k) => [`${k.apiVersion}|${k.kind}`, k]));

/** The kind registered for an apiVersion and kind, if vzmc knows it. */
export function kindInfo(apiVersion: string, kind: string): KindInfo | undefined {
  return BY_GVK.get(`${apiVersion}|${kind}`);
}

/** The four MC wrapper kinds, in the agent's sync order (P32). */
export const WRAPPER_KINDS = [
  Kind.MultiClusterSecret,
  Kind.MultiClusterConfigMap,
  Kind.MultiClusterComponent,
  Kind.MultiClusterApplicationConfiguration,
] as const;
/** One of the four MC wrapper kinds. */
export type WrapperKind = (typeof WRAPPER_KINDS)[number];

/** True for the four MC wrapper kinds. */
export function isWrapperKind(kind: string): kind is WrapperKind {
  return (WRAPPER_KINDS as readonly string[]).includes(kind);
}
