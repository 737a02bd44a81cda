/**
 * The placement table of `vzmc explain`, which the demo (src/cli/demo/story.ts) prints too.
 */
import type { PlacedResource, PlacementDecision } from '../../placement/explain.js';
import { formatTable } from './table.js';

/** The text table: one row per resource, one column per cluster, ✓ or ✗ with the first failing gate. */
export function explainTable(
  clusters: readonly string[],
  resources: readonly PlacedResource[],
  decisions: readonly PlacementDecision[],
): string {
  const cell = (d: PlacementDecision | undefined) => {
    if (!d) return '';
    if (d.placed) return '✓';
    return `✗ ${d.gates.find((g) => !g.ok)?.gate ?? ''}`;
  };
  return formatTable([
    ['RESOURCE', ...clusters],
    ...resources.map((r, i) => [
      `${r.kind} ${r.metadata.namespace ?? ''}/${r.metadata.name ?? ''}`,
      ...clusters.map((_c, j) => cell(decisions[i * clusters.length + j])),
    ]),
  ]);
}
