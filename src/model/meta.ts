/**
 * Kubernetes object metadata and the schema helpers every kind is built from.
 *
 * Two kinds of object schema exist, mirroring what the API server does:
 * - `z.strictObject` where the server prunes unknown fields, or refuses them with strict field
 *   validation (CRD schemas, typed core kinds, ObjectMeta wherever it appears), so an unknown field
 *   is reported instead of silently dropped;
 * - `z.looseObject` where the server preserves them (embedded resources, traits, project namespace
 *   metadata).
 * CRD-only facts (preserve-unknown-fields, embedded resources, int-or-string, defaults) travel as
 * `.meta({ k8s: … })`, which the CRD generator reads.
 */
import { z } from 'zod';

/** Extra facts about a schema node that only matter for CRD generation. */
export interface K8sSchemaMeta {
  /** `x-kubernetes-preserve-unknown-fields`: the API server keeps unknown fields under this node. */
  readonly preserveUnknownFields?: boolean;
  /** `x-kubernetes-embedded-resource`: the node is a whole Kubernetes object (apiVersion, kind, metadata). */
  readonly embeddedResource?: boolean;
  /** `x-kubernetes-int-or-string`: an integer or a string. */
  readonly intOrString?: boolean;
  /** `x-kubernetes-map-type`: whether server-side apply treats the object as one value (`atomic`). */
  readonly mapType?: 'atomic' | 'granular';
  /** `x-kubernetes-list-type`: how server-side apply merges the list. */
  readonly listType?: 'atomic' | 'set' | 'map';
  /** The OpenAPI `format` of a string or integer. */
  readonly format?: 'byte' | 'date-time' | 'int32' | 'int64';
  /** The value the API server defaults the field to. */
  readonly default?: unknown;
  /** The field's description in the generated CRD. */
  readonly description?: string;
}

/** The parts of a zod schema's internal definition that vzmc walks (CRD generation, SSA structure). */
export interface ZodDefLike {
  /** The zod node type (`object`, `array`, `optional`, `union`, …). */
  readonly type: string;
  /** The wrapped schema of `optional`, `nullable` and `default` nodes. */
  readonly innerType?: z.ZodType;
  /** The fields of an object node. */
  readonly shape?: Record<string, z.ZodType>;
  /** The schema of unknown fields of a loose object. */
  readonly catchall?: z.ZodType;
  /** The item schema of an array node. */
  readonly element?: z.ZodType;
  /** The value schema of a record node. */
  readonly valueType?: z.ZodType;
  /** The alternatives of a union node. */
  readonly options?: z.ZodType[];
  /** The allowed values of a literal or enum node. */
  readonly values?: unknown[];
}

