/**
 * The diff stage of a plan: the desired objects (render, minus what failed lists make unknowable)
 * against the live ones, as creates and updates. An existing object vzmc does not own is never
 * updated nor adopted unless the user annotates it `vzmc.dev/adopt: "true"`.
 */
import type { JsonPatchOperation } from '../internal/json-patch.js';
import { isWrapperKind, Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { VzmcMarkers } from '../model/names.js';
import { adoptionRequested, isVzmcOwned, notOwnedMessage } from '../unwrap/markers.js';
import { Phase, type DesiredObject } from '../desired/index.js';
import { renderEach } from '../desired/render.js';
import type { OperationResult } from '../status/index.js';
import { isClusterBinding, type AdminView } from './admin-view.js';
import { objectPatch } from './compare.js';
import type { LocalView } from './local-view.js';
import { SHOW_MANAGED_FIELDS, hasManagedFields } from './ownership.js';
import { SyncOp, SyncTarget, type SyncAction } from './types.js';

/** How an unwrapped object fared, and the action writing it. */
export interface UnwrappedResult {
  readonly result: OperationResult;
  readonly key?: string;
}

/** What the diff found. */
export interface Diff {
  /**
   * The desired Namespaces the plan can decide, in render order (what P5's freeze reads). The other
   * desired objects are compared as they are rendered and not kept.
   */
  readonly namespaces: readonly DesiredObject[];
  /** The creates and updates. */
  readonly actions: SyncAction[];
  /** The live objects the admin still wants: garbage collection leaves them alone. */
  readonly wanted: ReadonlySet<KubeObject>;
  /** Per wrapper (`<Kind>/<namespace>/<name>`): how its unwrapped object fared. */
  readonly unwrapped: ReadonlyMap<string, UnwrappedResult>;
  /** An unwrapped object's action and the key of its wrapper copy's action, which it waits for (P33). */
  readonly unwrappedFrom: ReadonlyMap<SyncAction, string>;
  /** Live objects compared without managedFields: what vzmc applied before cannot be seen (by key). */
  readonly unverifiable: ReadonlyMap<string, KubeObject>;
}

/** The diff of `cluster`'s desired objects against its live ones. */
export function diffDesired(cluster: string, admin: AdminView, local: LocalView, manager: string): Diff {
  const placed = { projects: admin.placedProjects, wrappers: admin.placedWrappers };
  const namespaces: DesiredObject[] = [];
  const actions: SyncAction[] = [];
  const wanted = new Set<KubeObject>();
  const unwrapped = new Map<string, UnwrappedResult>();
  const unwrappedFrom = new Map<SyncAction, string>();
  const unverifiable = new Map<string, KubeObject>();
  // In render order: the plan's actions are sorted at the end (order.ts).
  for (const [key, d] of renderEach(admin.fleet, cluster, placed)) {
    if (local.failed.has(d.object.kind) || (!admin.bindingsDecidable && isClusterBinding(d.object))) continue;
    if (d.object.kind === Kind.Namespace) namespaces.push(d);
    const existing = local.live.get(key);
    if (existing) wanted.add(existing);
    // The wrapper an unwrapped object comes from: render marks it with the wrapper's source ref.
    const wrapperRef =
      d.phase === Phase.Unwrapped ? d.object.metadata.annotations?.[VzmcMarkers.Source] : undefined;
    let result: OperationResult = 'created';
    let action: SyncAction | undefined;
    if (!existing) {
      // The executor refuses to create over an existing object vzmc does not own (no adoption).
      action = write(d, key, SyncOp.Create, `${d.reason}; it does not exist yet`, false);
    } else {
      if (existing.metadata.deletionTimestamp) continue; // being deleted; recreated once gone
      if (!hasManagedFields(existing)) unverifiable.set(key, existing);
      const patch = objectPatch(existing, d.object, manager);
      result = patch.length === 0 ? 'unchanged' : 'updated';
      if (patch.length > 0) action = updateAction(existing, manager, d, key, patch);
    }
    if (action) actions.push(action);
    if (wrapperRef === undefined) continue;
    unwrapped.set(wrapperRef, { result, ...(action ? { key: action.key } : {}) });
    const wrapperKind = wrapperRef.slice(0, wrapperRef.indexOf('/'));
    if (action && isWrapperKind(wrapperKind))
      unwrappedFrom.set(action, `${SyncTarget.Local}:clusters.verrazzano.io/${wrapperRef}`);
  }
  return { namespaces, actions, wanted, unwrapped, unwrappedFrom, unverifiable };
}

/** The write of desired object `d` (key `key`), built in one literal: plans are compared byte for byte. */
function write(
  d: DesiredObject,
  key: string,
  op: SyncOp,
  reason: string,
  force: boolean,
  patch?: JsonPatchOperation[],
): SyncAction {
  return {
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
  d: DesiredObject,
  key: string,
  patch: JsonPatchOperation[],
): SyncAction {
  const { reason } = d;
  if (isVzmcOwned(existing, manager))
    return write(d, key, SyncOp.Update, `${reason}; it differs`, true, patch);
  if (existing.kind === Kind.Namespace)
    return write(d, key, SyncOp.Update, `${reason}; a same-named namespace exists`, false, patch);
  if (adoptionRequested(existing))
    return write(d, key, SyncOp.Update, `${reason}; its owner asked vzmc to adopt it`, true, patch);
  const { kind, metadata } = existing;
  const where = [kind, metadata.namespace ?? '', metadata.name ?? '', manager] as const;
  const notOwned = `${reason}; a same-named object exists that vzmc does not own`;
  return {
    ...write(d, key, SyncOp.Update, notOwned, false, patch),
    blocked: hasManagedFields(existing)
      ? notOwnedMessage(...where)
      : `${notOwnedMessage(...where)}; it carries no metadata.managedFields: if it came from kubectl get -o yaml, export it with ${SHOW_MANAGED_FIELDS}`,
  };
}
