/**
 * Desired vs live, with server-side-apply semantics: a live object matches when every field vzmc
 * sets has vzmc's value, and no field vzmc owned before (per `metadata.managedFields`) is gone
 * from what vzmc wants now. Fields other managers set, server defaults and status are ignored.
 */
import { diff } from '../internal/json-patch.js';
import type { KubeObject } from '../model/meta.js';
import type { PatchOperation } from './types.js';

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
): PatchOperation[] {
  // Steady state is the common case: prove it without building the projection.
  if (alreadyMatches(live, desired, manager)) return [];
  const wanted = comparable(desired);
  const projected = project(comparable(live), wanted, ownedFields(live, manager));
  return diff(projected, wanted);
}

/**
 * True only when `project(comparable(live), comparable(desired), owned)` deep-equals
 * `comparable(desired)`, checked in place without copying either object. It may answer false for
 * a match (a value it will not judge, such as `undefined`); {@link objectPatch} then computes the
 * full diff, so a false answer costs time and never correctness.
 *
 * Owned fields only matter where the live object has a key the desired one lacks (the projection
 * keeps it, so the diff would remove it); they are looked up only there, by the path walked so far.
 */
function alreadyMatches(live: KubeObject, desired: KubeObject, manager: string): boolean {
  const l = live as unknown as Json;
  const d = desired as unknown as Json;
  if (!isMap(l.metadata) || !isMap(d.metadata)) return false;
  const walk: Walk = { live, manager, owned: null, path: ['metadata'] };
  if (!mapEquals(walk, l.metadata, d.metadata, SERVER_METADATA)) return false;
  walk.path.pop();
  return mapEquals(walk, l, d, TOP_LEVEL_IGNORED);
}

/** The state of one {@link alreadyMatches} walk. */
interface Walk {
  readonly live: KubeObject;
  readonly manager: string;
  /** vzmc's owned fields, read on first need (null: not read yet). */
  owned: RawFields | undefined | null;
  /** The keys walked from the root; null for an array item, where projection drops ownership. */
  readonly path: (string | null)[];
}

function mapEquals(walk: Walk, l: Json, d: Json, ignore?: ReadonlySet<string>): boolean {
  let matched = 0;
  for (const key in d) {
    if (ignore?.has(key)) continue;
    if (!Object.hasOwn(l, key)) return false;
    walk.path.push(key);
    const equal = valueEquals(walk, l[key], d[key]);
    walk.path.pop();
    if (!equal) return false;
    matched++;
  }
  // Every live key the walk compares is a desired one: nothing extra, so ownership cannot matter.
  // Ignored keys (server metadata, status) are not counted: they never make the owned fields worth reading.
  let present = 0;
  for (const key in l) if (!ignore?.has(key)) present++;
  return present === matched || !ownsExtraKey(walk, l, d, ignore);
}

function valueEquals(walk: Walk, l: unknown, d: unknown): boolean {
  if (typeof l !== 'object' || typeof d !== 'object' || l === null || d === null)
    // Scalars (and mismatched shapes) are compared whole; undefined is left to the full diff.
    return l !== undefined && l === d;
  const la = Array.isArray(l);
  if (la !== Array.isArray(d)) return false;
  if (!la) return mapEquals(walk, l as Json, d as Json);
  const lArr = l as unknown[];
  const dArr = d as unknown[];
  if (lArr.length !== dArr.length) return false;
  walk.path.push(null);
  let equal = true;
  for (let i = 0; equal && i < lArr.length; i++) equal = valueEquals(walk, lArr[i], dArr[i]);
  walk.path.pop();
  return equal;
}

/** Whether `l` has a key `d` lacks that vzmc owns at this path (the projection would keep it). */
function ownsExtraKey(walk: Walk, l: Json, d: Json, ignore: ReadonlySet<string> | undefined): boolean {
  if (walk.owned === null) walk.owned = rawOwnedFields(walk.live, walk.manager);
  let here = walk.owned;
  for (const key of walk.path) here = key === null ? undefined : child(here, key);
  if (!here) return false;
  for (const key of Object.keys(l)) if (!ignore?.has(key) && !(key in d) && owns(here, key)) return true;
  return false;
}

/** Top-level keys the comparison skips: status, and metadata (compared on its own). */
const TOP_LEVEL_IGNORED: ReadonlySet<string> = new Set(['status', 'metadata']);

/**
 * Owned fields read in place: a fieldsV1 tree (`f:<name>` keys) when vzmc has exactly one Apply
 * entry, the common case, or the merged decoded tree (plain names) when it has several.
 */
type RawFields = { readonly encoded: boolean; readonly tree: Json };

function rawOwnedFields(live: KubeObject, manager: string): RawFields | undefined {
  let found: RawFields | undefined;
  for (const e of live.metadata.managedFields ?? []) {
    if (e.manager !== manager || (e.operation !== undefined && e.operation !== 'Apply')) continue;
    if (found) return { encoded: false, tree: ownedFields(live, manager) as Json };
    found = { encoded: true, tree: isMap(e.fieldsV1) ? e.fieldsV1 : {} };
  }
  return found;
}

function child(owned: RawFields | undefined, key: string): RawFields | undefined {
  if (!owned) return undefined;
  const next = owned.tree[owned.encoded ? `f:${key}` : key];
  // decodeFields gives every owned name a (possibly empty) subtree; do the same here.
  return next === undefined ? undefined : { encoded: owned.encoded, tree: isMap(next) ? next : {} };
}

function owns(owned: RawFields, key: string): boolean {
  return (owned.encoded ? `f:${key}` : key) in owned.tree;
}
