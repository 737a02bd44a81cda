/**
 * A cluster's share (issue 13, the secure wiring of src/registration/cluster-access.ts): what the
 * admin renders into `vzmc-cluster-<C>` for the agent of C, and how that agent reads it back as the
 * admin snapshot it would otherwise list across project namespaces.
 *
 * - {@link renderShare}: the admin objects placed on C: the projects that place C, the wrappers of
 *   their namespaces whose own placement names C (each with C's own status entry only), and the
 *   Secrets and Components their app configs use. Nothing of any other cluster.
 * - {@link shareSecrets}: one Secret per object (key `object.json`), then the index naming them.
 * - {@link planShare}: the writes that bring the live share to the desired one; objects first,
 *   then the index, then the deletes, so that an agent reading between two writes finds every
 *   object its index names.
 * - {@link snapshotFromShare}: the agent's admin snapshot from one list of its namespace's Secrets.
 *   A missing index, or an index naming a Secret the list lacks, makes the admin unknown: the
 *   planner then deletes nothing.
 *
 * Pure.
 */
import { base64ToUtf8, utf8ToBase64 } from '../internal/base64.js';
import { sha256Hex } from '../internal/sha256.js';
import { ClusterErrorReason } from '../port/errors.js';
import type { Secret } from '../model/core.js';
import { Kind, KINDS } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { Namespaces, WIRING_ANNOTATION, Wiring } from '../model/names.js';
import {
  CLUSTERS_API_VERSION,
  type MultiClusterApplicationConfiguration,
  type MultiClusterResourceStatus,
  type VerrazzanoProject,
} from '../model/verrazzano.js';
import { listedSecrets, referencedComponents } from '../desired/dependents.js';
import { ownsManagedMarker } from '../unwrap/markers.js';
import { leftNamespaceStubs } from './frozen.js';
import { FIELD_MANAGER } from './compare.js';
import {
  ClusterAccessNames,
  REPORT_KEY,
  SHARE_INDEX_KEY,
  SHARE_LABEL,
  clusterNamespace,
} from '../registration/cluster-access.js';
import { Phase } from '../desired/order.js';
import { ADMIN_NAMESPACE_KINDS } from './snapshot.js';
import { SyncOp, SyncTarget, type SyncAction } from './types.js';
import { decodeReport } from '../status/index.js';
import { reportStatusActions } from './cluster-report.js';
import { objectsOf, snapshot, type ListResult, type Snapshot, type SnapshotEntry } from './snapshot.js';

/** The key of a share Secret holding one admin object. */
export const SHARE_OBJECT_KEY = 'object.json';

const placesCluster = (placement: { clusters: readonly { name: string }[] } | undefined, cluster: string) =>
  (placement?.clusters ?? []).some((c) => c.name === cluster);

/** The object as C may see it: no server bookkeeping, and of its status only C's entry. */
function forCluster(object: KubeObject, cluster: string): KubeObject {
  const { managedFields: _m, resourceVersion: _r, ...metadata } = object.metadata;
  const out: KubeObject & { status?: MultiClusterResourceStatus } = { ...object, metadata };
  const status = (object as { status?: MultiClusterResourceStatus }).status;
  if (status === undefined) return out;
  const own = (status.clusters ?? []).filter((c) => c.name === cluster);
  const { state: _s, clusters: _c, ...rest } = status;
  out.status = { ...rest, ...(own.length > 0 ? { clusters: own } : {}) };
  return out;
}

/**
 * The admin objects placed on `cluster` (see the module comment), in a stable order.
 *
 * @example
 * renderShare(fleetSnapshot, 'managed1').map((o) => o.kind) //=> ['VerrazzanoProject', 'MultiClusterConfigMap', …]
 */
