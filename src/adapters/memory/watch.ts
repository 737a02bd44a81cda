/**
 * Watches. Events are delivered asynchronously (one microtask each, in order), as they arrive
 * over a connection from a real server, never inside the write that caused them. With a label
 * selector, an object that stops matching arrives as DELETED and one that starts matching as
 * ADDED, as the apiserver's watch cache filters them.
 */
import type { KubeObject } from '../../model/meta.js';
import type { WatchEvent, WatchHandle } from '../../port/client.js';
import { isObject } from './canonical.js';
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
  stopped: boolean;
}

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

  /** Starts a watch; `initial` objects arrive first as ADDED, as a watch without resourceVersion sends them. */
  add(target: WatchTarget, initial: readonly StoredObject[]): WatchHandle {
    const watcher: Watcher = { ...target, stopped: false };
    this.watchers.add(watcher);
    for (const object of initial) this.deliver(watcher, 'ADDED', object);
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
    for (const watcher of this.watchers) {
      if (watcher.storageKey !== storageKey) continue;
      if (watcher.namespace !== undefined && namespaceOf(sample) !== watcher.namespace) continue;
      const was = before !== undefined && watcher.selector.matches(labelsOf(before));
      const is = after !== undefined && watcher.selector.matches(labelsOf(after));
      if (was && is) this.deliver(watcher, 'MODIFIED', after);
      else if (is) this.deliver(watcher, 'ADDED', after);
      else if (was) this.deliver(watcher, 'DELETED', after ?? before);
    }
  }

  /** Ends every watch with an error (the server went away). */
  failAll(error: unknown): void {
    const watchers = [...this.watchers];
    this.watchers.clear();
    for (const watcher of watchers) {
      watcher.stopped = true;
      const onError = watcher.onError;
      if (onError)
        queueMicrotask(() => {
          onError(error);
        });
    }
  }

  /** Ends the watches of a kind that is no longer served. */
  closeKind(storageKey: string, error: unknown): void {
    for (const watcher of [...this.watchers]) {
      if (watcher.storageKey !== storageKey) continue;
      this.watchers.delete(watcher);
      watcher.stopped = true;
      const onError = watcher.onError;
      if (onError)
        queueMicrotask(() => {
          onError(error);
        });
    }
  }

  private deliver(watcher: Watcher, type: WatchEvent['type'], object: StoredObject): void {
    const copy = JSON.parse(object.json) as KubeObject;
    copy.apiVersion = watcher.apiVersion;
    queueMicrotask(() => {
      if (!watcher.stopped) watcher.onEvent({ type, object: copy });
    });
  }
}
