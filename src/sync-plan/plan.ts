/**
 * planSync: a managed cluster's desired state (from the admin snapshot) against its live state (the
 * local snapshot), as an ordered, explained list of actions (P32). Pure and deterministic.
 *
 * Safety, each a deliberate deviation from Verrazzano (docs/deviations.md):
 * - a failed admin list (timeout, 5xx, Forbidden, NotFound) never deletes what that list decides,
 *   unless a successful project list proves the namespace is no longer placed on the cluster (B9);
 * - only objects carrying vzmc's ownership marker are ever deleted (B7, B8), and only when vzmc's
 *   field manager applied that marker (`metadata.managedFields`) in a namespace vzmc manages: a
 *   copied or forged label is reported in `foreign`, never acted on (P20, P21);
 * - an existing object vzmc does not own is never updated nor adopted unless the user annotates it
 *   `vzmc.dev/adopt: "true"`;
 * - a plan deleting more than `maxDeleteFraction` of the managed objects has its deletes blocked;
 * - status forwarding is bounded and computed from snapshots, so it never blocks (B2), and keeps one
 *   condition per cluster on the admin (B10).
 */
import type { JsonPatchOperation } from '../internal/json-patch.js';
import { fleetFromObjects } from '../placement/fleet.js';
import { placedClusters } from '../placement/explain.js';
import { isWrapperKind, Kind } from '../types/kinds.js';
import type { KubeObject } from '../types/meta.js';
import { LOCAL_CLUSTER, Namespaces, VzmcMarkers } from '../types/names.js';
import {
  CLUSTERS_API_VERSION,
  StateType,
  type Condition,
  type Placement,
  type MultiClusterApplicationConfiguration,
  type MultiClusterWrapper,
  type VerrazzanoProject,
} from '../types/verrazzano.js';
import { listedSecrets, referencedComponents } from '../desired/dependents.js';
import { UNWRAPPED_KIND } from '../unwrap/unwrap.js';
import {
  adoptionRequested,
  isVzmcManaged,
  isVzmcOwned,
  notOwnedMessage,
  sourceOfManaged,
} from '../unwrap/markers.js';
import { objectKey } from '../desired/object.js';
import { PHASE_WEIGHT, Phase } from '../desired/order.js';
import { renderCluster } from '../desired/render.js';
import {
  MessagePrefix,
  aggregateChanges,
  aggregateClusterStatus,
  conditionFromResult,
  type OperationResult,
} from '../status/index.js';
import { effectiveStateActions, vmcStateActions } from './admin-state.js';
import { vmcFinalizerActions } from './admin-vmc.js';
import { FIELD_MANAGER, objectPatch } from './compare.js';
import { freezes, frozenList, holds } from './frozen.js';
import {
  ADMIN_NAMESPACE_KINDS,
  ALL_NAMESPACES,
  LOCAL_KINDS,
  listOf,
  objectsOf,
  type ListResult,
  type Snapshot,
} from './snapshot.js';
import {
  PlanWarningCode,
  SyncOp,
  SyncTarget,
  type DeleteGuard,
  type ForeignObject,
  type PlanObjectRef,
  type PlanOptions,
  type PlanWarning,
  type SyncAction,
  type SyncPlan,
  type UnknownList,
} from './types.js';

/** A per-cluster binding `verrazzano-cluster-<C>` of Verrazzano's wiring (V2). */
const isClusterBinding = (object: KubeObject): boolean =>
  object.kind === Kind.RoleBinding && (object.metadata.name ?? '').startsWith('verrazzano-cluster-');

/** Kinds never deleted: namespaces (P25) and project RoleBindings (P28) stay when a project goes. */
const NEVER_DELETED = new Set<string>([Kind.Namespace, Kind.RoleBinding]);

