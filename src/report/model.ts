/**
 * The data of `vzmc report`: the placement matrix of a fleet in a compact form that the page renders
 * lazily. A cell's explanation is the failing gates of `explainPlacement` (placement/explain.ts),
 * computed here, never on the page. Clusters that no placement of a row names are alike but for
 * their name, so a row stores one explanation for all of them (its details end with the cluster's
 * name, which the page appends) and explicit ones for the clusters it names: the data grows with
 * the placements, not with clusters × resources.
 *
 * Only names, states and status messages go in: never a Secret's data or an object's spec.
 */
import { Gate, explainPlacement, type PlacedResource, type PlacementDecision } from '../placement/explain.js';
import { knownClusters, type Fleet } from '../placement/fleet.js';
import { placementMatrix } from '../placement/matrix.js';
import { Kind, KINDS } from '../model/kinds.js';
import { LOCAL_CLUSTER } from '../model/names.js';
import type { MultiClusterWrapper, VerrazzanoProject } from '../model/verrazzano.js';

/** The gates in their order: a gate is stored as its index here. */
export const REPORT_GATES: readonly Gate[] = Object.values(Gate);

/** One resource row of the matrix (short keys: the data of a large fleet is megabytes). */
export interface ReportRow {
  /** Index into {@link ReportData.kinds}. */
  readonly k: number;
  /** Namespace. */
  readonly ns: string;
  /** Name. */
  readonly n: string;
  /** The columns (cluster indexes) it is placed on, ascending. */
  readonly p: readonly number[];
  /** Explicit explanations: pairs column, explanation index, flattened. */
  readonly x: readonly number[];
  /** The explanation of every other unplaced column, or -1 when every column is explicit. */
  readonly d: number;
  /** Per-cluster status entries: column, state, message, time (string indexes; -1 none), flattened. */
  readonly s: readonly number[];
}

/** A project and its rows (the project's own row first, then the wrappers in its namespaces). */
export interface ReportGroup {
  /** The project's name, or `(no project)`. */
  readonly name: string;
  /** The first row of the group. */
  readonly start: number;
  /** One past its last row. */
  readonly end: number;
}

/** One cluster's state, from its VMC's status (string indexes; -1 none). */
export interface ReportCluster {
  /** Name. */
  readonly name: string;
  /** VMC status.state. */
  readonly state: number;
  /** VMC status.lastAgentConnectTime. */
  readonly contact: number;
}

/** A generic section of static tables, for the parts the matrix is not (the impact of a change). */
export interface ReportSection {
  /** The anchor id: lowercase letters, digits and dashes. */
  readonly id: string;
  /** The heading. */
  readonly title: string;
  /** One paragraph under the heading. */
  readonly summary?: string;
  /** Its tables. */
  readonly tables: readonly ReportTable[];
}

/** A static table of a {@link ReportSection}. */
export interface ReportTable {
  /** The caption. */
  readonly caption: string;
  /** Column headings. */
  readonly columns: readonly string[];
  /** Rows of cells, plain text. */
  readonly rows: readonly (readonly string[])[];
}

/** Everything the page shows, as embedded JSON. */
export interface ReportData {
  /** Format version. */
  readonly v: 1;
  /** The page title. */
  readonly title: string;
  /** When the data was read, only when the caller passes it. */
  readonly generatedAt?: string;
  /** Where the fleet came from, e.g. `files` or `context admin`. */
  readonly source: string;
  /** Gate names, in the order of the placement gates. */
  readonly gates: readonly string[];
  /** Kind names. */
  readonly kinds: readonly string[];
  /** Their short names (`project`, `mcappconf`, …), by the same index. */
  readonly short: readonly string[];
  /** The string table: details, rule ids, states, messages, times. */
  readonly strings: readonly string[];
  /** Explanations: each a flat list of gate, rule, detail, templated (1: append the cluster's name). */
  readonly expl: readonly (readonly number[])[];
  /** The columns. */
  readonly clusters: readonly ReportCluster[];
  /** The groups, in order; their rows are contiguous. */
  readonly groups: readonly ReportGroup[];
  /** The rows. */
  readonly rows: readonly ReportRow[];
}

/** Options of {@link reportData}. */
export interface ReportOptions {
  /** The page title. Default `vzmc fleet report`. */
  readonly title?: string;
  /** A timestamp to print; without it the page has none, so the same fleet gives the same bytes. */
  readonly generatedAt?: string;
  /** Where the fleet came from. Default `files`. */
  readonly source?: string;
}

/** Interns strings and explanations. */
class Tables {
  readonly strings: string[] = [];
  readonly expl: number[][] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly explIndex = new Map<string, number>();

