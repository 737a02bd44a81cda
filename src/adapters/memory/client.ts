/**
 * The ClusterClient of an in-memory cluster. Every call runs the request path of a real server:
 * count, availability, injected faults, authentication, discovery (is the kind served?),
 * authorization, then the operation itself.
 */
import type { KubeObject } from '../../types/meta.js';
import type {
  ApplyOptions,
  ClusterClient,
  DeleteOptions,
  ListOptions,
  ObjectKey,
  ObjectList,
  TokenRequestOptions,
  WatchEvent,
  WatchHandle,
  WriteOptions,
} from '../../port/client.js';
import { isObject, wireCopy, type JsonObject } from './canonical.js';
import { kindInfo } from '../../types/kinds.js';
import {
  badRequest,
  forbidden,
  invalid,
  noKindMatch,
  notFound,
  resourceNotServed,
  unauthorized,
  unavailable,
} from './errors.js';
import type { FaultRequest } from './faults.js';
import { userOf, type UserInfo } from './identity.js';
import { authorize, bindingEscalation, forbiddenDetail, type RequestAttributes } from './rbac.js';
import type { Resource } from './resources.js';
import { parseLabelSelector, SelectorError, type LabelSelector } from './selector.js';
import type { ClusterState } from './state.js';
import { ClusterVerb } from './verbs.js';
import {
  applyObject,
  createObject,
  deleteObject,
  present,
  replaceObject,
  updateStatusObject,
  type WriteRequest,
} from './writes.js';

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

/** The token audience the API server issues for by default. */
const DEFAULT_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';
const TOKEN_RESOURCE = {
  apiVersion: 'authentication.k8s.io/v1',
  group: 'authentication.k8s.io',
  kind: 'TokenRequest',
  plural: 'tokenrequests',
};

