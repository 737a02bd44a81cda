/**
 * Field sets, as structured-merge-diff (the library behind server-side apply) models them: a set
 * of paths whose elements are written the way `metadata.managedFields[].fieldsV1` writes them —
 * `f:name` for a field, `k:{"uid":"…"}` for an item of a keyed list, `v:"x"` for an item of a
 * set, `i:0` for an index.
 */
import { isObject, type Json, type JsonObject } from './canonical.js';
import { resolve, type Shape } from './structure.js';

/** One step of a path, in fieldsV1 notation. */
export type PathElement = string;
/** A path from the object's root. */
export type Path = readonly PathElement[];

/** A set of paths. */
export class FieldSet {
  private readonly members = new Map<string, Path>();

  constructor(paths: Iterable<Path> = []) {
    for (const path of paths) this.add(path);
  }

  /** Adds a path. */
  add(path: Path): void {
    this.members.set(JSON.stringify(path), path);
  }

  /** True when the path is a member. */
  has(path: Path): boolean {
    return this.members.has(JSON.stringify(path));
  }

  /** Removes a path. */
  delete(path: Path): void {
    this.members.delete(JSON.stringify(path));
  }

  /** The number of paths. */
  get size(): number {
    return this.members.size;
  }

  /** The paths, in the order structured-merge-diff prints them. */
  paths(): Path[] {
    return [...this.members.values()].sort(comparePaths);
  }

  /** Paths in this set or the other. */
  union(other: FieldSet): FieldSet {
    const out = new FieldSet(this.members.values());
    for (const path of other.members.values()) out.add(path);
    return out;
  }

  /** Paths in this set but not the other. */
  difference(other: FieldSet): FieldSet {
    return new FieldSet([...this.members.values()].filter((p) => !other.has(p)));
  }

  /** Paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    return new FieldSet([...this.members.values()].filter((p) => other.has(p)));
  }

  /** True when both sets hold the same paths. */
  equals(other: FieldSet): boolean {
    return this.size === other.size && [...this.members.keys()].every((k) => other.members.has(k));
  }
}

const ORDER: Record<string, number> = { '.': 0, f: 1, k: 2, v: 3, i: 4 };