  str(value: string | undefined): number {
    if (value === undefined || value === '') return -1;
    let index = this.stringIndex.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      this.stringIndex.set(value, index);
    }
    return index;
  }

  explanation(flat: number[]): number {
    const key = flat.join(',');
    let index = this.explIndex.get(key);
    if (index === undefined) {
      index = this.expl.length;
      this.expl.push(flat);
      this.explIndex.set(key, index);
    }
    return index;
  }
}

/** The failing gates of a decision, flat; a templated detail (see templateOf) is stored without the cluster name it ends with. */
function failing(tables: Tables, decision: PlacementDecision, templated?: readonly boolean[]): number[] {
  const out: number[] = [];
  decision.gates.forEach((g, i) => {
    if (g.ok) return;
    const t = templated?.[i] === true;
    const detail = t ? g.detail.slice(0, g.detail.length - decision.cluster.length) : g.detail;
    out.push(REPORT_GATES.indexOf(g.gate), tables.str(g.ruleId), tables.str(detail), t ? 1 : 0);
  });
  return out;
}

/**
 * Whether two decisions on unnamed clusters differ only by the cluster's name at the end of details;
 * returns, per gate, whether its detail is templated, or undefined when they differ otherwise.
 */
function templateOf(a: PlacementDecision, b: PlacementDecision): boolean[] | undefined {
  if (a.gates.length !== b.gates.length) return undefined;
  const out: boolean[] = [];
  for (let i = 0; i < a.gates.length; i++) {
    const ga = a.gates[i]!;
    const gb = b.gates[i]!;
    if (ga.gate !== gb.gate || ga.ok !== gb.ok || ga.ruleId !== gb.ruleId) return undefined;
    if (ga.ok || ga.detail === gb.detail)
      out.push(false); // a gate that holds is not shown
    else if (
      ga.detail.endsWith(a.cluster) &&
      gb.detail.endsWith(b.cluster) &&
      ga.detail.slice(0, -a.cluster.length) === gb.detail.slice(0, -b.cluster.length)
    )
      out.push(true);
    else return undefined;
  }
  return out;
}

type ProjectsByNamespace = ReadonlyMap<string, readonly VerrazzanoProject[]>;

function projectsByNamespace(fleet: Fleet): ProjectsByNamespace {
  const out = new Map<string, VerrazzanoProject[]>();
  for (const p of [...fleet.projects].sort((a, b) => compareText(a.metadata.name, b.metadata.name)))
    for (const ns of p.spec.template.namespaces) {
      const name = ns.metadata.name ?? '';
      const list = out.get(name) ?? [];
      if (!list.includes(p)) list.push(p);
      out.set(name, list);
    }
  return out;
}

const compareText = (a = '', b = ''): number => (a < b ? -1 : a > b ? 1 : 0);

/** The clusters a row's outcome can depend on by more than their name. */
function namedClusters(resource: PlacedResource, byNamespace: ProjectsByNamespace): Set<string> {
  const named = new Set<string>([LOCAL_CLUSTER]);
  for (const c of resource.spec?.placement.clusters ?? []) named.add(c.name);
  if (resource.kind !== Kind.VerrazzanoProject) {
    for (const p of byNamespace.get(resource.metadata.namespace ?? '') ?? [])
      for (const c of p.spec.placement.clusters) named.add(c.name);
  }
  return named;
}

/** What building a row needs. */
interface RowContext {
  readonly fleet: Fleet;
  readonly tables: Tables;
  readonly columns: ReadonlyMap<string, number>;
  readonly byNamespace: ProjectsByNamespace;
}

/**
 * The explanations of a row's unplaced columns: one for the columns no placement names (when they
 * are alike but for their name), explicit ones for the rest.
 */
function explanationsOf(
  ctx: RowContext,
  resource: PlacedResource,
  placed: ReadonlySet<string>,
): { x: number[]; d: number } {
  const { fleet, tables, columns } = ctx;
  const named = namedClusters(resource, ctx.byNamespace);
  const special = new Set([...named, ...placed].filter((c) => columns.has(c)));
  const unnamedCount = columns.size - special.size;
  // The first unnamed columns (two suffice to find the template); all of them only in the fallback.
  const unnamed = (limit: number): string[] => {
    const out: string[] = [];
    for (const c of columns.keys()) {
      if (out.length === limit) break;
      if (!special.has(c)) out.push(c);
    }
    return out;
  };
  let explicit = [...named].filter((c) => columns.has(c) && !placed.has(c));
  let d = -1;
  const [a, b] = unnamedCount > 2 ? unnamed(2) : [];
  const first = a === undefined ? undefined : explainPlacement(fleet, resource, a);
  const template =
    first && b !== undefined ? templateOf(first, explainPlacement(fleet, resource, b)) : undefined;
  if (first && template) d = tables.explanation(failing(tables, first, template));
  else explicit = [...explicit, ...unnamed(Infinity)];
  const x = explicit
    .map((c) => [columns.get(c)!, tables.explanation(failing(tables, explainPlacement(fleet, resource, c)))])
    .sort((m, n) => m[0]! - n[0]!)
    .flat();
  return { x, d };
}

