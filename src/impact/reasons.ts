/**
 * Why an object appears or disappears on a cluster: the placement gates of its source (a project
 * or a wrapper) whose outcome changed between the two fleets, in the words of `vzmc explain`, or
 * the source's arrival in or removal from the fleet.
 */
import { listedSecrets, referencedComponents } from '../desired/dependents.js';
import type { DesiredSource } from '../desired/object.js';
import { Kind, isWrapperKind } from '../model/kinds.js';
import type { MultiClusterApplicationConfiguration } from '../model/verrazzano.js';
import {
  explainPlacement,
  Gate,
  placedClusters,
  projectsOfNamespace,
  type PlacedResource,
} from '../placement/explain.js';
import type { Fleet } from '../placement/fleet.js';
import type { GateChange } from './types.js';

/** The project or wrapper `source` names in `fleet`, if it is one there. */
export function placedResource(fleet: Fleet, source: DesiredSource): PlacedResource | undefined {
  const same = (r: PlacedResource) =>
    r.kind === source.kind &&
    (r.metadata.namespace ?? '') === source.namespace &&
    (r.metadata.name ?? '') === source.name;
  if (source.kind === Kind.VerrazzanoProject) return fleet.projects.find(same);
  return isWrapperKind(source.kind) ? fleet.wrappers.find(same) : undefined;
}

/** The gates of `source` on `cluster` whose outcome differs between the fleets. */
export function gateChanges(
  before: PlacedResource,
  after: PlacedResource,
  beforeFleet: Fleet,
  afterFleet: Fleet,
  cluster: string,
): GateChange[] {
  const was = explainPlacement(beforeFleet, before, cluster).gates;
  const now = explainPlacement(afterFleet, after, cluster).gates;
  const changes = now.flatMap((gate) => {
    const old = was.find((g) => g.gate === gate.gate);
    if (!old || old.ok === gate.ok) return [];
    return [{ gate: gate.gate, ruleId: gate.ruleId, before: old.ok, after: gate.ok, detail: gate.detail }];
  });
  // The namespace-managed gate follows the project gate (no placing project, no namespace): not a second cause.
  const project = changes.find((c) => c.gate === Gate.ProjectPlacement);
  return changes.filter((c) => !(c.gate === Gate.NamespaceManaged && project && project.after === c.after));
}

const quote = (name: string) => `\`${name}\``;

/** The projects of `fleet` that hold `namespace` and place `cluster`, by name. */
function placingProjects(fleet: Fleet, namespace: string, cluster: string): string[] {
  return projectsOfNamespace(fleet, namespace)
    .filter((p) => p.spec.placement.clusters.some((c) => c.name === cluster))
    .map((p) => p.metadata.name ?? '')
    .sort();
}

/**
 * One sentence for a gate change: "project `todo-list` no longer places `managed1`
 * (project-placement, P6)" for the project gate, else the gate's new explanation.
 */
export function gateSentence(
  change: GateChange,
  source: PlacedResource,
  fleets: { readonly before: Fleet; readonly after: Fleet },
  cluster: string,
): string {
  const tag = `(${change.gate}, ${change.ruleId})`;
  if (change.gate === Gate.ProjectPlacement) {
    const verb = change.after ? 'now places' : 'no longer places';
    const projects =
      source.kind === Kind.VerrazzanoProject
        ? [source.metadata.name ?? '']
        : placingProjects(
            change.after ? fleets.after : fleets.before,
            source.metadata.namespace ?? '',
            cluster,
          );
    if (projects.length > 0)
      return `project ${projects.map(quote).join(', ')} ${verb} ${quote(cluster)} ${tag}`;
  }
  return `${change.gate} ${change.after ? 'now holds' : 'no longer holds'}: ${change.detail} ${tag}`;
}

/** A source's arrival in, or removal from, the fleet, as a sentence; undefined when it is in both. */
export function sourceSentence(
  source: DesiredSource,
  inBefore: boolean,
  inAfter: boolean,
): string | undefined {
  const name = `${source.kind} ${source.namespace ? `${source.namespace}/` : ''}${source.name}`;
  if (inBefore && !inAfter) return `${name} was removed from the fleet`;
  if (!inBefore && inAfter) return `${name} is new in the fleet`;
  return undefined;
}

