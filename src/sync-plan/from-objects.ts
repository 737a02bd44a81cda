/**
 * Snapshots from plain objects (files, tests, the in-memory demo): every list succeeded, and a kind
 * with no object is an empty list, not an unknown one.
 */
import type { KubeObject } from '../model/meta.js';
import type { KindInfo } from '../model/kinds.js';
import { ADMIN_NAMESPACE_KINDS, LOCAL_KINDS } from './snapshot.js';
import { ALL_NAMESPACES, snapshot, type Snapshot } from './snapshot.js';
import { KINDS } from '../model/kinds.js';

function fromObjects(objects: Iterable<KubeObject>, kinds: readonly KindInfo[]): Snapshot {
  const byKind = new Map<string, KubeObject[]>(kinds.map((k) => [`${k.apiVersion}|${k.kind}`, []]));
  for (const object of objects) byKind.get(`${object.apiVersion}|${object.kind}`)?.push(object);
  return snapshot(
    kinds.map((k) => ({
      apiVersion: k.apiVersion,
      kind: k.kind,
      namespace: ALL_NAMESPACES,
      result: { ok: true as const, items: byKind.get(`${k.apiVersion}|${k.kind}`) ?? [] },
    })),
  );
}

/**
 * The admin snapshot of a set of admin objects: projects, VMCs, wrappers, Secrets and Components.
 *
 * @example
 * const admin = adminSnapshotFromObjects(loadSources(sources).objects.map((o) => o.object));
 */
export function adminSnapshotFromObjects(objects: Iterable<KubeObject>): Snapshot {
  return fromObjects(objects, [
    KINDS.VerrazzanoProject,
    KINDS.VerrazzanoManagedCluster,
    ...ADMIN_NAMESPACE_KINDS,
  ]);
}

/** The local snapshot of a managed cluster's objects. */
export function localSnapshotFromObjects(objects: Iterable<KubeObject>): Snapshot {
  return fromObjects(objects, LOCAL_KINDS);
}
