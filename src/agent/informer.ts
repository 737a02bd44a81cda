/**
 * Informer-style caches of lists, as client-go's informers keep them: a list is read once, then
 * kept current by a watch that starts at the list's resourceVersion (bookmarks asked for, so a
 * resumed watch starts late enough); a watch that breaks or answers 410 Expired is followed by a
 * fresh list (with backoff) and a new watch. Planning reads the cache through a ClusterClient
 * whose `list` answers from it ({@link cachedClient}), so snapshots.ts is unchanged and the cache
 * never watches more than the code lists: each informer is exactly one list the code made (same
 * kind, namespace and label selector, same identity), never a wider one.
 *
 * Every change that reaches a cache calls `onChange` (status-only changes too, unless
 * `ignoreStatusOnly`: an agent does not react to the heartbeats and status reports that it and the
 * other agents write). While an informer is not in sync (after a broken watch, before the list
 * again), `list` reads through to the cluster, so a read is never staler than a poll's.
 */
import type { ClusterClient, ListOptions, ObjectList, WatchEvent, WatchHandle } from '../port/client.js';
import type { KubeObject } from '../model/meta.js';
import { ClusterErrorReason, errorReason } from '../port/errors.js';
import { silentLogger, type Logger } from './logger.js';

/** Options of {@link createListCache}. */
export interface ListCacheOptions {
  /** The client the informers list and watch through (a long-lived one). */
  readonly client: ClusterClient;
  /** Called after each change is in the cache (never for a BOOKMARK). */
  readonly onChange?: () => void;
  /** Leave out changes of status, resourceVersion and managedFields only. Default false. */
  readonly ignoreStatusOnly?: boolean;
  /** Backoff of relists after a broken watch: from `baseMs` doubling to `maxMs`. Default 500 ms to 30 s. */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** Where to log broken watches. */
  readonly logger?: Logger;
}

/** The caches of one client: one informer per distinct list. */
export interface ListCache {
  /** The list, from the cache when its informer is in sync; the first call for a list starts it. */
  list(apiVersion: string, kind: string, options?: ListOptions): Promise<ObjectList>;
  /** Starts counting which informers are read, for {@link ListCache.sweep}. */
  mark(): void;
  /** Stops the informers not read since {@link ListCache.mark}: lists the code no longer makes. */
  sweep(): void;
  /** How many informers run, and how many are in sync. */
  size(): { informers: number; synced: number };
  /** Stops every informer. */
  stop(): void;
}

const DEFAULT_BACKOFF = { baseMs: 500, maxMs: 30_000 };

const keyOf = (apiVersion: string, kind: string, options: ListOptions): string =>
  `${apiVersion}\0${kind}\0${options.namespace ?? ''}\0${options.labelSelector ?? ''}`;

const objectKey = (o: KubeObject): string => `${o.metadata.namespace ?? ''}\0${o.metadata.name ?? ''}`;

/** The object as a change is judged: without status, resourceVersion and managedFields. */
function specOf(o: KubeObject): string {
  const { status: _status, ...rest } = o as KubeObject & { status?: unknown };
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = o.metadata;
  return JSON.stringify({ ...rest, metadata });
}

/** One list kept current by a watch. */
class Informer {
  readonly objects = new Map<string, KubeObject>();
  resourceVersion = '';
  synced = false;
  used = true;
  #sorted: KubeObject[] | undefined;
  #handle: WatchHandle | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #failures = 0;

  constructor(
    private readonly cache: ListCacheOptions,
    private readonly apiVersion: string,
    private readonly kind: string,
    private readonly options: ListOptions,
  ) {}

  /**
   * Lists, then watches from the list's resourceVersion. Rejects when the list fails; a watch that
   * cannot start (e.g. no `watch` verb) leaves the informer out of sync, reading through, and is
   * tried again with backoff: never worse than polling.
   */
  async start(): Promise<void> {
    const list = await this.cache.client.list(this.apiVersion, this.kind, this.options);
    if (this.#stopped) return;
    this.objects.clear();
    for (const o of list.items) this.objects.set(objectKey(o), o);
    this.#sorted = [...list.items];
    this.resourceVersion = list.resourceVersion;
    try {
      await this.#watch();
    } catch (error) {
      if (errorReason(error) === ClusterErrorReason.Forbidden) {
        // No `watch` verb for this identity: this list stays a poll.
        (this.cache.logger ?? silentLogger).log('warn', 'cache cannot watch; the list is read each time', {
          kind: this.kind,
          ...(this.options.namespace ? { namespace: this.options.namespace } : {}),
        });
        return;
      }
      this.#broken(error);
    }
  }

  async #watch(): Promise<void> {
    const watch = this.cache.client.watch?.bind(this.cache.client);
    if (!watch) return; // no watch: never in sync, every list reads through
    let broken = false;
    const handle = await watch(
      this.apiVersion,
      this.kind,
      { ...this.options, resourceVersion: this.resourceVersion, allowWatchBookmarks: true },
      (event) => {
        if (!broken) this.#event(event);
      },
      (error) => {
        if (broken) return;
        broken = true;
        this.#broken(error);
      },
    );
    if (this.#stopped || broken) {
      handle.stop();
      return;
    }
    this.#handle = handle;
    this.synced = true;
    this.#failures = 0;
  }

