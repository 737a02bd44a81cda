/**
 * Kubernetes object metadata and the schema helpers every kind is built from.
 *
 * Two kinds of object schema exist, mirroring what the API server does:
 * - `z.strictObject` where the server prunes unknown fields (CRD schemas, typed core kinds), so an
 *   unknown field is reported instead of silently dropped;
 * - `z.looseObject` where the server preserves them (metadata, embedded resources, traits).
 * CRD-only facts (preserve-unknown-fields, embedded resources, int-or-string, defaults) travel as
 * `.meta({ k8s: … })`, which the CRD generator reads.
 */
import { z } from 'zod';

/** Extra facts about a schema node that only matter for CRD generation. */
export interface K8sSchemaMeta {
  readonly preserveUnknownFields?: boolean;
  readonly embeddedResource?: boolean;
  readonly intOrString?: boolean;
  readonly mapType?: 'atomic' | 'granular';
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly format?: 'byte' | 'date-time' | 'int32' | 'int64';
  readonly default?: unknown;
  readonly description?: string;
}

/** The parts of a zod schema's internal definition that vzmc walks (CRD generation, SSA structure). */
export interface ZodDefLike {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: z.ZodType[];
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
export const OwnerReference = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});

/** An owner reference. */
export type OwnerReference = z.infer<typeof OwnerReference>;

/**
 * Kubernetes ObjectMeta. Every field the API server keeps is typed, and the object is loose, so
 * live objects (uid, resourceVersion, managedFields, …) round-trip without loss.
 */
export const ObjectMeta = z.looseObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().int().optional(),
  creationTimestamp: z.string().nullable().optional(),
  deletionTimestamp: z.string().nullable().optional(),
  deletionGracePeriodSeconds: z.number().int().optional(),
  labels: StringMap.optional(),
  annotations: StringMap.optional(),
  ownerReferences: z.array(OwnerReference).optional(),
  finalizers: z.array(z.string()).optional(),
  managedFields: z.array(z.record(z.string(), z.unknown())).optional(),
  selfLink: z.string().optional(),
});
/** Kubernetes ObjectMeta. */
export type ObjectMeta = z.infer<typeof ObjectMeta>;

/**
 * The metadata embedded in Verrazzano wrapper templates (EmbeddedObjectMeta). Only these four
 * fields survive CRD pruning; `name` and `namespace` are ignored by unwrapping (U1).
 */
export const EmbeddedObjectMeta = z.strictObject({
  annotations: StringMap.optional(),
  labels: StringMap.optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
});
/** Template metadata of a Verrazzano wrapper. */
export type EmbeddedObjectMeta = z.infer<typeof EmbeddedObjectMeta>;

/**
 * An embedded Kubernetes resource (an OAM workload or trait): apiVersion and kind are required,
 * everything else is kept as is.
 */
export const EmbeddedResource = k8s(
  z.looseObject({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
  { embeddedResource: true, preserveUnknownFields: true },
);

/**
 * The shape every Kubernetes object has, as far as vzmc needs to know without its kind: apiVersion,
 * kind and metadata, with everything else kept.
 */
export const KubeObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
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
    apiVersion: z.literal(apiVersion),
    kind: z.literal(kind),
    metadata: ObjectMeta,
    ...shape,
  });
}
