/**
 * The placement matrix as a graph for docs: Graphviz dot and Mermaid. Resources (grouped by
 * namespace) on the left, clusters on the right; a solid edge where a resource is placed, a dashed
 * one labelled with the first failing gate and its rule where it is not. Same input, same text.
 */
import type { PlacedResource, PlacementDecision } from '../placement/explain.js';

interface Edge {
  readonly from: number;
  readonly to: number;
  readonly placed: boolean;
  readonly label: string;
}

interface Graph {
  readonly resources: readonly { readonly id: string; readonly label: string; readonly group: string }[];
  readonly clusters: readonly { readonly id: string; readonly label: string }[];
  readonly edges: readonly Edge[];
}

function graphOf(
  clusters: readonly string[],
  resources: readonly PlacedResource[],
  decisions: readonly PlacementDecision[],
): Graph {
  const edges: Edge[] = [];
  for (let i = 0; i < resources.length; i++) {
    for (let j = 0; j < clusters.length; j++) {
      const d = decisions[i * clusters.length + j];
      if (!d) continue;
      const gate = d.gates.find((g) => !g.ok);
      edges.push({ from: i, to: j, placed: d.placed, label: gate ? `${gate.gate} (${gate.ruleId})` : '' });
    }
  }
  return {
    resources: resources.map((r, i) => ({
      id: `r${i}`,
      label: `${r.kind}\n${r.metadata.name ?? ''}`,
      group: r.metadata.namespace ?? '',
    })),
    clusters: clusters.map((c, j) => ({ id: `c${j}`, label: c })),
    edges,
  };
}

const dotString = (text: string): string =>
  `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/**
 * The matrix in Graphviz dot.
 *
 * @example
 * placementDot(['managed1'], [todoApp], [decision]) // 'digraph placement {\n  rankdir=LR; …'
 */
export function placementDot(
  clusters: readonly string[],
  resources: readonly PlacedResource[],
  decisions: readonly PlacementDecision[],
): string {
  const g = graphOf(clusters, resources, decisions);
  const lines = ['digraph placement {', '  rankdir=LR;', '  node [shape=box, fontname="sans-serif"];'];
  const groups = [...new Set(g.resources.map((r) => r.group))];
  groups.forEach((group, k) => {
    lines.push(`  subgraph cluster_ns${k} {`, `    label=${dotString(`namespace ${group}`)};`);
    for (const r of g.resources.filter((x) => x.group === group))
      lines.push(`    ${r.id} [label=${dotString(r.label)}];`);
    lines.push('  }');
  });
  for (const c of g.clusters)
    lines.push(`  ${c.id} [label=${dotString(c.label)}, shape=cylinder, style=filled, fillcolor="#e8eef7"];`);
  for (const e of g.edges) {
    const from = g.resources[e.from]!.id;
    const to = g.clusters[e.to]!.id;
    lines.push(
      e.placed
        ? `  ${from} -> ${to} [color="#1a7f37", penwidth=2];`
        : `  ${from} -> ${to} [style=dashed, color="#8c959f", fontcolor="#57606a", label=${dotString(`✗ ${e.label}`)}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Text for a Mermaid label in double quotes: quotes and angle brackets as entities. */
const mermaidText = (text: string): string =>
  text
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\n/g, '<br/>');

/**
 * The matrix as a Mermaid flowchart.
 *
 * @example
 * placementMermaid(['managed1'], [todoApp], [decision]) // 'flowchart LR\n  subgraph …'
 */
export function placementMermaid(
  clusters: readonly string[],
  resources: readonly PlacedResource[],
  decisions: readonly PlacementDecision[],
): string {
  const g = graphOf(clusters, resources, decisions);
  const lines = ['flowchart LR'];
  const groups = [...new Set(g.resources.map((r) => r.group))];
  groups.forEach((group, k) => {
    lines.push(`  subgraph ns${k}["namespace ${mermaidText(group)}"]`);
    for (const r of g.resources.filter((x) => x.group === group))
      lines.push(`    ${r.id}["${mermaidText(r.label)}"]`);
    lines.push('  end');
  });
  for (const c of g.clusters) lines.push(`  ${c.id}[("${mermaidText(c.label)}")]`);
  const placed: number[] = [];
  const not: number[] = [];
  g.edges.forEach((e, k) => {
    const from = g.resources[e.from]!.id;
    const to = g.clusters[e.to]!.id;
    lines.push(e.placed ? `  ${from} ==> ${to}` : `  ${from} -.->|"✗ ${mermaidText(e.label)}"| ${to}`);
    (e.placed ? placed : not).push(k);
  });
  if (placed.length > 0) lines.push(`  linkStyle ${placed.join(',')} stroke:#1a7f37`);
  if (not.length > 0) lines.push(`  linkStyle ${not.join(',')} stroke:#8c959f,color:#57606a`);
  return `${lines.join('\n')}\n`;
}
