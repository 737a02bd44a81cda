/**
 * The kinds an in-memory cluster serves (its discovery document): vzmc's own kinds, a few
 * built-in kinds vzmc touches, and whatever tests or CRD objects install. A kind that is not
 * here answers NotFound, as a real server without the resource does.
 */
import type { z } from 'zod';
import { PolicyRule, RoleRef, Subject } from '../../model/core.js';
import { KINDS, kindInfo, type KindInfo } from '../../model/kinds.js';
import { kindSchema } from '../../model/meta.js';
import {
  kubernetesFindings,
  objectFindings,
  schemaFindings,
  type Finding,
} from '../../validation/validate.js';

/** When `metadata.generation` moves, mirroring the strategies of a real API server. */
export const GenerationPolicy = {
  /** No generation at all (Secret, ConfigMap, Namespace, ServiceAccount, RBAC kinds). */
  None: 'none',
  /** Starts at 1; bumps when `spec` changes (Deployment, NetworkPolicy, CRD). */
  Spec: 'spec',
  /**
   * Starts at 1; bumps when anything but `metadata` changes, and with a status subresource
   * anything but `metadata` and `status` (custom resources).
   */
  Content: 'content',
} as const;
/** One of {@link GenerationPolicy}'s values. */
export type GenerationPolicy = (typeof GenerationPolicy)[keyof typeof GenerationPolicy];

/** A kind to serve, as {@link MemoryCluster.installKind} takes it. */
export interface InstallKindOptions {
  /** `group/version` of the kind. */
  readonly apiVersion: string;
  /** The kind's name. */
  readonly kind: string;
  /** The REST resource name, e.g. `deployments`; used in RBAC and error messages. */
  readonly plural: string;
  /** Whether objects live in namespaces. */
  readonly namespaced: boolean;
  /** Whether `…/status` exists, splitting status writes from the main resource. Default false. */
  readonly statusSubresource?: boolean;
  /**
   * A custom resource (the default) requires `metadata.resourceVersion` on replace and bumps its
   * generation on content changes; a built-in kind allows unconditional replace and has no
   * generation unless `generation` says otherwise.
   */
  readonly custom?: boolean;
  /** Overrides the generation policy implied by `custom`. */
  readonly generation?: GenerationPolicy;
}

/** Everything the cluster needs to serve one apiVersion and kind. */
export interface Resource {
  readonly apiVersion: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly statusSubresource: boolean;
  readonly generation: GenerationPolicy;
  /** PUT without `metadata.resourceVersion` is allowed (built-ins) or Invalid (custom resources). */
  readonly unconditionalUpdate: boolean;
  /** vzmc's schema, when vzmc knows the kind: drives validation, defaults and field structure. */
  readonly schema?: z.ZodType;
  /** The findings the server would reject the object for (errors) or let pass (warnings). */
  readonly findings: (object: unknown) => Finding[];
  /** Where objects live, shared by every version of a group and kind. */
  readonly storageKey: string;
  /** The CustomResourceDefinition that installed this kind, if one did. */
  readonly crd?: string;
}

const RBAC = 'rbac.authorization.k8s.io/v1';

/** Role and ClusterRoleBinding are not in vzmc's table, but RBAC evaluation reads them. */
const RoleSchema = kindSchema(RBAC, 'Role', { rules: PolicyRule.array().optional() });
const ClusterRoleBindingSchema = kindSchema(RBAC, 'ClusterRoleBinding', {
  subjects: Subject.array().optional(),
  roleRef: RoleRef,
});

/**
 * kubernetesFindings checks name, namespace and metadata for any kind; its per-kind extras only
 * apply to the kinds in vzmc's table, so borrowing ServiceAccount's entry (DNS-subdomain names,
 * no extras) or ClusterRole's (path-segment names, as all RBAC kinds use) checks just metadata.
 */
function metadataFindings(namespaced: boolean, rbacNames = false): (object: unknown) => Finding[] {
  const info: KindInfo = { ...(rbacNames ? KINDS.ClusterRole : KINDS.ServiceAccount), namespaced };
  return (object) =>
    object !== null && typeof object === 'object'
      ? kubernetesFindings(object as Record<string, unknown>, info)
      : [];
}

