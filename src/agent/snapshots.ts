/**
 * Reading snapshots through ClusterClients. Every list either succeeds or is recorded as failed
 * with its reason; nothing here decides anything.
 */
import type { ClusterClient, ObjectKey } from '../port/client.js';
import type { KubeObject } from '../model/meta.js';
import { DEFAULT_RETRY, realSleep, withRetry, type RetryPolicy, type Sleep } from './retry.js';
import { errorReason } from '../port/errors.js';
import { Kind } from '../model/kinds.js';
import {
  CLUSTER_NAMESPACE_WIRED,
  Namespaces,
  VZMC_MANAGED_SELECTOR,
  WIRING_ANNOTATION,
  Wiring,
} from '../model/names.js';
import { CLUSTERS_API_VERSION, type VerrazzanoProject } from '../model/verrazzano.js';
import { ADMIN_NAMESPACE_KINDS, LOCAL_KINDS } from '../sync-plan/snapshot.js';
import {
  ALL_NAMESPACES,
  objectsOf,
  snapshot,
  type Snapshot,
  type SnapshotEntry,
} from '../sync-plan/snapshot.js';
import { snapshotFromShare } from '../sync-plan/share.js';
import { FIELD_MANAGER } from '../sync-plan/compare.js';
import { foreignReason, managedNamespacesOf } from '../sync-plan/ownership.js';
import { Interner, slimEntry } from '../sync-plan/slim.js';
import { SHARE_LABEL, clusterNamespace } from '../registration/cluster-access.js';

/** How reads retry: a list answered 429 (e.g. a CRD whose storage is still initializing) or 5xx is tried again. */
export interface ReadOptions {
  /** How lists retry. Default {@link DEFAULT_RETRY}. */
  readonly retry?: RetryPolicy;
  /** How to wait between retries. */
  readonly sleep?: Sleep;
  /** Randomness for retry backoff. */
  readonly random?: () => number;
  /**
   * The field manager whose objects make a namespace worth reading on the admin (the plan's
   * `fieldManager`). Default `vzmc`.
   */
  readonly fieldManager?: string;
}