const GC_KIND_ORDER: readonly string[] = [
  Kind.ApplicationConfiguration,
  Kind.ConfigMap,
  Kind.MultiClusterApplicationConfiguration,
  Kind.Component,
  Kind.MultiClusterComponent,
  Kind.MultiClusterConfigMap,
  Kind.MultiClusterSecret,
  Kind.Secret,
  Kind.NetworkPolicy,
  Kind.VerrazzanoProject,
];

const KIND_ORDER: readonly string[] = [
  Kind.Namespace,
  Kind.VerrazzanoProject,
  Kind.RoleBinding,
  Kind.NetworkPolicy,
  Kind.Secret,
  Kind.MultiClusterSecret,
  Kind.MultiClusterConfigMap,
  Kind.MultiClusterComponent,
  Kind.Component,
  Kind.MultiClusterApplicationConfiguration,
  Kind.ConfigMap,
  Kind.ApplicationConfiguration,
];

function actionKey(
  target: SyncTarget,
  o: {
    apiVersion: string;
    kind: string;
    metadata: { namespace?: string | undefined; name?: string | undefined };
  },
): string {
  return `${target}:${objectKey(o)}`;
}

const refText = (kind: string, namespace: string, name: string) =>
  `${kind} ${namespace ? `${namespace}/` : ''}${name}`;

/**
 * The order of a plan: phase, then the phase's kind order, then namespace, name and target. As
 * one string per action (fixed-width weights first), so a sort builds each key once.
 */
function actionSortKey(a: SyncAction): string {
  return sortKey(a.phase, a.kind, a.namespace, a.name, a.target);
}

function sortKey(phase: Phase, kind: string, namespace: string, name: string, target: SyncTarget): string {
  const order = phase === Phase.GarbageCollection ? GC_KIND_ORDER : KIND_ORDER;
  const weight = order.indexOf(kind) + 1 || 99;
  return `${PHASE_WEIGHT[phase]}${String(weight).padStart(2, '0')}${namespace}\u0000${name}\u0000${target}`;
}