function withSchema(schema: z.ZodType, namespaced: boolean): (object: unknown) => Finding[] {
  const meta = metadataFindings(namespaced, true);
  return (object) => [...schemaFindings(schema, object), ...meta(object)];
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Builds the resource of an installed kind; vzmc's schema is attached when vzmc knows the kind. */
export function resourceOf(options: InstallKindOptions, crd?: string): Resource {
  const { group, version } = splitApiVersion(options.apiVersion);
  const custom = options.custom ?? true;
  const known = kindInfo(options.apiVersion, options.kind);
  return {
    apiVersion: options.apiVersion,
    group,
    version,
    kind: options.kind,
    plural: options.plural,
    namespaced: options.namespaced,
    statusSubresource: options.statusSubresource ?? false,
    generation: options.generation ?? (custom ? GenerationPolicy.Content : GenerationPolicy.None),
    unconditionalUpdate: !custom,
    ...(known ? { schema: known.schema } : {}),
    findings: known ? objectFindings : metadataFindings(options.namespaced),
    storageKey: `${group}|${options.kind}`,
    ...(crd !== undefined ? { crd } : {}),
  };
}

function fromKinds(info: KindInfo, extra: Partial<Resource> = {}): Resource {
  return {
    apiVersion: info.apiVersion,
    group: info.group,
    version: info.version,
    kind: info.kind,
    plural: info.plural,
    namespaced: info.namespaced,
    statusSubresource: info.statusSubresource,
    generation: GenerationPolicy.None,
    unconditionalUpdate: true,
    schema: info.schema,
    findings: objectFindings,
    storageKey: `${info.group}|${info.kind}`,
    ...extra,
  };
}

const builtin = (
  apiVersion: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  statusSubresource: boolean,
  generation: GenerationPolicy,
): Resource =>
  resourceOf({ apiVersion, kind, plural, namespaced, statusSubresource, generation, custom: false });

/**
 * The built-in kinds every in-memory cluster serves. Namespace gets a status subresource
 * because the real namespace strategy ignores `status` (and `spec.finalizers`) on updates, which
 * is what a status subresource means here.
 */
export function builtinResources(): Resource[] {
  return [
    fromKinds(KINDS.Namespace, { statusSubresource: true }),
    fromKinds(KINDS.Secret),
    fromKinds(KINDS.ConfigMap),
    fromKinds(KINDS.ServiceAccount),
    fromKinds(KINDS.RoleBinding),
    fromKinds(KINDS.ClusterRole),
    fromKinds(KINDS.NetworkPolicy, { generation: GenerationPolicy.Spec }),
    {
      ...builtin(RBAC, 'Role', 'roles', true, false, GenerationPolicy.None),
      schema: RoleSchema,
      findings: withSchema(RoleSchema, true),
    },
    {
      ...builtin(RBAC, 'ClusterRoleBinding', 'clusterrolebindings', false, false, GenerationPolicy.None),
      schema: ClusterRoleBindingSchema,
      findings: withSchema(ClusterRoleBindingSchema, false),
    },
    builtin('v1', 'Service', 'services', true, true, GenerationPolicy.None),
    builtin('coordination.k8s.io/v1', 'Lease', 'leases', true, false, GenerationPolicy.None),
    builtin('apps/v1', 'Deployment', 'deployments', true, true, GenerationPolicy.Spec),
    builtin('apps/v1', 'StatefulSet', 'statefulsets', true, true, GenerationPolicy.Spec),
    builtin('apps/v1', 'DaemonSet', 'daemonsets', true, true, GenerationPolicy.Spec),
    builtin(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      'customresourcedefinitions',
      false,
      true,
      GenerationPolicy.Spec,
    ),
  ];
}

/** The kinds a cluster serves, by apiVersion and kind. */
export class ResourceRegistry {
  private readonly byGvk = new Map<string, Resource>();

  constructor(resources: Iterable<Resource>) {
    for (const resource of resources) this.install(resource);
  }

  /** The resource serving an apiVersion and kind, if any. */
  lookup(apiVersion: string, kind: string): Resource | undefined {
    return this.byGvk.get(`${apiVersion}|${kind}`);
  }

  /** Serves a kind, replacing what served the same apiVersion and kind before. */
  install(resource: Resource): void {
    this.byGvk.set(`${resource.apiVersion}|${resource.kind}`, resource);
  }

  /** Stops serving a kind. */
  uninstall(resource: Resource): void {
    this.byGvk.delete(`${resource.apiVersion}|${resource.kind}`);
  }

  /** The kinds a CustomResourceDefinition installed. */
  installedBy(crd: string): Resource[] {
    return [...this.byGvk.values()].filter((r) => r.crd === crd);
  }

  /** Every served kind. */
  all(): Resource[] {
    return [...this.byGvk.values()];
  }
}
