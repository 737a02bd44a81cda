/**
 * `createK8sClusterClient`: the ClusterClient port over a real API server. Each method resolves
 * the kind to a REST path (statically for `KINDS`), sends one request (a list may send several)
 * through the bounded transport, and returns plain objects; every failure is a ClusterError.
 */
import type {
  DeleteOptions,
  ListOptions,
  WatchOptions,
  GetOptions,
  ObjectKey,
  ObjectList,
  TokenRequestOptions,
  WatchEvent,
  WatchHandle,
  WriteOptions,
} from '../../port/client.js';
import { isClusterError } from '../../port/errors.js';
import type { KubeObject } from '../../model/meta.js';
import { deadlineIn, type Deadline } from './deadline.js';
import { ResourceResolver } from './discovery.js';
import {
  badRequest,
  errorFromResponse,
  malformedResponse,
  optionsError,
  type ErrorTarget,
} from './errors.js';
import { CredentialCache } from './credentials.js';
import { insecureTlsWarning, selectKubeconfig } from './kubeconfig.js';
import {
  K8sDefaults,
  type K8sApplyOptions,
  type K8sClusterClient,
  type K8sClusterClientOptions,
} from './options.js';
import { collectionPath, objectPath, queryString, type RestResource } from './paths.js';
import { Transport } from './transport.js';
import { startWatch } from './watch.js';
import { ContentType, DRY_RUN_ALL, HttpMethod, QueryParam } from './wire.js';

interface ListPage {
  readonly metadata?: { readonly resourceVersion?: string; readonly continue?: string };
  readonly items?: readonly KubeObject[];
}

/** What every method of one client shares. */
interface ClientScope {
  readonly name: string;
  /** Requests in flight at once. */
  readonly maxConcurrency: number;
  /** Budget of each call. */
  readonly timeoutMs: number;
  readonly transport: Transport;
  readonly resolver: ResourceResolver;
  /** The kubeconfig context's namespace, for a namespaced object that names none. */
  readonly contextNamespace: string;
  readonly defaultFieldManager: string;
  /** Randomness for the watches' lengths. */
  readonly random: () => number;
  /** Silence after a bookmark that presumes a watch dead (undefined: the default). */
  readonly watchSilenceMs: number | undefined;
}

/** A write's query parameters. */
type WriteQuery = Record<string, string | boolean | undefined>;

/**
 * Creates a {@link K8sClusterClient} for one context of a kubeconfig. Loading and checking the
 * kubeconfig happens here (a bad one throws a BadRequest ClusterError now); credentials are
 * obtained on the first request. Every call resolves or rejects with a ClusterError within
 * `timeoutMs`.
 *
 * @example
 * ```ts
 * import { createK8sClusterClient } from 'vzmc/k8s';
 *
 * const admin = createK8sClusterClient({ kubeconfig: { file: `${process.env.HOME}/.kube/config` }, context: 'admin', name: 'admin' });
 * await admin.apply(
 *   { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'demo' }, data: { a: '1' } },
 *   { fieldManager: 'vzmc' },
 * );
 * const { items } = await admin.list('v1', 'ConfigMap', { namespace: 'demo', labelSelector: 'app=todo' });
 * ```
 */
