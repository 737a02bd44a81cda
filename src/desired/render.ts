/**
 * Render: the complete set of objects a cluster holds in steady state, in the agent's order (P32).
 *
 * On a managed cluster C: the copies of the projects placed on C (P12) and their namespaces,
 * RoleBindings and NetworkPolicies (P14, V1–V4); for every wrapper placed on C, its copy (§3.6) and
 * the object it unwraps into (P9); the Secrets (P10) and Components (P11) its app configs use.
 *
 * On `local` (the admin): the namespaces and RBAC of every project, whatever its placement (P13),
 * and the unwrapped objects of wrappers whose placement names `local` (P15). The wrappers and
 * projects themselves are the admin's own objects, not rendered.
 */
import type { KubeObject } from '../model/meta.js';
import { LOCAL_CLUSTER, Namespaces, WIRING_ANNOTATION, Wiring } from '../model/names.js';
import type { MultiClusterWrapper, VerrazzanoProject } from '../model/verrazzano.js';
import { istioInjectionFor, type Fleet } from '../placement/fleet.js';
import { placedClusters } from '../placement/explain.js';
import { markedAnnotations, markedLabels, sourceRef } from '../unwrap/markers.js';
import { expandProject, type ExpandProjectOptions } from '../unwrap/project.js';
import { unwrap } from '../unwrap/unwrap.js';
import { copyProject, copyWrapper } from './copies.js';
import { renderDependents } from './dependents.js';
import { desiredSource, objectKey, sortDesired, type DesiredObject } from './object.js';
import { Phase } from './order.js';

