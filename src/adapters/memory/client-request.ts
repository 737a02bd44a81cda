/**
 * The request path every call of an in-memory client runs, in a real server's order: count,
 * availability, injected faults, authentication ({@link call}); then, inside the call, discovery
 * ({@link served}) and authorization ({@link authorizeRequest}, {@link checkEscalation}). The
 * verb groups (client-reads, client-writes, client-watch, client-server) build on these.
 */
import { kindInfo } from '../../model/kinds.js';
import type { WriteOptions } from '../../port/client.js';
import { isObject, wireCopy, type JsonObject } from './canonical.js';
import {
  badRequest,
  forbidden,
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
import type { ClusterVerb } from './verbs.js';
import type { WriteRequest } from './writes.js';

/** One client's view of its cluster: the state, who it acts as, and its defaults. */
export interface RequestContext {
  readonly state: ClusterState;
  /** The namespace of namespaced objects and keys that name none. */
  readonly defaultNamespace: string;
  /** The field manager of writes that name none. */
  readonly defaultManager: string;
  /** The caller, or Unauthorized. */
  readonly authenticate: () => UserInfo;
}

/** Who a client acts as, and its defaults (the fields of MemoryClientOptions this file reads). */
export interface RequestIdentity {
  readonly token?: string;
  readonly user?: string;
  readonly groups?: readonly string[];
  readonly defaultNamespace?: string;
  readonly fieldManager?: string;
}

/** A non-empty string, or undefined. */
export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The context of a client for one identity: a user, a token, or else the cluster admin. */
export function requestContext(
  state: ClusterState,
  options: RequestIdentity,
  admin: UserInfo,
): RequestContext {
  if (options.token !== undefined && options.user !== undefined)
    throw new TypeError('pass either token or user, not both');
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
  return {
    state,
    defaultNamespace: options.defaultNamespace ?? 'default',
    defaultManager: options.fieldManager ?? 'vzmc',
    authenticate,
  };
}

/** One call: counted, after the caller's synchronous code, refused when down or faulted, authenticated. */
export async function call<R>(
  context: RequestContext,
  verb: ClusterVerb,
  request: Omit<FaultRequest, 'verb'>,
  run: (user: UserInfo) => R,
): Promise<R> {
  const { state } = context;
  state.counts.count(verb);
  // The effect lands after the caller's synchronous code, as a request sent over the wire would.
  await Promise.resolve();
  if (!state.available) throw unavailable(state.name);
  const fault = state.faults.check({ verb, ...request });
  if (fault) throw fault.error;
  return run(context.authenticate());
}

/** Parses a request body the way a client would serialize it. */
export function requestBody(object: unknown): JsonObject {
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

/**
 * Discovery. Like the Kubernetes adapter, kinds vzmc knows skip discovery, so an uninstalled
 * CRD answers as the server's missing route; other kinds fail discovery itself.
 */
export function served(
  context: RequestContext,
  apiVersion: string,
  kind: string,
  at: { namespace?: string; name?: string } = {},
): Resource {
  const resource = context.state.registry.lookup(apiVersion, kind);
  if (resource) return resource;
  throw kindInfo(apiVersion, kind)
    ? resourceNotServed(apiVersion, kind, at)
    : noKindMatch(apiVersion, kind, at);
}

/** The namespace a call on `resource` acts in: `''` for cluster-scoped kinds. */
export const namespaceOf = (
  context: RequestContext,
  resource: Resource,
  namespace: string | undefined,
): string => (resource.namespaced ? (str(namespace) ?? context.defaultNamespace) : '');

/** RBAC authorization of one request; Forbidden with the server's wording when denied. */
export function authorizeRequest(
  context: RequestContext,
  user: UserInfo,
  resource: Pick<Resource, 'group' | 'plural'> & Partial<Resource>,
  verb: string,
  subresource: string,
  namespace: string,
  name: string,
): void {
  const attributes: RequestAttributes = {
    user,
    verb,
    apiGroup: resource.group,
    resource: resource.plural,
    subresource,
    namespace,
    name,
  };
  const decision = authorize(context.state.rbacObjects(), attributes);
  if (!decision.allowed)
    throw forbidden(resource, { namespace, name }, forbiddenDetail(attributes, decision.reason));
}

/**
 * A RoleBinding or ClusterRoleBinding write passes the escalation check too: `bind` on its role,
 * or every permission of that role held already; a missing role is NotFound, as on the server.
 */
export function checkEscalation(
  context: RequestContext,
  user: UserInfo,
  resource: Resource,
  namespace: string,
  body: JsonObject,
): void {
  if (resource.group !== 'rbac.authorization.k8s.io') return;
  if (resource.plural !== 'rolebindings' && resource.plural !== 'clusterrolebindings') return;
  const decision = bindingEscalation(context.state.rbacObjects(), user, body, namespace);
  if (decision.allowed) return;
  if ('missingRole' in decision) throw notFound(resource, { namespace, name: decision.missingRole });
  const name = str((body.metadata as JsonObject | undefined)?.name) ?? '';
  throw forbidden(
    resource,
    { namespace, name },
    `user "${user.name}" (groups=${JSON.stringify(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${decision.notHeld.join('\n')}`,
  );
}

/** Calls on one object need its name; worded as the Kubernetes adapter words it. */
export function requireName(kind: string, name: unknown): string {
  const value = str(name);
  if (value === undefined) throw badRequest(`${kind}: metadata.name is required`);
  return value;
}

/** A label selector, or BadRequest. */
export function selectorOf(selector: string | undefined): LabelSelector {
  try {
    return parseLabelSelector(selector ?? '');
  } catch (error) {
    if (error instanceof SelectorError) throw badRequest(error.message);
    throw error;
  }
}

/** The write request of a body: its namespace, dry run, and field manager. */
export const writeRequest = (
  context: RequestContext,
  resource: Resource,
  body: JsonObject,
  options: WriteOptions | undefined,
): WriteRequest => ({
  resource,
  namespace: namespaceOf(context, resource, (body.metadata as JsonObject).namespace as string | undefined),
  dryRun: options?.dryRun === true,
  manager: str(options?.fieldManager) ?? context.defaultManager,
});

/** What a body names, for fault matching and error details. */
export function target(body: JsonObject) {
  const metadata = body.metadata as JsonObject;
  return {
    apiVersion: body.apiVersion as string,
    kind: body.kind as string,
    ...(str(metadata.namespace) !== undefined ? { namespace: metadata.namespace as string } : {}),
    ...(str(metadata.name) !== undefined ? { name: metadata.name as string } : {}),
  };
}
