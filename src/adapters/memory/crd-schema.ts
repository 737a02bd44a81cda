/**
 * What apiextensions-apiserver does with a custom resource's structural schema beyond vzmc's zod
 * validation: the OpenAPI type a field is declared with (for kube-openapi's wording of type
 * errors), and dropping nulls from fields that are not nullable (PruneNonNullableNullsWithoutDefaults),
 * so that `description: ~` in YAML is stored as if the field were absent, as on a real server.
 * The schema is the one vzmc generates its CRDs from (`toStructuralSchema`).
 */
import type { z } from 'zod';
import { toStructuralSchema, type JSONSchemaProps } from '../../model/crds.js';
import type { FieldPath } from '../../model/issues.js';
import { isObject, type JsonObject } from './canonical.js';
import type { Resource } from './resources.js';

/** Fields the API server owns at the root of every object; the CRD schema says nothing about them. */
const SERVER_OWNED = new Set(['apiVersion', 'kind', 'metadata']);

const cache = new WeakMap<z.ZodType, JSONSchemaProps | null>();

/**
 * A custom resource (served by a CRD, or installed as one) rather than a built-in kind.
 *
 * @example
 * isCustomResource(state.registry.lookup('clusters.verrazzano.io/v1alpha1', 'VerrazzanoProject')!) //=> true
 */
export function isCustomResource(resource: Resource): boolean {
  return !resource.unconditionalUpdate;
}

/**
 * The structural schema of a custom resource's kind, or undefined when it has none.
 *
 * @example
 * structuralSchemaOf(projects)?.properties?.spec?.required //=> ['placement', 'template']
 */
export function structuralSchemaOf(resource: Resource): JSONSchemaProps | undefined {
  const schema = resource.schema;
  if (schema === undefined || !isCustomResource(resource)) return undefined;
  let structural = cache.get(schema);
  if (structural === undefined) {
    try {
      structural = toStructuralSchema(schema);
    } catch {
      // Not expressible as a structural schema: no CRD could carry it, so nothing to mirror.
      structural = null;
    }
    cache.set(schema, structural);
  }
  return structural ?? undefined;
}

/**
 * A field path as kube-openapi prints it in CRD validation errors: names joined by dots, map keys
 * included (`spec.template.data.key`), list indexes in brackets (`clusters[0]`).
 *
 * @example
 * crdFieldPath(['spec', 'placement', 'clusters', 0, 'name']) //=> 'spec.placement.clusters[0].name'
 */
export function crdFieldPath(path: FieldPath): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('');
}

/**
 * The schema node of a field, following properties, additionalProperties and items.
 *
 * @example
 * schemaAt(projectSchema, ['spec', 'placement', 'clusters', 0, 'name'])?.type //=> 'string'
 */
export function schemaAt(root: JSONSchemaProps, path: FieldPath): JSONSchemaProps | undefined {
  let node: JSONSchemaProps | undefined = root;
  for (const segment of path) {
    if (node === undefined) return undefined;
    node =
      typeof segment === 'number' ? node.items : (node.properties?.[segment] ?? node.additionalProperties);
  }
  return node;
}

function pruneNulls(value: unknown, schema: JSONSchemaProps | undefined): void {
  if (schema === undefined) return;
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const field = schema.properties?.[key] ?? schema.additionalProperties;
      if (field === undefined) continue;
      // A default takes a null's place later (applyDefaults fills absent fields), as on the server.
      if (child === null && field.nullable !== true) Reflect.deleteProperty(value, key);
      else pruneNulls(child, field);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) pruneNulls(item, schema.items);
  }
}

/**
 * Drops nulls from the fields of a custom resource whose schema does not allow them. Mutates `object`.
 *
 * @example
 * const vmc = { apiVersion, kind, metadata, spec: { description: null, caSecret: 'ca' } };
 * pruneNonNullableNulls(vmcs, vmc); // vmc.spec is now { caSecret: 'ca' }
 */
export function pruneNonNullableNulls(resource: Resource, object: JsonObject): void {
  const schema = structuralSchemaOf(resource);
  if (schema === undefined) return;
  for (const [key, value] of Object.entries(object)) {
    if (SERVER_OWNED.has(key)) continue;
    const field = schema.properties?.[key];
    if (field === undefined) continue;
    if (value === null && field.nullable !== true) Reflect.deleteProperty(object, key);
    else pruneNulls(value, field);
  }
}
