/**
 * CustomResourceDefinitions generated from vzmc's own schemas. The output is a structural schema
 * (every node typed, no `properties` beside `additionalProperties`, unknown fields preserved only
 * where Kubernetes preserves them), so a real API server installs it as is.
 */
import type { z } from 'zod';
import { KINDS, type KindInfo } from './kinds.js';
import { k8sMeta, zodDef } from './meta.js';

/** A structural OpenAPI v3 schema node, as CRDs carry it. */
export interface JSONSchemaProps {
  /** The node's type. */
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  /** A format for strings and integers, e.g. `byte`, `date-time`, `int32`. */
  format?: string;
  /** A description. */
  description?: string;
  /** The fields of an object. */
  properties?: Record<string, JSONSchemaProps>;
  /** Fields that must be present. */
  required?: string[];
  /** The schema of an array's items. */
  items?: JSONSchemaProps;
  /** The schema of a map's values. */
  additionalProperties?: JSONSchemaProps;
  /** Alternatives (validation only; structural schemas keep types outside). */
  anyOf?: JSONSchemaProps[];
  /** The allowed values. */
  enum?: unknown[];
  /** Whether `null` is accepted. */
  nullable?: boolean;
  /** The value the API server defaults the field to. */
  default?: unknown;
  /** Keep fields the schema does not list. */
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  /** The node is a whole Kubernetes object. */
  'x-kubernetes-embedded-resource'?: boolean;
  /** An integer or a string. */
  'x-kubernetes-int-or-string'?: boolean;
  /** `atomic` or `granular`, for server-side apply. */
  'x-kubernetes-map-type'?: string;
  /** `atomic`, `set` or `map`, for server-side apply. */
  'x-kubernetes-list-type'?: string;
}

const defOf = zodDef;

/**
 * Converts a vzmc schema to a structural OpenAPI v3 schema.
 *
 * @example
 * toStructuralSchema(Placement)
 * //=> { type: 'object', properties: { clusters: { type: 'array', items: { … } } }, required: ['clusters'] }
 */
export function toStructuralSchema(schema: z.ZodType): JSONSchemaProps {
  const meta = k8sMeta(schema);
  const def = defOf(schema);
  let out: JSONSchemaProps;
  switch (def.type) {
    case 'optional':
      return withMeta(toStructuralSchema(def.innerType as z.ZodType), meta);
    case 'nullable':
      return withMeta({ ...toStructuralSchema(def.innerType as z.ZodType), nullable: true }, meta);
    case 'string':
      out = { type: 'string' };
      break;
    case 'boolean':
      out = { type: 'boolean' };
      break;
    case 'number':
      out = (schema as unknown as { isInt?: boolean }).isInt ? { type: 'integer' } : { type: 'number' };
      break;
    case 'literal':
      out = { type: 'string', enum: [...(def.values ?? [])] };
      break;
    case 'array':
      out = { type: 'array', items: toStructuralSchema(def.element as z.ZodType) };
      break;
    case 'record': {
      const value = def.valueType as z.ZodType;
      out =
        defOf(value).type === 'unknown'
          ? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
          : { type: 'object', additionalProperties: toStructuralSchema(value) };
      break;
    }
    case 'object': {
      out = { type: 'object' };
      if (meta?.embeddedResource) break; // the server checks apiVersion, kind and metadata itself
      const shape = def.shape ?? {};
      const properties: Record<string, JSONSchemaProps> = {};
      const required: string[] = [];
      for (const key of Object.keys(shape).sort()) {
        const child = shape[key] as z.ZodType;
        properties[key] = toStructuralSchema(child);
        if (defOf(child).type !== 'optional') required.push(key);
      }
      if (Object.keys(properties).length > 0) out.properties = properties;
      if (required.length > 0) out.required = required;
      if (def.catchall && defOf(def.catchall).type === 'unknown')
        out['x-kubernetes-preserve-unknown-fields'] = true;
      break;
    }
    case 'union':
      if (meta?.intOrString) {
        out = { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };
        break;
      }
      throw new Error('toStructuralSchema: unions other than int-or-string are not structural');
    case 'unknown':
      out = { 'x-kubernetes-preserve-unknown-fields': true };
      break;
    default:
      throw new Error(`toStructuralSchema: unsupported schema type ${def.type}`);
  }
  return withMeta(out, meta);
}