type Fleets = { readonly before: Fleet; readonly after: Fleet };

/** The MC app configs of `fleet` placed on `cluster` that use `source` (a Secret, P10, or a Component, P11). */
function usersOf(
  fleet: Fleet,
  source: DesiredSource,
  cluster: string,
): MultiClusterApplicationConfiguration[] {
  const uses = (app: MultiClusterApplicationConfiguration) =>
    (source.kind === Kind.Secret ? listedSecrets(app) : referencedComponents(app)).includes(source.name);
  return fleet.wrappers.filter(
    (w): w is MultiClusterApplicationConfiguration =>
      w.kind === Kind.MultiClusterApplicationConfiguration &&
      (w.metadata.namespace ?? '') === source.namespace &&
      uses(w) &&
      placedClusters(fleet, w).includes(cluster),
  );
}

/**
 * Why a copied Secret or Component comes or goes: the placed app configs that start or stop using
 * it, each either no longer (now) placed, with its gates, or no longer (now) listing it.
 */
export function dependentSentences(source: DesiredSource, cluster: string, fleets: Fleets): string[] {
  if (source.kind !== Kind.Secret && source.kind !== Kind.Component) return [];
  const field = source.kind === Kind.Secret ? 'spec.secrets (P10, P23)' : 'its components (P11, P24)';
  const was = usersOf(fleets.before, source, cluster);
  const now = usersOf(fleets.after, source, cluster);
  const named = (
    apps: readonly MultiClusterApplicationConfiguration[],
    app: MultiClusterApplicationConfiguration,
  ) => apps.some((a) => a.metadata.name === app.metadata.name);
  const out: string[] = [];
  const describe = (app: MultiClusterApplicationConfiguration, gone: boolean) => {
    const name = `\`${app.metadata.name ?? ''}\``;
    const other = placedResource(gone ? fleets.after : fleets.before, appSource(app));
    if (!other)
      return out.push(`app config ${name} ${gone ? 'was removed from the fleet' : 'is new in the fleet'}`);
    const [b, a] = gone ? [app, other] : [other, app];
    const placedThere = placedClusters(gone ? fleets.after : fleets.before, other).includes(cluster);
    if (placedThere)
      return out.push(`app config ${name} ${gone ? 'no longer lists' : 'now lists'} it in ${field}`);
    for (const change of gateChanges(b, a, fleets.before, fleets.after, cluster))
      out.push(`app config ${name}: ${gateSentence(change, a, fleets, cluster)}`);
    return out.length;
  };
  for (const app of was) if (!named(now, app)) describe(app, true);
  for (const app of now) if (!named(was, app)) describe(app, false);
  return out;
}

const appSource = (app: MultiClusterApplicationConfiguration): DesiredSource => ({
  kind: app.kind,
  namespace: app.metadata.namespace ?? '',
  name: app.metadata.name ?? '',
});

/**
 * On the admin, a project's per-cluster binding `verrazzano-cluster-<C>` comes and goes with C in
 * the project's placement (V2, V3): that, as a sentence; undefined for any other object.
 */
export function clusterBindingSentence(
  object: { readonly kind: string; readonly name: string },
  source: DesiredSource,
  fleets: Fleets,
): string | undefined {
  const prefix = 'verrazzano-cluster-';
  if (object.kind !== Kind.RoleBinding || !object.name.startsWith(prefix)) return undefined;
  if (source.kind !== Kind.VerrazzanoProject) return undefined;
  const target = object.name.slice(prefix.length);
  const places = (fleet: Fleet) =>
    placedResource(fleet, source)?.spec?.placement.clusters.some((c) => c.name === target) ?? false;
  const [was, now] = [places(fleets.before), places(fleets.after)];
  if (was === now) return undefined;
  return `project \`${source.name}\` ${now ? 'now places' : 'no longer places'} \`${target}\` (project-placement, ${now ? 'V2' : 'V3'})`;
}
