/**
 * Walking a kind's zod schema along a field path, for what zod's issues do not say: which fields
 * an object has (to suggest one for an unknown field), whether a field is optional (a null there is
 * dropped by the API server, not refused), and where embedded resources sit (whose metadata the
 * server validates as ObjectMeta).
 */
import type { z } from 'zod';
import type { FieldPath } from '../model/issues.js';
import { k8sMeta, zodDef } from '../model/meta.js';

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'readonly', 'nonoptional', 'catch']);

/** The schema inside `optional`, `nullable` and `default` wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let def = zodDef(current); WRAPPERS.has(def.type) && def.innerType; def = zodDef(current)) {
    current = def.innerType;
  }
  return current;
}

/** The schema of the field or item at `segment` of an object, record or array schema. */
function child(schema: z.ZodType, segment: string | number): z.ZodType | undefined {
  const def = zodDef(unwrap(schema));
  switch (def.type) {
    case 'object':
      if (typeof segment === 'string' && def.shape && Object.hasOwn(def.shape, segment))
        return def.shape[segment];
      return def.catchall;
    case 'record':
      return def.valueType;
    case 'array':
      return typeof segment === 'number' ? def.element : undefined;
    default:
      return undefined;
  }
}

/** The schema at `path` inside `schema`, wrappers kept; `undefined` where the path leaves the schema. */
export function schemaAt(schema: z.ZodType, path: FieldPath): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    if (current === undefined) return undefined;
    current = child(current, segment);
  }
  return current;
}

/** The field names an object schema at `path` declares, sorted; empty if it is not an object. */
export function fieldNamesAt(schema: z.ZodType, path: FieldPath): string[] {
  const at = schemaAt(schema, path);
  if (at === undefined) return [];
  const def = zodDef(unwrap(at));
  return def.type === 'object' && def.shape ? Object.keys(def.shape).sort() : [];
}

/** Whether the field at `path` may be absent (an object field wrapped in `optional`). */
export function isOptionalAt(schema: z.ZodType, path: FieldPath): boolean {
  if (path.length === 0) return false;
  const parent = schemaAt(schema, path.slice(0, -1));
  if (parent === undefined || zodDef(unwrap(parent)).type !== 'object') return false;
  const field = child(parent, path[path.length - 1]!);
  return field !== undefined && zodDef(field).type === 'optional';
}

const isEmbedded = (schema: z.ZodType): boolean =>
  k8sMeta(schema)?.embeddedResource === true || k8sMeta(unwrap(schema))?.embeddedResource === true;

/**
 * The paths of the embedded resources (`x-kubernetes-embedded-resource`: OAM workloads and traits)
 * present in `value`, in document order.
 *
 * @example
 * embeddedResourcePaths(Component, component) //=> [['spec', 'workload']]
 */
export function embeddedResourcePaths(schema: z.ZodType, value: unknown, path: FieldPath = []): FieldPath[] {
  if (value === null || typeof value !== 'object') return [];
  if (path.length > 0 && isEmbedded(schema)) return [path];
  const def = zodDef(unwrap(schema));
  const out: FieldPath[] = [];
  if (Array.isArray(value)) {
    if (def.type !== 'array' || !def.element) return [];
    value.forEach((item, i) => out.push(...embeddedResourcePaths(def.element!, item, [...path, i])));
    return out;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const next = child(schema, key);
    if (next !== undefined) out.push(...embeddedResourcePaths(next, item, [...path, key]));
  }
  return out;
}