function withMeta(out: JSONSchemaProps, meta: ReturnType<typeof k8sMeta>): JSONSchemaProps {
  if (!meta) return out;
  const result = { ...out };
  if (meta.description !== undefined) result.description = meta.description;
  if (meta.format !== undefined) result.format = meta.format;
  if (meta.default !== undefined) result.default = meta.default;
  if (meta.preserveUnknownFields) result['x-kubernetes-preserve-unknown-fields'] = true;
  if (meta.embeddedResource) result['x-kubernetes-embedded-resource'] = true;
  if (meta.mapType !== undefined) result['x-kubernetes-map-type'] = meta.mapType;
  if (meta.listType !== undefined) result['x-kubernetes-list-type'] = meta.listType;
  return result;
}

/** A CustomResourceDefinition object. */
export interface CustomResourceDefinition {
  /** Always `apiextensions.k8s.io/v1`. */
  apiVersion: 'apiextensions.k8s.io/v1';
  /** Always `CustomResourceDefinition`. */
  kind: 'CustomResourceDefinition';
  /** The CRD's metadata. */
  metadata: {
    /** `<plural>.<group>`. */
    name: string;
    /** `app.kubernetes.io/managed-by: vzmc`. */
    labels: Record<string, string>;
  };
  /** The CRD's spec. */
  spec: {
    /** The API group. */
    group: string;
    /** The kind's names. */
    names: {
      /** The kind. */
      kind: string;
      /** The kind of its lists. */
      listKind: string;
      /** The resource name in URLs. */
      plural: string;
      /** The lowercase singular name. */
      singular: string;
      /** Short names for kubectl. */
      shortNames?: string[];
      /** Categories for kubectl (`kubectl get <category>`). */
      categories?: string[];
    };
    /** Whether objects are namespaced. */
    scope: 'Namespaced' | 'Cluster';
    /** The served versions (vzmc serves one). */
    versions: {
      /** The version, e.g. `v1alpha1`. */
      name: string;
      /** Whether the version is served. */
      served: boolean;
      /** Whether it is the storage version. */
      storage: boolean;
      /** Whether the version is deprecated. */
      deprecated?: boolean;
      /** The warning the API server returns for a deprecated version. */
      deprecationWarning?: string;
      /** The validation schema. */
      schema: {
        /** The structural schema. */
        openAPIV3Schema: JSONSchemaProps;
      };
      /** The subresources. */
      subresources?: {
        /** Present when the kind has a `/status` subresource. */
        status: Record<string, never>;
      };
    }[];
  };
}

/** Builds the CRD of one custom kind. */
export function customResourceDefinition(info: KindInfo): CustomResourceDefinition {
  const root = toStructuralSchema(info.schema);
  const properties = { ...(root.properties ?? {}) };
  // The API server owns metadata's schema; a CRD may only say it is an object.
  properties.metadata = { type: 'object' };
  properties.apiVersion = { type: 'string' };
  properties.kind = { type: 'string' };
  const required = (root.required ?? []).filter((key) => !['apiVersion', 'kind', 'metadata'].includes(key));
  const openAPIV3Schema: JSONSchemaProps = { type: 'object', properties: sortKeys(properties) };
  if (required.length > 0) openAPIV3Schema.required = required;
  const version: CustomResourceDefinition['spec']['versions'][number] = {
    name: info.version,
    served: true,
    storage: true,
    schema: { openAPIV3Schema },
  };
  if (info.deprecationWarning) {
    version.deprecated = true;
    version.deprecationWarning = info.deprecationWarning;
  }
  if (info.statusSubresource) version.subresources = { status: {} };
  const names: CustomResourceDefinition['spec']['names'] = {
    kind: info.kind,
    listKind: info.listKind,
    plural: info.plural,
    singular: info.singular,
  };
  if (info.shortNames.length > 0) names.shortNames = [...info.shortNames];
  if (info.categories) names.categories = [...info.categories];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${info.plural}.${info.group}`, labels: { 'app.kubernetes.io/managed-by': 'vzmc' } },
    spec: {
      group: info.group,
      names,
      scope: info.namespaced ? 'Namespaced' : 'Cluster',
      versions: [version],
    },
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key] as T]),
  );
}

/**
 * The CRDs of every custom kind vzmc knows: the six clusters.verrazzano.io kinds and the two OAM
 * kinds (which tests need on clusters without Verrazzano). Sorted by name.
 *
 * @example
 * generateCrds().map((crd) => crd.metadata.name)
 * //=> ['applicationconfigurations.core.oam.dev', 'components.core.oam.dev', 'multiclusterapplicationconfigurations.clusters.verrazzano.io', …]
 */
export function generateCrds(): CustomResourceDefinition[] {
  return Object.values(KINDS)
    .filter((info) => info.custom)
    .map(customResourceDefinition)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}
