/**
 * The admin view stage of a plan: the admin snapshot as a fleet, built once, with what is placed on
 * the cluster computed once, and the admin lists that failed (B9: never mistaken for empty).
 */
import { placedOn } from '../desired/render.js';
import { fleetFromObjects, type Fleet } from '../placement/fleet.js';
import { Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { LOCAL_CLUSTER, Namespaces } from '../model/names.js';
import {
  CLUSTERS_API_VERSION,
  type MultiClusterWrapper,
  type VerrazzanoProject,
} from '../model/verrazzano.js';
import {
  ADMIN_NAMESPACE_KINDS,
  ALL_NAMESPACES,
  listOf,
  objectsOf,
  type ListResult,
  type Snapshot,
} from './snapshot.js';
import { SyncTarget, type UnknownList } from './types.js';

/** What the admin snapshot says about one cluster. */
export interface AdminView {
  /** The admin's projects, from a successful list (P12, P22). */
  readonly projects: readonly VerrazzanoProject[];
  /** The namespaces of the projects whose placement names the cluster (P21). */
  readonly placedNamespaces: ReadonlySet<string>;
  /** The fleet, built once from the lists that succeeded, with the cluster itself registered. */
  readonly fleet: Fleet;
  /** The projects placed on the cluster, in fleet order. */
  readonly placedProjects: readonly VerrazzanoProject[];
  /** The wrappers placed on the cluster, in fleet order. */
  readonly placedWrappers: readonly MultiClusterWrapper[];
  /** The VMC list, when the snapshot has one. */
  readonly vmcList: ListResult | undefined;
  /**
   * Whether the admin's `verrazzano-cluster-<C>` bindings can be decided: on the admin, only from a
   * successful VMC list, which says which clusters are wired through their own namespace (V2, V3).
   */
  readonly bindingsDecidable: boolean;
  /** Whether the admin's list of `kind` in `namespace` succeeded. */
  readonly isKnown: (kind: string, namespace: string) => boolean;
  /** The admin lists that failed. */
  readonly unknown: readonly UnknownList[];
}

/** A per-cluster binding `verrazzano-cluster-<C>` of Verrazzano's wiring (V2). */
export const isClusterBinding = (object: KubeObject): boolean =>
  object.kind === Kind.RoleBinding && (object.metadata.name ?? '').startsWith('verrazzano-cluster-');

/** A failed (or missing) list, as a plan reports it. */
export function unknownList(
  side: SyncTarget,
  entry: { apiVersion: string; kind: string; namespace: string; result: ListResult | undefined },
): UnknownList[] {
  const { apiVersion, kind, namespace, result } = entry;
  if (result && !result.ok)
    return [{ side, apiVersion, kind, namespace, reason: result.reason, message: result.message }];
  return [];
}

/**
 * The admin view of `cluster`, or, without a successful project list (P12, P22), only why: then
 * nothing is known, so the plan does nothing.
 */
export function adminView(
  cluster: string,
  admin: Snapshot,
): { ok: true; view: AdminView } | { ok: false; unknown: UnknownList[] } {
  const projectEntry = {
    apiVersion: CLUSTERS_API_VERSION,
    kind: Kind.VerrazzanoProject,
    namespace: Namespaces.VerrazzanoMc,
  };
  const projectList = listOf(admin, CLUSTERS_API_VERSION, Kind.VerrazzanoProject, Namespaces.VerrazzanoMc);
  if (!projectList?.ok) {
    const unknown = unknownList(SyncTarget.Admin, { ...projectEntry, result: projectList });
    if (!projectList) {
      const message = 'the admin snapshot has no project list';
      unknown.push({ side: SyncTarget.Admin, ...projectEntry, reason: 'NotListed', message });
    }
    return { ok: false, unknown };
  }
  return { ok: true, view: viewOf(cluster, admin, projectList.items) };
}

/**
 * The fleet of `cluster`'s admin view (the admin lists that succeeded), without working out what is
 * placed where; undefined without a successful project list, when the view knows nothing either.
 */
export function adminFleet(cluster: string, admin: Snapshot): Fleet | undefined {
  const projectList = listOf(admin, CLUSTERS_API_VERSION, Kind.VerrazzanoProject, Namespaces.VerrazzanoMc);
  if (!projectList?.ok) return undefined;
  const vmcList = listOf(admin, CLUSTERS_API_VERSION, Kind.VerrazzanoManagedCluster, Namespaces.VerrazzanoMc);
  return fleetOf(cluster, admin, projectList.items, vmcList);
}

function viewOf(cluster: string, admin: Snapshot, projectItems: readonly KubeObject[]): AdminView {
  const projects = projectItems as unknown as VerrazzanoProject[];
  // The admin's view, built from the lists that succeeded. Failed lists are remembered per (kind, namespace).
  const adminFailed = new Set<string>();
  const unknown: UnknownList[] = [];
  for (const entry of admin.entries) {
    if (entry.result.ok) continue;
    adminFailed.add(`${entry.kind}|${entry.namespace}`);
    unknown.push(...unknownList(SyncTarget.Admin, entry));
  }
  const vmcList = listOf(admin, CLUSTERS_API_VERSION, Kind.VerrazzanoManagedCluster, Namespaces.VerrazzanoMc);
  const fleet = fleetOf(cluster, admin, projectItems, vmcList);
  const placed = placedOn(fleet, cluster);
  return {
    projects,
    placedNamespaces: placedNamespacesOf(cluster, projects),
    fleet,
    placedProjects: placed.projects,
    placedWrappers: placed.wrappers,
    vmcList,
    bindingsDecidable: cluster !== LOCAL_CLUSTER || vmcList?.ok === true,
    isKnown: (kind, namespace) =>
      !adminFailed.has(`${kind}|${namespace}`) && !adminFailed.has(`${kind}|${ALL_NAMESPACES}`),
    unknown,
  };
}

/** The namespaces of the projects whose placement names `cluster`. */
function placedNamespacesOf(cluster: string, projects: readonly VerrazzanoProject[]): Set<string> {
  const placedNamespaces = new Set<string>();
  for (const project of projects) {
    if (!project.spec.placement.clusters.some((c) => c.name === cluster)) continue;
    for (const ns of project.spec.template.namespaces)
      if (ns.metadata.name) placedNamespaces.add(ns.metadata.name);
  }
  return placedNamespaces;
}

/** The fleet of the admin lists that succeeded; the cluster itself is always registered. */
function fleetOf(
  cluster: string,
  admin: Snapshot,
  projectItems: readonly KubeObject[],
  vmcList: ListResult | undefined,
): Fleet {
  const adminObjects: KubeObject[] = [...projectItems];
  for (const info of ADMIN_NAMESPACE_KINDS)
    adminObjects.push(...objectsOf(admin, info.apiVersion, info.kind));
  return fleetFromObjects([
    ...adminObjects,
    // The agent runs, so its own cluster is registered, whatever the VMC list says.
    ...(vmcList?.ok ? vmcList.items : []),
    {
      apiVersion: CLUSTERS_API_VERSION,
      kind: Kind.VerrazzanoManagedCluster,
      metadata: { name: cluster, namespace: Namespaces.VerrazzanoMc },
    },
  ]);
}
