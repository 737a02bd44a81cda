/**
 * What must succeed before what (P33): everything in a namespace after the namespace; an app config
 * copy after the Secrets and Components it uses; an unwrapped object after its wrapper copy; an
 * ApplicationConfiguration after every Component written in its namespace.
 */
import { Kind } from '../model/kinds.js';
import type { MultiClusterApplicationConfiguration } from '../model/verrazzano.js';
import { referencedComponents } from '../desired/index.js';
import { SyncOp, SyncTarget, type SyncAction } from './types.js';

/**
 * `actions`, each local write's `dependsOn` extended in place (the plan built them a moment ago)
 * and sorted. `unwrappedFrom`: an unwrapped object's action and its wrapper copy's key.
 */
export function withDependencies(
  actions: SyncAction[],
  unwrappedFrom: ReadonlyMap<SyncAction, string>,
): SyncAction[] {
  const written = new Set<string>();
  // An ApplicationConfiguration waits for every Component written in its namespace.
  const componentKeys = new Map<string, string[]>();
  for (const action of actions) {
    if (action.op === SyncOp.Delete) continue;
    written.add(action.key);
    if (action.kind !== Kind.Component) continue;
    const keys = componentKeys.get(action.namespace) ?? [];
    keys.push(action.key);
    componentKeys.set(action.namespace, keys);
  }
  const namespaceKeys = new Map<string, string>();
  for (const action of actions) {
    if (action.op === SyncOp.Delete || action.op === SyncOp.Status || action.target !== SyncTarget.Local)
      continue;
    // This plan built the action and its dependsOn array a moment ago: extend it in place. An empty
    // one is kept sorted as it grows; one that came with keys is sorted once at the end.
    const deps = action.dependsOn as string[];
    const before = deps.length;
    const need = before === 0 ? insertSorted : append;
    const ns = action.namespace;
    if (ns !== '') {
      let key = namespaceKeys.get(ns);
      if (key === undefined) namespaceKeys.set(ns, (key = `${SyncTarget.Local}:/Namespace//${ns}`));
      need(deps, written, key);
    }
    if (action.kind === Kind.MultiClusterApplicationConfiguration && action.body) {
      const app = action.body as unknown as MultiClusterApplicationConfiguration;
      for (const component of referencedComponents(app))
        need(deps, written, `${SyncTarget.Local}:core.oam.dev/Component/${ns}/${component}`);
    }
    const wrapper = unwrappedFrom.get(action);
    if (wrapper) need(deps, written, wrapper);
    if (action.kind === Kind.ApplicationConfiguration)
      for (const key of componentKeys.get(ns) ?? []) need(deps, written, key);
    if (before > 0 && deps.length > before) deps.sort();
  }
  return actions;
}

/** Adds `key` to `deps` when this plan writes it and it is not there yet. */
function append(deps: string[], written: ReadonlySet<string>, key: string): void {
  if (written.has(key) && !deps.includes(key)) deps.push(key);
}

/**
 * Adds `key` to the sorted `deps` at its place, when this plan writes it and it is not there yet: a
 * plan of 150,000 actions sorts no arrays (each sort allocates a work copy).
 */
function insertSorted(deps: string[], written: ReadonlySet<string>, key: string): void {
  if (!written.has(key)) return;
  let low = 0;
  let high = deps.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (deps[mid]! < key) low = mid + 1;
    else high = mid;
  }
  if (deps[low] === key) return;
  deps.push(key); // then moved to its place: splice would allocate an array of what it removes
  for (let i = deps.length - 1; i > low; i--) deps[i] = deps[i - 1]!;
  deps[low] = key;
}
