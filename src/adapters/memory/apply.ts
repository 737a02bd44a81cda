/**
 * Server-side apply, following structured-merge-diff's Apply: merge the applied configuration
 * into the live object, drop the fields this manager applied last time and no longer applies
 * (unless someone else owns them), and refuse to change fields other managers own unless forced.
 */
import { isObject, type Json, type JsonObject } from './canonical.js';
import type { ApplyConflict } from './errors.js';
import { FieldSet, compareFields, fieldSetOf, keyElement, pathString, removePath } from './fieldpath.js';
import {
  ManagedOperation,
  sameOwnership,
  sameSlot,
  type ManagedEntry,
  type Writer,
} from './managed-fields.js';
import { resolve, type Shape } from './structure.js';

/** What an apply computes: the new tracked view and ownership, or the conflicts that stop it. */
export type ApplyOutcome =
  | {
      readonly ok: true;
      readonly view: JsonObject;
      readonly entries: ManagedEntry[];
      readonly changed: boolean;
    }
  | { readonly ok: false; readonly conflicts: ApplyConflict[] };

/** The inputs of one apply, all owned by the caller and never mutated. */
export interface ApplyInput {
  /** The live object's tracked view (see trackedView), `{}` when it does not exist. */
  readonly live: JsonObject;
  /** The applied configuration's tracked view. */
  readonly config: JsonObject;
  readonly entries: readonly ManagedEntry[];
  readonly shape: Shape;
  readonly writer: Writer;
  readonly force: boolean;
}

const clone = <T extends Json>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Merges `config` into `live` (which the caller owns and this mutates), by the field structure. */
function mergeValue(live: Json | undefined, config: Json, shape: Shape): Json {
  const s = resolve(shape, config);
  if (s.type === 'map' && !s.atomic && isObject(config) && isObject(live)) {
    for (const key of Object.keys(config)) live[key] = mergeValue(live[key], config[key]!, s.child(key));
    return live;
  }
  if (s.type === 'list' && Array.isArray(config) && Array.isArray(live)) {
    if (s.listType === 'set') {
      const seen = new Set(live.map((v) => JSON.stringify(v)));
      for (const item of config) if (!seen.has(JSON.stringify(item))) live.push(clone(item));
      return live;
    }
    if (s.listType === 'map') {
      const liveKeys = live.map((item) => keyElement(item, s.keys));
      const configKeys = config.map((item) => keyElement(item, s.keys));
      if (!liveKeys.includes(undefined) && !configKeys.includes(undefined)) {
        config.forEach((item, i) => {
          const at = liveKeys.indexOf(configKeys[i]);
          if (at === -1) live.push(clone(item));
          else live[at] = mergeValue(live[at], item, s.item);
        });
        return live;
      }
    }
  }
  return clone(config);
}

/** How the apiserver prints a manager in conflict messages. */
export function printManager(
  entry: Pick<ManagedEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  let out = JSON.stringify(entry.manager);
  if (entry.subresource !== '') out += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === ManagedOperation.Update) out += ` using ${entry.apiVersion}`;
  return out;
}

/** Runs one server-side apply over tracked views. */
export function serverSideApply(input: ApplyInput): ApplyOutcome {
  const { live, config, shape, writer, force } = input;
  const slot = {
    manager: writer.manager,
    operation: ManagedOperation.Apply,
    subresource: writer.subresource,
  };
  const applied = fieldSetOf(config, shape);
  const previous = input.entries.find((e) => sameSlot(e, slot));
  const lastSet = previous?.fields ?? new FieldSet();
  const others = input.entries.filter((e) => !sameSlot(e, slot));

  const merged = mergeValue(clone(live), config, shape) as JsonObject;

  // Fields this manager stopped applying go, unless another manager (or this apply) owns them.
  let owned = applied;
  for (const other of others) owned = owned.union(other.fields);
  const stale = lastSet.difference(owned).paths().reverse();
  for (const path of stale) removePath(merged, path, (p) => owned.has(p));

  const { added, modified, removed } = compareFields(live, merged, shape);
  const changing = added.union(modified);
  const conflicts: ApplyConflict[] = [];
  const entries: ManagedEntry[] = [];
  for (const other of others) {
    const taken = other.fields.intersection(changing);
    if (taken.size > 0 && !force) {
      for (const path of taken.paths())
        conflicts.push({ manager: printManager(other), path: pathString(path) });
      continue;
    }
    const fields = other.fields.difference(taken).difference(removed);
    if (fields.size > 0) entries.push(fields.equals(other.fields) ? other : { ...other, fields });
  }
  if (conflicts.length > 0) return { ok: false, conflicts };

  const objectChanged = added.size + modified.size + removed.size > 0;
  const mine: ManagedEntry = {
    ...slot,
    apiVersion: writer.apiVersion,
    ...(previous?.time !== undefined ? { time: previous.time } : {}),
    fields: applied,
  };
  const candidate = applied.size > 0 ? [...entries, mine] : entries;
  const changed = objectChanged || !sameOwnership(candidate, input.entries);
  if (changed && applied.size > 0) entries.push({ ...mine, time: writer.time });
  else if (applied.size > 0) entries.push(mine);
  return { ok: true, view: merged, entries, changed };
}