export function renderShare(
  fleet: Snapshot,
  cluster: string,
  adminNamespaces: readonly KubeObject[] = [],
  manager: string = FIELD_MANAGER,
): KubeObject[] {
  const projects = objectsOf(fleet, CLUSTERS_API_VERSION, Kind.VerrazzanoProject).filter(
    (p) =>
      p.metadata.namespace === Namespaces.VerrazzanoMc &&
      placesCluster((p as unknown as VerrazzanoProject).spec.placement, cluster),
  );
  const namespaces = new Set<string>();
  for (const p of projects)
    for (const ns of (p as unknown as VerrazzanoProject).spec.template.namespaces)
      if (ns.metadata.name) namespaces.add(ns.metadata.name);
  const inPlaced = (o: KubeObject) => namespaces.has(o.metadata.namespace ?? '');
  const wrappers = ADMIN_NAMESPACE_KINDS.filter((k) => k.kind !== Kind.Secret && k.kind !== Kind.Component)
    .flatMap((k) => objectsOf(fleet, k.apiVersion, k.kind))
    .filter(
      (w) => inPlaced(w) && placesCluster((w as { spec?: { placement?: never } }).spec?.placement, cluster),
    );
  // P23, P24: the Secrets and Components the placed app configs use.
  const used = new Set<string>();
  for (const w of wrappers) {
    if (w.kind !== Kind.MultiClusterApplicationConfiguration) continue;
    const app = w as unknown as MultiClusterApplicationConfiguration;
    const ns = w.metadata.namespace ?? '';
    for (const s of listedSecrets(app)) used.add(`${Kind.Secret}/${ns}/${s}`);
    for (const c of referencedComponents(app)) used.add(`${Kind.Component}/${ns}/${c}`);
  }
  const dependents = [KINDS.Secret, KINDS.Component]
    .flatMap((k) => objectsOf(fleet, k.apiVersion, k.kind))
    .filter((o) => used.has(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`));
  // P30: the namespaces that left a project still placing the cluster, which the agent freezes.
  const left = leftNamespaceStubs(
    cluster,
    objectsOf(fleet, CLUSTERS_API_VERSION, Kind.VerrazzanoProject).filter(
      (p) => p.metadata.namespace === Namespaces.VerrazzanoMc,
    ) as unknown as VerrazzanoProject[],
    adminNamespaces,
    manager,
  );
  return [...projects, ...wrappers, ...dependents, ...left]
    .map((o) => forCluster(o, cluster))
    .sort((a, b) => shareName(a).localeCompare(shareName(b)));
}

/**
 * The name of the Secret holding `object` in its cluster's namespace: `<kind>.<namespace>.<name>`
 * (`<kind>.<name>` when cluster-scoped) in lower case, or `<kind>.` and 32 hex digits of a hash when that is longer than 253 characters.
 */
export function shareName(object: KubeObject): string {
  const kind = object.kind.toLowerCase();
  const namespace = object.metadata.namespace ?? '';
  // A cluster-scoped object (the P30 Namespace stubs) has no namespace part: `..` is not a DNS name.
  const plain = `${kind}.${namespace === '' ? '' : `${namespace}.`}${object.metadata.name ?? ''}`;
  return plain.length <= 253
    ? plain
    : `${kind}.${sha256Hex(`${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`).slice(0, 32)}`;
}

function shareSecret(name: string, namespace: string, role: string, key: string, value: string): Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels: { [SHARE_LABEL]: role } },
    type: 'Opaque',
    data: { [key]: utf8ToBase64(value) },
  };
}

/**
 * The share as Secrets of `vzmc-cluster-<C>`: one per object (label `vzmc.dev/share=object`), then
 * the index (`vzmc-share-index`, label `vzmc.dev/share=index`) naming them, last.
 */
export function shareSecrets(objects: readonly KubeObject[], cluster: string): Secret[] {
  const namespace = clusterNamespace(cluster);
  const secrets = objects.map((o) =>
    shareSecret(shareName(o), namespace, 'object', SHARE_OBJECT_KEY, JSON.stringify(o)),
  );
  const index = JSON.stringify({ cluster, objects: secrets.map((s) => s.metadata.name) });
  return [...secrets, shareSecret(ClusterAccessNames.ShareIndex, namespace, 'index', SHARE_INDEX_KEY, index)];
}

function shareAction(op: SyncOp, secret: KubeObject, reason: string, dependsOn: string[]): SyncAction {
  const namespace = secret.metadata.namespace ?? '';
  const name = secret.metadata.name ?? '';
  return {
    key: `${SyncTarget.Local}:v1/Secret/${namespace}/${name}`,
    target: SyncTarget.Local,
    apiVersion: 'v1',
    kind: Kind.Secret,
    namespace,
    name,
    phase: Phase.Wrappers,
    ruleId: 'share',
    dependsOn,
    op,
    reason,
    ...(op === SyncOp.Delete ? {} : { body: secret, force: true }),
  };
}

/**
 * The writes that turn the live share Secrets of a cluster namespace into `desired` (from
 * {@link shareSecrets}): changed objects, the index after them, deletes after the index. Only
 * Secrets whose share label vzmc's field manager applied are ever deleted (issue 13 item 2).
 */
export function planShare(
  desired: readonly Secret[],
  live: readonly KubeObject[],
  manager: string = FIELD_MANAGER,
): SyncAction[] {
  const liveByName = new Map(live.map((s) => [s.metadata.name ?? '', s as Secret]));
  const wanted = new Set(desired.map((s) => s.metadata.name));
  const writes: SyncAction[] = [];
  let index: SyncAction | undefined;
  for (const secret of desired) {
    const current = liveByName.get(secret.metadata.name ?? '');
    const same =
      current?.data?.[SHARE_OBJECT_KEY] === secret.data?.[SHARE_OBJECT_KEY] &&
      current?.data?.[SHARE_INDEX_KEY] === secret.data?.[SHARE_INDEX_KEY];
    if (current && same) continue;
    const op = current ? SyncOp.Update : SyncOp.Create;
    if (secret.metadata.name === ClusterAccessNames.ShareIndex) {
      index = shareAction(op, secret, 'the share changed', writes.map((w) => w.key).sort());
    } else {
      writes.push(shareAction(op, secret, 'placed on this cluster', []));
    }
  }
  const deletes = [...liveByName.values()]
    .filter(
      (s) =>
        s.metadata.labels?.[SHARE_LABEL] !== undefined &&
        ownsManagedMarker(s, manager, SHARE_LABEL) &&
        !wanted.has(s.metadata.name ?? ''),
    )
    .map((s) =>
      shareAction(
        SyncOp.Delete,
        s as KubeObject,
        'no longer placed on this cluster',
        index ? [index.key] : [],
      ),
    );
  return [...writes, ...(index ? [index] : []), ...deletes];
}

/** A VMC wired through its own admin namespace, and not being deleted. */
const sharedCluster = (vmc: KubeObject) =>
  vmc.metadata.annotations?.[WIRING_ANNOTATION] === Wiring.ClusterNamespace &&
  !vmc.metadata.deletionTimestamp;

/** The clusters of the fleet snapshot wired through their own admin namespace, sorted. */
export function sharedClusters(fleet: Snapshot): string[] {
  return objectsOf(fleet, CLUSTERS_API_VERSION, Kind.VerrazzanoManagedCluster)
    .filter((v) => v.metadata.namespace === Namespaces.VerrazzanoMc && sharedCluster(v))
    .map((v) => v.metadata.name ?? '')
    .sort();
}

/**
 * The admin pass's work for the secure wiring: each shared cluster's share brought up to date, and
 * every report folded into the resources' status. `shares` lists the Secrets labelled
 * `vzmc.dev/share`, `reports` the report ConfigMaps, both across namespaces. Nothing is written
 * from a fleet snapshot with a failed list: a share rendered from it would lack objects, and the
 * agent would delete their copies.
 */
export function adminShareActions(
  fleet: Snapshot,
  shares: ListResult,
  reports: ListResult,
  manager: string = FIELD_MANAGER,
  adminNamespaces: readonly KubeObject[] = [],
): SyncAction[] {
  if (fleet.entries.some((e) => !e.result.ok) || !shares.ok) return [];
  const actions: SyncAction[] = [];
  for (const cluster of sharedClusters(fleet)) {
    const ns = clusterNamespace(cluster);
    const live = shares.items.filter((s) => s.metadata.namespace === ns);
    const objects = renderShare(fleet, cluster, adminNamespaces, manager);
    actions.push(...planShare(shareSecrets(objects, cluster), live, manager));
    const report = reports.ok
      ? reports.items.find(
          (r) => r.metadata.namespace === ns && r.metadata.name === ClusterAccessNames.Report,
        )
      : undefined;
    const data = (report as { data?: Record<string, string> } | undefined)?.data?.[REPORT_KEY];
    actions.push(...reportStatusActions(fleet, cluster, decodeReport(data)));
  }
  return actions;
}

const unknownAdmin = (reason: ClusterErrorReason, message: string): Snapshot =>
  snapshot([
    {
      apiVersion: CLUSTERS_API_VERSION,
      kind: Kind.VerrazzanoProject,
      namespace: Namespaces.VerrazzanoMc,
      result: { ok: false, reason, message },
    },
  ]);

function decodeShare(
  cluster: string,
  list: readonly KubeObject[],
): { objects: KubeObject[] } | { error: string; reason: ClusterErrorReason } {
  const byName = new Map(list.map((s) => [s.metadata.name ?? '', s as Secret]));
  const ns = clusterNamespace(cluster);
  const indexSecret = byName.get(ClusterAccessNames.ShareIndex);
  if (!indexSecret)
    return {
      reason: ClusterErrorReason.NotFound,
      error: `${ns}/${ClusterAccessNames.ShareIndex} is missing: the admin has not rendered ${cluster}'s share; is vzmc admin running?`,
    };
  try {
    const index = JSON.parse(base64ToUtf8(indexSecret.data?.[SHARE_INDEX_KEY] ?? '')) as {
      objects?: string[];
    };
    const objects: KubeObject[] = [];
    for (const name of index.objects ?? []) {
      const secret = byName.get(name);
      if (!secret)
        return {
          reason: ClusterErrorReason.Conflict,
          error: `the admin is rewriting ${cluster}'s share (${ns}/${name} is not there yet)`,
        };
      objects.push(JSON.parse(base64ToUtf8(secret.data?.[SHARE_OBJECT_KEY] ?? '')) as KubeObject);
    }
    return { objects };
  } catch {
    return { reason: ClusterErrorReason.Invalid, error: `${ns} holds a share that does not decode` };
  }
}

/**
 * The agent's admin snapshot from the Secrets of its cluster namespace, as `readAdminSnapshot`
 * (vzmc/agent) would list it: the projects, no VMC, and every kind the planner reads in each namespace the
 * projects place on `cluster` or `localNamespaces` name (the share is the whole truth there).
 */
export function snapshotFromShare(
  cluster: string,
  list: ListResult,
  localNamespaces: Iterable<string>,
): Snapshot {
  if (!list.ok) return unknownAdmin(list.reason, `cannot read ${clusterNamespace(cluster)}: ${list.message}`);
  const decoded = decodeShare(cluster, list.items);
  if ('error' in decoded) return unknownAdmin(decoded.reason, decoded.error);
  const projects = decoded.objects.filter((o) => o.kind === Kind.VerrazzanoProject);
  const namespaces = new Set(localNamespaces);
  namespaces.delete(Namespaces.VerrazzanoMc);
  for (const p of projects)
    for (const ns of (p as unknown as VerrazzanoProject).spec.template.namespaces)
      if (ns.metadata.name) namespaces.add(ns.metadata.name);
  const entry = (
    apiVersion: string,
    kind: string,
    namespace: string,
    items: KubeObject[],
  ): SnapshotEntry => ({
    apiVersion,
    kind,
    namespace,
    result: { ok: true, items },
  });
  return snapshot([
    entry(CLUSTERS_API_VERSION, Kind.VerrazzanoProject, Namespaces.VerrazzanoMc, projects),
    // The admin's P30 verdict: namespaces that left a project still placing the cluster.
    entry(
      'v1',
      Kind.Namespace,
      '',
      decoded.objects.filter((o) => o.kind === Kind.Namespace),
    ),
    entry(CLUSTERS_API_VERSION, Kind.VerrazzanoManagedCluster, Namespaces.VerrazzanoMc, []),
    ...[...namespaces].sort().flatMap((ns) =>
      ADMIN_NAMESPACE_KINDS.map((k) =>
        entry(
          k.apiVersion,
          k.kind,
          ns,
          decoded.objects.filter(
            (o) => o.kind === k.kind && o.apiVersion === k.apiVersion && o.metadata.namespace === ns,
          ),
        ),
      ),
    ),
  ]);
}
