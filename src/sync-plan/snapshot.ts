/**
 * Snapshots: what one side (admin or local) listed, per kind and namespace, with failed lists
 * recorded as failed (and why) instead of as empty. The planner never mistakes "I could not read"
 * for "there is nothing" (the B9 fix).
 */
import type { ClusterErrorReason } from '../port/errors.js';
import { KINDS, WRAPPER_KINDS } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';

/** A list that succeeded or failed. */
export type ListResult =
  | {
      /** The list succeeded. */
      readonly ok: true;
      /** What it returned. */
      readonly items: readonly KubeObject[];
    }
  | {
      /** The list failed. */
      readonly ok: false;
      /** Why. */
      readonly reason: ClusterErrorReason;
      /** The error's message. */
      readonly message: string;
    };

/** The namespace key of a list of every namespace (or of a cluster-scoped kind). */
export const ALL_NAMESPACES = '*';

/** One list of a snapshot. */
export interface SnapshotEntry {
  /** API version of the kind. */
  readonly apiVersion: string;
  /** The kind. */
  readonly kind: string;
  /** A namespace, or {@link ALL_NAMESPACES}. */
  readonly namespace: string;
  /** What the list returned. */
  readonly result: ListResult;
}

/** What one cluster listed. Lists that were never attempted are simply absent. */
export interface Snapshot {
  /** The lists. */
  readonly entries: readonly SnapshotEntry[];
}

const keyOf = (apiVersion: string, kind: string, namespace: string) => `${apiVersion}|${kind}|${namespace}`;

interface SnapshotIndex {
  readonly byKey: ReadonlyMap<string, ListResult>;
}

const INDEXES = new WeakMap<Snapshot, SnapshotIndex>();

function indexOf(snapshot: Snapshot): SnapshotIndex {
  let index = INDEXES.get(snapshot);
  if (!index) {
    index = {
      byKey: new Map(snapshot.entries.map((e) => [keyOf(e.apiVersion, e.kind, e.namespace), e.result])),
    };
    INDEXES.set(snapshot, index);
  }
  return index;
}

/**
 * Builds a snapshot from its entries.
 *
 * @example
 * const admin = snapshot([
 *   { apiVersion: 'clusters.verrazzano.io/v1alpha1', kind: 'VerrazzanoProject', namespace: 'verrazzano-mc', result: { ok: true, items: projects } },
 *   { apiVersion: 'v1', kind: 'Secret', namespace: 'mc-todo-list', result: { ok: false, reason: 'Forbidden', message: '…' } },
 * ]);
 */
export function snapshot(entries: readonly SnapshotEntry[]): Snapshot {
  return { entries };
}

/**
 * What a snapshot knows about a kind in a namespace: the namespace's own list if there is one, else
 * the all-namespaces list filtered to it, else `undefined` (never listed).
 */
export function listOf(
  snap: Snapshot,
  apiVersion: string,
  kind: string,
  namespace: string,
): ListResult | undefined {
  const index = indexOf(snap);
  const own = index.byKey.get(keyOf(apiVersion, kind, namespace));
  if (own) return own;
  const all = index.byKey.get(keyOf(apiVersion, kind, ALL_NAMESPACES));
  if (!all || !all.ok || namespace === ALL_NAMESPACES) return all;
  return { ok: true, items: all.items.filter((item) => (item.metadata.namespace ?? '') === namespace) };
}

/** Every object of a kind the snapshot holds, from whichever lists succeeded. */
export function objectsOf(snap: Snapshot, apiVersion: string, kind: string): KubeObject[] {
  const all = indexOf(snap).byKey.get(keyOf(apiVersion, kind, ALL_NAMESPACES));
  if (all?.ok) return [...all.items];
  const out: KubeObject[] = [];
  for (const entry of snap.entries) {
    if (entry.apiVersion === apiVersion && entry.kind === kind && entry.result.ok)
      out.push(...entry.result.items);
  }
  return out;
}

/** The failed lists of a snapshot. */
export function failedLists(snap: Snapshot): SnapshotEntry[] {
  return snap.entries.filter((e) => !e.result.ok);
}

/** The kinds a managed cluster holds that the plan compares, in the local snapshot. */
export const LOCAL_KINDS = [
  KINDS.VerrazzanoProject,
  KINDS.Namespace,
  KINDS.RoleBinding,
  KINDS.NetworkPolicy,
  KINDS.Secret,
  KINDS.MultiClusterSecret,
  KINDS.MultiClusterConfigMap,
  KINDS.MultiClusterComponent,
  KINDS.Component,
  KINDS.MultiClusterApplicationConfiguration,
  KINDS.ConfigMap,
  KINDS.ApplicationConfiguration,
] as const;

/** The kinds the admin snapshot lists in each project namespace. */
export const ADMIN_NAMESPACE_KINDS = [
  ...WRAPPER_KINDS.map((k) => KINDS[k]),
  KINDS.Secret,
  KINDS.Component,
] as const;
