/**
 * The ClusterClient port: what vzmc needs from a Kubernetes cluster, in vzmc's own vocabulary
 * (plain objects, {@link ClusterError}), with no client library types. Two adapters implement it:
 * `createK8sClusterClient` (vzmc/k8s, over @kubernetes/client-node) and `createMemoryCluster`
 * (in memory). One contract suite (vzmc/testing) runs against both.
 */
import type { KubeObject } from '../model/meta.js';

/** Identifies one object. `namespace` is omitted for cluster-scoped kinds. */
export interface ObjectKey {
  /** API version of the kind, e.g. `v1`. */
  readonly apiVersion: string;
  /** The kind, e.g. `Secret`. */
  readonly kind: string;
  /** The namespace of a namespaced object. */
  readonly namespace?: string;
  /** The object's name. */
  readonly name: string;
}

/** Options for {@link ClusterClient.get}. */
export interface GetOptions {
  /**
   * `'0'`: any version the server holds. The API server answers it from its watch cache, without
   * a read from etcd, so it may be a moment behind the latest write (client-go's
   * `GetOptions{ResourceVersion: "0"}`). Absent: the latest (a quorum read).
   */
  readonly resourceVersion?: '0';
}

/** Options for {@link ClusterClient.list}. */
export interface ListOptions {
  /** Only this namespace; all namespaces when absent (for namespaced kinds). */
  readonly namespace?: string;
  /** A Kubernetes label selector: `a=b,c!=d,e in (f,g),!h`. */
  readonly labelSelector?: string;
}

/** A list result. */
export interface ObjectList<T extends KubeObject = KubeObject> {
  /** The objects. */
  readonly items: readonly T[];
  /** The list's resourceVersion. */
  readonly resourceVersion: string;
}

/** Options for writes. */
export interface WriteOptions {
  /** Validate and default on the server without persisting (dryRun=All). */
  readonly dryRun?: boolean;
  /** The field manager recorded for this write. */
  readonly fieldManager?: string;
}

/** Options for server-side apply. */
export interface ApplyOptions extends WriteOptions {
  /** Required for apply: who owns the fields this object sets. */
  readonly fieldManager: string;
  /** Take ownership of fields another manager owns, instead of failing with a Conflict. */
  readonly force?: boolean;
}

/** Options for delete. */
export interface DeleteOptions {
  /** Delete only if the object still has this uid and/or resourceVersion. */
  readonly preconditions?: {
    /** The uid the object must have. */
    readonly uid?: string;
    /** The resourceVersion the object must have. */
    readonly resourceVersion?: string;
  };
  /** How dependents are garbage-collected; the server's default when absent. */
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  /** Validate on the server without deleting (dryRun=All). */
  readonly dryRun?: boolean;
}

/** Options for {@link ClusterClient.watch}: a list's scope, and where the stream starts. */
export interface WatchOptions extends ListOptions {
  /**
   * Start after this resourceVersion (a list's, or the last event's): only later changes arrive,
   * and no initial ADDED events. A version the server no longer keeps ends the watch at once with
   * an error of reason `Expired` (HTTP 410 Gone): the caller lists again. Absent: the matching
   * objects arrive first as ADDED, then every change.
   */
  readonly resourceVersion?: string;
  /** Also deliver BOOKMARK events (the object carries only `metadata.resourceVersion`). */
  readonly allowWatchBookmarks?: boolean;
}

/** A watch event. */
export interface WatchEvent<T extends KubeObject = KubeObject> {
  /**
   * What happened to the object. BOOKMARK (only with `allowWatchBookmarks`) carries no change,
   * just the resourceVersion the stream has reached.
   */
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  /** The object after the event (its last state for DELETED). */
  readonly object: T;
}

/** A running watch. */
export interface WatchHandle {
  /** Ends the watch; no event is delivered afterwards. */
  stop(): void;
}

/** Options for {@link ClusterClient.requestToken} (the TokenRequest API). */
export interface TokenRequestOptions {
  /** Audiences of the token; the API server's default when absent. */
  readonly audiences?: readonly string[];
  /** Requested lifetime; the server may shorten it. */
  readonly expirationSeconds?: number;
}

/**
 * A Kubernetes cluster, as vzmc uses it. Every method either resolves or rejects with a
 * {@link ClusterError}; none hangs past the adapter's timeout.
 */
export interface ClusterClient {
  /** A name for logs and errors (e.g. `admin`, `managed1`). */
  readonly name: string;
  /**
   * Requests the client keeps in flight at once (the k8s adapter's `maxConcurrency`); more queue
   * inside it, against their deadline. A caller that runs many calls at once (the executor) keeps
   * within it. Absent: the client sets no bound of its own.
   */
  readonly maxConcurrency?: number;
  /** Reads one object. NotFound when absent. */
  get<T extends KubeObject = KubeObject>(key: ObjectKey, options?: GetOptions): Promise<T>;
  /** Lists objects of a kind. */
  list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    options?: ListOptions,
  ): Promise<ObjectList<T>>;
  /** Creates an object. AlreadyExists when it exists. */
  create<T extends KubeObject = KubeObject>(object: T, options?: WriteOptions): Promise<T>;
  /** Replaces an object (PUT). A stale `metadata.resourceVersion` gives Conflict. */
  replace<T extends KubeObject = KubeObject>(object: T, options?: WriteOptions): Promise<T>;
  /** Server-side apply. */
  apply<T extends KubeObject = KubeObject>(object: T, options: ApplyOptions): Promise<T>;
  /** Deletes an object. NotFound when absent. */
  delete(key: ObjectKey, options?: DeleteOptions): Promise<void>;
  /** Replaces the status subresource (PUT …/status). A stale resourceVersion gives Conflict. */
  updateStatus<T extends KubeObject = KubeObject>(object: T, options?: WriteOptions): Promise<T>;
  /** The server's Kubernetes version, e.g. `v1.34.4`. */
  serverVersion(): Promise<string>;
  /** Gets a bound ServiceAccount token through the TokenRequest API. */
  requestToken(namespace: string, serviceAccount: string, options?: TokenRequestOptions): Promise<string>;
  /** Watches a kind. Optional: adapters that cannot watch leave it out. */
  watch?(
    apiVersion: string,
    kind: string,
    options: WatchOptions,
    onEvent: (event: WatchEvent) => void,
    onError?: (error: unknown) => void,
  ): Promise<WatchHandle>;
}
