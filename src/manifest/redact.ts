/**
 * Redaction: Secret data never reaches logs or text output. Every rendering of objects for people
 * (plans, render output, logs) goes through {@link redactSecretData} unless the user asks otherwise.
 */
import type { KubeObject } from '../model/meta.js';

/** The placeholder for redacted values: not valid base64, so a redacted Secret can never be applied by mistake. */
export const REDACTED = '<redacted>';

/** kubectl's copy of the applied object: for a Secret, its data again. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const redactMap = (map: unknown): unknown =>
  isMap(map) ? Object.fromEntries(Object.keys(map).map((key) => [key, REDACTED])) : map;

// The JSON of a Secret or MultiClusterSecret (a last-applied-configuration, or any annotation holding one).
const SECRET_JSON = /"kind"\s*:\s*"(Secret|MultiClusterSecret)"/;

/**
 * Annotations safe to show: `last-applied-configuration` of a Secret-holding object, and any value
 * holding the JSON of a Secret, replaced by {@link REDACTED}. The same map when nothing changes.
 */
function redactAnnotations(annotations: unknown, holdsSecrets: boolean): unknown {
  if (!isMap(annotations)) return annotations;
  const hidden = (key: string, value: unknown) =>
    (holdsSecrets && key === LAST_APPLIED) || (typeof value === 'string' && SECRET_JSON.test(value));
  if (!Object.entries(annotations).some(([key, value]) => hidden(key, value))) return annotations;
  return Object.fromEntries(
    Object.entries(annotations).map(([key, value]) => [key, hidden(key, value) ? REDACTED : value]),
  );
}

/** `metadata` with its annotations redacted; the same object when nothing changes. */
function redactMetadata(metadata: unknown, holdsSecrets: boolean): unknown {
  if (!isMap(metadata) || !('annotations' in metadata)) return metadata;
  const annotations = redactAnnotations(metadata['annotations'], holdsSecrets);
  return annotations === metadata['annotations'] ? metadata : { ...metadata, annotations };
}

/** A Secret (or a wrapper's Secret template) with data, stringData and annotations redacted. */
function redactSecretLike(secret: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...secret };
  if ('data' in copy) copy['data'] = redactMap(copy['data']);
  if ('stringData' in copy) copy['stringData'] = redactMap(copy['stringData']);
  if ('metadata' in copy) copy['metadata'] = redactMetadata(copy['metadata'], true);
  return copy;
}

/**
 * A copy of `object` with Secret data (and MultiClusterSecret template data) replaced by
 * {@link REDACTED}, as well as the places the same data hides: the `last-applied-configuration`
 * annotation of a Secret or MultiClusterSecret (and of the wrapper's template), and any annotation
 * of any object holding the JSON of a Secret. Other objects are returned as they are.
 *
 * @example
 * redactSecretData({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'aHVudGVyMg==' } }).data
 * //=> { password: '<redacted>' }
 */
export function redactSecretData<T extends KubeObject>(object: T): T {
  if (object.kind === 'Secret' && object.apiVersion === 'v1') {
    return redactSecretLike(object) as unknown as T;
  }
  if (object.kind === 'MultiClusterSecret') {
    const copy: Record<string, unknown> = { ...object };
    if ('metadata' in copy) copy['metadata'] = redactMetadata(copy['metadata'], true);
    const spec = (object as { spec?: unknown }).spec;
    if (isMap(spec) && isMap(spec['template']))
      copy['spec'] = { ...spec, template: redactSecretLike(spec['template']) };
    return copy as unknown as T;
  }
  const metadata = redactMetadata(object.metadata, false);
  return metadata === object.metadata ? object : { ...object, metadata };
}

/** True for objects whose data must be redacted. */
export function holdsSecretData(object: { kind: string; apiVersion: string }): boolean {
  return (object.kind === 'Secret' && object.apiVersion === 'v1') || object.kind === 'MultiClusterSecret';
}