  #event(event: WatchEvent): void {
    const object = event.object;
    const rv = object.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (event.type === 'BOOKMARK') return;
    const key = objectKey(object);
    const before = this.objects.get(key);
    if (event.type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, object);
    this.#sorted = undefined;
    const statusOnly =
      this.cache.ignoreStatusOnly === true &&
      event.type === 'MODIFIED' &&
      before !== undefined &&
      specOf(before) === specOf(object);
    if (!statusOnly) this.cache.onChange?.();
  }

  #broken(error: unknown): void {
    this.synced = false;
    this.#handle = undefined;
    if (this.#stopped) return;
    (this.cache.logger ?? silentLogger).log('warn', 'cache watch broke; listing again', {
      kind: this.kind,
      ...(this.options.namespace ? { namespace: this.options.namespace } : {}),
      reason: errorReason(error),
    });
    this.#relist();
  }

  #relist(): void {
    const { baseMs, maxMs } = this.cache.backoff ?? DEFAULT_BACKOFF;
    const delay = Math.min(maxMs, baseMs * 2 ** this.#failures) * (0.5 + Math.random() / 2);
    this.#failures += 1;
    this.#timer = setTimeout(() => {
      this.start().then(
        // What changed while the watch was down is in the new list: the caller looks again.
        () => {
          if (this.synced) this.cache.onChange?.();
        },
        () => {
          if (!this.#stopped && !this.synced) this.#relist();
        },
      );
    }, delay);
    this.#timer.unref();
  }

  /** The items in list order (namespace, then name), as a list returns them. */
  items(): KubeObject[] {
    if (!this.#sorted) {
      const keys = [...this.objects.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      this.#sorted = keys.map((k) => this.objects.get(k)!);
    }
    return this.#sorted;
  }

  stop(): void {
    this.#stopped = true;
    this.synced = false;
    clearTimeout(this.#timer);
    this.#handle?.stop();
    this.#handle = undefined;
  }
}

/**
 * Creates the list caches of one client.
 *
 * @example
 * const cache = createListCache({ client: admin, onChange: () => wake() });
 * const projects = await cache.list(CLUSTERS_API_VERSION, 'VerrazzanoProject', { namespace: 'verrazzano-mc' });
 */
export function createListCache(options: ListCacheOptions): ListCache {
  const informers = new Map<string, Informer>();
  const starting = new Map<string, Promise<Informer>>();
  const begin = (apiVersion: string, kind: string, listOptions: ListOptions, key: string) => {
    const informer = new Informer(options, apiVersion, kind, listOptions);
    const started = informer.start().then(
      () => {
        informers.set(key, informer);
        return informer;
      },
      (error: unknown) => {
        informer.stop();
        throw error;
      },
    );
    starting.set(key, started);
    void started.finally(() => starting.delete(key)).catch(() => undefined);
    return started;
  };
  return {
    async list(apiVersion, kind, listOptions = {}) {
      const key = keyOf(apiVersion, kind, listOptions);
      const running = informers.get(key);
      if (running) {
        running.used = true;
        if (running.synced) return { items: running.items(), resourceVersion: running.resourceVersion };
        return options.client.list(apiVersion, kind, listOptions);
      }
      const informer = await (starting.get(key) ?? begin(apiVersion, kind, listOptions, key));
      informer.used = true;
      return { items: informer.items(), resourceVersion: informer.resourceVersion };
    },
    mark() {
      for (const informer of informers.values()) informer.used = false;
    },
    sweep() {
      for (const [key, informer] of informers)
        if (!informer.used) {
          informer.stop();
          informers.delete(key);
        }
    },
    size() {
      const all = [...informers.values()];
      return { informers: all.length, synced: all.filter((i) => i.synced).length };
    },
    stop() {
      for (const informer of informers.values()) informer.stop();
      informers.clear();
    },
  };
}

/**
 * `client` with its lists answered by `cache`; every other call (gets, writes, watches) goes to
 * `client` itself.
 */
export function cachedClient(client: ClusterClient, cache: ListCache): ClusterClient {
  const list = (apiVersion: string, kind: string, options?: ListOptions) =>
    cache.list(apiVersion, kind, options);
  return new Proxy(client, {
    get(target, property) {
      if (property === 'list') return list;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
