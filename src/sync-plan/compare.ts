/**
 * Desired vs live, with server-side-apply semantics: a live object matches when every field vzmc
 * sets has vzmc's value, and no field vzmc owned before (per `metadata.managedFields`) is gone
 * from what vzmc wants now. Fields other managers set, server defaults and status are ignored.
 */
import { diff, type JsonPatchOperation } from '../internal/json-patch.js';
import type { KubeObject } from '../types/meta.js';

/** The field manager vzmc writes with. */
export const FIELD_MANAGER = 'vzmc';

/** A tree of owned fields, decoded from a managedFields `fieldsV1` entry. */
export interface OwnedFields {
  readonly [field: string]: OwnedFields;
}

type Json = Record<string, unknown>;
const isMap = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Decodes fieldsV1 into field names; list-item keys (`k:`, `v:`, `i:`) make the list atomic. */
function decodeFields(fields: unknown): OwnedFields {
  if (!isMap(fields)) return {};
  const out: Record<string, OwnedFields> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key.startsWith('f:')) out[key.slice(2)] = decodeFields(value);
  }
  return out;
}

/** The fields `manager` owns through server-side apply on a live object. */
export function ownedFields(live: KubeObject, manager: string = FIELD_MANAGER): OwnedFields | undefined {
  const entries = live.metadata.managedFields ?? [];
  const mine = entries.filter(
    (e) => e.manager === manager && (e.operation === undefined || e.operation === 'Apply'),
  );
  if (mine.length === 0) return undefined;
  const merged: Record<string, OwnedFields> = {};
  const merge = (into: Record<string, OwnedFields>, from: OwnedFields) => {
    for (const [k, v] of Object.entries(from)) {
      const target = (into[k] ?? {}) as Record<string, OwnedFields>;
      merge(target, v);
      into[k] = target;
    }
  };
  for (const entry of mine) merge(merged, decodeFields(entry.fieldsV1));
  return merged;
}

const SERVER_METADATA = new Set([
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
]);

/**
 * The part of `live` that `desired` (and vzmc's previous ownership) speaks about: maps keep the
 * keys vzmc sets or owned, arrays of equal length are projected item by item, anything else is
 * taken whole.
 */
export function project(live: unknown, desired: unknown, owned?: OwnedFields): unknown {
  if (isMap(live) && isMap(desired)) {
    const keys = new Set(Object.keys(desired));
    if (owned) for (const key of Object.keys(owned)) keys.add(key);
    const out: Json = {};
    for (const key of keys) {
      if (key in live) out[key] = project(live[key], desired[key], owned?.[key]);
    }
    return out;
  }
  if (Array.isArray(live) && Array.isArray(desired) && live.length === desired.length) {
    return live.map((item, i) => project(item, desired[i]));
  }
  return live;
}

/** The object as vzmc compares it: no status, no server-owned metadata. */
function comparable(object: KubeObject): Json {
  const { status: _status, metadata, ...rest } = object as Json & { metadata: Json };
  const meta = Object.fromEntries(Object.entries(metadata).filter(([key]) => !SERVER_METADATA.has(key)));
  return { ...rest, metadata: meta };
}

/**
 * The RFC 6902 patch from the live object to the desired one, under SSA semantics; empty when the
 * live object already matches.
 *
 * @example
 * objectPatch(live, desired) //=> [{ op: 'replace', path: '/data/key', value: 'new' }]
 */
export function objectPatch(
  live: KubeObject,
  desired: KubeObject,
  manager: string = FIELD_MANAGER,
): JsonPatchOperation[] {
  // Steady state is the common case: prove it without building the projection.
  if (alreadyMatches(live, desired, ownedFields(live, manager))) return [];
  const wanted = comparable(desired);
  const projected = project(comparable(live), wanted, ownedFields(live, manager));
  return diff(projected, wanted);
}

/**
 * True only when `project(comparable(live), comparable(desired), owned)` deep-equals
 * `comparable(desired)`, checked in place without copying either object. It may answer false for
 * a match (a value it will not judge, such as `undefined`); {@link objectPatch} then computes the
 * full diff, so a false answer costs time and never correctness.
 */
function alreadyMatches(live: KubeObject, desired: KubeObject, owned: OwnedFields | undefined): boolean {
  const l = live as unknown as Json;
  const d = desired as unknown as Json;
  for (const key of Object.keys(d)) {
    if (key === 'status') continue;
    if (!(key in l)) return false;
    if (key === 'metadata') {
      if (!metadataMatches(l.metadata, d.metadata, owned?.metadata)) return false;
    } else if (!projectedEquals(l[key], d[key], owned?.[key])) return false;
  }
  if (owned) {
    for (const key of Object.keys(owned))
      if (key !== 'status' && key !== 'metadata' && !(key in d) && key in l) return false;
  }
  return true;
}

function metadataMatches(live: unknown, desired: unknown, owned: OwnedFields | undefined): boolean {
  if (!isMap(live) || !isMap(desired)) return false;
  for (const key of Object.keys(desired)) {
    if (SERVER_METADATA.has(key)) continue;
    if (!(key in live) || !projectedEquals(live[key], desired[key], owned?.[key])) return false;
  }
  if (owned) {
    for (const key of Object.keys(owned))
      if (!SERVER_METADATA.has(key) && !(key in desired) && key in live) return false;
  }
  return true;
}

/** Whether `project(live, desired, owned)` deep-equals `desired` (false when unsure). */
function projectedEquals(live: unknown, desired: unknown, owned: OwnedFields | undefined): boolean {
  if (isMap(live) && isMap(desired)) {
    for (const key of Object.keys(desired)) {
      if (!(key in live) || !projectedEquals(live[key], desired[key], owned?.[key])) return false;
    }
    if (owned) for (const key of Object.keys(owned)) if (!(key in desired) && key in live) return false;
    return true;
  }
  if (Array.isArray(live) && Array.isArray(desired)) {
    if (live.length !== desired.length) return false;
    for (let i = 0; i < live.length; i++) if (!projectedEquals(live[i], desired[i], undefined)) return false;
    return true;
  }
  // Scalars (and mismatched shapes) are compared whole; undefined is left to the full diff.
  return live !== undefined && live === desired;
}
