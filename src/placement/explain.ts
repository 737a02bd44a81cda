/**
 * Placement eligibility with explanations. A managed cluster C takes an MC wrapper W in namespace N
 * only when five named gates hold (spec §2.2, P5–P7, plus registration):
 *
 * 1. `cluster-registered`: a VMC named C exists in `verrazzano-mc` (or C is `local`, the admin itself, P3);
 * 2. `project-membership`: N is listed in a VerrazzanoProject (P5);
 * 3. `project-placement`: such a project's placement names C (P6, P12);
 * 4. `namespace-managed`: the namespace that project creates on C is labelled
 *    `verrazzano-managed=true`, which the template may override with `"false"` (P5: the agent
 *    syncs only namespaces so labelled);
 * 5. `resource-placement`: W's own placement names C (P7).
 *
 * On `local` the rules differ: project namespaces always exist on the admin (P13), and a wrapper is
 * unwrapped there iff `local` is in its placement, project or not (P15). A VerrazzanoProject is placed
 * on C iff its placement names C (P12), and always on `local` (P13).
 */
import { Kind } from '../model/kinds.js';
import { LOCAL_CLUSTER, Namespaces, VerrazzanoLabels } from '../model/names.js';
import type { MultiClusterWrapper, VerrazzanoProject } from '../model/verrazzano.js';
import type { Fleet } from './fleet.js';

/** The five gates, in the order they are evaluated and reported. */
export const Gate = {
  /** A VMC names the cluster, or the cluster is `local` (P1, P3). */
  ClusterRegistered: 'cluster-registered',
  /** The wrapper's namespace is listed in a VerrazzanoProject (P5). */
  ProjectMembership: 'project-membership',
  /** Such a project's placement names the cluster (P6, P12). */
  ProjectPlacement: 'project-placement',
  /** The project namespace is labelled `verrazzano-managed=true` on the cluster (P5). */
  NamespaceManaged: 'namespace-managed',
  /** The resource's own placement names the cluster (P7, P15). */
  ResourcePlacement: 'resource-placement',
} as const;
/** One of {@link Gate}'s values. */
export type Gate = (typeof Gate)[keyof typeof Gate];

/** One gate's verdict. */
export interface GateResult {
  /** Which gate. */
  readonly gate: Gate;
  /** Whether it holds. */
  readonly ok: boolean;
  /** Why, in one sentence. */
  readonly detail: string;
  /** The spec rule the gate implements. */
  readonly ruleId: string;
}

/** Everything about one (resource, cluster) pair. */
export interface PlacementDecision {
  /** Kind of the resource. */
  readonly kind: string;
  /** Namespace of the resource. */
  readonly namespace: string;
  /** Name of the resource. */
  readonly name: string;
  /** The cluster asked about. */
  readonly cluster: string;
  /** True when every gate holds. */
  readonly placed: boolean;
  /** The five gates, in {@link Gate} order. */
  readonly gates: readonly GateResult[];
}

/** A resource that has a placement: a VerrazzanoProject or an MC wrapper. */
export type PlacedResource = VerrazzanoProject | MultiClusterWrapper;

interface FleetIndex {
  readonly registered: ReadonlySet<string>;
  readonly projectsByNamespace: ReadonlyMap<string, readonly VerrazzanoProject[]>;
  readonly projectClusters: ReadonlyMap<VerrazzanoProject, ReadonlySet<string>>;
}

const INDEXES = new WeakMap<Fleet, FleetIndex>();

/** Builds (once per fleet object) the lookups every placement question needs. */
function indexOf(fleet: Fleet): FleetIndex {
  let index = INDEXES.get(fleet);
  if (index) return index;
  const registered = new Set<string>();
  for (const vmc of fleet.managedClusters) if (vmc.metadata.name) registered.add(vmc.metadata.name);
  const projectsByNamespace = new Map<string, VerrazzanoProject[]>();
  const projectClusters = new Map<VerrazzanoProject, Set<string>>();
  for (const project of fleet.projects) {
    projectClusters.set(project, new Set(project.spec.placement.clusters.map((c) => c.name)));
    for (const ns of project.spec.template.namespaces) {
      const name = ns.metadata.name;
      if (name === undefined) continue;
      const list = projectsByNamespace.get(name);
      if (list) {
        if (!list.includes(project)) list.push(project);
      } else projectsByNamespace.set(name, [project]);
    }
  }
  index = { registered, projectsByNamespace, projectClusters };
  INDEXES.set(fleet, index);
  return index;
}

const placementNames = (resource: PlacedResource): string[] =>
  (resource.spec?.placement.clusters ?? []).map((c) => c.name);
const list = (names: readonly string[]) => (names.length === 0 ? '[]' : `[${names.join(', ')}]`);
const projectName = (p: VerrazzanoProject) => p.metadata.name ?? '';

