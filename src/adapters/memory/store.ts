/**
 * Object storage: one map per (group, kind), then namespace, then name, with one cluster-wide
 * revision counter that every write takes its resourceVersion from, as etcd's revision is.
 * Lists come out in etcd key order (namespace, then name); the sorted name lists are cached per
 * namespace, so a list costs the objects it returns, not the whole cluster.
 */
import type { JsonObject } from './canonical.js';

/** A stored object: its canonical form (never handed out) and that form's JSON, which is. */
export interface StoredObject {
  readonly object: JsonObject;
  readonly json: string;
}

/** Freezes the stored form, so that a bug that would mutate it throws instead of corrupting state. */
export function stored(object: JsonObject): StoredObject {
  return { object: deepFreeze(object), json: JSON.stringify(object) };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

type Namespaces = Map<string, Map<string, StoredObject>>;

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The objects of one cluster. Cluster-scoped objects live under namespace `''`. */
export class ObjectStore {
  private readonly kinds = new Map<string, Namespaces>();
  private readonly sorted = new Map<string, string[]>();
  private revision = 0;

  /** The latest revision, as a list's resourceVersion. */
  get resourceVersion(): string {
    return String(this.revision);
  }

  /** Takes the next revision for a write. */
  nextResourceVersion(): string {
    this.revision += 1;
    return String(this.revision);
  }

  get(storageKey: string, namespace: string, name: string): StoredObject | undefined {
    return this.kinds.get(storageKey)?.get(namespace)?.get(name);
  }

  set(storageKey: string, namespace: string, name: string, object: StoredObject): void {
    let namespaces = this.kinds.get(storageKey);
    if (!namespaces) {
      namespaces = new Map();
      this.kinds.set(storageKey, namespaces);
    }
    let names = namespaces.get(namespace);
    if (!names) {
      names = new Map();
      namespaces.set(namespace, names);
    }
    if (!names.has(name)) this.sorted.delete(`${storageKey}\0${namespace}`);
    names.set(name, object);
  }

  delete(storageKey: string, namespace: string, name: string): void {
    const namespaces = this.kinds.get(storageKey);
    const names = namespaces?.get(namespace);
    if (!names?.delete(name)) return;
    this.sorted.delete(`${storageKey}\0${namespace}`);
    if (names.size === 0) namespaces!.delete(namespace);
  }

  /** The objects of a kind in one namespace, or in all when `namespace` is undefined, in key order. */
  list(storageKey: string, namespace?: string): StoredObject[] {
    const namespaces = this.kinds.get(storageKey);
    if (!namespaces) return [];
    const scopes = namespace === undefined ? [...namespaces.keys()].sort(byKey) : [namespace];
    const out: StoredObject[] = [];
    for (const scope of scopes) {
      const names = namespaces.get(scope);
      if (!names) continue;
      for (const name of this.sortedNames(storageKey, scope, names)) out.push(names.get(name)!);
    }
    return out;
  }

  private sortedNames(storageKey: string, namespace: string, names: Map<string, StoredObject>): string[] {
    const cacheKey = `${storageKey}\0${namespace}`;
    let sorted = this.sorted.get(cacheKey);
    if (!sorted) {
      sorted = [...names.keys()].sort(byKey);
      this.sorted.set(cacheKey, sorted);
    }
    return sorted;
  }

  /** Every object in a namespace, of every kind, as (storage key, object) pairs in key order. */
  inNamespace(namespace: string): { storageKey: string; object: StoredObject }[] {
    const out: { storageKey: string; object: StoredObject }[] = [];
    for (const storageKey of [...this.kinds.keys()].sort(byKey)) {
      for (const object of this.list(storageKey, namespace)) out.push({ storageKey, object });
    }
    return out;
  }

  /** Every object, ordered by storage key, namespace and name. */
  all(): { storageKey: string; object: StoredObject }[] {
    const out: { storageKey: string; object: StoredObject }[] = [];
    for (const storageKey of [...this.kinds.keys()].sort(byKey)) {
      for (const object of this.list(storageKey)) out.push({ storageKey, object });
    }
    return out;
  }
}
