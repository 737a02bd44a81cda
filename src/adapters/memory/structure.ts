/**
 * The structure of a kind's fields, as server-side apply and defaulting see it: which maps are
 * granular or atomic, which lists are atomic, sets or keyed maps, which fields have defaults, and
 * which maps are keyed by free-form keys (so paths print as `data[key]`, not `data.key`).
 *
 * vzmc's zod schemas are the source, with their CRD facts (`mapType`, `listType`, `default`);
 * kinds without a schema get the structure the server deduces for schemaless data: granular maps,
 * atomic lists. Metadata is the same for every kind, as ObjectMeta's OpenAPI says.
 */
import type { z } from 'zod';
import type { FieldPath } from '../../model/issues.js';
import { k8sMeta, zodDef } from '../../model/meta.js';
import { isObject, type Json } from './canonical.js';

/** A granular or atomic map: a struct with declared fields, or a record keyed by free-form keys. */
export interface MapShape {
  readonly type: 'map';
  readonly atomic: boolean;
  /** A record (keys are data) rather than a struct (keys are field names). */
  readonly keyed: boolean;
  /** The declared fields, for defaulting. Empty for records and schemaless maps. */
  readonly fields: readonly string[];
  child(key: string): Shape;
  readonly default?: unknown;
}

/** A list: atomic (owned whole), a set of scalars, or a map keyed by some of its items' fields. */
export interface ListShape {
  readonly type: 'list';
  readonly listType: 'atomic' | 'set' | 'map';
  readonly keys: readonly string[];
  readonly item: Shape;
  readonly default?: unknown;
}

/** A scalar, or anything the structure does not describe further. */
export interface ScalarShape {
  readonly type: 'scalar';
  readonly default?: unknown;
}

/** Schemaless data: the structure follows the value (granular maps, atomic lists). */
export interface DeducedShape {
  readonly type: 'deduced';
  readonly default?: unknown;
}

/** The structure of one node. */
export type Shape = MapShape | ListShape | ScalarShape | DeducedShape;

/** The structure of schemaless data. */
export const DEDUCED: DeducedShape = { type: 'deduced' };
const SCALAR: ScalarShape = { type: 'scalar' };

const stringMap: MapShape = { type: 'map', atomic: false, keyed: true, fields: [], child: () => SCALAR };

function struct(fields: Record<string, Shape>, fallback: Shape = DEDUCED, atomic = false): MapShape {
  return {
    type: 'map',
    atomic,
    keyed: false,
    fields: Object.keys(fields),
    child: (key) => fields[key] ?? fallback,
  };
}

/**
 * ObjectMeta as server-side apply sees it: labels and annotations are granular, finalizers a set,
 * ownerReferences a map keyed by uid; the rest are scalars (and never tracked).
 */
export const METADATA: MapShape = struct(
  {
    labels: stringMap,
    annotations: stringMap,
    finalizers: { type: 'list', listType: 'set', keys: [], item: SCALAR },
    ownerReferences: { type: 'list', listType: 'map', keys: ['uid'], item: struct({}, DEDUCED) },
    managedFields: { type: 'list', listType: 'atomic', keys: [], item: DEDUCED },
  },
  SCALAR,
);

const defOf = zodDef;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

const cache = new WeakMap<z.ZodType, Shape>();

/** The structure a zod schema describes. */
export function shapeOf(schema: z.ZodType): Shape {
  const cached = cache.get(schema);
  if (cached) return cached;
  const shape = build(schema);
  cache.set(schema, shape);
  return shape;
}

function build(schema: z.ZodType): Shape {
  const meta = k8sMeta(schema);
  const def = defOf(schema);
  const withDefault = <S extends Shape>(shape: S): S =>
    meta?.default !== undefined ? { ...shape, default: meta.default } : shape;
  if (WRAPPERS.has(def.type) && def.innerType) {
    const inner = shapeOf(def.innerType);
    return withDefault(
      meta?.mapType === 'atomic' && inner.type === 'map' ? { ...inner, atomic: true } : inner,
    );
  }
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {};
      const children = new Map<string, Shape>();
      const child = (key: string): Shape => {
        const field = shape[key];
        if (!field) return DEDUCED;
        let found = children.get(key);
        if (!found) {
          found = shapeOf(field);
          children.set(key, found);
        }
        return found;
      };
      return withDefault({
        type: 'map',
        atomic: meta?.mapType === 'atomic',
        keyed: false,
        fields: Object.keys(shape),
        child,
      });
    }
    case 'record': {
      const value = def.valueType ? shapeOf(def.valueType) : DEDUCED;
      return withDefault({
        type: 'map',
        atomic: meta?.mapType === 'atomic',
        keyed: true,
        fields: [],
        child: () => value,
      });
    }
    case 'array': {
      const listType = meta?.listType ?? 'atomic';
      // vzmc's schemas carry no list-map keys, so a keyed list without keys is owned whole.
      return withDefault({
        type: 'list',
        listType: listType === 'map' ? 'atomic' : listType,
        keys: [],
        item: def.element ? shapeOf(def.element) : DEDUCED,
      });
    }
    case 'unknown':
    case 'any':
      return withDefault(DEDUCED);
    default:
      return withDefault(SCALAR);
  }
}

/** The root structure of a kind: its schema's (or the deduced one), with ObjectMeta's metadata. */
export function rootShape(schema: z.ZodType | undefined): MapShape {
  const base = schema ? shapeOf(schema) : DEDUCED;
  const child = (key: string): Shape => {
    if (key === 'metadata') return METADATA;
    return base.type === 'map' ? base.child(key) : DEDUCED;
  };
  return { type: 'map', atomic: false, keyed: false, fields: base.type === 'map' ? base.fields : [], child };
}

/** The shape to use for a value: a deduced shape follows the value. */
export function resolve(shape: Shape, value: unknown): Shape {
  if (shape.type !== 'deduced') return shape;
  if (isObject(value)) return { type: 'map', atomic: false, keyed: false, fields: [], child: () => DEDUCED };
  if (Array.isArray(value)) return { type: 'list', listType: 'atomic', keys: [], item: DEDUCED };
  return SCALAR;
}

/**
 * Formats a field path the way Kubernetes does (field.Path): `spec.placement.clusters[0].name`,
 * map keys in brackets unquoted: `data[.dockerconfigjson]`, `metadata.labels[app]`.
 */
export function formatFieldPath(path: FieldPath, root: Shape): string {
  let out = '';
  let shape: Shape = root;
  for (const segment of path) {
    const here = resolve(shape, undefined);
    if (typeof segment === 'number') {
      out += `[${segment}]`;
      shape = here.type === 'list' ? here.item : DEDUCED;
      continue;
    }
    if (here.type === 'map' && here.keyed) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
    shape = here.type === 'map' ? here.child(segment) : DEDUCED;
  }
  return out;
}

const clone = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

/**
 * Fills in schema defaults where fields are absent, as the server defaults CRD fields and built-in
 * fields with `+default`. Mutates `value`, which the caller owns.
 */
export function applyDefaults(value: unknown, shape: Shape): void {
  if (isObject(value) && shape.type === 'map') {
    for (const field of shape.fields) {
      const child = shape.child(field);
      if (value[field] === undefined && child.default !== undefined) value[field] = clone(child.default);
    }
    for (const key of Object.keys(value)) applyDefaults(value[key], shape.child(key));
  } else if (Array.isArray(value) && shape.type === 'list') {
    for (const item of value) applyDefaults(item, shape.item);
  }
}
