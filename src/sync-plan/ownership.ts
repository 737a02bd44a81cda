/**
 * What vzmc owns on a cluster (P20, P21, B7, B8): only what its field manager applied, in a
 * namespace it manages. Shared by the diff (updates), garbage collection (deletes) and the plan's
 * warning about live objects that carry no `metadata.managedFields`.
 */
import { Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { Namespaces, VzmcMarkers } from '../model/names.js';
import { isVzmcOwned } from '../unwrap/markers.js';
import { objectKey } from '../desired/index.js';
import { objectsOf, type Snapshot } from './snapshot.js';
import {
  PlanWarningCode,
  SyncTarget,
  type ForeignObject,
  type PlanObjectRef,
  type PlanWarning,
} from './types.js';

/** An action's key: its target, then the object's key. */
export function actionKey(
  target: SyncTarget,
  o: {
    apiVersion: string;
    kind: string;
    metadata: { namespace?: string | undefined; name?: string | undefined };
  },
): string {
  return `${target}:${objectKey(o)}`;
}

/**
 * Whether the object carries `metadata.managedFields`. An API server records them on every write,
 * so only a copy lacks them: `kubectl get -o yaml` drops them unless `--show-managed-fields`.
 */
export function hasManagedFields(object: KubeObject): boolean {
  return (object.metadata.managedFields?.length ?? 0) > 0;
}

/** How to get the live objects with what the plan needs. */
export const SHOW_MANAGED_FIELDS = 'kubectl get --show-managed-fields -o yaml';

/**
 * The warning for live objects compared without `metadata.managedFields`, or undefined for none.
 * vzmc writes no last-applied record, so nothing else shows which fields it applied: a field it
 * applied before and no longer sets (a NetworkPolicy removed from a project, V4) cannot be seen,
 * nor whether vzmc owns the object (P20, P21), which it never assumes.
 *
 * @example
 * noManagedFieldsWarning([{ key: 'local:/ConfigMap/app/cm', apiVersion: 'v1', kind: 'ConfigMap', namespace: 'app', name: 'cm' }])?.message
 * //=> 'removed fields cannot be detected for 1 live object: it carries no metadata.managedFields …'
 */
export function noManagedFieldsWarning(objects: readonly PlanObjectRef[]): PlanWarning | undefined {
  if (objects.length === 0) return undefined;
  const one = objects.length === 1;
  const message =
    `removed fields cannot be detected for ${objects.length} live object${one ? '' : 's'}: ` +
    `${one ? 'it carries' : 'they carry'} no metadata.managedFields (kubectl get -o yaml omits them), so vzmc ` +
    `sees neither the fields it applied before and no longer sets nor whether it owns ${one ? 'it' : 'them'} ` +
    `(their updates are blocked, their deletes left alone); export the live objects with ${SHOW_MANAGED_FIELDS}`;
  return { code: PlanWarningCode.NoManagedFields, message, objects };
}

/** {@link noManagedFieldsWarning} for the live objects (by key) the stages compared without managedFields. */
export function unverifiableWarning(
  ...found: readonly ReadonlyMap<string, KubeObject>[]
): PlanWarning | undefined {
  const unverifiable = new Map(found.flatMap((m) => [...m]));
  return noManagedFieldsWarning(
    [...unverifiable.keys()].sort().map((key) => objectRef(unverifiable.get(key) as KubeObject)),
  );
}

function objectRef(object: KubeObject): PlanObjectRef {
  return {
    key: actionKey(SyncTarget.Local, object),
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
  };
}

/**
 * The namespaces vzmc manages on the cluster: those whose Namespace object vzmc's field manager
 * labelled (the project namespaces vzmc created or took on, P13, P19), and `verrazzano-mc`, where
 * vzmc keeps its project copies (P22). Without a Namespace list there are none but `verrazzano-mc`.
 */
export function managedNamespacesOf(local: Snapshot, manager: string): ReadonlySet<string> {
  const out = new Set<string>([Namespaces.VerrazzanoMc]);
  for (const ns of objectsOf(local, 'v1', Kind.Namespace))
    if (ns.metadata.name && isVzmcOwned(ns, manager)) out.add(ns.metadata.name);
  return out;
}

/** Why a labelled object is not vzmc's to delete or update, or undefined when it is (P20, P21). */
export function foreignReason(
  object: KubeObject,
  manager: string,
  managedNamespaces: ReadonlySet<string>,
): string | undefined {
  if (!hasManagedFields(object))
    return `it carries ${VzmcMarkers.Managed}=true but no metadata.managedFields, so nothing shows that field manager ${manager} applied that label (export it with ${SHOW_MANAGED_FIELDS}): left alone`;
  if (!isVzmcOwned(object, manager))
    return `it carries ${VzmcMarkers.Managed}=true, but field manager ${manager} never applied that label (a copy or a forgery): left alone`;
  const namespace = object.metadata.namespace ?? '';
  if (namespace !== '' && !managedNamespaces.has(namespace))
    return `namespace ${namespace} is not one vzmc manages (its Namespace lacks ${VzmcMarkers.Managed} applied by ${manager}): left alone`;
  return undefined;
}

/** A labelled object vzmc does not own, as the plan reports it. */
export function foreignObject(object: KubeObject, reason: string): ForeignObject {
  return {
    key: actionKey(SyncTarget.Local, object),
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    reason,
  };
}
