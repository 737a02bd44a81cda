/**
 * Objects as the server stores them. A real server decodes every request into typed structs or
 * key-sorted maps, so the key order a client sends never matters and empty metadata maps vanish
 * (omitempty). Doing the same here makes "did this write change anything?" a string comparison
 * and keeps every answer byte-identical for the same calls.
 */
import type { KubeObject } from '../../model/meta.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** ObjectMeta's fields, in Go struct order; anything else in `metadata` is dropped, as the server drops it. */
const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
] as const;

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What the server receives: a JSON round trip, which drops `undefined` and functions and turns
 * dates into strings. Throws a TypeError for values JSON cannot carry (cycles, bigints).
 */
export function wireCopy<T>(value: T): T {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new TypeError('not a JSON value');
  return JSON.parse(text) as T;
}

/** A deep copy with every object's keys sorted, as Go's encoding/json writes maps. */
export function sortKeysDeep(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep(value[key]);
    return out;
  }
  return value as Json;
}

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (isObject(value) && Object.keys(value).length === 0);

/** Metadata in struct order, unknown and empty fields dropped, maps sorted. */
export function canonicalMetadata(metadata: unknown): JsonObject {
  const source = isObject(metadata) ? metadata : {};
  const out: JsonObject = {};
  for (const key of META_ORDER) {
    const value = source[key];
    if (isEmpty(value)) continue;
    // managedFields are built in canonical order by managed-fields.ts; sorting them would undo it.
    out[key] = key === 'managedFields' ? (value as Json) : sortKeysDeep(value);
  }
  return out;
}

/** The stored form of an object: apiVersion, kind, metadata, then the other fields sorted. */
export function canonicalObject(object: unknown): KubeObject {
  const source = isObject(object) ? object : {};
  const out: JsonObject = {};
  if (source.apiVersion !== undefined) out.apiVersion = source.apiVersion;
  if (source.kind !== undefined) out.kind = source.kind;
  out.metadata = canonicalMetadata(source.metadata);
  for (const key of Object.keys(source).sort()) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata') continue;
    out[key] = sortKeysDeep(source[key]);
  }
  return out as unknown as KubeObject;
}

/** True for plain JSON objects (not arrays, not null). */
export { isObject };
/** A JSON value and a JSON object, as the store handles them. */
export type { Json, JsonObject };