export function createK8sClusterClient(options: K8sClusterClientOptions = {}): K8sClusterClient {
  const scope = openScope(options);
  return {
    name: scope.name,
    maxConcurrency: scope.maxConcurrency,
    get<T extends KubeObject = KubeObject>(key: ObjectKey, getOptions?: GetOptions): Promise<T> {
      return getObject<T>(scope, key, getOptions);
    },
    list<T extends KubeObject = KubeObject>(
      apiVersion: string,
      kind: string,
      listOptions: ListOptions = {},
    ): Promise<ObjectList<T>> {
      return listObjects<T>(scope, apiVersion, kind, listOptions);
    },
    create<T extends KubeObject = KubeObject>(object: T, writeOptions?: WriteOptions): Promise<T> {
      return createObject(scope, object, writeOptions);
    },
    async replace<T extends KubeObject = KubeObject>(object: T, writeOptions?: WriteOptions): Promise<T> {
      const query = writeQuery(scope, writeOptions);
      return write(scope, object, HttpMethod.Put, undefined, query, object, ContentType.Json);
    },
    apply<T extends KubeObject = KubeObject>(object: T, applyOptions: K8sApplyOptions): Promise<T> {
      return applyObject(scope, object, applyOptions);
    },
    delete(key: ObjectKey, deleteOptions: DeleteOptions = {}): Promise<void> {
      return deleteObject(scope, key, deleteOptions);
    },
    async updateStatus<T extends KubeObject = KubeObject>(
      object: T,
      writeOptions?: WriteOptions,
    ): Promise<T> {
      const query = writeQuery(scope, writeOptions);
      return write(scope, object, HttpMethod.Put, 'status', query, object, ContentType.Json);
    },
    serverVersion(): Promise<string> {
      return serverVersion(scope);
    },
    requestToken(
      namespace: string,
      serviceAccount: string,
      tokenOptions: TokenRequestOptions = {},
    ): Promise<string> {
      return requestToken(scope, namespace, serviceAccount, tokenOptions);
    },
    watch(apiVersion, kind, listOptions, onEvent, onError) {
      return watchObjects(scope, apiVersion, kind, listOptions, onEvent, onError);
    },
    close(): void {
      scope.transport.close();
    },
  };
}

/**
 * Checks the options, loads the kubeconfig, tells `onInsecureTls` when it weakens TLS, and makes
 * the transport and the resolver every method uses. Throws a BadRequest ClusterError for bad
 * options or a kubeconfig that cannot be used.
 */
function openScope(options: K8sClusterClientOptions): ClientScope {
  const timeoutMs = positive(options.timeoutMs, K8sDefaults.timeoutMs, 'timeoutMs');
  const connectTimeoutMs = positive(
    options.connectTimeoutMs,
    K8sDefaults.connectTimeoutMs,
    'connectTimeoutMs',
  );
  const maxConcurrency = options.maxConcurrency ?? K8sDefaults.maxConcurrency;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
    throw optionsError(`maxConcurrency must be a positive integer, got ${maxConcurrency}`);
  }
  const defaultFieldManager = options.fieldManager ?? K8sDefaults.fieldManager;
  const selected = selectKubeconfig(options.kubeconfig, options.context);
  const name = options.name ?? selected.contextName;
  const insecure = insecureTlsWarning(selected);
  if (insecure !== undefined)
    (
      options.onInsecureTls ??
      ((w) => {
        process.emitWarning(w, 'InsecureTlsWarning');
      })
    )(insecure);
  const transport = new Transport({
    clusterName: name,
    server: selected.server,
    credentials: new CredentialCache(selected, name),
    maxConcurrency,
    connectTimeoutMs,
    timeoutMs,
    onWarning: options.onWarning,
    onRequest: options.onRequest,
    http2: options.http2 ?? K8sDefaults.http2,
  });
  const resolver = new ResourceResolver(
    (path, deadline, target) => transport.json({ method: HttpMethod.Get, path, target }, deadline),
    name,
  );
  return {
    name,
    maxConcurrency,
    timeoutMs,
    transport,
    resolver,
    contextNamespace: selected.namespace,
    defaultFieldManager,
    random: options.random ?? Math.random,
    watchSilenceMs: options.watchSilenceMs,
  };
}

function namespaceOf(
  scope: ClientScope,
  resource: RestResource,
  namespace: string | undefined,
): string | undefined {
  return resource.namespaced ? namespace || scope.contextNamespace : undefined;
}

/** `fieldManager` and `dryRun` of a create, replace or status update. */
function writeQuery(scope: ClientScope, write: WriteOptions | undefined): WriteQuery {
  return {
    [QueryParam.FieldManager]: write?.fieldManager || scope.defaultFieldManager,
    [QueryParam.DryRun]: dryRunOf(write),
  };
}

function dryRunOf(write: { readonly dryRun?: boolean } | undefined): string | undefined {
  return write?.dryRun ? DRY_RUN_ALL : undefined;
}