/** structured-merge-diff's element order: fields by name, then keys, values, indexes. */
export function compareElements(a: PathElement, b: PathElement): number {
  const ka = ORDER[a === '.' ? '.' : a.slice(0, 1)] ?? 5;
  const kb = ORDER[b === '.' ? '.' : b.slice(0, 1)] ?? 5;
  if (ka !== kb) return ka - kb;
  if (ka === 4) return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePaths(a: Path, b: Path): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareElements(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** The element of a set item. */
export const valueElement = (value: unknown): PathElement => `v:${JSON.stringify(value)}`;

/** The element of a keyed-list item, or undefined when the item lacks a key field. */
export function keyElement(item: unknown, keys: readonly string[]): PathElement | undefined {
  if (!isObject(item)) return undefined;
  const key: JsonObject = {};
  for (const name of [...keys].sort()) {
    const value = item[name];
    if (value === undefined) return undefined;
    key[name] = value;
  }
  return `k:${JSON.stringify(key)}`;
}

/** The fields an applied configuration sets (structured-merge-diff's ToFieldSet). */
export function fieldSetOf(value: unknown, shape: Shape): FieldSet {
  const out = new FieldSet();
  collect(value, shape, [], out);
  return out;
}

function collect(value: unknown, shape: Shape, path: Path, out: FieldSet): void {
  if (value === undefined) return;
  const s = resolve(shape, value);
  if (s.type === 'map' && isObject(value)) {
    if (s.atomic) {
      out.add(path);
      return;
    }
    for (const key of Object.keys(value)) collect(value[key], s.child(key), [...path, `f:${key}`], out);
    return;
  }
  if (s.type === 'list' && Array.isArray(value) && s.listType !== 'atomic') {
    if (s.listType === 'set') {
      for (const item of value) out.add([...path, valueElement(item)]);
      return;
    }
    const elements = value.map((item) => keyElement(item, s.keys));
    if (elements.some((e) => e === undefined)) {
      out.add(path);
      return;
    }
    value.forEach((item, i) => {
      const at = [...path, elements[i]!];
      out.add(at);
      const itemShape = resolve(s.item, item);
      if (itemShape.type === 'map' && isObject(item)) {
        for (const key of Object.keys(item))
          collect(item[key], itemShape.child(key), [...at, `f:${key}`], out);
      }
    });
    return;
  }
  if (path.length > 0) out.add(path);
}

/** How two versions of an object differ, field by field (structured-merge-diff's Compare). */
export interface Comparison {
  readonly added: FieldSet;
  readonly removed: FieldSet;
  readonly modified: FieldSet;
}

/** Compares two versions of an object. The root and `metadata` are never members themselves. */
export function compareFields(before: unknown, after: unknown, shape: Shape): Comparison {
  const out: Comparison = { added: new FieldSet(), removed: new FieldSet(), modified: new FieldSet() };
  diff(before, after, shape, [], out);
  return out;
}

const emptyObject = (v: unknown) => v === undefined || (isObject(v) && Object.keys(v).length === 0);
const emptyList = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0);
const structural = (path: Path) => path.length === 0 || (path.length === 1 && path[0] === 'f:metadata');

function member(l: unknown, r: unknown, path: Path, out: Comparison): void {
  if (structural(path)) return;
  if (l === undefined) out.added.add(path);
  else if (r === undefined) out.removed.add(path);
}

function diff(l: unknown, r: unknown, shape: Shape, path: Path, out: Comparison): void {
  if (l === undefined && r === undefined) return;
  const s = resolve(shape, r ?? l);
  if (
    s.type === 'map' &&
    !s.atomic &&
    (isObject(l) || l === undefined) &&
    (isObject(r) || r === undefined) &&
    !(emptyObject(l) && emptyObject(r))
  ) {
    member(l, r, path, out);
    const lo = l ?? {};
    const ro = r ?? {};
    for (const key of new Set([...Object.keys(lo), ...Object.keys(ro)])) {
      diff(lo[key], ro[key], s.child(key), [...path, `f:${key}`], out);
    }
    return;
  }
  if (
    s.type === 'list' &&
    s.listType !== 'atomic' &&
    (Array.isArray(l) || l === undefined) &&
    (Array.isArray(r) || r === undefined) &&
    !(emptyList(l) && emptyList(r)) &&
    diffList(l as Json[] | undefined, r as Json[] | undefined, s, path, out)
  ) {
    return;
  }
  if (structural(path)) return;
  if (l === undefined) out.added.add(path);
  else if (r === undefined) out.removed.add(path);
  else if (JSON.stringify(l) !== JSON.stringify(r)) out.modified.add(path);
}

/** Compares a set or keyed list item by item; false when items lack keys (then it is a leaf). */
function diffList(
  l: Json[] | undefined,
  r: Json[] | undefined,
  s: Extract<Shape, { type: 'list' }>,
  path: Path,
  out: Comparison,
): boolean {
  const left = l ?? [];
  const right = r ?? [];
  if (s.listType === 'set') {
    member(l, r, path, out);
    const lv = new Set(left.map((v) => JSON.stringify(v)));
    const rv = new Set(right.map((v) => JSON.stringify(v)));
    for (const v of rv) if (!lv.has(v)) out.added.add([...path, `v:${v}`]);
    for (const v of lv) if (!rv.has(v)) out.removed.add([...path, `v:${v}`]);
    return true;
  }
  const index = (items: Json[]): Map<string, Json> | undefined => {
    const map = new Map<string, Json>();
    for (const item of items) {
      const element = keyElement(item, s.keys);
      if (element === undefined) return undefined;
      map.set(element, item);
    }
    return map;
  };
  const li = index(left);
  const ri = index(right);
  if (!li || !ri) return false;
  member(l, r, path, out);
  for (const element of new Set([...li.keys(), ...ri.keys()])) {
    const a = li.get(element);
    const b = ri.get(element);
    diff(a, b, s.item.type === 'deduced' ? resolve(s.item, b ?? a) : s.item, [...path, element], out);
  }
  return true;
}

interface Trie {
  member: boolean;
  children: Map<PathElement, Trie>;
}

/** Encodes a set as `fieldsV1`: `{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}`. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: Trie = { member: false, children: new Map() };
  for (const path of set.paths()) {
    let node = root;
    for (const element of path) {
      let next = node.children.get(element);
      if (!next) {
        next = { member: false, children: new Map() };
        node.children.set(element, next);
      }
      node = next;
    }
    node.member = true;
  }
  const encode = (node: Trie): JsonObject => {
    const out: JsonObject = {};
    if (node.member && node.children.size > 0) out['.'] = {};
    for (const element of [...node.children.keys()].sort(compareElements))
      out[element] = encode(node.children.get(element)!);
    return out;
  };
  return encode(root);
}

/** Decodes `fieldsV1`; anything malformed is skipped, as a tolerant reader of stored data. */
export function fromFieldsV1(fields: unknown): FieldSet {
  const out = new FieldSet();
  const walk = (node: unknown, path: Path) => {
    if (!isObject(node)) return;
    for (const [element, child] of Object.entries(node)) {
      if (element === '.') {
        if (path.length > 0) out.add(path);
        continue;
      }
      const at = [...path, element];
      if (isObject(child) && Object.keys(child).length === 0) out.add(at);
      else walk(child, at);
    }
  };
  walk(fields, []);
  return out;
}

/** Prints a path as structured-merge-diff does: `.spec.x`, `[uid="a"]`, `[="v"]`, `[0]`. */
export function pathString(path: Path): string {
  return path
    .map((element) => {
      const body = element.slice(2);
      switch (element.slice(0, 2)) {
        case 'f:':
          return `.${body}`;
        case 'k:': {
          const key = JSON.parse(body) as JsonObject;
          return `[${Object.entries(key)
            .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
            .join(',')}]`;
        }
        case 'v:':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}

/** Where a path element points inside a container, if it exists. */
function step(
  container: unknown,
  element: PathElement,
): { parent: JsonObject | Json[]; at: string | number } | undefined {
  const body = element.slice(2);
  switch (element.slice(0, 2)) {
    case 'f:':
      return isObject(container) && body in container ? { parent: container, at: body } : undefined;
    case 'k:': {
      if (!Array.isArray(container)) return undefined;
      const key = JSON.parse(body) as JsonObject;
      const index = container.findIndex(
        (item) =>
          isObject(item) &&
          Object.entries(key).every(([k, v]) => JSON.stringify(item[k]) === JSON.stringify(v)),
      );
      return index === -1 ? undefined : { parent: container, at: index };
    }
    case 'v:': {
      if (!Array.isArray(container)) return undefined;
      const index = container.findIndex((item) => JSON.stringify(item) === body);
      return index === -1 ? undefined : { parent: container, at: index };
    }
    case 'i:': {
      const index = Number(body);
      return Array.isArray(container) && index < container.length
        ? { parent: container, at: index }
        : undefined;
    }
    default:
      return undefined;
  }
}

const childAt = (parent: JsonObject | Json[], at: string | number): Json =>
  Array.isArray(parent) ? parent[at as number]! : parent[at as string]!;

/**
 * Removes the value at a path from `root` (which the caller owns), then any map or list that the
 * removal left empty, unless `keep` says that container is itself owned.
 */
export function removePath(root: JsonObject, path: Path, keep: (path: Path) => boolean): void {
  const trail: { parent: JsonObject | Json[]; at: string | number }[] = [];
  let node: Json = root;
  for (const element of path) {
    const next = step(node, element);
    if (!next) return;
    trail.push(next);
    node = childAt(next.parent, next.at);
  }
  for (let depth = trail.length - 1; depth >= 0; depth--) {
    const { parent, at } = trail[depth]!;
    if (depth < trail.length - 1) {
      const value = childAt(parent, at);
      const empty =
        (isObject(value) && Object.keys(value).length === 0) || (Array.isArray(value) && value.length === 0);
      const here = path.slice(0, depth + 1);
      if (!empty || keep(here) || structural(here)) return;
    }
    if (Array.isArray(parent)) parent.splice(at as number, 1);
    else Reflect.deleteProperty(parent, at);
  }
}
