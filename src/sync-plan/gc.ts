/**
 * The garbage collection stage of a plan (P20–P24): only vzmc's objects (P20, P21: applied by its
 * field manager, in a namespace it manages; B7, B8), and only what the successful lists prove
 * unwanted: a failed admin list never deletes what it decides (B9), unless a successful project
 * list proves the namespace is no longer placed on the cluster (P21). Namespaces (P25) and project
 * RoleBindings (P28) are never deleted; frozen namespaces are left as they are (P30, P5).
 */
import { isWrapperKind, Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { LOCAL_CLUSTER } from '../model/names.js';
import type { MultiClusterApplicationConfiguration } from '../model/verrazzano.js';
import { listedSecrets, referencedComponents } from '../desired/index.js';
import { isVzmcManaged, sourceOfManaged } from '../unwrap/markers.js';
import { Phase } from '../desired/index.js';
import { isClusterBinding, type AdminView } from './admin-view.js';
import type { Diff } from './diff.js';
import { freezes, frozenList, holds, type Freeze, type FrozenNamespace } from './frozen.js';
import type { LocalView } from './local-view.js';
import {
  actionKey,
  foreignObject,
  foreignReason,
  hasManagedFields,
  managedNamespacesOf,
} from './ownership.js';
import { objectsOf, type Snapshot } from './snapshot.js';
import { SyncOp, SyncTarget, type ForeignObject, type SyncAction } from './types.js';

/** Kinds never deleted: namespaces (P25) and project RoleBindings (P28) stay when a project goes. */
const NEVER_DELETED = new Set<string>([Kind.Namespace, Kind.RoleBinding]);

/** What garbage collection found. */
export interface Garbage {
  /** The deletes, before the guard. */
  readonly deletes: SyncAction[];
  /** Labelled objects vzmc does not own, reported and left alone. */
  readonly foreign: ForeignObject[];
  /** The frozen namespaces that hold objects, or undefined for none. */
  readonly frozen: FrozenNamespace[] | undefined;
  /** How many of vzmc's objects the cluster holds that a plan could delete (the guard's base). */
  readonly managed: number;
  /** Live objects examined without managedFields (by key). */
  readonly unverifiable: ReadonlyMap<string, KubeObject>;
}

/** What garbage collection reads: both snapshots, their views and the diff. */
export interface GarbageInput {
  readonly cluster: string;
  readonly admin: Snapshot;
  readonly local: Snapshot;
  readonly adminView: AdminView;
  readonly localView: LocalView;
  readonly diff: Diff;
  readonly manager: string;
}

/** The deletes of `cluster`'s plan, with what it leaves alone and why. */
export function collectGarbage(input: GarbageInput): Garbage {
  const { cluster, localView, diff, manager } = input;
  const managedNamespaces = managedNamespacesOf(input.local, manager);
  const frozen = freezesOf(input);
  const frozenCounts = new Map<string, number>();
  const deletes: Keyed<SyncAction>[] = [];
  const foreign: Keyed<ForeignObject>[] = [];
  const unverifiable = new Map<string, KubeObject>();
  const unused = unusedDependent(input.adminView);
  let managed = 0;
  // In snapshot order; what is found is sorted by key at the end (far fewer than the live objects).
  for (const [key, object] of localView.live) {
    if (!collectable(object, input)) continue;
    const namespace = object.metadata.namespace ?? '';
    if (!hasManagedFields(object)) unverifiable.set(key, object);
    const notOwned = foreignReason(object, manager, managedNamespaces);
    if (notOwned !== undefined) {
      // A wanted object's update says so itself (blocked); an unwanted one is only reported.
      if (!diff.wanted.has(object)) foreign.push({ key, value: foreignObject(object, notOwned) });
      continue;
    }
    const freeze = frozen.get(namespace);
    // Wanted, or already being deleted: counted, never deleted.
    const settled = diff.wanted.has(object) || Boolean(object.metadata.deletionTimestamp);
    if (freeze && !settled && holds(freeze, object, cluster)) {
      frozenCounts.set(namespace, (frozenCounts.get(namespace) ?? 0) + 1);
      continue; // P30, P5: left as it is, and said so
    }
    managed++;
    if (settled) continue;
    const why = unwanted(object, input, unused);
    if (why) deletes.push({ key, value: deleteAction(object, why.ruleId, why.reason) });
  }
  const frozenFound = frozenCounts.size > 0 ? frozenList(frozen, frozenCounts) : undefined;
  return { deletes: byKey(deletes), foreign: byKey(foreign), frozen: frozenFound, managed, unverifiable };
}

/** A value found for the live object of key `key`. */
interface Keyed<T> {
  readonly key: string;
  readonly value: T;
}

/** The values in the order of their (unique) keys. */
const byKey = <T>(found: Keyed<T>[]): T[] =>
  found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((f) => f.value);

/**
 * Whether garbage collection looks at a live object at all: vzmc's label, a kind whose list
 * succeeded, and not a kind that stays (P25, P28). On the admin, the per-cluster
 * `verrazzano-cluster-<C>` bindings of placements that no longer hold do go (V3).
 */
function collectable(object: KubeObject, input: GarbageInput): boolean {
  if (!isVzmcManaged(object) || input.localView.failed.has(object.kind)) return false;
  const adminClusterBinding = input.cluster === LOCAL_CLUSTER && isClusterBinding(object);
  if (NEVER_DELETED.has(object.kind) && !adminClusterBinding) return false;
  return !adminClusterBinding || input.adminView.bindingsDecidable;
}

/** The namespaces whose objects stay as they are (P30, P5). */
function freezesOf(input: GarbageInput): Map<string, Freeze> {
  // A share's P30 verdict (secure wiring): its own entry, never a Namespace list read elsewhere.
  const verdict = input.admin.entries.find(
    (e) => e.apiVersion === 'v1' && e.kind === Kind.Namespace && e.namespace === '',
  )?.result;
  return freezes(
    input.cluster,
    input.adminView.projects,
    objectsOf(input.local, 'v1', Kind.Namespace),
    input.diff.namespaces,
    input.manager,
    verdict?.ok ? verdict.items : undefined,
  );
}

const refText = (kind: string, namespace: string, name: string) =>
  `${kind} ${namespace ? `${namespace}/` : ''}${name}`;

/**
 * Why vzmc's unwanted live object goes, or undefined when the successful lists cannot prove it:
 * its namespace is no longer placed (P21), its project copy (P22) or its wrapper (P20) is no
 * longer placed, or no placed app config uses its copied Secret (P23) or Component (P24).
 */
function unwanted(
  object: KubeObject,
  { cluster, adminView }: GarbageInput,
  unused: (object: KubeObject, sourceKind: string) => boolean,
): { ruleId: string; reason: string } | undefined {
  const namespace = object.metadata.namespace ?? '';
  const source = sourceOfManaged(object);
  // On the admin every project namespace exists (P13) and wrappers need no project (P15): no revocation there.
  const revoked =
    cluster !== LOCAL_CLUSTER &&
    object.kind !== Kind.VerrazzanoProject &&
    namespace !== '' &&
    !adminView.placedNamespaces.has(namespace);
  if (revoked)
    return { ruleId: 'P21', reason: `no project places namespace ${namespace} on ${cluster} any more` };
  const ruleId = object.kind === Kind.VerrazzanoProject ? 'P22' : 'P20';
  const reason = `the admin no longer places ${source ? refText(source.kind, source.namespace, source.name) : 'its source'} on ${cluster}`;
  if (object.kind === Kind.VerrazzanoProject || source?.kind === Kind.VerrazzanoProject)
    return { ruleId, reason };
  if (!source) return undefined;
  if (isWrapperKind(source.kind))
    return adminView.isKnown(source.kind, source.namespace) ? { ruleId, reason } : undefined;
  if (source.kind !== Kind.Secret && source.kind !== Kind.Component) return undefined;
  if (!unused(object, source.kind)) return undefined;
  const dependentRule = source.kind === Kind.Secret ? 'P23' : 'P24';
  return { ruleId: dependentRule, reason: `no app config placed on ${cluster} uses it any more` };
}

/**
 * P23, P24: whether a copied Secret or Component is provably unused: no app config placed on the
 * cluster in its namespace uses it, and the admin's app config list there succeeded.
 */
function unusedDependent(adminView: AdminView): (object: KubeObject, sourceKind: string) => boolean {
  const appConfigsByNamespace = new Map<string, MultiClusterApplicationConfiguration[]>();
  for (const w of adminView.placedWrappers) {
    if (w.kind !== Kind.MultiClusterApplicationConfiguration) continue;
    const namespace = w.metadata.namespace ?? '';
    const apps = appConfigsByNamespace.get(namespace) ?? [];
    apps.push(w);
    appConfigsByNamespace.set(namespace, apps);
  }
  return (object, sourceKind) => {
    const namespace = object.metadata.namespace ?? '';
    const apps = appConfigsByNamespace.get(namespace) ?? [];
    const used = apps.some((app) =>
      (sourceKind === Kind.Secret ? listedSecrets(app) : referencedComponents(app)).includes(
        object.metadata.name ?? '',
      ),
    );
    return adminView.isKnown(Kind.MultiClusterApplicationConfiguration, namespace) && !used;
  };
}

/** The delete of a live object, with uid and resourceVersion preconditions. */
function deleteAction(object: KubeObject, ruleId: string, reason: string): SyncAction {
  return {
    key: actionKey(SyncTarget.Local, object),
    op: SyncOp.Delete,
    target: SyncTarget.Local,
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    phase: Phase.GarbageCollection,
    reason,
    ruleId,
    preconditions: {
      ...(object.metadata.uid ? { uid: object.metadata.uid } : {}),
      ...(object.metadata.resourceVersion ? { resourceVersion: object.metadata.resourceVersion } : {}),
    },
    dependsOn: [],
  };
}
