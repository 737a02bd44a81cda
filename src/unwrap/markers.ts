/**
 * Ownership markers. Every object vzmc creates carries the label `vzmc.dev/managed=true` and the
 * annotation `vzmc.dev/source=<Kind>/<namespace>/<name>` naming the admin object it comes from.
 * Deletes touch only marked objects, where Verrazzano matches by name alone (B7, B8; see
 * docs/deviations.md).
 */
import type { KubeObject } from '../types/meta.js';
import { VzmcMarkers } from '../types/names.js';

/** The `vzmc.dev/source` value for an object: `<Kind>/<namespace>/<name>` (`<Kind>//<name>` when cluster-scoped). */
export function sourceRef(object: {
  kind: string;
  metadata: { namespace?: string | undefined; name?: string | undefined };
}): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/** Parses a `vzmc.dev/source` value. */
export function parseSourceRef(value: string):
  | {
      /** Kind of the source object. */
      kind: string;
      /** Its namespace; empty for cluster-scoped kinds. */
      namespace: string;
      /** Its name. */
      name: string;
    }
  | undefined {
  const parts = value.split('/');
  if (parts.length !== 3) return undefined;
  const [kind = '', namespace = '', name = ''] = parts;
  return { kind, namespace, name };
}

/** Labels plus vzmc's managed marker. The marker goes last, so nothing overrides it. */
export function markedLabels(labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return { ...labels, [VzmcMarkers.Managed]: 'true' };
}

/** Annotations plus vzmc's source marker. */
export function markedAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  source: string,
): Record<string, string> {
  return { ...annotations, [VzmcMarkers.Source]: source };
}

/**
 * True when vzmc created the object: it carries the managed label. Only such objects are ever
 * deleted by vzmc.
 *
 * @example
 * isVzmcManaged({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', labels: { 'vzmc.dev/managed': 'true' } } }) //=> true
 */
export function isVzmcManaged(object: Pick<KubeObject, 'metadata'>): boolean {
  return object.metadata.labels?.[VzmcMarkers.Managed] === 'true';
}

/** The admin object a vzmc-managed object comes from, if it says. */
export function sourceOfManaged(object: Pick<KubeObject, 'metadata'>):
  | {
      /** Kind of the source object. */
      kind: string;
      /** Its namespace; empty for cluster-scoped kinds. */
      namespace: string;
      /** Its name. */
      name: string;
    }
  | undefined {
  const value = object.metadata.annotations?.[VzmcMarkers.Source];
  return value === undefined ? undefined : parseSourceRef(value);
}
