/**
 * The fleet: the admin cluster's objects that decide placement (VMCs, VerrazzanoProjects, MC
 * wrappers, the Secrets and Components app configs reference), as plain data. Build it from loaded
 * manifests or from objects listed through a ClusterClient; the fleet itself does no I/O.
 */
import { isWrapperKind, Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { LOCAL_CLUSTER, Namespaces, VerrazzanoLabels } from '../model/names.js';
import type { Component } from '../model/oam.js';
import type { Namespace, Secret } from '../model/core.js';
import {
  CLUSTERS_API_VERSION,
  type MultiClusterWrapper,
  type VerrazzanoManagedCluster,
  type VerrazzanoProject,
} from '../model/verrazzano.js';
import { OAM_API_VERSION } from '../model/oam.js';

/** Facts about one cluster's own state that change what it gets. */
export interface ClusterFacts {
  /** Labels of the cluster's `verrazzano-system` namespace (for the `istio-injection` derivation, V1). */
  readonly verrazzanoSystemLabels?: Readonly<Record<string, string>>;
}

/** The admin cluster's placement-relevant objects. */
export interface Fleet {
  /** VerrazzanoManagedClusters in `verrazzano-mc`: the registered clusters. */
  readonly managedClusters: readonly VerrazzanoManagedCluster[];
  /** VerrazzanoProjects in `verrazzano-mc`. */
  readonly projects: readonly VerrazzanoProject[];
  /** The four kinds of MC wrappers, in any namespace. */
  readonly wrappers: readonly MultiClusterWrapper[];
  /** Plain Secrets (the ones app configs list in `spec.secrets`). */
  readonly secrets: readonly Secret[];
  /** Plain OAM Components (the ones app configs reference by `componentName`). */
  readonly components: readonly Component[];
  /** Per-cluster facts, keyed by cluster name (`local` for the admin). */
  readonly clusterFacts: Readonly<Record<string, ClusterFacts>>;
}

/** An empty fleet. */
export const EMPTY_FLEET: Fleet = {
  managedClusters: [],
  projects: [],
  wrappers: [],
  secrets: [],
  components: [],
  clusterFacts: {},
};

/** Options for {@link fleetFromObjects}. */
export interface FleetFromObjectsOptions {
  /** Facts about managed clusters, which the admin's objects cannot tell. */
  readonly clusterFacts?: Readonly<Record<string, ClusterFacts>>;
}

/**
 * Sorts the admin's objects into a fleet. Objects of other kinds are ignored; VMCs and projects
 * outside `verrazzano-mc` are ignored too, as Verrazzano's controllers ignore them. The admin's own
 * `verrazzano-system` Namespace, if present, gives the `local` cluster's facts.
 *
 * @example
 * const { objects } = loadSources(await readManifestSources(['examples/todo-list', 'examples/vmc-managed1.yaml']));
 * const fleet = fleetFromObjects(objects.map((o) => o.object));
 * fleet.managedClusters.map((vmc) => vmc.metadata.name) //=> ['managed1']
 */
export function fleetFromObjects(
  objects: Iterable<KubeObject>,
  options: FleetFromObjectsOptions = {},
): Fleet {
  const managedClusters: VerrazzanoManagedCluster[] = [];
  const projects: VerrazzanoProject[] = [];
  const wrappers: MultiClusterWrapper[] = [];
  const secrets: Secret[] = [];
  const components: Component[] = [];
  const clusterFacts: Record<string, ClusterFacts> = { ...(options.clusterFacts ?? {}) };
  for (const object of objects) {
    const { apiVersion, kind } = object;
    if (apiVersion === CLUSTERS_API_VERSION) {
      if (kind === Kind.VerrazzanoManagedCluster && object.metadata.namespace === Namespaces.VerrazzanoMc) {
        managedClusters.push(object as unknown as VerrazzanoManagedCluster);
      } else if (kind === Kind.VerrazzanoProject && object.metadata.namespace === Namespaces.VerrazzanoMc) {
        projects.push(object as unknown as VerrazzanoProject);
      } else if (isWrapperKind(kind)) {
        wrappers.push(object as unknown as MultiClusterWrapper);
      }
    } else if (apiVersion === 'v1' && kind === Kind.Secret) {
      secrets.push(object as unknown as Secret);
    } else if (apiVersion === OAM_API_VERSION && kind === Kind.Component) {
      components.push(object as unknown as Component);
    } else if (
      apiVersion === 'v1' &&
      kind === Kind.Namespace &&
      object.metadata.name === Namespaces.VerrazzanoSystem
    ) {
      const labels = (object as unknown as Namespace).metadata.labels ?? {};
      clusterFacts[LOCAL_CLUSTER] = { ...clusterFacts[LOCAL_CLUSTER], verrazzanoSystemLabels: labels };
    }
  }
  return { managedClusters, projects, wrappers, secrets, components, clusterFacts };
}

/** The names of every cluster the fleet knows: the VMC names, sorted, then `local`. */
export function knownClusters(fleet: Fleet): string[] {
  const names = [...new Set(fleet.managedClusters.map((vmc) => vmc.metadata.name ?? ''))]
    .filter((n) => n !== '')
    .sort();
  return [...names.filter((n) => n !== LOCAL_CLUSTER), LOCAL_CLUSTER];
}

/** The `istio-injection` value a project namespace gets on a cluster (V1). */
export function istioInjectionFor(fleet: Fleet, cluster: string): string {
  return fleet.clusterFacts[cluster]?.verrazzanoSystemLabels?.[VerrazzanoLabels.IstioInjection] ?? 'enabled';
}
