/**
 * The impact of a change to the admin's fleet, offline: for every cluster, the objects that appear,
 * disappear or change, with why, and what the cluster's agent does about each one.
 *
 * It runs the planner itself: for each cluster, the plan of the agent's first iteration after the
 * change (`planSync` with the after fleet as the admin and the before fleet's render, as vzmc
 * applied it, as the cluster), then the delete window as that iteration applies it. So the
 * impact's actions are the plan's, one for one (creates ↔ appear, updates ↔ change, deletes ↔
 * disappear), including what the plan leaves alone: namespaces (P25), project RoleBindings (P28)
 * and frozen namespaces (P30, P5). The assumption: every cluster had converged on the before fleet.
 */
import { objectKey, type DesiredObject, type DesiredSource } from '../desired/object.js';
import { Phase, orderKey, sortByKey } from '../desired/order.js';
import { renderCluster } from '../desired/render.js';
import { Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { LOCAL_CLUSTER } from '../model/names.js';
import { knownClusters, type Fleet } from '../placement/fleet.js';
import { DEFAULT_DELETE_WINDOW, limitDeletesInWindow, windowBudget } from '../sync-plan/delete-window.js';
import type { DeleteWindow } from '../sync-plan/delete-window.js';
import { adminSnapshotFromObjects, localSnapshotFromObjects } from '../sync-plan/from-objects.js';
import { planSync } from '../sync-plan/plan.js';
import { SyncOp, SyncTarget, type SyncAction, type SyncPlan } from '../sync-plan/types.js';
import { sourceOfManaged } from '../unwrap/markers.js';
import { appliedByVzmc, changedPaths } from './paths.js';
import {
  clusterBindingSentence,
  dependentSentences,
  gateChanges,
  gateSentence,
  placedResource,
  sourceSentence,
} from './reasons.js';
import {
  IMPACT_API_VERSION,
  IMPACT_KIND,
  ImpactAction,
  ImpactChange,
  type ClusterImpact,
  type Impact,
  type ImpactObject,
  type ImpactTotals,
  type KeptReason,
} from './types.js';

/** Options for {@link impactOf}. */
export interface ImpactOptions {
  /** The agents' `--max-delete-fraction`. Default 0.5. */
  readonly maxDeleteFraction?: number;
  /** The agents' delete window. Default {@link DEFAULT_DELETE_WINDOW}. */
  readonly deleteWindow?: DeleteWindow;
}

/** Every admin object of a fleet, as the admin cluster holds them. */
export function fleetObjects(fleet: Fleet): KubeObject[] {
  return [
    ...fleet.managedClusters,
    ...fleet.projects,
    ...fleet.wrappers,
    ...fleet.secrets,
    ...fleet.components,
  ];
}

/** What both fleets share for the work on one cluster. */
interface Context {
  readonly before: Fleet;
  readonly after: Fleet;
  readonly admin: ReturnType<typeof adminSnapshotFromObjects>;
  readonly options: ImpactOptions;
}

/**
 * The impact of changing the admin's fleet from `before` to `after`: every cluster of either fleet
 * (the VMC names, sorted, then `local`), each with its objects that appear, disappear or change, in
 * sync order. Pure and deterministic: the same fleets give the same data.
 *
 * @example
 * const result = impactOf(fleetFromObjects(beforeObjects), fleetFromObjects(afterObjects));
 * result.clusters.find((c) => c.cluster === 'managed1')?.objects.map((o) => `${o.change} ${o.kind} ${o.name}`)
 * //=> ['disappear ApplicationConfiguration todo-appconf', …]
 */
export function impactOf(before: Fleet, after: Fleet, options: ImpactOptions = {}): Impact {
  const names = new Set([...knownClusters(before), ...knownClusters(after)]);
  const managed = [...names].filter((n) => n !== LOCAL_CLUSTER).sort();
  const context: Context = { before, after, admin: adminSnapshotFromObjects(fleetObjects(after)), options };
  const clusters = [...managed, LOCAL_CLUSTER].map((c) => clusterImpact(c, context));
  return {
    apiVersion: IMPACT_API_VERSION,
    kind: IMPACT_KIND,
    clusters,
    totals: sumTotals(clusters.map((c) => c.totals)),
    touched: clusters.filter((c) => c.objects.length > 0).map((c) => c.cluster),
  };
}

const isRegistered = (fleet: Fleet, cluster: string) =>
  cluster === LOCAL_CLUSTER || fleet.managedClusters.some((v) => v.metadata.name === cluster);

const byKey = (desired: readonly DesiredObject[]) => new Map(desired.map((d) => [objectKey(d.object), d]));

function clusterImpact(cluster: string, context: Context): ClusterImpact {
  const registered = {
    before: isRegistered(context.before, cluster),
    after: isRegistered(context.after, cluster),
  };
  const was = byKey(renderCluster(context.before, cluster));
  if (!registered.after) return deregistered(cluster, registered, was, context);
  const now = byKey(renderCluster(context.after, cluster));
  const live = [...was.values()].map((d) => appliedByVzmc(d.object));
  if (cluster === LOCAL_CLUSTER) live.push(...fleetObjects(context.after));
  const options = context.options;
  const planned = planSync(cluster, context.admin, localSnapshotFromObjects(live), {
    now: new Date(0),
    ...(options.maxDeleteFraction !== undefined ? { maxDeleteFraction: options.maxDeleteFraction } : {}),
  });
  // As the agent's first iteration after the change: the window's budget, with nothing deleted yet.
  const window = options.deleteWindow ?? DEFAULT_DELETE_WINDOW;
  const plan = limitDeletesInWindow(planned, 0, window);
  const liveByKey = new Map(live.map((o) => [objectKey(o), o]));
  const objects = objectsOf({ cluster, context, plan, was, now, liveByKey });
  return {
    cluster,
    registered,
    objects,
    totals: totalsOf(objects),
    guard: {
      deletes: plan.guard.deletes,
      managed: plan.guard.managed,
      maxDeleteFraction: plan.guard.maxDeleteFraction,
      windowBudget: windowBudget(planned, 0, window),
      tripped: plan.guard.tripped,
    },
  };
}

/** The work of one cluster: its plan, and its desired objects before and after. */
interface ClusterWork {
  readonly cluster: string;
  readonly context: Context;
  readonly plan: SyncPlan;
  readonly was: ReadonlyMap<string, DesiredObject>;
  readonly now: ReadonlyMap<string, DesiredObject>;
  readonly liveByKey: ReadonlyMap<string, KubeObject>;
}

const WRITES = new Set<string>([SyncOp.Create, SyncOp.Update, SyncOp.Replace, SyncOp.Delete]);
const localKey = (action: SyncAction) => action.key.slice(`${SyncTarget.Local}:`.length);

/** The plan's writes as impact objects, then what the render diff shows and the plan leaves alone. */
function objectsOf(work: ClusterWork): ImpactObject[] {
  const out: ImpactObject[] = [];
  const done = new Set<string>();
  for (const action of work.plan.actions) {
    if (action.target !== SyncTarget.Local || !WRITES.has(action.op)) continue;
    done.add(localKey(action));
    out.push(fromAction(action, work));
  }
  for (const [key, d] of work.was) {
    if (done.has(key)) continue;
    const next = work.now.get(key);
    if (!next) out.push(keptObject(ImpactChange.Disappear, d, [], work));
    else {
      const fields = changedPaths(d.object, next.object);
      if (fields.length > 0) out.push(keptObject(ImpactChange.Change, next, fields, work));
    }
  }
  for (const [key, d] of work.now)
    if (!done.has(key) && !work.was.has(key)) out.push(keptObject(ImpactChange.Appear, d, [], work));
  return sortByKey(out, (o) =>
    orderKey(
      o.change === ImpactChange.Disappear ? Phase.GarbageCollection : phaseOf(o, work),
      o.kind,
      o.namespace,
      o.name,
    ),
  );
}

const phaseOf = (o: ImpactObject, work: ClusterWork): Phase =>
  work.now.get(keyOfObject(o))?.phase ?? work.was.get(keyOfObject(o))?.phase ?? Phase.Unwrapped;

const keyOfObject = (o: ImpactObject) =>
  objectKey({ apiVersion: o.apiVersion, kind: o.kind, metadata: { namespace: o.namespace, name: o.name } });

function fromAction(action: SyncAction, work: ClusterWork): ImpactObject {
  const key = localKey(action);
  const old = work.was.get(key);
  const next = work.now.get(key);
  const liveObject = work.liveByKey.get(key);
  const source = (next ?? old)?.source ??
    (liveObject && sourceOfManaged(liveObject)) ?? { kind: '', namespace: '', name: '' };
  const base = {
    apiVersion: action.apiVersion,
    kind: action.kind,
    namespace: action.namespace,
    name: action.name,
    source,
    ruleId: action.ruleId,
  };
  if (action.op === SyncOp.Delete) {
    const guard = action.blocked
      ? { verdict: 'blocked' as const, reason: action.blocked }
      : { verdict: 'runs' as const };
    return {
      ...base,
      change: ImpactChange.Disappear,
      action: ImpactAction.Delete,
      ...why(base, source, action, work, []),
      guard,
    };
  }
  if (action.op === SyncOp.Create)
    return {
      ...base,
      change: ImpactChange.Appear,
      action: ImpactAction.Create,
      ...why(base, source, action, work, []),
    };
  const fields = changedPaths(old?.object ?? liveObject, next?.object ?? action.body);
  return {
    ...base,
    change: ImpactChange.Change,
    action: ImpactAction.Update,
    ...why(base, source, action, work, fields),
  };
}

/** The reasons, the gates that changed and the fields of an object the plan writes. */
function why(
  object: { readonly kind: string; readonly name: string },
  source: DesiredSource,
  action: { readonly reason: string; readonly ruleId: string },
  work: ClusterWork,
  fields: readonly string[],
): Pick<ImpactObject, 'reasons' | 'gates' | 'fields'> {
  const { before, after } = work.context;
  const fleets = { before, after };
  const was = placedResource(before, source);
  const now = placedResource(after, source);
  const gates = was && now ? gateChanges(was, now, before, after, work.cluster) : [];
  const reasons = gates.map((g) => gateSentence(g, now ?? was!, fleets, work.cluster));
  const binding = work.cluster === LOCAL_CLUSTER ? clusterBindingSentence(object, source, fleets) : undefined;
  if (binding) reasons.push(binding);
  reasons.push(...dependentSentences(source, work.cluster, fleets));
  const fate = sourceSentence(source, inFleet(before, source), inFleet(after, source));
  if (fate) reasons.push(fate);
  else if (reasons.length === 0 && sourceChanged(before, after, source))
    reasons.push(
      `${source.kind} ${source.namespace ? `${source.namespace}/` : ''}${source.name} changed in the fleet`,
    );
  reasons.push(`${action.reason} (${action.ruleId})`);
  return { reasons, gates, fields: [...fields] };
}

/** The admin object `source` names in `fleet`, if any. */
function findSource(fleet: Fleet, source: DesiredSource): unknown {
  const same = (o: {
    kind: string;
    metadata: { namespace?: string | undefined; name?: string | undefined };
  }) =>
    o.kind === source.kind &&
    (o.metadata.namespace ?? '') === source.namespace &&
    (o.metadata.name ?? '') === source.name;
  if (source.kind === Kind.Secret) return fleet.secrets.find(same);
  if (source.kind === Kind.Component) return fleet.components.find(same);
  if (source.kind === Kind.VerrazzanoManagedCluster)
    return fleet.managedClusters.find((v) => v.metadata.name === source.name);
  return placedResource(fleet, source);
}

const inFleet = (fleet: Fleet, source: DesiredSource) => findSource(fleet, source) !== undefined;

function sourceChanged(before: Fleet, after: Fleet, source: DesiredSource): boolean {
  const a = findSource(before, source);
  const b = findSource(after, source);
  return a !== undefined && b !== undefined && changedPaths(a, b).length > 0;
}

/** What the render diff shows and the plan leaves as it is: appear, disappear or change, with why it stays. */
function keptObject(
  change: ImpactChange,
  d: DesiredObject,
  fields: readonly string[],
  work: ClusterWork,
): ImpactObject {
  const kept = keptReason(d.object, work.plan);
  const { metadata } = d.object;
  return {
    change,
    action: ImpactAction.None,
    apiVersion: d.object.apiVersion,
    kind: d.object.kind,
    namespace: metadata.namespace ?? '',
    name: metadata.name ?? '',
    source: d.source,
    ...why(
      { kind: d.object.kind, name: metadata.name ?? '' },
      d.source,
      { reason: d.reason, ruleId: d.ruleId },
      work,
      fields,
    ),
    ruleId: kept.ruleId,
    kept,
  };
}

/** Why the plan leaves an object as it is. */
function keptReason(object: KubeObject, plan: SyncPlan): KeptReason {
  const frozen = plan.frozen?.find(
    (f) => f.namespace === (object.metadata.namespace ?? object.metadata.name),
  );
  if (frozen && object.kind !== Kind.Namespace) return { ruleId: frozen.ruleId, reason: frozen.reason };
  if (object.kind === Kind.Namespace)
    return { ruleId: 'P25', reason: 'namespaces are never deleted: it stays, with whatever else it holds' };
  if (object.kind === Kind.RoleBinding)
    return { ruleId: 'P28', reason: "a project's RoleBindings stay when the project leaves a cluster" };
  return { ruleId: 'P20', reason: 'the plan cannot prove vzmc owns it unwanted, so it stays' };
}

/** A cluster whose VMC the change removes: its agent deregisters, and nothing else is removed (D2). */
function deregistered(
  cluster: string,
  registered: ClusterImpact['registered'],
  was: ReadonlyMap<string, DesiredObject>,
  context: Context,
): ClusterImpact {
  const kept: KeptReason = {
    ruleId: 'D2',
    reason: `VerrazzanoManagedCluster ${cluster} is removed: its agent deregisters and leaves what it synced in place`,
  };
  const objects = sortByKey(
    [...was.values()].map((d): ImpactObject => ({
      change: ImpactChange.Disappear,
      action: ImpactAction.None,
      apiVersion: d.object.apiVersion,
      kind: d.object.kind,
      namespace: d.object.metadata.namespace ?? '',
      name: d.object.metadata.name ?? '',
      source: d.source,
      ruleId: 'D2',
      reasons: [
        `cluster-registered no longer holds: no VerrazzanoManagedCluster named ${cluster} in verrazzano-mc (cluster-registered, P1)`,
      ],
      gates: [],
      fields: [],
      kept,
    })),
    (o) => orderKey(Phase.GarbageCollection, o.kind, o.namespace, o.name),
  );
  const maxDeleteFraction = context.options.maxDeleteFraction ?? 0.5;
  const windowBudget = (context.options.deleteWindow ?? DEFAULT_DELETE_WINDOW).minDeletes;
  const guard = { deletes: 0, managed: 0, maxDeleteFraction, windowBudget, tripped: false };
  return { cluster, registered, objects, totals: totalsOf(objects), guard };
}

function totalsOf(objects: readonly ImpactObject[]): ImpactTotals {
  const count = (test: (o: ImpactObject) => boolean) => objects.filter(test).length;
  return {
    appear: count((o) => o.change === ImpactChange.Appear),
    disappear: count((o) => o.change === ImpactChange.Disappear),
    change: count((o) => o.change === ImpactChange.Change),
    deletes: count((o) => o.action === ImpactAction.Delete),
    blocked: count((o) => o.guard?.verdict === 'blocked'),
    kept: count((o) => o.action === ImpactAction.None),
  };
}

function sumTotals(all: readonly ImpactTotals[]): ImpactTotals {
  const sum = (k: keyof ImpactTotals) => all.reduce((n, t) => n + t[k], 0);
  return {
    appear: sum('appear'),
    disappear: sum('disappear'),
    change: sum('change'),
    deletes: sum('deletes'),
    blocked: sum('blocked'),
    kept: sum('kept'),
  };
}