const label = (o: {
  kind: string;
  metadata: { namespace?: string | undefined; name?: string | undefined };
}) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name ?? ''}`;

/**
 * Renders what `cluster` holds in steady state, in sync order. Deterministic: the same fleet gives
 * the same objects in the same order.
 *
 * @example
 * renderCluster(fleet, 'managed1').map((d) => `${d.object.kind} ${d.object.metadata.name}`)
 * //=> ['VerrazzanoProject todo-list', 'Namespace mc-todo-list', 'RoleBinding admin', …, 'ApplicationConfiguration todo-appconf']
 */
export function renderCluster(
  fleet: Fleet,
  cluster: string,
  placed: PlacedOn = placedOn(fleet, cluster),
): DesiredObject[] {
  return sortDesired(Array.from(renderEach(fleet, cluster, placed), ([, desired]) => desired));
}

/**
 * What {@link renderCluster} renders, with its {@link objectKey}, in render order (projects by
 * name, then wrappers and dependents in fleet order), not sorted, one source at a time: for the
 * planner, which sorts its actions by the same order key (a stable sort, so ties keep this order
 * either way), looks each object up by key and is done with it. Nothing here holds the rendered
 * objects, so a planner that compares them as they come lets each die young: holding 100,000 of
 * them until the last was rendered made every major collection of a large plan mark them all.
 */
export function* renderEach(
  fleet: Fleet,
  cluster: string,
  placed: PlacedOn,
): Generator<readonly [string, DesiredObject]> {
  const seen = new Set<string>();
  // A namespace claimed by two projects (which W7 forbids) is rendered once, for the first project by name.
  function* fresh(rendered: readonly DesiredObject[]): Generator<readonly [string, DesiredObject]> {
    for (const desired of rendered) {
      const key = objectKey(desired.object);
      if (seen.has(key)) continue;
      seen.add(key);
      yield [key, desired];
    }
  }
  const expand: ExpandProjectOptions = {
    istioInjection: istioInjectionFor(fleet, cluster),
    clusterNamespaceWired: clusterNamespaceWired(fleet),
  };
  const projects = [...placed.projects].sort((a, b) =>
    (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1,
  );
  for (const project of projects) yield* fresh(renderProject(cluster, project, expand));
  for (const wrapper of placed.wrappers) yield* fresh(renderWrapper(cluster, wrapper));
  if (cluster !== LOCAL_CLUSTER) yield* fresh(renderDependents(fleet, cluster, placed.wrappers));
}

/** The projects and wrappers of a fleet that place one cluster, in fleet order. */
export interface PlacedOn {
  /** The projects placed on the cluster (every gate passes). */
  readonly projects: readonly VerrazzanoProject[];
  /** The wrappers placed on the cluster (every gate passes). */
  readonly wrappers: readonly MultiClusterWrapper[];
}

/**
 * The projects and wrappers of `fleet` placed on `cluster` (every gate of {@link placedClusters}),
 * computed once: the planner passes its own to {@link renderCluster} instead of computing them again.
 */
export function placedOn(fleet: Fleet, cluster: string): PlacedOn {
  const here = (r: VerrazzanoProject | MultiClusterWrapper) => placedClusters(fleet, r).includes(cluster);
  return { projects: fleet.projects.filter(here), wrappers: fleet.wrappers.filter(here) };
}

/**
 * What a project placed on `cluster` puts there: on a managed cluster the `verrazzano-mc` namespace
 * and the project copy (P12); everywhere its namespaces, RoleBindings and NetworkPolicies (V1, V2,
 * V4; P13 on the admin).
 */
function renderProject(
  cluster: string,
  project: VerrazzanoProject,
  expand: ExpandProjectOptions,
): DesiredObject[] {
  const isLocal = cluster === LOCAL_CLUSTER;
  const source = desiredSource(project);
  const out: DesiredObject[] = [];
  if (!isLocal) {
    out.push(mcNamespace(cluster), {
      object: copyProject(project),
      phase: Phase.Projects,
      ruleId: 'P12',
      reason: `project ${project.metadata.name} places ${cluster}`,
      source,
    });
  }
  const expanded = expandProject(project, expand);
  const of = `of project ${project.metadata.name}`;
  for (const ns of expanded.namespaces) {
    out.push({
      object: ns,
      phase: Phase.Namespaces,
      ruleId: isLocal ? 'P13' : 'V1',
      reason: `namespace ${of}`,
      source,
    });
  }
  for (const rb of expanded.roleBindings) {
    out.push({ object: rb, phase: Phase.Rbac, ruleId: 'V2', reason: `RoleBinding ${of}`, source });
  }
  for (const np of expanded.networkPolicies) {
    out.push({ object: np, phase: Phase.Rbac, ruleId: 'V4', reason: `NetworkPolicy ${of}`, source });
  }
  return out;
}

/** The clusters wired through their own admin namespace, which get no per-namespace binding (issue 13). */
function clusterNamespaceWired(fleet: Fleet): Set<string> {
  return new Set(
    fleet.managedClusters
      .filter((v) => v.metadata.annotations?.[WIRING_ANNOTATION] === Wiring.ClusterNamespace)
      .map((v) => v.metadata.name ?? ''),
  );
}

/** The `verrazzano-mc` namespace, which the agent creates on a managed cluster for the project copies (§4.6). */
function mcNamespace(cluster: string): DesiredObject {
  const vmc = {
    kind: 'VerrazzanoManagedCluster',
    metadata: { namespace: Namespaces.VerrazzanoMc, name: cluster },
  };
  return {
    object: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: Namespaces.VerrazzanoMc,
        labels: markedLabels(undefined),
        annotations: markedAnnotations(undefined, sourceRef(vmc)),
      },
    },
    phase: Phase.Projects,
    ruleId: 'P12',
    reason: 'project copies live in verrazzano-mc',
    source: desiredSource(vmc),
  };
}

/**
 * What a wrapper placed on `cluster` puts there: on a managed cluster its copy (P7); everywhere the
 * object it unwraps into (P9, P15 on the admin).
 */
function renderWrapper(cluster: string, wrapper: MultiClusterWrapper): DesiredObject[] {
  const isLocal = cluster === LOCAL_CLUSTER;
  const source = desiredSource(wrapper);
  const from = label(wrapper);
  const out: DesiredObject[] = [];
  if (!isLocal) {
    out.push({
      object: copyWrapper(wrapper),
      phase: wrapper.kind === 'MultiClusterApplicationConfiguration' ? Phase.AppConfigs : Phase.Wrappers,
      ruleId: 'P7',
      reason: `${from} is placed on ${cluster}`,
      source,
    });
  }
  out.push({
    object: unwrap(wrapper),
    phase: Phase.Unwrapped,
    ruleId: isLocal ? 'P15' : 'P9',
    reason: `unwrapped from ${from}`,
    source,
  });
  return out;
}

/** Just the objects of {@link renderCluster}. */
export function renderObjects(fleet: Fleet, cluster: string): KubeObject[] {
  return renderCluster(fleet, cluster).map((d) => d.object);
}
