/**
 * Redaction: Secret data never reaches logs or text output. Every rendering of objects for people
 * (plans, render output, logs) goes through {@link redactSecretData} unless the user asks otherwise.
 */
import type { KubeObject } from './meta.js';

/** The placeholder for redacted values: not valid base64, so a redacted Secret can never be applied by mistake. */
export const REDACTED = '<redacted>';

const redactMap = (map: unknown): unknown =>
  map !== null && typeof map === 'object' && !Array.isArray(map)
    ? Object.fromEntries(Object.keys(map).map((key) => [key, REDACTED]))
    : map;

/**
 * A copy of `object` with Secret data (and MultiClusterSecret template data) replaced by
 * {@link REDACTED}. Other objects are returned as they are.
 *
 * @example
 * redactSecretData({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'aHVudGVyMg==' } }).data
 * //=> { password: '<redacted>' }
 */
export function redactSecretData<T extends KubeObject>(object: T): T {
  if (object.kind === 'Secret' && object.apiVersion === 'v1') {
    const copy: Record<string, unknown> = { ...object };
    if ('data' in copy) copy.data = redactMap(copy.data);
    if ('stringData' in copy) copy.stringData = redactMap(copy.stringData);
    return copy as T;
  }
  if (object.kind === 'MultiClusterSecret') {
    const spec = (object as { spec?: { template?: Record<string, unknown> } }).spec;
    if (spec?.template) {
      const template = { ...spec.template };
      if ('data' in template) template.data = redactMap(template.data);
      if ('stringData' in template) template.stringData = redactMap(template.stringData);
      return { ...object, spec: { ...spec, template } };
    }
  }
  return object;
}

/** True for objects whose data must be redacted. */
export function holdsSecretData(object: { kind: string; apiVersion: string }): boolean {
  return (object.kind === 'Secret' && object.apiVersion === 'v1') || object.kind === 'MultiClusterSecret';
}
