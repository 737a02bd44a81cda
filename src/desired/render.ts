/**
 * Render: the complete set of objects a cluster holds in steady state, in the agent's order (P32).
 *
 * On a managed cluster C: the copies of the projects placed on C (P12) and their namespaces,
 * RoleBindings and NetworkPolicies (P14, V1–V4); for every wrapper placed on C, its copy (§3.6) and
 * the object it unwraps into (P9); the Secrets (P10) and Components (P11) its app configs use.
 *
 * On `local` (the admin): the namespaces and RBAC of every project, whatever its placement (P13),
 * and the unwrapped objects of wrappers whose placement names `local` (P15). The wrappers and
 * projects themselves are the admin's own objects, not rendered.
 */
import type { Component } from '../types/oam.js';
import type { Secret } from '../types/core.js';
import type { KubeObject } from '../types/meta.js';
import { LOCAL_CLUSTER, Namespaces, WIRING_ANNOTATION, Wiring } from '../types/names.js';
import { markedAnnotations, markedLabels, sourceRef } from '../unwrap/markers.js';
import type { MultiClusterApplicationConfiguration, MultiClusterWrapper } from '../types/verrazzano.js';
import { istioInjectionFor, type Fleet } from '../placement/fleet.js';
import { placedClusters } from '../placement/explain.js';
import {
  copyComponent,
  copyProject,
  copySecret,
  copyWrapper,
  listedSecrets,
  referencedComponents,
} from './copies.js';
import { expandProject } from '../unwrap/project.js';
import { unwrap } from '../unwrap/unwrap.js';

/** The steps of a sync, in order (P32). */
export const Phase = {
  /** The `verrazzano-mc` namespace and the VerrazzanoProject copies (P12). */
  Projects: 'projects',
  /** Project namespaces (V1; P13 on the admin). */
  Namespaces: 'namespaces',
  /** Project RoleBindings and NetworkPolicies (V2, V4). */
  Rbac: 'rbac',
  /** Secrets that app configs list (P10). */
  Secrets: 'secrets',
  /** MultiClusterSecret, MultiClusterConfigMap and MultiClusterComponent copies. */
  Wrappers: 'wrappers',
  /** The OAM Components app configs reference (P11), then the MultiClusterApplicationConfiguration copies. */
  AppConfigs: 'app-configs',
  /** Objects unwrapped from wrappers (P9, P15). */
  Unwrapped: 'unwrapped',
  /** Deletes of what is no longer placed (P20–P24). */
  GarbageCollection: 'garbage-collection',
  /** Status reports to the admin (S4). */
  Status: 'status',
} as const;
/** One of {@link Phase}'s values. */
export type Phase = (typeof Phase)[keyof typeof Phase];

/** The order of phases: a weight table over the union, so a new phase cannot be forgotten. */
export const PHASE_WEIGHT: { readonly [P in Phase]: number } = {
  projects: 0,
  namespaces: 1,
  rbac: 2,
  secrets: 3,
  wrappers: 4,
  'app-configs': 5,
  unwrapped: 6,
  'garbage-collection': 7,
  status: 8,
};

/** Within a phase, the agent's kind order (P32): MCSecrets before MCConfigMaps before MCComponents, Components before app configs. */
const KIND_WEIGHT: Readonly<Record<string, number>> = {
  Namespace: -1,
  VerrazzanoProject: 0,
  RoleBinding: 2,
  NetworkPolicy: 3,
  Secret: 4,
  MultiClusterSecret: 5,
  MultiClusterConfigMap: 6,
  MultiClusterComponent: 7,
  Component: 8,
  MultiClusterApplicationConfiguration: 9,
  ConfigMap: 10,
  ApplicationConfiguration: 11,
};

/** An object a cluster should hold, with why. */
export interface DesiredObject {
  /** The object, with vzmc's markers. */
  readonly object: KubeObject;
  /** The sync phase it belongs to. */
  readonly phase: Phase;
  /** The spec rule that puts it there. */
  readonly ruleId: string;
  /** Why, in one sentence. */
  readonly reason: string;
}