function registeredGate(index: FleetIndex, cluster: string): GateResult {
  if (cluster === LOCAL_CLUSTER) {
    return {
      gate: Gate.ClusterRegistered,
      ok: true,
      detail: 'local is the admin cluster itself',
      ruleId: 'P3',
    };
  }
  return index.registered.has(cluster)
    ? {
        gate: Gate.ClusterRegistered,
        ok: true,
        detail: `VerrazzanoManagedCluster ${cluster} exists`,
        ruleId: 'P1',
      }
    : {
        gate: Gate.ClusterRegistered,
        ok: false,
        detail: `no VerrazzanoManagedCluster named ${cluster} in verrazzano-mc`,
        ruleId: 'P1',
      };
}

function wrapperGates(index: FleetIndex, wrapper: MultiClusterWrapper, cluster: string): GateResult[] {
  const namespace = wrapper.metadata.namespace ?? '';
  const placement = placementNames(wrapper);
  const resourceGate: GateResult =
    namespace === Namespaces.KubeSystem
      ? {
          gate: Gate.ResourcePlacement,
          ok: false,
          detail: 'every controller ignores wrappers in kube-system',
          ruleId: 'U6',
        }
      : placement.includes(cluster)
        ? {
            gate: Gate.ResourcePlacement,
            ok: true,
            detail: `its placement ${list(placement)} names ${cluster}`,
            ruleId: cluster === LOCAL_CLUSTER ? 'P15' : 'P7',
          }
        : {
            gate: Gate.ResourcePlacement,
            ok: false,
            detail: `its placement ${list(placement)} does not name ${cluster}`,
            ruleId: cluster === LOCAL_CLUSTER ? 'P15' : 'P7',
          };
  if (cluster === LOCAL_CLUSTER) {
    const notNeeded = 'not required on the admin cluster, which unwraps whatever names local';
    return [
      registeredGate(index, cluster),
      { gate: Gate.ProjectMembership, ok: true, detail: notNeeded, ruleId: 'P15' },
      { gate: Gate.ProjectPlacement, ok: true, detail: notNeeded, ruleId: 'P15' },
      { gate: Gate.NamespaceManaged, ok: true, detail: notNeeded, ruleId: 'P15' },
      resourceGate,
    ];
  }
  const projects = index.projectsByNamespace.get(namespace) ?? [];
  const membership: GateResult =
    projects.length > 0
      ? {
          gate: Gate.ProjectMembership,
          ok: true,
          detail: `namespace ${namespace} belongs to project ${projects.map(projectName).join(', ')}`,
          ruleId: 'P5',
        }
      : {
          gate: Gate.ProjectMembership,
          ok: false,
          detail: `namespace ${namespace} is in no VerrazzanoProject`,
          ruleId: 'P5',
        };
  const placing = projects.filter((p) => index.projectClusters.get(p)?.has(cluster));
  const projectPlacement: GateResult =
    placing.length > 0
      ? {
          gate: Gate.ProjectPlacement,
          ok: true,
          detail: `project ${placing.map(projectName).join(', ')} places ${cluster}`,
          ruleId: 'P6',
        }
      : {
          gate: Gate.ProjectPlacement,
          ok: false,
          detail:
            projects.length === 0
              ? `no project contains namespace ${namespace}`
              : projects
                  .map((p) => `project ${projectName(p)} places ${list(placementNames(p))}`)
                  .join('; ') + `, not ${cluster}`,
          ruleId: 'P6',
        };
  return [
    registeredGate(index, cluster),
    membership,
    projectPlacement,
    namespaceManagedGate(placing, namespace),
    resourceGate,
  ];
}

/**
 * The `verrazzano-managed` label a project's template gives `namespace` on a managed cluster: the
 * template's own value, else `"true"` (V1). Render creates the namespace from the first placing
 * project by name, so that project decides.
 */
function namespaceManagedLabel(projects: readonly VerrazzanoProject[], namespace: string): string {
  const template = firstByName(projects)?.spec.template.namespaces.find(
    (ns) => ns.metadata.name === namespace,
  );
  return template?.metadata.labels?.[VerrazzanoLabels.Managed] ?? 'true';
}

const firstByName = (projects: readonly VerrazzanoProject[]): VerrazzanoProject | undefined =>
  projects.length < 2
    ? projects[0]
    : [...projects].sort((a, b) => (projectName(a) < projectName(b) ? -1 : 1))[0];