/** The per-cluster status entries the resource carries (status.clusters), by column. */
function statuses(tables: Tables, resource: PlacedResource, columns: ReadonlyMap<string, number>): number[] {
  const entries = (resource as MultiClusterWrapper).status?.clusters ?? [];
  return entries
    .filter((e) => columns.has(e.name))
    .map((e) => [
      columns.get(e.name)!,
      tables.str(e.state),
      tables.str(e.message?.slice(0, 300)),
      tables.str(e.lastUpdateTime),
    ])
    .sort((a, b) => a[0]! - b[0]!)
    .flat();
}

const shortName = (kind: string): string =>
  kind === Kind.VerrazzanoProject ? 'project' : (KINDS[kind as keyof typeof KINDS]?.shortNames[0] ?? kind);

const NO_PROJECT = '(no project)';

/** The group of a resource: its own project, or the first project (by name) holding its namespace. */
function groupOf(resource: PlacedResource, byNamespace: ProjectsByNamespace): string {
  if (resource.kind === Kind.VerrazzanoProject) return resource.metadata.name ?? '';
  return byNamespace.get(resource.metadata.namespace ?? '')?.[0]?.metadata.name ?? NO_PROJECT;
}

/** The resources in report order: by group (projects by name, `(no project)` last), project first. */
function grouped(
  resources: readonly PlacedResource[],
  byNamespace: ProjectsByNamespace,
): { name: string; resources: PlacedResource[] }[] {
  const groups = new Map<string, PlacedResource[]>();
  for (const r of resources) {
    const name = groupOf(r, byNamespace);
    const list = groups.get(name);
    if (list) list.push(r);
    else groups.set(name, [r]);
  }
  return [...groups]
    .sort(([a], [b]) => (a === NO_PROJECT ? 1 : b === NO_PROJECT ? -1 : compareText(a, b)))
    .map(([name, list]) => ({ name, resources: list }));
}

/**
 * The report's data for a fleet: every project and wrapper on every known cluster, with the
 * explanation of every cell and the status the fleet's objects carry.
 *
 * @example
 * const data = reportData(fleet);
 * data.clusters.map((c) => c.name) //=> ['managed1', 'managed2', 'local']
 * data.rows[0].n //=> 'hello-helidon'
 */
export function reportData(fleet: Fleet, options: ReportOptions = {}): ReportData {
  const clusterNames = knownClusters(fleet);
  const tables = new Tables();
  const columns = new Map(clusterNames.map((c, i) => [c, i]));
  const ctx: RowContext = { fleet, tables, columns, byNamespace: projectsByNamespace(fleet) };
  const matrix = placementMatrix(fleet, clusterNames);
  const placedOf = new Map(matrix.resources.map((r, i) => [r, matrix.placedOn(i)]));
  const kinds: string[] = [];
  const rows: ReportRow[] = [];
  const groups: ReportGroup[] = [];
  for (const group of grouped(matrix.resources, ctx.byNamespace)) {
    const start = rows.length;
    for (const resource of group.resources) {
      if (!kinds.includes(resource.kind)) kinds.push(resource.kind);
      rows.push({
        k: kinds.indexOf(resource.kind),
        ns: resource.metadata.namespace ?? '',
        n: resource.metadata.name ?? '',
        p: [...(placedOf.get(resource) ?? [])]
          .map((c) => columns.get(c) ?? -1)
          .filter((i) => i >= 0)
          .sort((a, b) => a - b),
        ...explanationsOf(ctx, resource, placedOf.get(resource) ?? new Set()),
        s: statuses(tables, resource, columns),
      });
    }
    groups.push({ name: group.name, start, end: rows.length });
  }
  const vmcs = new Map(fleet.managedClusters.map((m) => [m.metadata.name ?? '', m]));
  const clusters = clusterNames.map((name) => {
    const vmc = vmcs.get(name);
    return {
      name,
      state: tables.str(vmc?.status?.state),
      contact: tables.str(vmc?.status?.lastAgentConnectTime),
    };
  });
  return {
    v: 1,
    title: options.title ?? 'vzmc fleet report',
    ...(options.generatedAt !== undefined ? { generatedAt: options.generatedAt } : {}),
    source: options.source ?? 'files',
    gates: REPORT_GATES,
    kinds,
    short: kinds.map(shortName),
    strings: tables.strings,
    expl: tables.expl,
    clusters,
    groups,
    rows,
  };
}