async function listEntry(
  client: ClusterClient,
  apiVersion: string,
  kind: string,
  namespace: string,
  labelSelector?: string,
  read: ReadOptions = {},
): Promise<SnapshotEntry> {
  try {
    const list = await withRetry(
      () =>
        client.list(apiVersion, kind, {
          ...(namespace === ALL_NAMESPACES ? {} : { namespace }),
          ...(labelSelector ? { labelSelector } : {}),
        }),
      read.retry ?? DEFAULT_RETRY,
      { sleep: read.sleep ?? realSleep, random: read.random ?? Math.random },
    );
    return { apiVersion, kind, namespace, result: { ok: true, items: list.items } };
  } catch (error) {
    return {
      apiVersion,
      kind,
      namespace,
      result: {
        ok: false,
        reason: errorReason(error),
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
}

/**
 * The local snapshot: every kind the planner compares, across all namespaces, only vzmc's objects
 * (the ownership label), which is all the planner may delete and all it must compare.
 */
export async function readLocalSnapshot(local: ClusterClient, read: ReadOptions = {}): Promise<Snapshot> {
  const interner = new Interner();
  return snapshot(
    await Promise.all(
      LOCAL_KINDS.map(async (k) =>
        slimEntry(
          await listEntry(local, k.apiVersion, k.kind, ALL_NAMESPACES, VZMC_MANAGED_SELECTOR, read),
          interner,
        ),
      ),
    ),
  );
}

/**
 * The namespaces the admin must be read in: those placed on the cluster, and those holding objects
 * vzmc owns there (its field manager applied their label, in a namespace it manages: P20, P21), so
 * it can tell whether they are still placed. A label someone else applied (a copy or a forgery)
 * makes no namespace worth reading: vzmc leaves such objects alone whatever the admin holds, and a
 * forged label in many namespaces must not turn into as many lists and watches on the admin.
 */
export function namespacesToRead(
  cluster: string,
  projects: readonly VerrazzanoProject[],
  local: Snapshot,
  manager: string = FIELD_MANAGER,
): string[] {
  const out = new Set<string>();
  for (const project of projects) {
    if (!project.spec.placement.clusters.some((c) => c.name === cluster)) continue;
    for (const ns of project.spec.template.namespaces) if (ns.metadata.name) out.add(ns.metadata.name);
  }
  const managed = managedNamespacesOf(local, manager);
  for (const entry of local.entries) {
    if (!entry.result.ok) continue;
    for (const item of entry.result.items) {
      const ns = item.metadata.namespace;
      if (
        ns &&
        ns !== Namespaces.VerrazzanoMc &&
        !out.has(ns) &&
        foreignReason(item, manager, managed) === undefined
      )
        out.add(ns);
    }
  }
  return [...out].sort();
}

/**
 * The admin snapshot for one managed cluster: projects and VMCs in `verrazzano-mc`, then the
 * wrappers, Secrets and Components of every namespace worth reading. A failed project list ends
 * the read (the planner will do nothing).
 *
 * Of the VMCs, only those of the wiring `cluster-namespace` (labelled so by registration): the
 * planner reads the others' VMCs only for their wiring (P17: a cluster wired through its own
 * namespace gets no binding in the project's namespaces), and `verrazzano`, what a VMC without
 * the annotation means, needs no VMC to say so. The cluster's own VMC is read by its registration
 * check. Listing every VMC would make each agent's heartbeat an event on every agent's watch, K² a
 * minute across the fleet. A VMC given the annotation by hand, without the label, is read as
 * Verrazzano's: the agent renders its binding, as Verrazzano does for every placed cluster (a
 * binding of a ServiceAccount that does not exist on this cluster).
 */
export async function readAdminSnapshot(
  admin: ClusterClient,
  cluster: string,
  local: Snapshot,
  read: ReadOptions = {},
): Promise<Snapshot> {
  const [projects, vmcs] = await Promise.all([
    listEntry(admin, CLUSTERS_API_VERSION, Kind.VerrazzanoProject, Namespaces.VerrazzanoMc, undefined, read),
    listEntry(
      admin,
      CLUSTERS_API_VERSION,
      Kind.VerrazzanoManagedCluster,
      Namespaces.VerrazzanoMc,
      CLUSTER_NAMESPACE_WIRED,
      read,
    ),
  ]);
  if (!projects.result.ok) return snapshot([projects, vmcs]);
  const namespaces = namespacesToRead(
    cluster,
    projects.result.items as unknown as VerrazzanoProject[],
    local,
    read.fieldManager,
  );
  const lists = await Promise.all(
    namespaces.flatMap((ns) =>
      ADMIN_NAMESPACE_KINDS.map((k) => listEntry(admin, k.apiVersion, k.kind, ns, undefined, read)),
    ),
  );
  return snapshot([projects, vmcs, ...lists]);
}

/**
 * The admin snapshot under the secure wiring: one list of the Secrets of the cluster's namespace on
 * the admin (its share), read back as {@link readAdminSnapshot} would list it (snapshotFromShare).
 */
export async function readShareSnapshot(
  admin: ClusterClient,
  cluster: string,
  local: Snapshot,
  read: ReadOptions = {},
): Promise<Snapshot> {
  const list = await listEntry(admin, 'v1', Kind.Secret, clusterNamespace(cluster), SHARE_LABEL, read);
  return snapshotFromShare(cluster, list.result, namespacesToRead(cluster, [], local, read.fieldManager));
}

/**
 * The admin snapshot as the agent of `cluster` reads it, its wiring read from its VMC: the share
 * under `cluster-namespace`, the project namespaces otherwise (and when the VMC cannot be read,
 * whose failure the direct read then shows).
 */
export async function readAgentView(
  admin: ClusterClient,
  cluster: string,
  local: Snapshot,
  read: ReadOptions = {},
): Promise<Snapshot> {
  let wiring: string | undefined;
  try {
    const vmc = await admin.get({
      apiVersion: CLUSTERS_API_VERSION,
      kind: Kind.VerrazzanoManagedCluster,
      namespace: Namespaces.VerrazzanoMc,
      name: cluster,
    });
    wiring = vmc.metadata.annotations?.[WIRING_ANNOTATION];
  } catch {
    wiring = undefined;
  }
  return wiring === Wiring.ClusterNamespace
    ? readShareSnapshot(admin, cluster, local, read)
    : readAdminSnapshot(admin, cluster, local, read);
}

/** One core/v1 kind across every namespace, by label selector. */
export function readLabelled(
  client: ClusterClient,
  kind: string,
  labelSelector: string,
  read: ReadOptions = {},
): Promise<SnapshotEntry> {
  return listEntry(client, 'v1', kind, ALL_NAMESPACES, labelSelector, read);
}

/**
 * The admin's whole fleet in one snapshot (every namespace at once), for the admin's own reconcile,
 * which has the rights to read everything.
 */
export async function readFleetSnapshot(admin: ClusterClient, read: ReadOptions = {}): Promise<Snapshot> {
  const kinds = [
    { apiVersion: CLUSTERS_API_VERSION, kind: Kind.VerrazzanoProject, namespace: Namespaces.VerrazzanoMc },
    {
      apiVersion: CLUSTERS_API_VERSION,
      kind: Kind.VerrazzanoManagedCluster,
      namespace: Namespaces.VerrazzanoMc,
    },
    ...ADMIN_NAMESPACE_KINDS.map((k) => ({
      apiVersion: k.apiVersion,
      kind: k.kind,
      namespace: ALL_NAMESPACES,
    })),
  ];
  return snapshot(
    await Promise.all(kinds.map((k) => listEntry(admin, k.apiVersion, k.kind, k.namespace, undefined, read))),
  );
}

/**
 * The admin lists a VMC deletion needs: ServiceAccounts in `verrazzano-mc` and RoleBindings in
 * every namespace (D1), and the ConfigMaps of `verrazzano-monitoring`, where the Thanos endpoints
 * live (M5). Secrets, the other federation objects included, are in the fleet snapshot already.
 */
export async function readDeletionLists(
  admin: ClusterClient,
  read: ReadOptions = {},
): Promise<SnapshotEntry[]> {
  return Promise.all([
    listEntry(admin, 'v1', 'ServiceAccount', Namespaces.VerrazzanoMc, undefined, read),
    listEntry(admin, 'rbac.authorization.k8s.io/v1', Kind.RoleBinding, ALL_NAMESPACES, undefined, read),
    listEntry(admin, 'v1', Kind.ConfigMap, Namespaces.VerrazzanoMonitoring, undefined, read),
  ]);
}

/**
 * The admin objects of the fleet snapshot by key, which status writes fold into and write first
 * (with their resourceVersion), reading the object again only on Conflict. Indexed per kind on
 * first use.
 */
export function observedIn(fleet: Snapshot): (key: ObjectKey) => KubeObject | undefined {
  const byKind = new Map<string, Map<string, KubeObject>>();
  return (key) => {
    const kind = `${key.apiVersion}/${key.kind}`;
    let objects = byKind.get(kind);
    if (!objects) {
      objects = new Map(
        objectsOf(fleet, key.apiVersion, key.kind).map((o) => [
          `${o.metadata.namespace ?? ''}/${o.metadata.name}`,
          o,
        ]),
      );
      byKind.set(kind, objects);
    }
    return objects.get(`${key.namespace ?? ''}/${key.name}`);
  };
}