function namespaceManagedGate(placing: readonly VerrazzanoProject[], namespace: string): GateResult {
  if (placing.length === 0)
    return {
      gate: Gate.NamespaceManaged,
      ok: false,
      detail: `no project creates namespace ${namespace} there`,
      ruleId: 'P5',
    };
  const value = namespaceManagedLabel(placing, namespace);
  return value === 'true'
    ? {
        gate: Gate.NamespaceManaged,
        ok: true,
        detail: `namespace ${namespace} is labelled ${VerrazzanoLabels.Managed}=true`,
        ruleId: 'P5',
      }
    : {
        gate: Gate.NamespaceManaged,
        ok: false,
        detail: `project ${projectName(firstByName(placing) as VerrazzanoProject)} labels namespace ${namespace} ${VerrazzanoLabels.Managed}=${JSON.stringify(value)}: the agent syncs only namespaces labelled "true"`,
        ruleId: 'P5',
      };
}

function projectGates(index: FleetIndex, project: VerrazzanoProject, cluster: string): GateResult[] {
  const placement = placementNames(project);
  const own = {
    gate: Gate.ProjectMembership,
    ok: true,
    detail: 'a VerrazzanoProject is its own project',
    ruleId: 'P12',
  } as const;
  const same = {
    gate: Gate.ResourcePlacement,
    ok: true,
    detail: "a project's placement is its own",
    ruleId: 'P12',
  } as const;
  if (cluster === LOCAL_CLUSTER) {
    return [
      registeredGate(index, cluster),
      own,
      {
        gate: Gate.ProjectPlacement,
        ok: true,
        detail: `the admin creates project namespaces whatever the placement ${list(placement)}`,
        ruleId: 'P13',
      },
      same,
    ];
  }
  return [
    registeredGate(index, cluster),
    own,
    placement.includes(cluster)
      ? {
          gate: Gate.ProjectPlacement,
          ok: true,
          detail: `its placement ${list(placement)} names ${cluster}`,
          ruleId: 'P12',
        }
      : {
          gate: Gate.ProjectPlacement,
          ok: false,
          detail: `its placement ${list(placement)} does not name ${cluster}`,
          ruleId: 'P12',
        },
    same,
  ];
}

/**
 * Explains whether `resource` is placed on `cluster`, gate by gate.
 *
 * @example
 * const decision = explainPlacement(fleet, helloHelidonApp, 'managed1');
 * decision.placed //=> false
 * decision.gates.find((g) => !g.ok)
 * //=> { gate: 'resource-placement', ok: false, detail: 'its placement [local] does not name managed1', ruleId: 'P7' }
 */
export function explainPlacement(fleet: Fleet, resource: PlacedResource, cluster: string): PlacementDecision {
  const index = indexOf(fleet);
  const gates =
    resource.kind === Kind.VerrazzanoProject
      ? projectGates(index, resource, cluster)
      : wrapperGates(index, resource, cluster);
  return {
    kind: resource.kind,
    namespace: resource.metadata.namespace ?? '',
    name: resource.metadata.name ?? '',
    cluster,
    placed: gates.every((g) => g.ok),
    gates,
  };
}

/**
 * The clusters a resource is placed on, without explanations: fast enough for the whole fleet.
 * Sorted, `local` last when present.
 *
 * @example
 * placedClusters(fleet, todoApp) //=> ['managed1']
 */
export function placedClusters(fleet: Fleet, resource: PlacedResource): string[] {
  const index = indexOf(fleet);
  const placement = [...new Set(placementNames(resource))];
  const out: string[] = [];
  if (resource.kind === Kind.VerrazzanoProject) {
    for (const c of placement) if (c !== LOCAL_CLUSTER && index.registered.has(c)) out.push(c);
    out.sort();
    out.push(LOCAL_CLUSTER); // P13
    return out;
  }
  if (resource.metadata.namespace === Namespaces.KubeSystem) return []; // U6
  const namespace = resource.metadata.namespace ?? '';
  const projects = index.projectsByNamespace.get(namespace) ?? [];
  for (const c of placement) {
    if (c === LOCAL_CLUSTER || !index.registered.has(c)) continue;
    const placing = projects.filter((p) => index.projectClusters.get(p)?.has(c));
    if (placing.length > 0 && namespaceManagedLabel(placing, namespace) === 'true') out.push(c);
  }
  out.sort();
  if (placement.includes(LOCAL_CLUSTER)) out.push(LOCAL_CLUSTER); // P15
  return out;
}

/** Whether `resource` is placed on `cluster` (the conjunction of the gates, without explanations). */
export function isPlacedOn(fleet: Fleet, resource: PlacedResource, cluster: string): boolean {
  return placedClusters(fleet, resource).includes(cluster);
}

/** The projects whose namespaces include `namespace`. */
export function projectsOfNamespace(fleet: Fleet, namespace: string): readonly VerrazzanoProject[] {
  return indexOf(fleet).projectsByNamespace.get(namespace) ?? [];
}