function sortActions(actions: readonly SyncAction[]): SyncAction[] {
  const keyed = actions.map((action) => ({ action, key: actionSortKey(action) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.action);
}

/**
 * Plans one sync of managed cluster `cluster`, or, for `local`, the admin's own reconcile: its
 * project namespaces and RBAC (P13, V1–V4) and the objects of wrappers placed on `local` (P15).
 *
 * @example
 * const plan = planSync('managed1', adminSnapshot, localSnapshot, { now: new Date() });
 * for (const action of plan.actions) console.log(action.op, action.kind, action.namespace, action.name, action.reason);
 */
export function planSync(cluster: string, admin: Snapshot, local: Snapshot, options: PlanOptions): SyncPlan {
  const isAdmin = cluster === LOCAL_CLUSTER;
  const manager = options.fieldManager ?? FIELD_MANAGER;
  const unknown: UnknownList[] = [];
  const noteFailure = (
    side: SyncTarget,
    apiVersion: string,
    kind: string,
    namespace: string,
    result: ListResult | undefined,
  ) => {
    if (result && !result.ok)
      unknown.push({ side, apiVersion, kind, namespace, reason: result.reason, message: result.message });
  };
  const emptyGuard: DeleteGuard = {
    deletes: 0,
    managed: 0,
    maxDeleteFraction: options.maxDeleteFraction ?? 0.5,
    tripped: false,
  };

  // 1. Projects (P12, P22). Without a successful project list nothing is known, so nothing is done.
  const projectList = listOf(admin, CLUSTERS_API_VERSION, Kind.VerrazzanoProject, Namespaces.VerrazzanoMc);
  if (!projectList?.ok) {
    noteFailure(
      SyncTarget.Admin,
      CLUSTERS_API_VERSION,
      Kind.VerrazzanoProject,
      Namespaces.VerrazzanoMc,
      projectList,
    );
    if (!projectList) {
      unknown.push({
        side: SyncTarget.Admin,
        apiVersion: CLUSTERS_API_VERSION,
        kind: Kind.VerrazzanoProject,
        namespace: Namespaces.VerrazzanoMc,
        reason: 'NotListed',
        message: 'the admin snapshot has no project list',
      });
    }
    return { cluster, actions: [], unknown, guard: emptyGuard, deferredStatus: 0 };
  }
  const projects = projectList.items as unknown as VerrazzanoProject[];
  const placedNamespaces = new Set<string>();
  for (const project of projects) {
    if (!project.spec.placement.clusters.some((c) => c.name === cluster)) continue;
    for (const ns of project.spec.template.namespaces)
      if (ns.metadata.name) placedNamespaces.add(ns.metadata.name);
  }

  // 2. The admin's view, built from the lists that succeeded. Failed lists are remembered per (kind, namespace).
  const adminFailed = new Set<string>();
  for (const entry of admin.entries) {
    if (!entry.result.ok) {
      adminFailed.add(`${entry.kind}|${entry.namespace}`);
      noteFailure(SyncTarget.Admin, entry.apiVersion, entry.kind, entry.namespace, entry.result);
    }
  }
  const adminObjects: KubeObject[] = [...(projectList.items as KubeObject[])];
  for (const info of ADMIN_NAMESPACE_KINDS)
    adminObjects.push(...objectsOf(admin, info.apiVersion, info.kind));
  const vmcList = listOf(admin, CLUSTERS_API_VERSION, Kind.VerrazzanoManagedCluster, Namespaces.VerrazzanoMc);
  const fleet = fleetFromObjects([
    ...adminObjects,
    // The agent runs, so its own cluster is registered, whatever the VMC list says.
    ...(vmcList?.ok ? vmcList.items : []),
    {
      apiVersion: CLUSTERS_API_VERSION,
      kind: Kind.VerrazzanoManagedCluster,
      metadata: { name: cluster, namespace: Namespaces.VerrazzanoMc },
    },
  ]);
  const isKnown = (kind: string, namespace: string) =>
    !adminFailed.has(`${kind}|${namespace}`) && !adminFailed.has(`${kind}|${ALL_NAMESPACES}`);

  // 3. The local view: vzmc's objects, plus same-named objects where the snapshot has them.
  const localFailed = new Set<string>();
  const live = new Map<string, KubeObject>();
  for (const info of LOCAL_KINDS) {
    const all = listOf(local, info.apiVersion, info.kind, '*');
    const entries = local.entries.filter((e) => e.kind === info.kind && e.apiVersion === info.apiVersion);
    if (entries.length === 0 && !all) localFailed.add(info.kind);
    for (const entry of entries) {
      if (!entry.result.ok) {
        localFailed.add(info.kind);
        noteFailure(SyncTarget.Local, entry.apiVersion, entry.kind, entry.namespace, entry.result);
      }
    }
    for (const object of objectsOf(local, info.apiVersion, info.kind)) live.set(objectKey(object), object);
  }

  // 4. Desired state, minus what the failed lists make unknowable.
  // Which clusters read through their own admin namespace (no `verrazzano-cluster-<C>` binding) is
  // known only from a successful VMC list: without it the admin makes and removes none (V2, V3).
  const bindingsDecidable = !isAdmin || vmcList?.ok === true;
  const desired = renderCluster(fleet, cluster).filter(
    (d) => !localFailed.has(d.object.kind) && (bindingsDecidable || !isClusterBinding(d.object)),
  );
  const actions: SyncAction[] = [];
  // The live objects the admin still wants: garbage collection leaves them alone.
  const wanted = new Set<KubeObject>();
  // Per wrapper (`<Kind>/<namespace>/<name>`): how its unwrapped object fared, and the action writing it.
  const unwrapped = new Map<string, { result: OperationResult; key?: string }>();
  // An unwrapped object's action waits for its wrapper copy's (P33).
  const unwrappedFrom = new Map<SyncAction, string>();
  // Live objects compared without managedFields: what vzmc applied before cannot be seen (by key).
  const unverifiable = new Map<string, KubeObject>();

  for (const d of desired) {
    const key = objectKey(d.object);
    const existing = live.get(key);
    if (existing) wanted.add(existing);
    // The wrapper an unwrapped object comes from: render marks it with the wrapper's source ref.
    const wrapperRef =
      d.phase === Phase.Unwrapped ? d.object.metadata.annotations?.[VzmcMarkers.Source] : undefined;
    let result: OperationResult = 'created';
    let action: SyncAction | undefined;
    // Built in one literal (the same key order as ever): plans are compared byte for byte.
    const write = (op: SyncOp, reason: string, force: boolean, patch?: JsonPatchOperation[]): SyncAction => ({
      key: `${SyncTarget.Local}:${key}`,
      target: SyncTarget.Local,
      apiVersion: d.object.apiVersion,
      kind: d.object.kind,
      namespace: d.object.metadata.namespace ?? '',
      name: d.object.metadata.name ?? '',
      phase: d.phase,
      ruleId: d.ruleId,
      dependsOn: [],
      op,
      reason,
      body: d.object,
      ...(patch ? { patch } : {}),
      force,
    });
    if (!existing) {
      // The executor refuses to create over an existing object vzmc does not own (no adoption).
      action = write(SyncOp.Create, `${d.reason}; it does not exist yet`, false);
    } else {
      if (existing.metadata.deletionTimestamp) continue; // being deleted; recreated once gone
      if (!hasManagedFields(existing)) unverifiable.set(key, existing);
      const patch = objectPatch(existing, d.object, manager);
      result = patch.length === 0 ? 'unchanged' : 'updated';
      if (patch.length > 0) action = updateAction(existing, manager, d.reason, patch, write);
    }
    if (action) actions.push(action);
    if (wrapperRef === undefined) continue;
    unwrapped.set(wrapperRef, { result, ...(action ? { key: action.key } : {}) });
    const wrapperKind = wrapperRef.slice(0, wrapperRef.indexOf('/'));
    if (action && isWrapperKind(wrapperKind))
      unwrappedFrom.set(action, `${SyncTarget.Local}:clusters.verrazzano.io/${wrapperRef}`);
  }

  // 5. Garbage collection: only vzmc's objects, only what the successful lists prove unwanted.
  // Which resources are placed here, computed once: both garbage collection and status need it.
  const placedHere = (r: VerrazzanoProject | MultiClusterWrapper) =>
    placedClusters(fleet, r).includes(cluster);
  const placedWrappers = fleet.wrappers.filter(placedHere);
  const appConfigsByNamespace = new Map<string, MultiClusterApplicationConfiguration[]>();
  for (const w of placedWrappers) {
    if (w.kind !== Kind.MultiClusterApplicationConfiguration) continue;
    const namespace = w.metadata.namespace ?? '';
    const apps = appConfigsByNamespace.get(namespace) ?? [];
    apps.push(w);
    appConfigsByNamespace.set(namespace, apps);
  }
  const deletes: SyncAction[] = [];
  const foreign: ForeignObject[] = [];
  const managedNamespaces = managedNamespacesOf(local, manager);
  // A share's P30 verdict (secure wiring): its own entry, never a Namespace list read elsewhere.
  const verdict = admin.entries.find(
    (e) => e.apiVersion === 'v1' && e.kind === Kind.Namespace && e.namespace === '',
  )?.result;
  const frozen = freezes(
    cluster,
    projects,
    objectsOf(local, 'v1', Kind.Namespace),
    desired,
    manager,
    verdict?.ok ? verdict.items : undefined,
  );
  const frozenCounts = new Map<string, number>();
  let managedPopulation = 0;
  // `live` is keyed by objectKey: sorting its keys orders the deletes deterministically.
  for (const key of [...live.keys()].sort()) {
    const object = live.get(key) as KubeObject;
    if (!isVzmcManaged(object) || localFailed.has(object.kind)) continue;
    // P25, P28: namespaces and project RoleBindings stay when a project goes. On the admin, the
    // per-cluster `verrazzano-cluster-<C>` bindings of placements that no longer hold do go (V3).
    const adminClusterBinding = isAdmin && isClusterBinding(object);
    if (NEVER_DELETED.has(object.kind) && !adminClusterBinding) continue;
    if (adminClusterBinding && !bindingsDecidable) continue;
    const namespace = object.metadata.namespace ?? '';
    if (!hasManagedFields(object)) unverifiable.set(key, object);
    const notOwned = foreignReason(object, manager, managedNamespaces);
    if (notOwned !== undefined) {
      // A wanted object's update says so itself (blocked); an unwanted one is only reported.
      if (!wanted.has(object)) foreign.push(foreignObject(object, notOwned));
      continue;
    }
    const freeze = frozen.get(namespace);
    if (
      freeze &&
      !wanted.has(object) &&
      !object.metadata.deletionTimestamp &&
      holds(freeze, object, cluster)
    ) {
      frozenCounts.set(namespace, (frozenCounts.get(namespace) ?? 0) + 1);
      continue; // P30, P5: left as it is, and said so
    }
    managedPopulation++;
    if (wanted.has(object) || object.metadata.deletionTimestamp) continue;
    const source = sourceOfManaged(object);
    // On the admin every project namespace exists (P13) and wrappers need no project (P15): no revocation there.
    const revoked =
      !isAdmin &&
      object.kind !== Kind.VerrazzanoProject &&
      namespace !== '' &&
      !placedNamespaces.has(namespace);
    let decidable =
      revoked || object.kind === Kind.VerrazzanoProject || source?.kind === Kind.VerrazzanoProject;
    let ruleId = revoked ? 'P21' : object.kind === Kind.VerrazzanoProject ? 'P22' : 'P20';
    let reason = revoked
      ? `no project places namespace ${namespace} on ${cluster} any more`
      : `the admin no longer places ${source ? refText(source.kind, source.namespace, source.name) : 'its source'} on ${cluster}`;
    if (!decidable && source) {
      if (isWrapperKind(source.kind)) {
        decidable = isKnown(source.kind, source.namespace);
      } else if (source.kind === Kind.Secret || source.kind === Kind.Component) {
        // P23, P24: a copied Secret or Component goes when no placed app config uses it any more.
        const apps = appConfigsByNamespace.get(namespace) ?? [];
        const used = apps.some((app) =>
          (source.kind === Kind.Secret ? listedSecrets(app) : referencedComponents(app)).includes(
            object.metadata.name ?? '',
          ),
        );
        decidable = isKnown(Kind.MultiClusterApplicationConfiguration, namespace) && !used;
        ruleId = source.kind === Kind.Secret ? 'P23' : 'P24';
        reason = `no app config placed on ${cluster} uses it any more`;
        if (used) reason = 'still used, but its admin source cannot be read';
      }
    }
    if (!decidable) continue;
    deletes.push({
      key: actionKey(SyncTarget.Local, object),
      op: SyncOp.Delete,
      target: SyncTarget.Local,
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace,
      name: object.metadata.name ?? '',
      phase: Phase.GarbageCollection,
      reason,
      ruleId,
      preconditions: {
        ...(object.metadata.uid ? { uid: object.metadata.uid } : {}),
        ...(object.metadata.resourceVersion ? { resourceVersion: object.metadata.resourceVersion } : {}),
      },
      dependsOn: [],
    });
  }
  const maxDeleteFraction = options.maxDeleteFraction ?? 0.5;
  const tripped =
    managedPopulation >= (options.guardMinObjects ?? 20) &&
    deletes.length > maxDeleteFraction * managedPopulation;
  const guard: DeleteGuard = {
    deletes: deletes.length,
    managed: managedPopulation,
    maxDeleteFraction,
    tripped,
  };
  for (const d of deletes) {
    actions.push(
      tripped
        ? {
            ...d,
            blocked: `the plan would delete ${deletes.length} of ${managedPopulation} managed objects, more than ${Math.round(maxDeleteFraction * 100)}%`,
          }
        : d,
    );
  }

  // 6. Status forwarding (S4, B2, B10): bounded, never blocking.
  const pending: {
    resource: VerrazzanoProject | MultiClusterWrapper;
    condition: Condition;
    placement: Placement;
    ref: string;
    sortKey: string;
  }[] = [];
  const placedResources = [...fleet.projects.filter(placedHere), ...placedWrappers];
  // The local writes each project's report depends on, by `VerrazzanoProject/verrazzano-mc/<name>`.
  const projectWrites = new Map<string, string[]>();
  for (const a of actions) {
    const source = a.body?.metadata.annotations?.[VzmcMarkers.Source];
    if (a.target !== SyncTarget.Local || !source?.startsWith(`${Kind.VerrazzanoProject}/`)) continue;
    projectWrites.set(source, [...(projectWrites.get(source) ?? []), a.key]);
  }
  for (const resource of placedResources) {
    const ref = `${resource.kind}/${resource.metadata.namespace ?? ''}/${resource.metadata.name ?? ''}`;
    // Never report success for what the plan could not check: the copy's or the unwrapped object's kind
    // could not be listed on this cluster.
    const unwrappedKind = isWrapperKind(resource.kind) ? UNWRAPPED_KIND[resource.kind].kind : undefined;
    if ((!isAdmin && localFailed.has(resource.kind)) || (unwrappedKind && localFailed.has(unwrappedKind)))
      continue;
    if (
      resource.kind !== Kind.VerrazzanoProject &&
      !isKnown(resource.kind, resource.metadata.namespace ?? '')
    )
      continue;
    const result: OperationResult =
      resource.kind === Kind.VerrazzanoProject ? 'created' : (unwrapped.get(ref)?.result ?? 'unchanged');
    const prefix = MessagePrefix[resource.kind];
    const condition = conditionFromResult(undefined, result, prefix, options.now);
    const current = resource.status?.clusters?.find((c) => c.name === cluster);
    // Nothing new to report; the admin still recomputes the state on every pass (S1, step 7).
    if (current?.state === StateType.Succeeded && result === 'unchanged') continue;
    // A project's report waits on its own writes (namespaces, RoleBindings, NetworkPolicies): a failed
    // one is reported as DeployFailed, never as created (§5.1).
    const writes = resource.kind === Kind.VerrazzanoProject ? (projectWrites.get(ref) ?? []) : [];
    if (
      current?.state === StateType.Succeeded &&
      resource.kind === Kind.VerrazzanoProject &&
      writes.length === 0
    )
      continue;
    const placement = resource.spec?.placement ?? { clusters: [] };
    if (!aggregateChanges(resource.status, cluster, condition, placement, options.now)) continue;
    const namespace = resource.metadata.namespace ?? '';
    const name = resource.metadata.name ?? '';
    pending.push({
      resource,
      condition,
      placement,
      ref,
      sortKey: sortKey(Phase.Status, resource.kind, namespace, name, SyncTarget.Admin),
    });
  }
  // Only the first maxStatusUpdates reports are built; the rest wait for the next sync (B10).
  const maxStatus = options.maxStatusUpdates ?? 50;
  pending.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  for (const { resource, condition, placement, ref } of pending.slice(0, maxStatus)) {
    const update = aggregateClusterStatus(resource.status, cluster, condition, placement, options.now);
    const unwrapKey = unwrapped.get(ref)?.key;
    const writes = resource.kind === Kind.VerrazzanoProject ? (projectWrites.get(ref) ?? []) : [];
    actions.push({
      key: actionKey(SyncTarget.Admin, resource),
      op: SyncOp.Status,
      target: SyncTarget.Admin,
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      namespace: resource.metadata.namespace ?? '',
      name: resource.metadata.name ?? '',
      phase: Phase.Status,
      reason: `report ${cluster}'s ${condition.type} (${condition.message ?? ''})`,
      ruleId: 'S4',
      body: { ...(resource as unknown as KubeObject), status: update.status },
      status: { cluster, condition },
      dependsOn: unwrapKey ? [unwrapKey] : writes,
    });
  }

  // 7. The admin's own recompute, on every pass (S1, B12): the effective state of every wrapper and
  // project the admin holds, whether placed on `local` or not, and each VMC's state.
  if (isAdmin) {
    const reported = new Set(actions.filter((a) => a.op === SyncOp.Status).map((a) => a.key));
    actions.push(...effectiveStateActions([...fleet.projects, ...fleet.wrappers], reported));
    if (vmcList?.ok) {
      actions.push(...vmcStateActions(vmcList.items, options.now));
      // D1: the VMC's finalizer, and what a deleted VMC owned. The owned kinds are listed only
      // while a VMC is being deleted (syncAdmin); their lists must have succeeded.
      // M5: so are the federation objects of `verrazzano-monitoring` (an absent namespace lists empty).
      const ownedLists = [
        listOf(admin, 'v1', 'ServiceAccount', Namespaces.VerrazzanoMc),
        listOf(admin, 'v1', Kind.Secret, ALL_NAMESPACES),
        listOf(admin, 'rbac.authorization.k8s.io/v1', Kind.RoleBinding, ALL_NAMESPACES),
        listOf(admin, 'v1', Kind.ConfigMap, Namespaces.VerrazzanoMonitoring),
      ];
      const vmcs = ownedLists.every((l) => l?.ok)
        ? vmcList.items
        : vmcList.items.filter((v) => !v.metadata.deletionTimestamp);
      const owned = ownedLists.flatMap((l) => (l?.ok ? l.items : []));
      actions.push(...vmcFinalizerActions(vmcs, projects, owned));
    }
  }

  const sorted = sortActions(withDependencies(actions, unwrappedFrom));
  const noManagedFields = noManagedFieldsWarning(
    [...unverifiable.keys()].sort().map((key) => objectRef(unverifiable.get(key) as KubeObject)),
  );
  return {
    cluster,
    actions: sorted,
    unknown,
    guard,
    deferredStatus: Math.max(0, pending.length - maxStatus),
    ...(foreign.length > 0 ? { foreign } : {}),
    ...(frozenCounts.size > 0 ? { frozen: frozenList(frozen, frozenCounts) } : {}),
    ...(noManagedFields ? { warnings: [noManagedFields] } : {}),
  };
}

/**
 * Whether the object carries `metadata.managedFields`. An API server records them on every write,
 * so only a copy lacks them: `kubectl get -o yaml` drops them unless `--show-managed-fields`.
 */
function hasManagedFields(object: KubeObject): boolean {
  return (object.metadata.managedFields?.length ?? 0) > 0;
}

/** How to get the live objects with what the plan needs. */
const SHOW_MANAGED_FIELDS = 'kubectl get --show-managed-fields -o yaml';

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
 * The update of an existing object that differs from the desired one. vzmc's own object is applied
 * with force; a namespace without force (namespaces are shared, and never deleted: P25); any other
 * object vzmc does not own is blocked, unless its owner annotated it `vzmc.dev/adopt: "true"`.
 */
function updateAction(
  existing: KubeObject,
  manager: string,
  reason: string,
  patch: JsonPatchOperation[],
  write: (op: SyncOp, reason: string, force: boolean, patch?: JsonPatchOperation[]) => SyncAction,
): SyncAction {
  if (isVzmcOwned(existing, manager)) return write(SyncOp.Update, `${reason}; it differs`, true, patch);
  if (existing.kind === Kind.Namespace)
    return write(SyncOp.Update, `${reason}; a same-named namespace exists`, false, patch);
  if (adoptionRequested(existing))
    return write(SyncOp.Update, `${reason}; its owner asked vzmc to adopt it`, true, patch);
  const { kind, metadata } = existing;
  const where = [kind, metadata.namespace ?? '', metadata.name ?? '', manager] as const;
  return {
    ...write(SyncOp.Update, `${reason}; a same-named object exists that vzmc does not own`, false, patch),
    blocked: hasManagedFields(existing)
      ? notOwnedMessage(...where)
      : `${notOwnedMessage(...where)}; it carries no metadata.managedFields: if it came from kubectl get -o yaml, export it with ${SHOW_MANAGED_FIELDS}`,
  };
}

/**
 * The namespaces vzmc manages on the cluster: those whose Namespace object vzmc's field manager
 * labelled (the project namespaces vzmc created or took on, P13, P19), and `verrazzano-mc`, where
 * vzmc keeps its project copies (P22). Without a Namespace list there are none but `verrazzano-mc`.
 */
function managedNamespacesOf(local: Snapshot, manager: string): ReadonlySet<string> {
  const out = new Set<string>([Namespaces.VerrazzanoMc]);
  for (const ns of objectsOf(local, 'v1', Kind.Namespace))
    if (ns.metadata.name && isVzmcOwned(ns, manager)) out.add(ns.metadata.name);
  return out;
}

/** Why a labelled object is not vzmc's to delete or update, or undefined when it is (P20, P21). */
function foreignReason(
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

function foreignObject(object: KubeObject, reason: string): ForeignObject {
  return {
    key: actionKey(SyncTarget.Local, object),
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    reason,
  };
}

/**
 * What must succeed before what (P33): everything in a namespace after the namespace; an app config
 * copy after the Secrets and Components it uses; an unwrapped object after its wrapper copy.
 */
function withDependencies(
  actions: SyncAction[],
  unwrappedFrom: ReadonlyMap<SyncAction, string>,
): SyncAction[] {
  const written = new Set<string>();
  // An ApplicationConfiguration waits for every Component written in its namespace.
  const componentKeys = new Map<string, string[]>();
  for (const action of actions) {
    if (action.op === SyncOp.Delete) continue;
    written.add(action.key);
    if (action.kind !== Kind.Component) continue;
    const keys = componentKeys.get(action.namespace) ?? [];
    keys.push(action.key);
    componentKeys.set(action.namespace, keys);
  }
  for (const action of actions) {
    if (action.op === SyncOp.Delete || action.op === SyncOp.Status || action.target !== SyncTarget.Local)
      continue;
    // This plan built the action and its dependsOn array a moment ago: extend it in place.
    const deps = action.dependsOn as string[];
    const before = deps.length;
    const need = (key: string) => {
      if (written.has(key) && !deps.includes(key)) deps.push(key);
    };
    if (action.namespace !== '') need(`${SyncTarget.Local}:/Namespace//${action.namespace}`);
    if (action.kind === Kind.MultiClusterApplicationConfiguration && action.body) {
      const app = action.body as unknown as MultiClusterApplicationConfiguration;
      for (const component of referencedComponents(app))
        need(`${SyncTarget.Local}:core.oam.dev/Component/${action.namespace}/${component}`);
    }
    const wrapper = unwrappedFrom.get(action);
    if (wrapper) need(wrapper);
    if (action.kind === Kind.ApplicationConfiguration)
      for (const key of componentKeys.get(action.namespace) ?? []) need(key);
    if (deps.length > before) deps.sort();
  }
  return actions;
}

/**
 * True when a plan has nothing left to do (blocked actions count as something to report), and
 * nothing it could not check (no warnings).
 */
export function isConverged(plan: SyncPlan): boolean {
  return plan.actions.length === 0 && (plan.warnings?.length ?? 0) === 0;
}
