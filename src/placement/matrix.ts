/**
 * The placement matrix of a whole fleet: every (project or wrapper) × every known cluster. Placement
 * is computed eagerly as one small set per resource; explanations are computed only when asked for,
 * so thousands of clusters × thousands of resources stay cheap.
 */
import type { Fleet } from './fleet.js';
import { knownClusters } from './fleet.js';
import { explainPlacement, placedClusters, type PlacedResource, type PlacementDecision } from './explain.js';

/** The placement of every resource of a fleet on every known cluster. */
export interface PlacementMatrix {
  /** The clusters, in order: VMC names sorted, then `local`. */
  readonly clusters: readonly string[];
  /** VerrazzanoProjects first, then wrappers, each group sorted by namespace, name and kind. */
  readonly resources: readonly PlacedResource[];
  /** The clusters resource `index` is placed on. */
  placedOn(index: number): ReadonlySet<string>;
  /** Whether resource `index` is placed on `cluster`. */
  isPlaced(index: number, cluster: string): boolean;
  /** The gate-by-gate explanation for one cell, computed now. */
  explain(index: number, cluster: string): PlacementDecision;
  /** Every cell's explanation, resource by resource, cluster by cluster, computed lazily. */
  decisions(): Generator<PlacementDecision>;
}

const compare = (a: PlacedResource, b: PlacedResource): number => {
  const ka = `${a.kind === 'VerrazzanoProject' ? 0 : 1}\u0000${a.metadata.namespace ?? ''}\u0000${a.metadata.name ?? ''}\u0000${a.kind}`;
  const kb = `${b.kind === 'VerrazzanoProject' ? 0 : 1}\u0000${b.metadata.namespace ?? ''}\u0000${b.metadata.name ?? ''}\u0000${b.kind}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/**
 * Builds the placement matrix of a fleet.
 *
 * @example
 * const matrix = placementMatrix(fleet);
 * matrix.clusters //=> ['managed1', 'managed2', 'local']
 * matrix.isPlaced(0, 'managed1') //=> true
 * [...matrix.decisions()].length //=> matrix.resources.length * matrix.clusters.length
 */
export function placementMatrix(
  fleet: Fleet,
  clusters: readonly string[] = knownClusters(fleet),
): PlacementMatrix {
  const resources = [...fleet.projects, ...fleet.wrappers].sort(compare);
  const placed = resources.map((resource) => new Set(placedClusters(fleet, resource)));
  const at = (index: number): PlacedResource => {
    const resource = resources[index];
    if (!resource) throw new RangeError(`no resource at index ${index}`);
    return resource;
  };
  return {
    clusters,
    resources,
    placedOn: (index) => placed[index] ?? new Set(),
    isPlaced: (index, cluster) => placed[index]?.has(cluster) ?? false,
    explain: (index, cluster) => explainPlacement(fleet, at(index), cluster),
    *decisions() {
      for (let i = 0; i < resources.length; i++) {
        for (const cluster of clusters) yield explainPlacement(fleet, at(i), cluster);
      }
    },
  };
}