/** Where one named object lives, and how errors name it. */
interface Located {
  readonly resource: RestResource;
  readonly namespace: string | undefined;
  readonly target: ErrorTarget;
}

/**
 * The REST resource, namespace and error target of one named object. Not `async`: a kind in
 * `KINDS` (every kind vzmc writes) is located at once, without a promise; others ask discovery.
 */
function locate(scope: ClientScope, key: ObjectKey, deadline: Deadline): Located | Promise<Located> {
  const target = targetOf(key);
  if (!key.name) throw badRequest(`${key.kind}: metadata.name is required`, target);
  const at = (resource: RestResource): Located => {
    const namespace = namespaceOf(scope, resource, key.namespace);
    return { resource, namespace, target: { ...target, ...withNamespace(namespace) } };
  };
  const known = scope.resolver.known(key.apiVersion, key.kind);
  return known !== undefined
    ? at(known)
    : scope.resolver.resolve(key.apiVersion, key.kind, deadline).then(at);
}

/** Sends `body` to the object's path (or its `subresource`) and returns the answer. */
async function write<T extends KubeObject>(
  scope: ClientScope,
  object: T,
  method: HttpMethod,
  subresource: string | undefined,
  query: WriteQuery,
  body: unknown,
  contentType: ContentType,
): Promise<T> {
  const deadline = deadlineIn(scope.timeoutMs);
  const { resource, namespace, target } = await locate(scope, keyOf(object), deadline);
  const path = objectPath(resource, namespace, object.metadata.name ?? '', subresource) + queryString(query);
  const result = await scope.transport.json<KubeObject>(
    { method, path, body, contentType, target },
    deadline,
  );
  return withTypeMeta(result, resource) as T;
}

async function getObject<T extends KubeObject>(
  scope: ClientScope,
  key: ObjectKey,
  options: GetOptions = {},
): Promise<T> {
  const deadline = deadlineIn(scope.timeoutMs);
  const { resource, namespace, target } = await locate(scope, key, deadline);
  const query = queryString({ [QueryParam.ResourceVersion]: options.resourceVersion });
  const object = await scope.transport.json<KubeObject>(
    { method: HttpMethod.Get, path: `${objectPath(resource, namespace, key.name)}${query}`, target },
    deadline,
  );
  return withTypeMeta(object, resource) as T;
}

/**
 * Every object of a kind, page by page. When a continue token expires mid-list (410), it starts
 * over with one unpaged list, as client-go's pager does.
 */
async function listObjects<T extends KubeObject>(
  scope: ClientScope,
  apiVersion: string,
  kind: string,
  listOptions: ListOptions,
): Promise<ObjectList<T>> {
  const { transport } = scope;
  const deadline = deadlineIn(scope.timeoutMs);
  const resource = await scope.resolver.resolve(apiVersion, kind, deadline);
  const namespace = resource.namespaced ? listOptions.namespace : undefined;
  const target: ErrorTarget = { apiVersion, kind, ...withNamespace(namespace) };
  const base = collectionPath(resource, namespace);
  const selector = { [QueryParam.LabelSelector]: listOptions.labelSelector || undefined };
  const items: KubeObject[] = [];
  let resourceVersion: string | undefined;
  let token: string | undefined;
  do {
    const path =
      base +
      queryString({
        ...selector,
        [QueryParam.Limit]: K8sDefaults.listPageSize,
        [QueryParam.Continue]: token,
      });
    let page: ListPage;
    try {
      page = await transport.json<ListPage>({ method: HttpMethod.Get, path, target }, deadline);
    } catch (error) {
      // 410: the continue token expired mid-list. Like client-go's pager, fall back to one unpaged list.
      if (token === undefined || !isClusterError(error) || error.status !== 410) throw error;
      page = await transport.json<ListPage>(
        { method: HttpMethod.Get, path: base + queryString(selector), target },
        deadline,
      );
      items.length = 0;
      resourceVersion = undefined;
    }
    resourceVersion ??= page.metadata?.resourceVersion ?? '';
    for (const item of page.items ?? []) items.push(withTypeMeta(item, resource));
    token = page.metadata?.continue || undefined;
  } while (token !== undefined);
  return { items: items as T[], resourceVersion: resourceVersion ?? '' };
}

