/**
 * Issue #4 goal: the placement matrix of 2,000 clusters × 5,000 MC resources in under 1 s, with
 * peak memory under 1 GB, explanations computed on demand. The figure builds the fleet from the
 * objects (so its index is built inside the timing, never reused from a warm-up) and the matrix,
 * then reads every resource's placed set. Baseline: what the matrix avoids, explaining every
 * cell eagerly (`explainPlacement` for every resource × cluster), timed on a sample of resources
 * against all clusters and extrapolated to the whole matrix.
 *
 * Run: npm run bench -- placement-matrix
 */
import {
  explainPlacement,
  fleetFromObjects,
  placementMatrix,
  type KubeObject,
  type PlacedResource,
} from '../src/index.js';
import { placementFleetObjects } from './fixtures.js';
import { inChild, loadAverage, mb, medianMs, ms, peakRssBytes, report } from './harness.js';

const CLUSTERS = 2_000;
const RESOURCES = 5_000;
const SAMPLE = 50;

const mode = process.argv[2] ?? 'figure';
const objects = placementFleetObjects({
  clusters: CLUSTERS,
  resources: RESOURCES,
  namespaces: 200,
  projects: 100,
  projectWidth: 200,
}) as unknown as KubeObject[];

function buildMatrix() {
  const matrix = placementMatrix(fleetFromObjects(objects));
  let placed = 0;
  for (let i = 0; i < matrix.resources.length; i++) placed += matrix.placedOn(i).size;
  return { matrix, placed };
}

if (mode === 'memory') {
  const before = process.memoryUsage().rss;
  const { matrix, placed } = buildMatrix();
  console.log(JSON.stringify({ peak: peakRssBytes(), before, placed, cells: matrix.resources.length }));
} else {
  const load = await loadAverage();
  let placed = 0;
  const figure = await medianMs(() => {
    placed = buildMatrix().placed;
  }, 5);
  const { matrix } = buildMatrix();
  const resources = matrix.resources.length;
  const clusters = matrix.clusters.length;
  const cells = resources * clusters;

  // One cell explained on demand: the median of single explanations spread over the matrix.
  const probes = Array.from({ length: 1_000 }, (_, k) => ({
    index: (k * 7919) % resources,
    cluster: matrix.clusters[(k * 104_729) % clusters]!,
  }));
  let probe = 0;
  const explainOne = await medianMs(
    () => {
      const { index, cluster } = probes[probe++ % probes.length]!;
      return matrix.explain(index, cluster);
    },
    probes.length,
    50,
  );

  // Baseline: every cell explained eagerly, on SAMPLE resources × every cluster, extrapolated.
  const fleet = fleetFromObjects(objects);
  const sample: PlacedResource[] = Array.from(
    { length: SAMPLE },
    (_, k) => matrix.resources[Math.floor((k * resources) / SAMPLE)]!,
  );
  const sampleMs = await medianMs(() => {
    let n = 0;
    for (const resource of sample)
      for (const cluster of matrix.clusters) if (explainPlacement(fleet, resource, cluster).placed) n++;
    return n;
  }, 3);
  const eagerMs = (sampleMs / (SAMPLE * clusters)) * cells;

  const memory = await inChild<{ peak: number; before: number }>('memory');
  report({
    bench: `placement matrix: ${CLUSTERS} managed clusters + local × ${RESOURCES} MC wrappers + ${resources - RESOURCES} projects (${(cells / 1e6).toFixed(1)} M cells, ${placed} placed)`,
    figure: `${ms(figure)} (fleet + matrix + every placed set), peak RSS ${mb(memory.peak)} (${mb(memory.peak - memory.before)} above the objects); explain one cell ${(explainOne * 1000).toFixed(1)} µs; load ${load}`,
    baseline: `${(eagerMs / 1000).toFixed(1)} s to explain every cell eagerly (explainPlacement on ${SAMPLE} resources × ${clusters} clusters: ${ms(sampleMs)}, extrapolated to ${(cells / 1e6).toFixed(1)} M cells)`,
    goal: '< 1000 ms and peak memory < 1 GB, explanations on demand',
    met: figure < 1000 && memory.peak < 1024 ** 3,
  });
}