/** Parses a request body the way a client would serialize it. */
function requestBody(object: unknown): JsonObject {
  let copy: unknown;
  try {
    copy = wireCopy(object);
  } catch (error) {
    throw badRequest(`the request body is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(copy)) throw badRequest('the request body is not a JSON object');
  const text = () => JSON.stringify(copy);
  if (typeof copy.kind !== 'string' || copy.kind === '')
    throw badRequest(`Object 'Kind' is missing in '${text()}'`);
  if (typeof copy.apiVersion !== 'string' || copy.apiVersion === '')
    throw badRequest(`Object 'apiVersion' is missing in '${text()}'`);
  if (copy.metadata === undefined || copy.metadata === null) copy.metadata = {};
  if (!isObject(copy.metadata)) throw badRequest(`metadata of '${text()}' is not an object`);
  return copy;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Creates the client of a cluster for one identity. */
export function createClient(
  state: ClusterState,
  options: MemoryClientOptions,
  admin: UserInfo,
): MemoryClusterClient {
  if (options.token !== undefined && options.user !== undefined)
    throw new TypeError('pass either token or user, not both');
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const defaultManager = options.fieldManager ?? 'vzmc';
  const identity: UserInfo | undefined =
    options.user !== undefined
      ? userOf({ user: options.user, ...(options.groups ? { groups: options.groups } : {}) })
      : options.token === undefined
        ? admin
        : undefined;

  const authenticate = (): UserInfo => {
    if (identity) return identity;
    const user = state.tokens.authenticate(options.token!, state.nowMs(), (ns, name) =>
      state.serviceAccountUid(ns, name),
    );
    if (!user) throw unauthorized();
    return user;
  };

  async function call<R>(
    verb: ClusterVerb,
    request: Omit<FaultRequest, 'verb'>,
    run: (user: UserInfo) => R,
  ): Promise<R> {
    state.counts.count(verb);
    // The effect lands after the caller's synchronous code, as a request sent over the wire would.
    await Promise.resolve();
    if (!state.available) throw unavailable(state.name);
    const fault = state.faults.check({ verb, ...request });
    if (fault) throw fault.error;
    return run(authenticate());
  }

  /**
   * Discovery. Like the Kubernetes adapter, kinds vzmc knows skip discovery, so an uninstalled
   * CRD answers as the server's missing route; other kinds fail discovery itself.
   */
  const served = (
    apiVersion: string,
    kind: string,
    at: { namespace?: string; name?: string } = {},
  ): Resource => {
    const resource = state.registry.lookup(apiVersion, kind);
    if (resource) return resource;
    throw kindInfo(apiVersion, kind)
      ? resourceNotServed(apiVersion, kind, at)
      : noKindMatch(apiVersion, kind, at);
  };

  const namespaceOf = (resource: Resource, namespace: string | undefined): string =>
    resource.namespaced ? (str(namespace) ?? defaultNamespace) : '';

  const check = (
    user: UserInfo,
    resource: Pick<Resource, 'group' | 'plural'> & Partial<Resource>,
    verb: string,
    subresource: string,
    namespace: string,
    name: string,
  ) => {
    const attributes: RequestAttributes = {
      user,
      verb,
      apiGroup: resource.group,
      resource: resource.plural,
      subresource,
      namespace,
      name,
    };
    const decision = authorize(state.rbacObjects(), attributes);
    if (!decision.allowed)
      throw forbidden(resource, { namespace, name }, forbiddenDetail(attributes, decision.reason));
  };

  /**
   * A RoleBinding or ClusterRoleBinding write passes the escalation check too: `bind` on its role,
   * or every permission of that role held already; a missing role is NotFound, as on the server.
   */
  const checkEscalation = (user: UserInfo, resource: Resource, namespace: string, body: JsonObject) => {
    if (resource.group !== 'rbac.authorization.k8s.io') return;
    if (resource.plural !== 'rolebindings' && resource.plural !== 'clusterrolebindings') return;
    const decision = bindingEscalation(state.rbacObjects(), user, body, namespace);
    if (decision.allowed) return;
    if ('missingRole' in decision) throw notFound(resource, { namespace, name: decision.missingRole });
    const name = str((body.metadata as JsonObject | undefined)?.name) ?? '';
    throw forbidden(
      resource,
      { namespace, name },
      `user "${user.name}" (groups=${JSON.stringify(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${decision.notHeld.join('\n')}`,
    );
  };

  /** Calls on one object need its name; worded as the Kubernetes adapter words it. */
  const requireName = (kind: string, name: unknown): string => {
    const value = str(name);
    if (value === undefined) throw badRequest(`${kind}: metadata.name is required`);
    return value;
  };

  const selectorOf = (selector: string | undefined): LabelSelector => {
    try {
      return parseLabelSelector(selector ?? '');
    } catch (error) {
      if (error instanceof SelectorError) throw badRequest(error.message);
      throw error;
    }
  };

  const writeRequest = (
    resource: Resource,
    body: JsonObject,
    options: WriteOptions | undefined,
  ): WriteRequest => ({
    resource,
    namespace: namespaceOf(resource, (body.metadata as JsonObject).namespace as string | undefined),
    dryRun: options?.dryRun === true,
    manager: str(options?.fieldManager) ?? defaultManager,
  });

  const target = (body: JsonObject) => {
    const metadata = body.metadata as JsonObject;
    return {
      apiVersion: body.apiVersion as string,
      kind: body.kind as string,
      ...(str(metadata.namespace) !== undefined ? { namespace: metadata.namespace as string } : {}),
      ...(str(metadata.name) !== undefined ? { name: metadata.name as string } : {}),
    };
  };

  const client: MemoryClusterClient = {
    name: options.name ?? state.name,

    async get<T extends KubeObject = KubeObject>(key: ObjectKey): Promise<T> {
      const name = requireName(key.kind, key.name);
      return call(ClusterVerb.Get, { ...key, name }, (user) => {
        const resource = served(key.apiVersion, key.kind, key);
        const namespace = namespaceOf(resource, key.namespace);
        check(user, resource, 'get', '', namespace, name);
        const found = state.store.get(resource.storageKey, namespace, name);
        if (!found) throw notFound(resource, { namespace, name });
        return present(resource, found) as T;
      });
    },

    async list<T extends KubeObject = KubeObject>(
      apiVersion: string,
      kind: string,
      options: ListOptions = {},
    ): Promise<ObjectList<T>> {
      return call(
        ClusterVerb.List,
        { apiVersion, kind, ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) },
        (user) => {
          const resource = served(apiVersion, kind);
          const namespace = resource.namespaced ? str(options.namespace) : undefined;
          check(user, resource, 'list', '', namespace ?? '', '');
          const selector = selectorOf(options.labelSelector);
          const everything = selector.requirements.length === 0;
          const items: T[] = [];
          for (const object of state.store.list(resource.storageKey, namespace)) {
            const metadata = object.object.metadata as JsonObject;
            if (everything || selector.matches(metadata.labels as Record<string, string> | undefined)) {
              items.push(present(resource, object) as T);
            }
          }
          return { items, resourceVersion: state.store.resourceVersion };
        },
      );
    },

    async create<T extends KubeObject = KubeObject>(object: T, options?: WriteOptions): Promise<T> {
      const body = requestBody(object);
      return call(ClusterVerb.Create, target(body), (user) => {
        const resource = served(body.apiVersion as string, body.kind as string, target(body));
        const request = writeRequest(resource, body, options);
        check(user, resource, 'create', '', request.namespace, '');
        checkEscalation(user, resource, request.namespace, body);
        return createObject(state, request, body) as T;
      });
    },

    async replace<T extends KubeObject = KubeObject>(object: T, options?: WriteOptions): Promise<T> {
      const body = requestBody(object);
      const name = requireName(body.kind as string, (body.metadata as JsonObject).name);
      return call(ClusterVerb.Replace, target(body), (user) => {
        const resource = served(body.apiVersion as string, body.kind as string, target(body));
        const request = writeRequest(resource, body, options);
        check(user, resource, 'update', '', request.namespace, name);
        checkEscalation(user, resource, request.namespace, body);
        return replaceObject(state, request, body) as T;
      });
    },

    async apply<T extends KubeObject = KubeObject>(object: T, options: MemoryApplyOptions): Promise<T> {
      const body = requestBody(object);
      const metadata = body.metadata as JsonObject;
      const name = requireName(body.kind as string, metadata.name);
      delete metadata.managedFields;
      if (options.resourceVersionPrecondition !== true) delete metadata.resourceVersion;
      return call(ClusterVerb.Apply, target(body), (user) => {
        const resource = served(body.apiVersion as string, body.kind as string, target(body));
        const request = writeRequest(resource, body, {
          ...options,
          fieldManager: str(options.fieldManager) ?? defaultManager,
        });
        check(user, resource, 'patch', '', request.namespace, name);
        // An apply that creates is also authorized as a create (the API server's patch handler:
        // createValidation wrapped withAuthorization of verb "create"), so `patch` alone cannot create.
        if (!state.store.get(resource.storageKey, request.namespace, name))
          check(user, resource, 'create', '', request.namespace, name);
        checkEscalation(user, resource, request.namespace, body);
        return applyObject(state, request, body, options.force === true) as T;
      });
    },

    async delete(key: ObjectKey, options: DeleteOptions = {}): Promise<void> {
      const name = requireName(key.kind, key.name);
      await call(ClusterVerb.Delete, { ...key, name }, (user) => {
        const resource = served(key.apiVersion, key.kind, key);
        const namespace = namespaceOf(resource, key.namespace);
        check(user, resource, 'delete', '', namespace, name);
        deleteObject(
          state,
          { resource, namespace, dryRun: options.dryRun === true, manager: defaultManager },
          name,
          options,
        );
      });
    },

    async updateStatus<T extends KubeObject = KubeObject>(object: T, options?: WriteOptions): Promise<T> {
      const body = requestBody(object);
      const name = requireName(body.kind as string, (body.metadata as JsonObject).name);
      return call(ClusterVerb.UpdateStatus, target(body), (user) => {
        const resource = served(body.apiVersion as string, body.kind as string, target(body));
        const request = writeRequest(resource, body, options);
        check(user, resource, 'update', 'status', request.namespace, name);
        return updateStatusObject(state, request, body) as T;
      });
    },

    async serverVersion(): Promise<string> {
      // /version is readable by everyone (system:public-info-viewer); only authentication applies.
      return call(ClusterVerb.ServerVersion, {}, () => state.settings.serverVersion);
    },

    async requestToken(
      namespace: string,
      serviceAccount: string,
      options: TokenRequestOptions = {},
    ): Promise<string> {
      return call(
        ClusterVerb.RequestToken,
        { apiVersion: 'v1', kind: 'ServiceAccount', namespace, name: serviceAccount },
        (user) => {
          const resource = served('v1', 'ServiceAccount');
          check(user, resource, 'create', 'token', namespace, serviceAccount);
          const uid = state.serviceAccountUid(namespace, serviceAccount);
          if (uid === undefined) throw notFound(resource, { namespace, name: serviceAccount });
          const seconds = options.expirationSeconds ?? 3600;
          const at = { namespace, name: serviceAccount };
          if (seconds < 600) {
            throw invalid(TOKEN_RESOURCE, at, [
              {
                field: 'spec.expirationSeconds',
                message: `Invalid value: ${seconds}: may not specify a duration less than 10 minutes`,
                reason: 'FieldValueInvalid',
              },
            ]);
          }
          if (seconds > 2 ** 32) {
            throw invalid(TOKEN_RESOURCE, at, [
              {
                field: 'spec.expirationSeconds',
                message: `Invalid value: ${seconds}: may not specify a duration larger than 2^32 seconds`,
                reason: 'FieldValueInvalid',
              },
            ]);
          }
          const audiences =
            options.audiences && options.audiences.length > 0 ? options.audiences : [DEFAULT_AUDIENCE];
          return state.tokens.issue(
            { namespace, name: serviceAccount, uid },
            state.nowMs(),
            seconds,
            audiences,
          );
        },
      );
    },

    async watch(
      apiVersion: string,
      kind: string,
      options: ListOptions,
      onEvent: (event: WatchEvent) => void,
      onError?: (error: unknown) => void,
    ): Promise<WatchHandle> {
      return call(
        ClusterVerb.Watch,
        { apiVersion, kind, ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) },
        (user) => {
          const resource = served(apiVersion, kind);
          const namespace = resource.namespaced ? str(options.namespace) : undefined;
          check(user, resource, 'watch', '', namespace ?? '', '');
          const selector = selectorOf(options.labelSelector);
          const initial = state.store
            .list(resource.storageKey, namespace)
            .filter((o) =>
              selector.matches(
                (o.object.metadata as JsonObject).labels as Record<string, string> | undefined,
              ),
            );
          return state.watches.add(
            {
              storageKey: resource.storageKey,
              apiVersion: resource.apiVersion,
              namespace,
              selector,
              onEvent,
              onError,
            },
            initial,
          );
        },
      );
    },
  };
  return client;
}