async function createObject<T extends KubeObject>(
  scope: ClientScope,
  object: T,
  writeOptions: WriteOptions | undefined,
): Promise<T> {
  const deadline = deadlineIn(scope.timeoutMs);
  const key = keyOf(object);
  const resource = await scope.resolver.resolve(key.apiVersion, key.kind, deadline);
  const namespace = namespaceOf(scope, resource, key.namespace);
  const target: ErrorTarget = { ...targetOf(key), ...withNamespace(namespace) };
  const created = await scope.transport.json<KubeObject>(
    {
      method: HttpMethod.Post,
      path: collectionPath(resource, namespace) + queryString(writeQuery(scope, writeOptions)),
      body: object,
      target,
    },
    deadline,
  );
  return withTypeMeta(created, resource) as T;
}

async function applyObject<T extends KubeObject>(
  scope: ClientScope,
  object: T,
  applyOptions: K8sApplyOptions,
): Promise<T> {
  // An object without metadata is a BadRequest rejection, not a TypeError from building the body.
  keyOf(object);
  const query = {
    [QueryParam.FieldManager]: applyOptions.fieldManager || scope.defaultFieldManager,
    [QueryParam.Force]: applyOptions.force === true ? true : undefined,
    [QueryParam.DryRun]: dryRunOf(applyOptions),
  };
  const body = applyBody(object, applyOptions.resourceVersionPrecondition === true);
  return write(scope, object, HttpMethod.Patch, undefined, query, body, ContentType.ApplyPatch);
}

async function deleteObject(scope: ClientScope, key: ObjectKey, deleteOptions: DeleteOptions): Promise<void> {
  const deadline = deadlineIn(scope.timeoutMs);
  const { resource, namespace, target } = await locate(scope, key, deadline);
  const preconditions = deleteOptions.preconditions;
  const body = {
    apiVersion: 'v1',
    kind: 'DeleteOptions',
    ...(preconditions !== undefined &&
    (preconditions.uid !== undefined || preconditions.resourceVersion !== undefined)
      ? { preconditions: { ...preconditions } }
      : {}),
    ...(deleteOptions.propagationPolicy !== undefined
      ? { propagationPolicy: deleteOptions.propagationPolicy }
      : {}),
    ...(deleteOptions.dryRun ? { dryRun: [DRY_RUN_ALL] } : {}),
  };
  // Only the status matters: the body is the deleted object or a Status, and is not returned.
  const request = {
    method: HttpMethod.Delete,
    path: objectPath(resource, namespace, key.name),
    body,
    target,
  };
  const response = await scope.transport.request(request, deadline);
  if (response.status < 200 || response.status > 299) {
    throw errorFromResponse(response.status, response.headers, response.body, target);
  }
}

async function serverVersion(scope: ClientScope): Promise<string> {
  const deadline = deadlineIn(scope.timeoutMs);
  const info = await scope.transport.json<{ gitVersion?: unknown }>(
    { method: HttpMethod.Get, path: '/version' },
    deadline,
  );
  if (typeof info.gitVersion !== 'string') {
    throw malformedResponse(
      { cluster: scope.name, method: HttpMethod.Get, url: '/version' },
      'the answer has no gitVersion',
    );
  }
  return info.gitVersion;
}

