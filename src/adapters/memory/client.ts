/**
 * The ClusterClient of an in-memory cluster. Every call runs the request path of a real server:
 * count, availability, injected faults, authentication, discovery (is the kind served?),
 * authorization, then the operation itself.
 */
import type { KubeObject } from '../../model/meta.js';
import type {
  ApplyOptions,
  ClusterClient,
  DeleteOptions,
  ListOptions,
  WatchOptions,
  ObjectKey,
  ObjectList,
  TokenRequestOptions,
  WatchEvent,
  WatchHandle,
  WriteOptions,
} from '../../port/client.js';
import { getObject, listObjects } from './client-reads.js';
import { requestContext } from './client-request.js';
import { requestToken, serverVersion } from './client-server.js';
import { watchObjects } from './client-watch.js';
import { applyVerb, createVerb, deleteVerb, replaceVerb, updateStatusVerb } from './client-writes.js';
import type { UserInfo } from './identity.js';
import type { ClusterState } from './state.js';

/** Apply options, with the same extension the Kubernetes adapter offers. */
export interface MemoryApplyOptions extends ApplyOptions {
  /**
   * Keep `metadata.resourceVersion` in the applied object, so the apply fails with Conflict when
   * the live object has moved on. Default false: like the Kubernetes adapter, the client drops it
   * (and always drops `metadata.managedFields`, which the server refuses in an apply).
   */
  readonly resourceVersionPrecondition?: boolean;
}

/** A ClusterClient that always supports watch, with the Kubernetes adapter's apply options. */
export interface MemoryClusterClient extends ClusterClient {
  apply<T extends KubeObject = KubeObject>(object: T, options: MemoryApplyOptions): Promise<T>;
  watch: NonNullable<ClusterClient['watch']>;
}

/** Who a client acts as, and its defaults. Without `token` or `user`, it is the cluster admin. */
export interface MemoryClientOptions {
  /** {@link ClusterClient.name}; the cluster's name by default. */
  readonly name?: string;
  /** A bearer token: static (registerToken) or from requestToken. Unknown tokens get Unauthorized. */
  readonly token?: string;
  /** A user name, authorized by RBAC (`system:authenticated` is added to its groups). */
  readonly user?: string;
  /** Groups of `user`. */
  readonly groups?: readonly string[];
  /** The namespace of namespaced objects and keys that name none, as a kubeconfig context's. Default `default`. */
  readonly defaultNamespace?: string;
  /** The field manager of create, replace and status writes that name none. Default `vzmc`. */
  readonly fieldManager?: string;
}

/**
 * Creates the client of a cluster for one identity. Each verb group lives in its own file
 * (client-reads, client-writes, client-watch, client-server), on the request path of
 * client-request.
 */
export function createClient(
  state: ClusterState,
  options: MemoryClientOptions,
  admin: UserInfo,
): MemoryClusterClient {
  const context = requestContext(state, options, admin);
  return {
    name: options.name ?? state.name,
    get<T extends KubeObject = KubeObject>(key: ObjectKey): Promise<T> {
      return getObject<T>(context, key);
    },
    list<T extends KubeObject = KubeObject>(
      apiVersion: string,
      kind: string,
      options: ListOptions = {},
    ): Promise<ObjectList<T>> {
      return listObjects<T>(context, apiVersion, kind, options);
    },
    create<T extends KubeObject = KubeObject>(object: T, options?: WriteOptions): Promise<T> {
      return createVerb(context, object, options);
    },
    replace<T extends KubeObject = KubeObject>(object: T, options?: WriteOptions): Promise<T> {
      return replaceVerb(context, object, options);
    },
    apply<T extends KubeObject = KubeObject>(object: T, options: MemoryApplyOptions): Promise<T> {
      return applyVerb(context, object, options);
    },
    delete(key: ObjectKey, options: DeleteOptions = {}): Promise<void> {
      return deleteVerb(context, key, options);
    },
    updateStatus<T extends KubeObject = KubeObject>(object: T, options?: WriteOptions): Promise<T> {
      return updateStatusVerb(context, object, options);
    },
    serverVersion(): Promise<string> {
      return serverVersion(context);
    },
    requestToken(
      namespace: string,
      serviceAccount: string,
      options: TokenRequestOptions = {},
    ): Promise<string> {
      return requestToken(context, namespace, serviceAccount, options);
    },
    watch(
      apiVersion: string,
      kind: string,
      options: WatchOptions,
      onEvent: (event: WatchEvent) => void,
      onError?: (error: unknown) => void,
    ): Promise<WatchHandle> {
      return watchObjects(context, apiVersion, kind, options, onEvent, onError);
    },
  };
}
