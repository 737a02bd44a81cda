/**
 * `metadata.managedFields`: who owns which fields. Entries are keyed by manager, operation and
 * subresource, as the apiserver's fieldmanager keys them, and written back in its order (Apply
 * before Update, then oldest first, then by manager).
 */
import { isObject, type Json, type JsonObject } from './canonical.js';
import { compareFields, fromFieldsV1, toFieldsV1, FieldSet } from './fieldpath.js';
import type { Shape } from './structure.js';

/** The two operations a managedFields entry records. */
export const ManagedOperation = { Apply: 'Apply', Update: 'Update' } as const;
/** One of {@link ManagedOperation}'s values. */
export type ManagedOperation = (typeof ManagedOperation)[keyof typeof ManagedOperation];

/** One managedFields entry, with its field set decoded. */
export interface ManagedEntry {
  readonly manager: string;
  readonly operation: ManagedOperation;
  readonly apiVersion: string;
  readonly time?: string;
  /** `''` for the main resource, `status` for the status subresource. */
  readonly subresource: string;
  readonly fields: FieldSet;
}

/** Who is writing: the slot of the entry a write records its fields in. */
export interface Writer {
  readonly manager: string;
  readonly apiVersion: string;
  readonly subresource: string;
  readonly time: string;
}

/** True when both entries are the same slot (manager, operation, subresource). */
export function sameSlot(
  a: Pick<ManagedEntry, 'manager' | 'operation' | 'subresource'>,
  b: typeof a,
): boolean {
  return a.manager === b.manager && a.operation === b.operation && a.subresource === b.subresource;
}

/** Decodes stored managedFields. */
export function readManagedFields(metadata: unknown): ManagedEntry[] {
  const raw = isObject(metadata) && Array.isArray(metadata.managedFields) ? metadata.managedFields : [];
  return raw.filter(isObject).map((entry) => ({
    manager: typeof entry.manager === 'string' ? entry.manager : '',
    operation: entry.operation === ManagedOperation.Apply ? ManagedOperation.Apply : ManagedOperation.Update,
    apiVersion: typeof entry.apiVersion === 'string' ? entry.apiVersion : '',
    ...(typeof entry.time === 'string' ? { time: entry.time } : {}),
    subresource: typeof entry.subresource === 'string' ? entry.subresource : '',
    fields: fromFieldsV1(entry.fieldsV1),
  }));
}

const seconds = (time: string | undefined): number => (time === undefined ? 0 : Date.parse(time) / 1000);

/** Encodes entries in the fieldmanager's order, dropping empty ones. */
export function writeManagedFields(entries: readonly ManagedEntry[]): Json[] {
  return entries
    .filter((e) => e.fields.size > 0)
    .sort(
      (p, q) =>
        cmp(p.operation, q.operation) ||
        seconds(p.time) - seconds(q.time) ||
        cmp(p.manager, q.manager) ||
        cmp(p.apiVersion, q.apiVersion) ||
        cmp(p.subresource, q.subresource),
    )
    .map((e) => {
      const out: JsonObject = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion };
      if (e.time !== undefined) out.time = e.time;
      out.fieldsType = 'FieldsV1';
      out.fieldsV1 = toFieldsV1(e.fields);
      if (e.subresource !== '') out.subresource = e.subresource;
      return out;
    });
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The metadata fields ownership is tracked for; identity and system fields never are. */
const TRACKED_METADATA = ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const;

/**
 * The part of an object whose fields a write to `subresource` may own: the main resource owns
 * everything but identity, system metadata and (with a status subresource) `status`; the status
 * subresource owns only `status`.
 */
export function trackedView(
  object: JsonObject | undefined,
  subresource: string,
  statusSubresource: boolean,
): JsonObject {
  if (!object) return {};
  if (subresource === 'status') return object.status === undefined ? {} : { status: object.status };
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (key === 'status' && statusSubresource) continue;
    if (key === 'metadata') {
      const metadata: JsonObject = {};
      if (isObject(value))
        for (const field of TRACKED_METADATA) if (value[field] !== undefined) metadata[field] = value[field];
      out.metadata = metadata;
      continue;
    }
    out[key] = value;
  }
  return out;
}

/**
 * Records an Update (create, replace, status update): the writer owns what it added or changed;
 * others lose those fields and anything removed (structured-merge-diff's Update, which never
 * conflicts). The writer's time moves only when it took fields.
 */
export function recordUpdate(
  entries: readonly ManagedEntry[],
  before: JsonObject,
  after: JsonObject,
  shape: Shape,
  writer: Writer,
): ManagedEntry[] {
  const { added, modified, removed } = compareFields(before, after, shape);
  const changed = added.union(modified);
  const slot = {
    manager: writer.manager,
    operation: ManagedOperation.Update,
    subresource: writer.subresource,
  };
  const out: ManagedEntry[] = [];
  let own: ManagedEntry | undefined;
  for (const entry of entries) {
    if (sameSlot(entry, slot)) {
      own = entry;
      continue;
    }
    const fields = entry.fields.difference(changed).difference(removed);
    if (fields.size > 0) out.push(fields.equals(entry.fields) ? entry : { ...entry, fields });
  }
  const mine = (own?.fields ?? new FieldSet()).difference(removed).union(changed);
  if (changed.size > 0) out.push({ ...slot, apiVersion: writer.apiVersion, time: writer.time, fields: mine });
  else if (own && mine.size > 0) out.push(mine.equals(own.fields) ? own : { ...own, fields: mine });
  return out;
}

/** True when two entry lists record the same ownership (times aside). */
export function sameOwnership(a: readonly ManagedEntry[], b: readonly ManagedEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((e) =>
      b.some((f) => sameSlot(e, f) && e.apiVersion === f.apiVersion && e.fields.equals(f.fields)),
    )
  );
}