/** A zod schema's internal definition (zod 4 keeps it at `_zod.def`). */
export function zodDef(schema: z.ZodType): ZodDefLike {
  return (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

/** Attaches CRD facts to a schema. */
export function k8s<T extends z.ZodType>(schema: T, meta: K8sSchemaMeta): T {
  return schema.meta({ k8s: meta });
}

/** Reads the CRD facts of a schema node. */
export function k8sMeta(schema: z.ZodType): K8sSchemaMeta | undefined {
  const meta = schema.meta() as { k8s?: K8sSchemaMeta } | undefined;
  return meta?.k8s;
}

/** A map of strings to strings (labels, annotations, ConfigMap data). */
export const StringMap = z.record(z.string(), z.string());
/** A map of strings to base64 strings (Secret data, binaryData). The base64 rule is checked separately. */
export const ByteMap = z.record(z.string(), k8s(z.string(), { format: 'byte' }));

/** An integer or a string, as Kubernetes' IntOrString. */
export const IntOrString = k8s(z.union([z.number().int(), z.string()]), { intOrString: true });

/** A free-form object whose unknown fields the API server keeps. */
export const FreeForm = k8s(z.record(z.string(), z.unknown()), { preserveUnknownFields: true });

/** An owner reference. */
export const OwnerReference = z.strictObject({
  /** API version of the owner. */
  apiVersion: z.string(),
  /** Kind of the owner. */
  kind: z.string(),
  /** Name of the owner. */
  name: z.string(),
  /** UID of the owner. */
  uid: z.string(),
  /** Whether the owner is the managing controller. */
  controller: z.boolean().optional(),
  /** Whether foreground deletion of the owner waits for this object. */
  blockOwnerDeletion: z.boolean().optional(),
});

/** An owner reference. */
export type OwnerReference = z.infer<typeof OwnerReference>;

/** One entry of `metadata.managedFields`, written by the server. */
const ManagedFieldsEntry = z.strictObject({
  /** The field manager, e.g. `kubectl` or `vzmc`. */
  manager: z.string().optional(),
  /** `Apply` or `Update`. */
  operation: z.string().optional(),
  /** The version of the object the fields belong to. */
  apiVersion: z.string().optional(),
  /** When the entry last changed (RFC 3339). */
  time: z.string().optional(),
  /** The field-set format: `FieldsV1`. */
  fieldsType: z.string().optional(),
  /** The owned fields, as a trie of `f:`/`k:`/`v:` keys. */
  fieldsV1: z.record(z.string(), z.unknown()).optional(),
  /** The subresource written, e.g. `status`. */
  subresource: z.string().optional(),
});

/**
 * Kubernetes ObjectMeta. Every field the API server knows is typed, so live objects (uid,
 * resourceVersion, managedFields, …) round-trip, and the object is strict: the API server refuses
 * any other field (`unknown field "metadata.lables"`) under strict field validation.
 */
export const ObjectMeta = z.strictObject({
  /** The object's name, unique within its namespace (or the cluster, for cluster-scoped kinds). */
  name: z.string().optional(),
  /** A prefix from which the server generates a unique name when `name` is empty. */
  generateName: z.string().optional(),
  /** The namespace of a namespaced object. */
  namespace: z.string().optional(),
  /** The unique id the server assigns on creation. */
  uid: z.string().optional(),
  /** The server's version of the object, for optimistic concurrency. */
  resourceVersion: z.string().optional(),
  /** A sequence number of the desired state, incremented by the server on spec changes. */
  generation: z.number().int().optional(),
  /** When the server created the object (RFC 3339). */
  creationTimestamp: z.string().nullable().optional(),
  /** When deletion was requested; set while finalizers are pending. */
  deletionTimestamp: z.string().nullable().optional(),
  /** Seconds allowed for graceful termination before the object is removed. */
  deletionGracePeriodSeconds: z.number().int().optional(),
  /** Labels: identifying key/value pairs that selectors match. */
  labels: StringMap.optional(),
  /** Annotations: non-identifying key/value pairs. */
  annotations: StringMap.optional(),
  /** The objects this object depends on, for garbage collection. */
  ownerReferences: z.array(OwnerReference).optional(),
  /** Keys that must be removed before the object is deleted. */
  finalizers: z.array(z.string()).optional(),
  /** Field ownership recorded by server-side apply. */
  managedFields: z.array(ManagedFieldsEntry).optional(),
  /** Deprecated; the server no longer sets it. */
  selfLink: z.string().optional(),
});
/** Kubernetes ObjectMeta. */
export type ObjectMeta = z.infer<typeof ObjectMeta>;

/**
 * The metadata embedded in Verrazzano wrapper templates (EmbeddedObjectMeta). Only these four
 * fields survive CRD pruning; `name` and `namespace` are ignored by unwrapping (U1).
 */
export const EmbeddedObjectMeta = z.strictObject({
  /** Annotations for the unwrapped object; they replace its annotations (U3). */
  annotations: StringMap.optional(),
  /**
   * Labels for the unwrapped object; they replace its labels, and `verrazzano-managed=true` is added (U2).
   */
  labels: StringMap.optional(),
  /** Ignored: the unwrapped object takes the wrapper's name (U1). */
  name: z.string().optional(),
  /** Ignored: the unwrapped object takes the wrapper's namespace (U1). */
  namespace: z.string().optional(),
});
/** Template metadata of a Verrazzano wrapper. */
export type EmbeddedObjectMeta = z.infer<typeof EmbeddedObjectMeta>;

/**
 * An embedded Kubernetes resource (an OAM workload or trait): apiVersion and kind are required,
 * metadata is ObjectMeta (the API server decodes and validates it as such, strictly), and
 * everything else is kept as is.
 */
export const EmbeddedResource = k8s(
  z.looseObject({
    /** API version of the embedded object. */
    apiVersion: z.string(),
    /** Kind of the embedded object. */
    kind: z.string(),
    /** Metadata of the embedded object. */
    metadata: ObjectMeta.optional(),
  }),
  { embeddedResource: true, preserveUnknownFields: true },
);

/**
 * The shape every Kubernetes object has, as far as vzmc needs to know without its kind: apiVersion,
 * kind and metadata, with everything else kept.
 */
export const KubeObjectSchema = z.looseObject({
  /** The API group and version, e.g. `v1` or `clusters.verrazzano.io/v1alpha1`. */
  apiVersion: z.string(),
  /** The kind, e.g. `Secret`. */
  kind: z.string(),
  /** Standard object metadata. */
  metadata: ObjectMeta,
});
/** Any Kubernetes object. */
export type KubeObject = z.infer<typeof KubeObjectSchema>;

/** Builds the top-level schema of a kind: apiVersion and kind literals, metadata, then the rest. */
export function kindSchema<const A extends string, const K extends string, S extends z.ZodRawShape>(
  apiVersion: A,
  kind: K,
  shape: S,
) {
  return z.strictObject({
    /** The API group and version of the kind. */
    apiVersion: z.literal(apiVersion),
    /** The kind. */
    kind: z.literal(kind),
    /** Standard object metadata. */
    metadata: ObjectMeta,
    ...shape,
  });
}
