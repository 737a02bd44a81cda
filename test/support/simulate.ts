/**
 * Applies a plan to plain object lists, as an API server would in effect: creates and updates
 * store the body (server-side apply of vzmc's whole desired object, recorded in managedFields as
 * field manager `vzmc`'s Apply entry), deletes remove, status actions replace the admin object's
 * status. For property tests of the planner.
 */
import { objectKey, type KubeObject, type SyncPlan } from '../../src/index.js';

/** A fieldsV1 trie of every map key of `value` (lists and scalars are leaves). */
export function fieldsV1Of(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [`f:${k}`, fieldsV1Of(v)]));
}

/** The object as the server stores vzmc's apply of it: managedFields name `manager` as owner of every field. */
export function appliedBy(object: KubeObject, manager = 'vzmc'): KubeObject {
  const { metadata, status: _status, ...rest } = object as KubeObject & { status?: unknown };
  const { managedFields: _m, uid: _u, resourceVersion: _r, ...meta } = metadata;
  const fieldsV1 = fieldsV1Of({ ...rest, metadata: meta });
  delete fieldsV1['f:apiVersion'];
  delete fieldsV1['f:kind'];
  return {
    ...object,
    metadata: {
      ...metadata,
      managedFields: [
        { manager, operation: 'Apply', apiVersion: object.apiVersion, fieldsType: 'FieldsV1', fieldsV1 },
      ],
    },
  };
}

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
      else if (action.body) localMap.set(key, appliedBy(structuredClone(action.body)));
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
