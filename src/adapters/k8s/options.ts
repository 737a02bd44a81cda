/**
 * The options of `createK8sClusterClient`, its defaults, and the interface it returns: the
 * `ClusterClient` port plus what only a real cluster has (an apply precondition switch, `close`).
 */
import type { ApplyOptions, ClusterClient, ListOptions, WatchEvent, WatchHandle } from '../../port/client.js';
import type { KubeObject } from '../../model/meta.js';
import type { K8sKubeconfigSource } from './kubeconfig.js';
import { FieldManager } from './wire.js';

/**
 * Defaults of {@link K8sClusterClientOptions}.
 *
 * @example
 * ```ts
 * createK8sClusterClient({ timeoutMs: 2 * K8sDefaults.timeoutMs });
 * ```
 */
export const K8sDefaults = {
  /** Budget of one call, from the call until its last response byte. */
  timeoutMs: 30_000,
  /** Budget of one TCP connect plus TLS handshake (capped by what is left of `timeoutMs`). */
  connectTimeoutMs: 10_000,
  /**
   * Requests in flight at once; the rest queue in call order. Over HTTP/2 each is a stream on one
   * connection. 32 is where the API server's CPU per request stops falling as concurrency rises
   * (docs/performance.md, server-side apply); API Priority and Fairness keeps it fair to others.
   */
  maxConcurrency: 32,
  /** The field manager of writes that name none: `vzmc`. */
  fieldManager: FieldManager.Default,
  /** Items per list request; `continue` tokens fetch the rest (kubectl's chunk size). */
  listPageSize: 500,
  /** HTTP/2 to `https` servers that offer it, as client-go does; HTTP/1.1 otherwise. */
  http2: true,
} as const;

/**
 * Options of `createK8sClusterClient`.
 *
 * @example
 * ```ts
 * const options: K8sClusterClientOptions = {
 *   kubeconfig: { file: '/etc/vzmc/managed1.kubeconfig' },
 *   name: 'managed1',
 *   timeoutMs: 10_000,
 *   maxConcurrency: 8,
 *   onWarning: (warning) => console.warn(`managed1: ${warning}`),
 * };
 * ```
 */
export interface K8sClusterClientOptions {
  /** Where the kubeconfig comes from. Default: `KUBECONFIG`, else `~/.kube/config`, else the pod's service account. */
  readonly kubeconfig?: K8sKubeconfigSource;
  /** The context to use. Default: the kubeconfig's `current-context`. */
  readonly context?: string;
  /** A name for logs and error messages (e.g. `admin`, `managed1`). Default: the context name. */
  readonly name?: string;
  /** Budget of each call, including waiting for a free request slot. Default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Budget of connecting (TCP and TLS) to the server. Default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /** The field manager for writes whose options name none. Default `vzmc`. */
  readonly fieldManager?: string;
  /** Requests in flight at once (watches excluded). Default 32. */
  readonly maxConcurrency?: number;
  /** Receives the text of each `Warning` header (deprecated kinds, unknown fields). Default: dropped. */
  readonly onWarning?: (warning: string) => void;
  /**
   * Told once, when the client is created, that its kubeconfig weakens TLS: the context's cluster
   * sets `insecure-skip-tls-verify` (the server's certificate is not checked), or has an `https`
   * server and no certificate authority (only the system's CAs vouch for it). The warning names the
   * context, cluster and server, never a credential. Default: `process.emitWarning` (stderr).
   */
  readonly onInsecureTls?: (warning: string) => void;
  /**
   * Multiplex requests over one HTTP/2 connection when the server offers HTTP/2 (ALPN), as
   * client-go does; servers and proxies that answer HTTP/1.1 get HTTP/1.1 keep-alive, and so does
   * a cluster with a `proxy-url` or a plain `http` server. Watches are streams on the HTTP/2
   * connection while it has room beside `maxConcurrency` requests, else HTTP/1.1. `false`:
   * HTTP/1.1 keep-alive only, up to `maxConcurrency` connections (client-go's `DISABLE_HTTP2`).
   * Default `true`.
   */
  readonly http2?: boolean;
  /**
   * Told of each HTTP exchange with the server (retries included, watches not): the method and the
   * status code, or the ClusterError reason when no response came (`Timeout`,
   * `Unavailable`). For metrics; it must not throw, and it sees no paths, bodies or headers.
   * Default: nobody is told.
   */
  readonly onRequest?: (event: K8sRequestEvent) => void;
  /**
   * Randomness in [0, 1) for the length of each watch request: between 30 and 60 minutes, the
   * range the API server picks when a client names none, so that the watches of one client do not
   * all end and restart together. Default `Math.random`.
   */
  readonly random?: () => number;
  /**
   * How long a watch that has sent one of the server's bookmarks (about one a minute) may then stay
   * silent before it is presumed dead and resumed. Default 150,000 ms.
   */
  readonly watchSilenceMs?: number;
}