/** A bound token of `serviceAccount` through the TokenRequest API. */
async function requestToken(
  scope: ClientScope,
  namespace: string,
  serviceAccount: string,
  tokenOptions: TokenRequestOptions,
): Promise<string> {
  const deadline = deadlineIn(scope.timeoutMs);
  const target: ErrorTarget = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    namespace,
    name: serviceAccount,
  };
  if (!namespace || !serviceAccount)
    throw badRequest('requestToken: a namespace and a service account name are required', target);
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(serviceAccount)}/token`;
  const body = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {
      ...(tokenOptions.audiences !== undefined ? { audiences: [...tokenOptions.audiences] } : {}),
      ...(tokenOptions.expirationSeconds !== undefined
        ? { expirationSeconds: tokenOptions.expirationSeconds }
        : {}),
    },
  };
  const answer = await scope.transport.json<{ status?: { token?: unknown } }>(
    { method: HttpMethod.Post, path, body, target },
    deadline,
  );
  const token = answer.status?.token;
  if (typeof token !== 'string' || token === '') {
    throw malformedResponse(
      { cluster: scope.name, method: HttpMethod.Post, url: path, target },
      'the TokenRequest answer has no status.token',
    );
  }
  return token;
}

async function watchObjects(
  scope: ClientScope,
  apiVersion: string,
  kind: string,
  listOptions: WatchOptions,
  onEvent: (event: WatchEvent) => void,
  onError: ((error: unknown) => void) | undefined,
): Promise<WatchHandle> {
  const deadline = deadlineIn(scope.timeoutMs);
  const resource = await scope.resolver.resolve(apiVersion, kind, deadline);
  const namespace = resource.namespaced ? listOptions.namespace : undefined;
  return startWatch(
    {
      transport: scope.transport,
      clusterName: scope.name,
      timeoutMs: scope.timeoutMs,
      random: scope.random,
      ...(scope.watchSilenceMs === undefined ? {} : { silenceMs: scope.watchSilenceMs }),
    },
    {
      apiVersion,
      kind,
      path: collectionPath(resource, namespace),
      labelSelector: listOptions.labelSelector || undefined,
      resourceVersion: listOptions.resourceVersion || undefined,
      bookmarks: listOptions.allowWatchBookmarks ?? false,
    },
    onEvent,
    onError,
  );
}

/**
 * The body of a server-side apply: the caller's object without `metadata.managedFields` (the API
 * server rejects an apply that sets them) and, unless asked to keep it, without
 * `metadata.resourceVersion` (which would make the apply a precondition). Never mutates `object`.
 *
 * @example
 * ```ts
 * applyBody({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '7', managedFields: [] } }, false);
 * //=> { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }
 * ```
 */
export function applyBody(object: KubeObject, keepResourceVersion: boolean): KubeObject {
  // Nothing to leave out (what vzmc's planner sends): the object itself, not a copy.
  const meta = object.metadata;
  if (meta.managedFields === undefined && (keepResourceVersion || meta.resourceVersion === undefined))
    return object;
  const { managedFields: _managedFields, resourceVersion, ...metadata } = object.metadata;
  return {
    ...object,
    metadata:
      keepResourceVersion && resourceVersion !== undefined ? { ...metadata, resourceVersion } : metadata,
  };
}

// List items and some proxies omit apiVersion and kind; callers always get them.
function withTypeMeta(object: KubeObject, resource: RestResource): KubeObject {
  if (object.apiVersion && object.kind) return object;
  return {
    ...object,
    apiVersion: object.apiVersion || resource.apiVersion,
    kind: object.kind || resource.kind,
  };
}

function keyOf(object: KubeObject): ObjectKey {
  if (
    typeof object !== 'object' ||
    object === null ||
    typeof object.metadata !== 'object' ||
    object.metadata === null
  ) {
    throw badRequest('the object has no metadata', undefined);
  }
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name ?? '',
    ...withNamespace(object.metadata.namespace),
  };
}

function targetOf(key: ObjectKey): ErrorTarget {
  return {
    apiVersion: key.apiVersion,
    kind: key.kind,
    ...withNamespace(key.namespace),
    ...(key.name ? { name: key.name } : {}),
  };
}

function withNamespace(namespace: string | undefined): { namespace?: string } {
  return namespace ? { namespace } : {};
}

function positive(value: number | undefined, fallback: number, field: string): number {
  const chosen = value ?? fallback;
  if (!Number.isFinite(chosen) || chosen <= 0)
    throw optionsError(`${field} must be a positive number of milliseconds, got ${chosen}`);
  return chosen;
}
