/**
 * Live objects as planning keeps them: only what the planner reads, with repeated values shared.
 * A cluster of 50,000 placed resources lists about 100,000 live objects, and most of what each
 * carries is bookkeeping the planner never reads (docs/performance.md, issue 16).
 *
 * What the planner reads of `metadata.managedFields` (and so what stays):
 * - whether there is any entry at all (`hasManagedFields`: objects without them cannot be verified);
 * - the `manager`, `operation`, `subresource` and `fieldsV1` of the entries whose operation is
 *   `Apply` (or absent): `ownedFields`/`objectPatch` (compare.ts) and `isVzmcOwned` (the managed
 *   label applied by vzmc's field manager) read nothing else.
 *
 * So `Update` entries (controllers, `kubectl edit`) go, and `time`, `apiVersion` and `fieldsType` go
 * from the rest. An object whose entries are all `Update` keeps one, without its fields, so that it
 * still counts as carrying managedFields. Every manager's `Apply` entries stay, whatever field
 * manager the plan is made for. `fieldsV1` trees, which repeat across objects of one kind, are
 * shared (frozen) between objects, and so are short strings that repeat (API versions, times,
 * label values). The plan made from a slimmed snapshot is the plan made from the full one
 * (test/unit/sync-plan/slim.test.ts).
 */
import type { KubeObject } from '../model/meta.js';
import { snapshot, type Snapshot, type SnapshotEntry } from './snapshot.js';

type ManagedFieldsEntry = NonNullable<KubeObject['metadata']['managedFields']>[number];
type Json = Record<string, unknown>;

/** Strings longer than this are rarely repeated (names, sources, data) and are not interned. */
const MAX_INTERNED_LENGTH = 64;

/** Shares equal values between the objects of one snapshot read. */
export class Interner {
  readonly #strings = new Map<string, string>();
  readonly #trees = new Map<string, Json>();

  /** The one copy of `value` kept so far (short strings only). */
  string<T extends string | undefined>(value: T): T {
    if (value === undefined || value.length > MAX_INTERNED_LENGTH) return value;
    const known = this.#strings.get(value);
    if (known !== undefined) return known as T;
    this.#strings.set(value, value);
    return value;
  }

  /** The one (frozen) copy of an equal `fieldsV1` tree kept so far. */
  tree(value: Json): Json {
    const key = JSON.stringify(value);
    const known = this.#trees.get(key);
    if (known !== undefined) return known;
    // A copy of its own: the caller's tree is neither frozen nor shared.
    const frozen = deepFreeze(JSON.parse(key) as Json);
    this.#trees.set(key, frozen);
    return frozen;
  }

  /** A string map with its values interned (labels). */
  values(map: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
    if (map === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const key in map) out[key] = this.string(map[key] as string);
    return out;
  }
}

function deepFreeze(value: Json): Json {
  for (const key in value) {
    const child = value[key];
    if (child !== null && typeof child === 'object') deepFreeze(child as Json);
  }
  return Object.freeze(value);
}

const isApply = (entry: ManagedFieldsEntry): boolean =>
  entry.operation === undefined || entry.operation === 'Apply';

/** The managedFields entries planning reads, trimmed to the fields it reads. */
export function slimManagedFields(
  entries: readonly ManagedFieldsEntry[],
  interner: Interner,
): ManagedFieldsEntry[] {
  const out: ManagedFieldsEntry[] = [];
  for (const entry of entries) {
    if (!isApply(entry)) continue;
    const slim: { -readonly [K in keyof ManagedFieldsEntry]: ManagedFieldsEntry[K] } = {};
    if (entry.manager !== undefined) slim.manager = interner.string(entry.manager);
    if (entry.operation !== undefined) slim.operation = interner.string(entry.operation);
    if (entry.subresource !== undefined) slim.subresource = interner.string(entry.subresource);
    if (entry.fieldsV1 !== undefined) slim.fieldsV1 = interner.tree(entry.fieldsV1);
    out.push(slim);
  }
  const first = entries[0];
  if (out.length === 0 && first !== undefined) {
    // Only Update entries: one stays, fields dropped, so the object still shows it has managedFields.
    const marker: { -readonly [K in keyof ManagedFieldsEntry]: ManagedFieldsEntry[K] } = {};
    if (first.manager !== undefined) marker.manager = interner.string(first.manager);
    if (first.operation !== undefined) marker.operation = interner.string(first.operation);
    out.push(marker);
  }
  return out;
}

/** A copy of a live object as planning keeps it; `object` itself is not changed. */
export function slimLiveObject(object: KubeObject, interner: Interner): KubeObject {
  const metadata = object.metadata;
  const slim: KubeObject = {
    ...object,
    apiVersion: interner.string(object.apiVersion),
    kind: interner.string(object.kind),
    metadata: {
      ...metadata,
      ...(metadata.namespace !== undefined ? { namespace: interner.string(metadata.namespace) } : {}),
      ...(typeof metadata.creationTimestamp === 'string'
        ? { creationTimestamp: interner.string(metadata.creationTimestamp) }
        : {}),
      ...(metadata.labels !== undefined ? { labels: interner.values(metadata.labels) } : {}),
      ...(metadata.managedFields !== undefined
        ? { managedFields: slimManagedFields(metadata.managedFields, interner) }
        : {}),
    },
  };
  return slim;
}

/** One snapshot list as planning keeps it. */
export function slimEntry(entry: SnapshotEntry, interner: Interner): SnapshotEntry {
  if (!entry.result.ok) return entry;
  return {
    ...entry,
    result: { ok: true, items: entry.result.items.map((o) => slimLiveObject(o, interner)) },
  };
}

/** A live snapshot as planning keeps it (see the module's comment); the input is not changed. */
export function slimSnapshot(snap: Snapshot, interner: Interner = new Interner()): Snapshot {
  return snapshot(snap.entries.map((entry) => slimEntry(entry, interner)));
}
