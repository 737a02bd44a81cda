/**
 * Watches. Events are delivered asynchronously (one microtask each, in order), as they arrive
 * over a connection from a real server, never inside the write that caused them. With a label
 * selector, an object that stops matching arrives as DELETED and one that starts matching as
 * ADDED, as the apiserver's watch cache filters them.
 *
 * Like the apiserver's watch cache, the hub keeps the latest {@link WATCH_HISTORY_EVENTS} events:
 * a watch may start at a resourceVersion (a list's) and gets the changes after it; an older
 * version than the history holds ends the watch with 410 Expired, and the caller lists again.
 * With bookmarks asked for, a change of the kind the watch does not see moves it on by a BOOKMARK.
 */
import type { KubeObject } from '../../model/meta.js';
import type { WatchEvent, WatchHandle } from '../../port/client.js';
import { isObject } from './canonical.js';
import { expired } from './errors.js';
import type { LabelSelector } from './selector.js';
import type { StoredObject } from './store.js';

/** One registered watch. */
interface Watcher {
  readonly storageKey: string;
  readonly apiVersion: string;
  readonly namespace: string | undefined;
  readonly selector: LabelSelector;
  readonly onEvent: (event: WatchEvent) => void;
  readonly onError: ((error: unknown) => void) | undefined;
  /** Whether BOOKMARK events are delivered. */
  readonly bookmarks?: boolean;
  stopped: boolean;
}

/** How many events the hub keeps for watches that start at a resourceVersion. */
export const WATCH_HISTORY_EVENTS = 10_000;

/** One change, kept for watches that start at a resourceVersion. */
interface Change {
  readonly storageKey: string;
  readonly revision: number;
  readonly before: StoredObject | undefined;
  readonly after: StoredObject | undefined;
}

const revisionOf = (object: StoredObject): number => {
  const metadata = object.object.metadata;
  return isObject(metadata) ? Number(metadata.resourceVersion) : 0;
};

/** What a watch is for. */
export type WatchTarget = Omit<Watcher, 'stopped'>;

const labelsOf = (object: StoredObject): Record<string, string> | undefined => {
  const metadata = object.object.metadata;
  return isObject(metadata) && isObject(metadata.labels)
    ? (metadata.labels as Record<string, string>)
    : undefined;
};

const namespaceOf = (object: StoredObject): string => {
  const metadata = object.object.metadata;
  return isObject(metadata) && typeof metadata.namespace === 'string' ? metadata.namespace : '';
};

/** The watches of one cluster. */
export class WatchHub {
  private watchers = new Set<Watcher>();
  private history: Change[] = [];
  /** The revision of the newest event dropped from the history: a watch must start at or after it. */
  private compacted = 0;

  constructor(private readonly historySize = WATCH_HISTORY_EVENTS) {}

  /**
   * Starts a watch. Without `resourceVersion` (or with `0`), `initial` objects arrive first as
   * ADDED, as a watch without resourceVersion sends them; with one, the kept changes after it,
   * or 410 Expired when the history no longer reaches back to it.
   */
  add(target: WatchTarget, initial: readonly StoredObject[], resourceVersion?: string): WatchHandle {
    const watcher: Watcher = { ...target, stopped: false };
    this.watchers.add(watcher);
    const from =
      resourceVersion === undefined || resourceVersion === '0' ? undefined : Number(resourceVersion);
    if (from === undefined) for (const object of initial) this.deliver(watcher, 'ADDED', object);
    else if (!Number.isFinite(from) || from < this.compacted)
      this.fail(watcher, expired(resourceVersion!, this.compacted + 1));
    else
      for (const change of this.history)
        if (change.revision > from && change.storageKey === watcher.storageKey)
          this.offer(watcher, change.before, change.after, change.revision);
    return {
      stop: () => {
        watcher.stopped = true;
        this.watchers.delete(watcher);
      },
    };
  }

  /** Announces a change of one object: `before` absent for a creation, `after` absent for a deletion. */
  publish(storageKey: string, before: StoredObject | undefined, after: StoredObject | undefined): void {
    const sample = after ?? before;
    if (!sample) return;
    const revision = revisionOf(sample);
    this.history.push({ storageKey, revision, before, after });
    if (this.history.length > this.historySize) {
      const dropped = this.history.splice(0, this.history.length - this.historySize);
      this.compacted = dropped[dropped.length - 1]!.revision;
    }
    for (const watcher of this.watchers)
      if (watcher.storageKey === storageKey) this.offer(watcher, before, after, revision);
  }

  /** One change to one watcher: the event it sees, or a BOOKMARK when it sees none and asked for them. */
  private offer(
    watcher: Watcher,
    before: StoredObject | undefined,
    after: StoredObject | undefined,
    revision: number,
  ): void {
    const sample = (after ?? before)!;
    const inScope = watcher.namespace === undefined || namespaceOf(sample) === watcher.namespace;
    const was = inScope && before !== undefined && watcher.selector.matches(labelsOf(before));
    const is = inScope && after !== undefined && watcher.selector.matches(labelsOf(after));
    if (was && is) this.deliver(watcher, 'MODIFIED', after);
    else if (is) this.deliver(watcher, 'ADDED', after);
    else if (was) this.deliver(watcher, 'DELETED', after ?? before);
    else if (watcher.bookmarks) this.bookmark(watcher, revision);
  }

  private bookmark(watcher: Watcher, revision: number): void {
    const object = {
      apiVersion: watcher.apiVersion,
      kind: '',
      metadata: { resourceVersion: String(revision) },
    } as KubeObject;
    queueMicrotask(() => {
      if (!watcher.stopped) watcher.onEvent({ type: 'BOOKMARK', object });
    });
  }

  private fail(watcher: Watcher, error: unknown): void {
    this.watchers.delete(watcher);
    watcher.stopped = true;
    const onError = watcher.onError;
    if (onError)
      queueMicrotask(() => {
        onError(error);
      });
  }

  /** Ends every watch with an error (the server went away). */
  failAll(error: unknown): void {
    for (const watcher of [...this.watchers]) this.fail(watcher, error);
  }

  /** Ends the watches of a kind that is no longer served. */
  closeKind(storageKey: string, error: unknown): void {
    for (const watcher of [...this.watchers])
      if (watcher.storageKey === storageKey) this.fail(watcher, error);
  }

  private deliver(watcher: Watcher, type: WatchEvent['type'], object: StoredObject): void {
    const copy = JSON.parse(object.json) as KubeObject;
    copy.apiVersion = watcher.apiVersion;
    queueMicrotask(() => {
      if (!watcher.stopped) watcher.onEvent({ type, object: copy });
    });
  }
}
