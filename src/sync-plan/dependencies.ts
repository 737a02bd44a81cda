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
  for (const action of actions) {
    if (action.op === SyncOp.Delete || action.op === SyncOp.Status || action.target !== SyncTarget.Local)
      continue;
    // This plan built the action and its dependsOn array a moment ago: extend it in place.
    const deps = action.dependsOn as string[];
    const before = deps.length;
    const need = (key: string) => {
      if (written.has(key) && !deps.includes(key)) deps.push(key);
    };
    if (action.namespace !== '') need(`${SyncTarget.Local}:/Namespace//${action.namespace}`);
    if (action.kind === Kind.MultiClusterApplicationConfiguration && action.body) {
      const app = action.body as unknown as MultiClusterApplicationConfiguration;
      for (const component of referencedComponents(app))
        need(`${SyncTarget.Local}:core.oam.dev/Component/${action.namespace}/${component}`);
    }
    const wrapper = unwrappedFrom.get(action);
    if (wrapper) need(wrapper);
    if (action.kind === Kind.ApplicationConfiguration)
      for (const key of componentKeys.get(action.namespace) ?? []) need(key);
    if (deps.length > before) deps.sort();
  }
  return actions;
}
