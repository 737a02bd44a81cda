/**
 * Issue #4 goal: `renderCluster` for one cluster with 10,000 placed MC resources (100 namespaces,
 * 10 projects) in under 200 ms. The figure builds the fleet from the objects inside the timing, so
 * the placement index is never reused from a warm-up. Baseline: `structuredClone` of the same
 * 10,000 wrappers, the least any renderer that copies its input must do (render makes two objects
 * per wrapper: the agent copy and the unwrapped object).
 *
 * Run: npm run bench -- render
 */
import { fleetFromObjects, renderCluster, type KubeObject } from '../src/index.js';
import { syncFleetObjects } from './fixtures.js';
import { loadAverage, medianMs, ms, report } from './harness.js';

const RESOURCES = 10_000;
const objects = syncFleetObjects({
  resources: RESOURCES,
  namespaces: 100,
  projects: 10,
}) as unknown as KubeObject[];
const wrappers = objects.filter((o) => o.kind.startsWith('MultiCluster'));

const load = await loadAverage();
let rendered = 0;
const figure = await medianMs(() => {
  rendered = renderCluster(fleetFromObjects(objects), 'managed1').length;
}, 7);
const baseline = await medianMs(() => structuredClone(wrappers), 7);

report({
  bench: `renderCluster: managed1 with ${wrappers.length} placed MC resources in 100 namespaces (${rendered} objects rendered)`,
  figure: `${ms(figure)} (fleet + render); load ${load}`,
  baseline: `${ms(baseline)} for structuredClone of the ${wrappers.length} wrappers`,
  goal: '< 200 ms',
  met: figure < 200,
});
