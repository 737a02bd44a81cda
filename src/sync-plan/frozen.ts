/**
 * Namespaces whose objects a plan leaves exactly as they are: neither updated nor deleted (issue 14
 * items 2 and 3). Pure.
 *
 * - **P30, B4: a namespace removed from a project that still places the cluster.** Verrazzano
 *   deletes nothing there (its admin binding stays and the agent keeps syncing), and W7 forces a
 *   namespace move between projects into two edits. vzmc neither tears the application down between
 *   the two edits nor keeps syncing a namespace no project governs: it freezes the namespace. The
 *   memory is the namespace itself: vzmc's `vzmc.dev/source` annotation on the live Namespace names
 *   the project that last listed it. The freeze holds while no project lists the namespace and that
 *   project still exists and places the cluster (on the admin: still exists). A project listing it
 *   again ends the freeze (its placement then decides, P21); that project's deletion or a placement
 *   without the cluster removes the objects as for P28 and P29.
 * - **P5: a project namespace labelled `verrazzano-managed` other than `"true"`.** The agent syncs
 *   only namespaces so labelled: render gives it nothing there (the `namespace-managed` gate), and
 *   what vzmc put there earlier is left alone, as Verrazzano's agent never visits the namespace.
 *   Applies on managed clusters only, to what wrappers bring; the project's own objects follow V1–V4.
 */
import { Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { LOCAL_CLUSTER, Namespaces, VerrazzanoLabels, VzmcMarkers } from '../model/names.js';
import type { VerrazzanoProject } from '../model/verrazzano.js';
import { isVzmcOwned, sourceOfManaged } from '../unwrap/markers.js';
import type { DesiredObject } from '../desired/object.js';

/** A namespace whose vzmc objects the plan leaves as they are, with why. */
export interface FrozenNamespace {
  /** The namespace. */
  readonly namespace: string;
  /** `P30` (left its project) or `P5` (not labelled `verrazzano-managed=true`). */
  readonly ruleId: string;
  /** The project that last listed the namespace (P30), or that creates it (P5). */
  readonly project: string;
  /** What happened and how it ends, in one sentence. */
  readonly reason: string;
  /** How many of vzmc's objects there the plan left alone. */
  readonly objects: number;
}

/** A freeze before counting: which objects it holds. */
export interface Freeze extends Omit<FrozenNamespace, 'objects'> {
  /** `all`: every vzmc object in it (on the admin: the project's own); `wrapped`: what wrappers bring. */
  readonly scope: 'all' | 'wrapped';
}

/**
 * The namespaces `cluster`'s plan must freeze, from the admin's projects, the cluster's live
 * Namespaces and the desired objects.
 *
 * @example
 * // mc-todo-list was removed from todo-list, which still places managed1:
 * freezes('managed1', projects, liveNamespaces, desired, 'vzmc').get('mc-todo-list')?.ruleId //=> 'P30'
 */
export function freezes(
  cluster: string,
  projects: readonly VerrazzanoProject[],
  liveNamespaces: readonly KubeObject[],
  desired: readonly DesiredObject[],
  manager: string,
  adminVerdict?: readonly KubeObject[],
): Map<string, Freeze> {
  const out = new Map<string, Freeze>();
  const verdict = adminVerdict && new Map(adminVerdict.map((ns) => [ns.metadata.name ?? '', ns]));
  const listed = listedNamespaces(projects);
  for (const ns of liveNamespaces) {
    if (!isVzmcOwned(ns, manager)) continue;
    // Under the secure wiring the agent sees only its own projects: the admin decides (its share).
    const left = verdict ? verdict.get(ns.metadata.name ?? '') : leftProject(cluster, projects, listed, ns);
    const project = left && sourceOfManaged(left)?.name;
    if (project) out.set(ns.metadata.name ?? '', leftFreeze(cluster, ns.metadata.name ?? '', project));
  }
  if (cluster === LOCAL_CLUSTER) return out;
  for (const d of desired) {
    const value = d.object.metadata.labels?.[VerrazzanoLabels.Managed];
    if (d.object.kind !== Kind.Namespace || value === 'true') continue;
    const name = d.object.metadata.name ?? '';
    out.set(name, {
      namespace: name,
      ruleId: 'P5',
      project: d.source.name,
      scope: 'wrapped',
      reason: `namespace ${name} is labelled ${VerrazzanoLabels.Managed}=${JSON.stringify(value ?? '')}: the agent syncs only namespaces labelled "true", and leaves what is there alone`,
    });
  }
  return out;
}

/** The namespaces some project lists. */
function listedNamespaces(projects: readonly VerrazzanoProject[]): Set<string> {
  const listed = new Set<string>();
  for (const p of projects)
    for (const ns of p.spec.template.namespaces) if (ns.metadata.name) listed.add(ns.metadata.name);
  return listed;
}

/**
 * `namespace` (a live Namespace vzmc applied) when it left a project that still places `cluster`
 * (on the admin: still exists) and no project lists it (P30); else undefined.
 */
function leftProject(
  cluster: string,
  projects: readonly VerrazzanoProject[],
  listed: ReadonlySet<string>,
  namespace: KubeObject,
): KubeObject | undefined {
  const name = namespace.metadata.name ?? '';
  if (name === '' || name === Namespaces.VerrazzanoMc || listed.has(name)) return undefined;
  const source = sourceOfManaged(namespace);
  if (source?.kind !== Kind.VerrazzanoProject) return undefined;
  const project = projects.find((p) => p.metadata.name === source.name);
  if (!project) return undefined;
  const places = cluster === LOCAL_CLUSTER || project.spec.placement.clusters.some((c) => c.name === cluster);
  return places ? namespace : undefined;
}

const leftFreeze = (cluster: string, namespace: string, project: string): Freeze => ({
  namespace,
  ruleId: 'P30',
  project,
  scope: 'all',
  reason: `namespace ${namespace} left project ${project}, which still places ${cluster}: vzmc keeps its objects there as they are until a project lists it again`,
});

/**
 * The admin's verdict for a cluster wired through its own namespace, which sees only its own
 * projects: the namespaces that left a project still placing it (P30), from the admin's own
 * project namespaces (P13 creates every one there, with vzmc's source annotation), as stubs that
 * name the project. The share carries them; nothing about other clusters' projects is in them.
 */
export function leftNamespaceStubs(
  cluster: string,
  projects: readonly VerrazzanoProject[],
  adminNamespaces: readonly KubeObject[],
  manager: string,
): KubeObject[] {
  const listed = listedNamespaces(projects);
  return adminNamespaces
    .filter((ns) => isVzmcOwned(ns, manager) && leftProject(cluster, projects, listed, ns))
    .map((ns) => ({
      apiVersion: 'v1',
      kind: Kind.Namespace,
      metadata: {
        name: ns.metadata.name ?? '',
        annotations: { [VzmcMarkers.Source]: ns.metadata.annotations?.[VzmcMarkers.Source] ?? '' },
      },
    }))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

/** Whether `freeze` holds `object` (a vzmc object in its namespace) on `cluster`. */
export function holds(freeze: Freeze, object: KubeObject, cluster: string): boolean {
  const source = sourceOfManaged(object)?.kind;
  const fromProject = source === Kind.VerrazzanoProject || source === Kind.VerrazzanoManagedCluster;
  if (freeze.scope === 'wrapped') return !fromProject;
  // On the admin, wrappers need no project (P15); its per-cluster bindings follow V3.
  if (cluster === LOCAL_CLUSTER)
    return (
      fromProject &&
      !(object.kind === Kind.RoleBinding && (object.metadata.name ?? '').startsWith('verrazzano-cluster-'))
    );
  return true;
}

/** The frozen namespaces that hold objects, sorted, with their counts. */
export function frozenList(
  found: ReadonlyMap<string, Freeze>,
  counts: ReadonlyMap<string, number>,
): FrozenNamespace[] {
  return [...counts.keys()].sort().map((namespace) => {
    const { scope: _scope, ...freeze } = found.get(namespace) as Freeze;
    return { ...freeze, objects: counts.get(namespace) ?? 0 };
  });
}
