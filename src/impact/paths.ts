/**
 * Two small helpers of the impact: the JSON field paths where two objects differ (paths only, never
 * values), and an object as the API server stores vzmc's server-side apply of it.
 */
import type { KubeObject } from '../model/meta.js';
import { FIELD_MANAGER } from '../sync-plan/compare.js';

type Json = Record<string, unknown>;
const isMap = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `key` as a path step: `.name`, or `["vzmc.dev/source"]` when it is not a plain identifier. */
const step = (path: string, key: string) =>
  /^[A-Za-z_$][\w$-]*$/.test(key)
    ? path === ''
      ? key
      : `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;

/** Fields the server writes, which never differ between two desired objects that matter. */
const IGNORED = new Set(['status', 'metadata.managedFields', 'metadata.uid', 'metadata.resourceVersion']);

function walk(path: string, a: unknown, b: unknown, out: string[]): void {
  if (IGNORED.has(path)) return;
  if (isMap(a) && isMap(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) walk(step(path, key), a[key], b[key], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => {
      walk(`${path}[${i}]`, item, b[i], out);
    });
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path);
}

/**
 * The field paths where `before` and `after` differ, sorted: maps are walked key by key, lists of
 * equal length item by item, anything else is compared whole. Never a value.
 *
 * @example
 * changedPaths({ data: { password: 'a', user: 'u' } }, { data: { password: 'b', user: 'u' } })
 * //=> ['data.password']
 */
export function changedPaths(before: unknown, after: unknown): string[] {
  const out: string[] = [];
  walk('', before, after, out);
  return out.sort();
}

/** A fieldsV1 trie of every map key of `value` (lists and scalars are leaves). */
function fieldsV1Of(value: unknown): Json {
  if (!isMap(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [`f:${k}`, fieldsV1Of(v)]));
}

/**
 * `object` as the API server stores vzmc's server-side apply of it: its managedFields name vzmc's
 * field manager as the owner of every field it sets, as after a converged sync.
 */
export function appliedByVzmc(object: KubeObject): KubeObject {
  const { metadata, ...rest } = object;
  const fieldsV1 = fieldsV1Of({ ...rest, metadata });
  delete fieldsV1['f:apiVersion'];
  delete fieldsV1['f:kind'];
  const entry = {
    manager: FIELD_MANAGER,
    operation: 'Apply' as const,
    apiVersion: object.apiVersion,
    fieldsType: 'FieldsV1',
    fieldsV1,
  };
  return { ...object, metadata: { ...metadata, managedFields: [entry] } };
}