/** A stable key for an object: group, kind, namespace, name. */
export function objectKey(object: {
  apiVersion: string;
  kind: string;
  metadata: { namespace?: string | undefined; name?: string | undefined };
}): string {
  const slash = object.apiVersion.indexOf('/');
  const group = slash === -1 ? '' : object.apiVersion.slice(0, slash);
  return `${group}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/** Orders desired objects by phase, then kind, namespace and name: never by iteration order. */
export function compareDesired(a: DesiredObject, b: DesiredObject): number {
  const phase = PHASE_WEIGHT[a.phase] - PHASE_WEIGHT[b.phase];
  if (phase !== 0) return phase;
  const kind = (KIND_WEIGHT[a.object.kind] ?? 99) - (KIND_WEIGHT[b.object.kind] ?? 99);
  if (kind !== 0) return kind;
  const ka = `${a.object.metadata.namespace ?? ''}\u0000${a.object.metadata.name ?? ''}`;
  const kb = `${b.object.metadata.namespace ?? ''}\u0000${b.object.metadata.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

const label = (o: {
  kind: string;
  metadata: { namespace?: string | undefined; name?: string | undefined };
}) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name ?? ''}`;

/**
 * Renders what `cluster` holds in steady state, in sync order. Deterministic: the same fleet gives
 * the same objects in the same order.
 *
 * @example
 * renderCluster(fleet, 'managed1').map((d) => `${d.object.kind} ${d.object.metadata.name}`)
 * //=> ['VerrazzanoProject todo-list', 'Namespace mc-todo-list', 'RoleBinding admin', …, 'ApplicationConfiguration todo-appconf']
 */
export function renderCluster(fleet: Fleet, cluster: string): DesiredObject[] {
  const out = new Map<string, DesiredObject>();
  const add = (desired: DesiredObject) => {
    const key = objectKey(desired.object);
    // A namespace claimed by two projects (which W7 forbids) is rendered once, for the first project by name.
    if (!out.has(key)) out.set(key, desired);
  };
  const isLocal = cluster === LOCAL_CLUSTER;
  const istioInjection = istioInjectionFor(fleet, cluster);
  // Clusters wired through their own admin namespace get no per-namespace binding (issue 13).
  const clusterNamespaceWired = new Set(
    fleet.managedClusters
      .filter((v) => v.metadata.annotations?.[WIRING_ANNOTATION] === Wiring.ClusterNamespace)
      .map((v) => v.metadata.name ?? ''),
  );
  const projects = [...fleet.projects].sort((a, b) =>
    (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1,
  );
  for (const project of projects) {
    if (!placedClusters(fleet, project).includes(cluster)) continue;
    const why = isLocal ? 'P13' : 'P14';
    if (!isLocal) {
      // Project copies live in verrazzano-mc, which the agent creates on a managed cluster (§4.6).
      add({
        object: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: Namespaces.VerrazzanoMc,
            labels: markedLabels(undefined),
            annotations: markedAnnotations(
              undefined,
              sourceRef({
                kind: 'VerrazzanoManagedCluster',
                metadata: { namespace: Namespaces.VerrazzanoMc, name: cluster },
              }),
            ),
          },
        },
        phase: Phase.Projects,
        ruleId: 'P12',
        reason: 'project copies live in verrazzano-mc',
      });
      add({
        object: copyProject(project),
        phase: Phase.Projects,
        ruleId: 'P12',
        reason: `project ${project.metadata.name} places ${cluster}`,
      });
    }
    const expanded = expandProject(project, { istioInjection, clusterNamespaceWired });
    for (const ns of expanded.namespaces) {
      add({
        object: ns,
        phase: Phase.Namespaces,
        ruleId: why === 'P13' ? 'P13' : 'V1',
        reason: `namespace of project ${project.metadata.name}`,
      });
    }
    for (const rb of expanded.roleBindings) {
      add({
        object: rb,
        phase: Phase.Rbac,
        ruleId: 'V2',
        reason: `RoleBinding of project ${project.metadata.name}`,
      });
    }
    for (const np of expanded.networkPolicies) {
      add({
        object: np,
        phase: Phase.Rbac,
        ruleId: 'V4',
        reason: `NetworkPolicy of project ${project.metadata.name}`,
      });
    }
  }

  const placed = fleet.wrappers.filter((w) => placedClusters(fleet, w).includes(cluster));
  for (const wrapper of placed) {
    const source = label(wrapper);
    if (!isLocal) {
      add({
        object: copyWrapper(wrapper),
        phase: wrapper.kind === 'MultiClusterApplicationConfiguration' ? Phase.AppConfigs : Phase.Wrappers,
        ruleId: 'P7',
        reason: `${source} is placed on ${cluster}`,
      });
    }
    add({
      object: unwrap(wrapper),
      phase: Phase.Unwrapped,
      ruleId: isLocal ? 'P15' : 'P9',
      reason: `unwrapped from ${source}`,
    });
  }
  if (!isLocal) {
    for (const dependent of renderDependents(fleet, cluster, placed)) add(dependent);
  }
  return sortDesired([...out.values()]);
}

/**
 * `objects` sorted by {@link compareDesired}, with each sort key built once: fixed-width phase and
 * kind weights, then namespace and name, order exactly as the comparator does.
 */
function sortDesired(objects: DesiredObject[]): DesiredObject[] {
  const keyed = objects.map((d) => ({ d, key: desiredSortKey(d) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.d);
}

function desiredSortKey(d: DesiredObject): string {
  const kind = (KIND_WEIGHT[d.object.kind] ?? 99) + 1; // -1 … 99 → 0 … 100
  return `${PHASE_WEIGHT[d.phase]}${String(kind).padStart(3, '0')}${d.object.metadata.namespace ?? ''}\u0000${d.object.metadata.name ?? ''}`;
}

/** The Secrets (P10) and Components (P11) that the app configs placed on a managed cluster use. */
function renderDependents(
  fleet: Fleet,
  cluster: string,
  placed: readonly MultiClusterWrapper[],
): DesiredObject[] {
  const apps = placed.filter(
    (w): w is MultiClusterApplicationConfiguration => w.kind === 'MultiClusterApplicationConfiguration',
  );
  const secretUsers = new Map<string, string[]>();
  const componentUsers = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, key: string, user: string) => {
    const users = map.get(key);
    if (users) users.push(user);
    else map.set(key, [user]);
  };
  for (const app of apps) {
    const ns = app.metadata.namespace ?? '';
    for (const name of listedSecrets(app)) note(secretUsers, `${ns}/${name}`, app.metadata.name ?? '');
    for (const name of referencedComponents(app))
      note(componentUsers, `${ns}/${name}`, app.metadata.name ?? '');
  }
  const byKey = <T extends Secret | Component>(objects: readonly T[]) =>
    new Map<string, T>(objects.map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, o]));
  const secrets = byKey(fleet.secrets);
  const components = byKey(fleet.components);
  const out: DesiredObject[] = [];
  for (const [key, users] of secretUsers) {
    const secret = secrets.get(key);
    if (!secret) continue; // dangling: reported by placement warnings
    out.push({
      object: copySecret(secret, cluster, users),
      phase: Phase.Secrets,
      ruleId: 'P10',
      reason: `listed in spec.secrets of ${[...users].sort().join(', ')}`,
    });
  }
  for (const [key, users] of componentUsers) {
    const component = components.get(key);
    // P11: without an admin Component, a MultiClusterComponent of the same name provides it.
    if (!component) continue;
    out.push({
      object: copyComponent(component, cluster, users),
      phase: Phase.AppConfigs,
      ruleId: 'P11',
      reason: `referenced by ${[...users].sort().join(', ')}`,
    });
  }
  return out;
}

/** Just the objects of {@link renderCluster}. */
export function renderObjects(fleet: Fleet, cluster: string): KubeObject[] {
  return renderCluster(fleet, cluster).map((d) => d.object);
}