/**
 * One HTTP exchange, as {@link K8sClusterClientOptions.onRequest} reports it.
 *
 * @example
 * ```ts
 * createK8sClusterClient({ name: 'admin', onRequest: (e) => metrics.recordRequest(e) });
 * // e: { cluster: 'admin', method: 'GET', code: '200' }
 * ```
 */
export interface K8sRequestEvent {
  /** The client's name (the `name` option, else the context name). */
  readonly cluster: string;
  /** The HTTP method: `GET`, `POST`, `PUT`, `PATCH` or `DELETE`. */
  readonly method: string;
  /** The HTTP status code as text (`200`, `409`), or the failure's reason when no response came. */
  readonly code: string;
}

/**
 * Server-side apply options of the Kubernetes adapter.
 *
 * @example
 * ```ts
 * // Fail with Conflict if someone changed the object since it was read.
 * await client.apply(live, { fieldManager: 'vzmc', resourceVersionPrecondition: true });
 * ```
 */
export interface K8sApplyOptions extends ApplyOptions {
  /**
   * Keep `metadata.resourceVersion` in the applied object, so the apply fails with Conflict when
   * the live object has moved on. Default false: the adapter drops it, because an object read
   * earlier and applied later would otherwise conflict for no reason the caller meant.
   */
  readonly resourceVersionPrecondition?: boolean;
}

/**
 * A {@link ClusterClient} over a real API server.
 *
 * @example
 * ```ts
 * const client: K8sClusterClient = createK8sClusterClient({ context: 'kind-admin' });
 * const handle = await client.watch('v1', 'ConfigMap', { namespace: 'demo' }, (event) => console.log(event.type), console.error);
 * handle.stop();
 * client.close();
 * ```
 */
export interface K8sClusterClient extends ClusterClient {
  /**
   * Server-side apply: `PATCH` with `application/apply-patch+yaml`, the object as JSON (one member per line) without
   * `metadata.managedFields` (and without `metadata.resourceVersion` unless
   * `resourceVersionPrecondition`), `fieldManager`, `force` and `dryRun=All` as asked.
   */
  apply<T extends KubeObject = KubeObject>(object: T, options: K8sApplyOptions): Promise<T>;
  /**
   * Watches a kind. Resolves once the server accepted the watch (within `timeoutMs`); resumes
   * transparently when the server ends it; reports a broken stream or an `ERROR` event (such as
   * 410 Gone) once through `onError` and stops. Events for objects that already exist arrive first
   * as `ADDED`, as with `kubectl get -w`.
   */
  watch(
    apiVersion: string,
    kind: string,
    options: ListOptions,
    onEvent: (event: WatchEvent) => void,
    onError?: (error: unknown) => void,
  ): Promise<WatchHandle>;
  /** Closes the client's connections. Idle connections never keep the process alive, so this is optional. */
  close(): void;
}
