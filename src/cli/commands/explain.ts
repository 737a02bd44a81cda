import { knownClusters, type Fleet } from '../../placement/fleet.js';
import {
  explainPlacement,
  projectsOfNamespace,
  type PlacedResource,
  type PlacementDecision,
} from '../../placement/explain.js';
import { referenceWarnings } from '../../desired/dependents.js';
import { formatIssue } from '../../model/issues.js';
import { KINDS } from '../../model/kinds.js';
import { loadFleet } from '../support/fleet.js';
import { inputLimits } from '../support/input-limit.js';
import { CliError, type CommandContext } from '../shared/io.js';
import { dataDocument } from '../support/print.js';
import { explainTable } from '../support/explain-table.js';
import { placementDot, placementMermaid } from '../../report/graph.js';

interface ExplainOptions {
  readonly file: string[];
  readonly cluster?: string;
  readonly resource?: string;
  readonly namespace?: string;
  readonly output: 'text' | 'json' | 'yaml' | 'dot' | 'mermaid';
  readonly maxInputBytes?: string;
}

/** Resolves `KIND/NS/NAME`, accepting kind names, plurals and short names in any case. */
export function parseResourceRef(value: string): { kind: string; namespace: string; name: string } {
  const parts = value.split('/');
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw new CliError(`--resource must be KIND/NAMESPACE/NAME, got "${value}"`);
  }
  const [kindText = '', namespace = '', name = ''] = parts;
  const wanted = kindText.toLowerCase();
  const info = Object.values(KINDS).find(
    (k) =>
      k.kind.toLowerCase() === wanted ||
      k.plural === wanted ||
      k.singular === wanted ||
      k.shortNames.includes(wanted),
  );
  if (!info) throw new CliError(`unknown kind "${kindText}" in --resource`);
  return { kind: info.kind, namespace, name };
}

/** The document of `vzmc explain -o json` (and `-o yaml`): every gate with its detail and rule id. */
export function explainJson(clusters: readonly string[], decisions: readonly PlacementDecision[]): unknown {
  return {
    clusters,
    decisions: decisions.map((d) => ({
      kind: d.kind,
      namespace: d.namespace,
      name: d.name,
      cluster: d.cluster,
      placed: d.placed,
      gates: d.gates.map((g) => ({ gate: g.gate, ok: g.ok, detail: g.detail, ruleId: g.ruleId })),
    })),
  };
}

/** The resources explain covers, narrowed by --resource and -n, projects first, then by namespace and name. */
function selectResources(fleet: Fleet, options: ExplainOptions): PlacedResource[] {
  let resources: PlacedResource[] = [...fleet.projects, ...fleet.wrappers];
  if (options.namespace !== undefined) {
    const projects = new Set<PlacedResource>(projectsOfNamespace(fleet, options.namespace));
    resources = resources.filter((r) => projects.has(r) || r.metadata.namespace === options.namespace);
  }
  if (options.resource) {
    const ref = parseResourceRef(options.resource);
    resources = resources.filter(
      (r) => r.kind === ref.kind && r.metadata.namespace === ref.namespace && r.metadata.name === ref.name,
    );
    if (resources.length === 0)
      throw new CliError(`no ${ref.kind} ${ref.namespace}/${ref.name} in the fleet`);
  }
  const key = (r: PlacedResource) =>
    `${r.kind === 'VerrazzanoProject' ? 0 : 1}/${r.metadata.namespace ?? ''}/${r.metadata.name ?? ''}/${r.kind}`;
  return resources
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map(({ r }) => r);
}

/** `vzmc explain`. */
export async function run({ io }: CommandContext, options: ExplainOptions): Promise<void> {
  const { fleet } = await loadFleet(options.file, io, inputLimits(options.maxInputBytes, io));
  const clusters = options.cluster ? [options.cluster] : knownClusters(fleet);
  const resources = selectResources(fleet, options);
  const decisions = resources.flatMap((r) => clusters.map((c) => explainPlacement(fleet, r, c)));
  if (options.output === 'dot' || options.output === 'mermaid') {
    const graph = options.output === 'dot' ? placementDot : placementMermaid;
    io.stdout.write(graph(clusters, resources, decisions));
    return;
  }
  if (options.output !== 'text') {
    io.stdout.write(dataDocument(explainJson(clusters, decisions), options.output));
    return;
  }
  io.stdout.write(explainTable(clusters, resources, decisions));
  if (options.resource || options.cluster) {
    for (const d of decisions.filter((x) => !x.placed)) {
      io.stdout.write(`\n${d.kind} ${d.namespace}/${d.name} on ${d.cluster}:\n`);
      for (const g of d.gates)
        io.stdout.write(`  ${g.ok ? '✓' : '✗'} ${g.gate.padEnd(19)} ${g.detail} (${g.ruleId})\n`);
    }
  }
  for (const warning of referenceWarnings(fleet)) io.stderr.write(`${formatIssue(warning)}\n`);
}
