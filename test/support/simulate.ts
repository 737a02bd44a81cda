/**
 * Applies a plan to plain object lists, as an API server would in effect: creates and updates
 * store the body (server-side apply of vzmc's whole desired object), deletes remove, status
 * actions replace the admin object's status. For property tests of the planner.
 */
import { objectKey, type KubeObject, type SyncPlan } from '../../src/index.js';

export function applyPlan(
  plan: SyncPlan,
  admin: readonly KubeObject[],
  local: readonly KubeObject[],
): { admin: KubeObject[]; local: KubeObject[] } {
  const localMap = new Map(local.map((o) => [objectKey(o), o]));
  const adminMap = new Map(admin.map((o) => [objectKey(o), o]));
  for (const action of plan.actions) {
    if (action.blocked) continue;
    const key = `${action.apiVersion.includes('/') ? action.apiVersion.split('/')[0] : ''}/${action.kind}/${action.namespace}/${action.name}`;
    if (action.target === 'local') {
      if (action.op === 'delete') localMap.delete(key);
      else if (action.body) localMap.set(key, structuredClone(action.body));
    } else if (action.op === 'status' && action.body) {
      const current = adminMap.get(key);
      if (current)
        adminMap.set(key, {
          ...current,
          status: structuredClone((action.body as { status?: unknown }).status),
        });
    }
  }
  return { admin: [...adminMap.values()], local: [...localMap.values()] };
}
