/**
 * Ownership markers. Every object vzmc creates carries the label `vzmc.dev/managed=true` and the
 * annotation `vzmc.dev/source=<Kind>/<namespace>/<name>` naming the admin object it comes from.
 * Deletes touch only marked objects, where Verrazzano matches by name alone (B7, B8; see
 * docs/deviations.md). The label finds candidates; ownership is proven by `metadata.managedFields`
 * ({@link isVzmcOwned}): anyone can copy a label, only vzmc's own applies record vzmc's field manager.
 */
import type { KubeObject } from '../model/meta.js';
import { VzmcMarkers } from '../model/names.js';

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
 * True when the object carries the managed label: a candidate, not proof of ownership (anyone can
 * set a label; see {@link isVzmcOwned}).
 *
 * @example
 * isVzmcManaged({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', labels: { 'vzmc.dev/managed': 'true' } } }) //=> true
 */
export function isVzmcManaged(object: Pick<KubeObject, 'metadata'>): boolean {
  return object.metadata.labels?.[VzmcMarkers.Managed] === 'true';
}

type Json = Record<string, unknown>;
const isMap = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * True when `manager` owns the managed label through server-side apply: an `Apply` entry of that
 * manager (main resource, not a subresource) whose fieldsV1 holds
 * `f:metadata` → `f:labels` → `f:vzmc.dev/managed`. A label copied with `kubectl get -o yaml`, or
 * set by any other writer, is recorded under that writer's manager instead.
 *
 * @example
 * ownsManagedMarker(object, 'vzmc') //=> true for an object vzmc applied
 */
export function ownsManagedMarker(
  object: Pick<KubeObject, 'metadata'>,
  manager: string,
  label: string = VzmcMarkers.Managed,
): boolean {
  return (object.metadata.managedFields ?? []).some((entry) => {
    if (entry.manager !== manager || entry.operation !== 'Apply') return false;
    if (entry.subresource) return false;
    const metadata = isMap(entry.fieldsV1) ? entry.fieldsV1['f:metadata'] : undefined;
    const labels = isMap(metadata) ? metadata['f:labels'] : undefined;
    return isMap(labels) && `f:${label}` in labels;
  });
}

/**
 * True when vzmc owns the object: it carries the managed label, and vzmc's field manager applied
 * that label (P20, P21). Only such objects are updated with force or deleted by vzmc.
 */
export function isVzmcOwned(object: Pick<KubeObject, 'metadata'>, manager: string): boolean {
  return isVzmcManaged(object) && ownsManagedMarker(object, manager);
}

/** True when a user asked vzmc to take the existing object over: annotation `vzmc.dev/adopt: "true"`. */
export function adoptionRequested(object: Pick<KubeObject, 'metadata'>): boolean {
  return object.metadata.annotations?.[VzmcMarkers.Adopt] === 'true';
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

/**
 * Why vzmc leaves an existing object alone, and how to let it in: one sentence for plans, logs and
 * the status vzmc reports.
 *
 * @example
 * notOwnedMessage('ConfigMap', 'app', 'cm', 'vzmc')
 * //=> 'ConfigMap app/cm exists and vzmc does not own it (field manager vzmc never applied its vzmc.dev/managed label): not adopted; annotate it vzmc.dev/adopt=true to let vzmc take it over, or delete or rename it'
 */
export function notOwnedMessage(kind: string, namespace: string, name: string, manager: string): string {
  return (
    `${kind} ${namespace ? `${namespace}/` : ''}${name} exists and vzmc does not own it ` +
    `(field manager ${manager} never applied its ${VzmcMarkers.Managed} label): not adopted; ` +
    `annotate it ${VzmcMarkers.Adopt}=true to let vzmc take it over, or delete or rename it`
  );
}
