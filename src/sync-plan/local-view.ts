/**
 * The local view stage of a plan: the cluster's live objects of the kinds the plan compares, by
 * object key, and the kinds whose lists failed (nothing of those is written, deleted or reported).
 */
import type { KubeObject } from '../model/meta.js';
import { objectKey } from '../desired/index.js';
import { unknownList } from './admin-view.js';
import { LOCAL_KINDS, listOf, objectsOf, type Snapshot } from './snapshot.js';
import { SyncTarget, type UnknownList } from './types.js';

/** What the local snapshot says. */
export interface LocalView {
  /** vzmc's objects, plus same-named objects where the snapshot has them, by object key. */
  readonly live: ReadonlyMap<string, KubeObject>;
  /** The kinds with a failed or missing list. */
  readonly failed: ReadonlySet<string>;
  /** The local lists that failed. */
  readonly unknown: readonly UnknownList[];
}

/** The local view of a snapshot. */
export function localView(local: Snapshot): LocalView {
  const failed = new Set<string>();
  const live = new Map<string, KubeObject>();
  const unknown: UnknownList[] = [];
  for (const info of LOCAL_KINDS) {
    const all = listOf(local, info.apiVersion, info.kind, '*');
    const entries = local.entries.filter((e) => e.kind === info.kind && e.apiVersion === info.apiVersion);
    if (entries.length === 0 && !all) failed.add(info.kind);
    for (const entry of entries) {
      if (entry.result.ok) continue;
      failed.add(info.kind);
      unknown.push(...unknownList(SyncTarget.Local, entry));
    }
    for (const object of objectsOf(local, info.apiVersion, info.kind)) live.set(objectKey(object), object);
  }
  return { live, failed, unknown };
}
