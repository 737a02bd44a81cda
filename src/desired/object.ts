/**
 * What a cluster should hold, one object at a time: the object, why it is there, and the admin
 * object it comes from, as a typed reference.
 */
import type { KubeObject } from '../model/meta.js';
import { compareKeys, orderKey, sortByKey, type Phase } from './order.js';

/**
 * The admin object a desired object comes from: the project, wrapper, Secret or Component it
 * copies, expands or unwraps, or the managed cluster for the `verrazzano-mc` namespace. The same
 * reference is written on the wire as the `vzmc.dev/source` annotation (`<kind>/<namespace>/<name>`);
 * read it here instead of parsing the annotation back.
 */
export interface DesiredSource {
  /** Kind of the source object. */
  readonly kind: string;
  /** Its namespace; empty for cluster-scoped kinds. */
  readonly namespace: string;
  /** Its name. */
  readonly name: string;
}

/** An object a cluster should hold, with why. */
export interface DesiredObject {
  /** The object, with vzmc's markers. */
  readonly object: KubeObject;
  /** The sync phase it belongs to. */
  readonly phase: Phase;
  /** The spec rule that puts it there. */
  readonly ruleId: string;
  /** Why, in one sentence. */
  readonly reason: string;
  /** The admin object it comes from (what its `vzmc.dev/source` annotation names). */
  readonly source: DesiredSource;
}

/** The {@link DesiredSource} naming `object`. */
export function desiredSource(object: {
  kind: string;
  metadata: { namespace?: string | undefined; name?: string | undefined };
}): DesiredSource {
  return { kind: object.kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' };
}

/** A stable key for an object: group, kind, namespace, name. */
export function objectKey(object: {
  apiVersion: string;
  kind: string;
  metadata: { namespace?: string | undefined; name?: string | undefined };
}): string {
  const slash = object.apiVersion.indexOf('/');
  const group = slash === -1 ? '' : object.apiVersion.slice(0, slash);
  return `${group}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/** The {@link orderKey} of a desired object. */
function desiredKey(d: DesiredObject): string {
  return orderKey(d.phase, d.object.kind, d.object.metadata.namespace ?? '', d.object.metadata.name ?? '');
}

/** Orders desired objects by phase, then kind, namespace and name: never by iteration order. */
export function compareDesired(a: DesiredObject, b: DesiredObject): number {
  return compareKeys(desiredKey(a), desiredKey(b));
}

/** `objects` sorted by {@link compareDesired}, each sort key built once. */
export function sortDesired(objects: readonly DesiredObject[]): DesiredObject[] {
  return sortByKey(objects, desiredKey);
}
