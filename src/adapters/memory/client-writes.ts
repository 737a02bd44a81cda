/**
 * The writes of an in-memory client: create, replace, apply, delete and status update. Each one
 * parses its body as a server would, runs the request path of client-request (discovery, RBAC,
 * the binding escalation check), then hands the write to writes.ts.
 */
import type { KubeObject } from '../../model/meta.js';
import type { ApplyOptions, DeleteOptions, ObjectKey, WriteOptions } from '../../port/client.js';
import type { JsonObject } from './canonical.js';
import {
  authorizeRequest,
  call,
  checkEscalation,
  namespaceOf,
  requestBody,
  requireName,
  served,
  str,
  target,
  writeRequest,
  type RequestContext,
} from './client-request.js';
import { ClusterVerb } from './verbs.js';
import { applyObject, createObject, deleteObject, replaceObject, updateStatusObject } from './writes.js';

/** POST of a new object. */
export async function createVerb<T extends KubeObject>(
  context: RequestContext,
  object: T,
  options: WriteOptions | undefined,
): Promise<T> {
  const body = requestBody(object);
  return call(context, ClusterVerb.Create, target(body), (user) => {
    const resource = served(context, body.apiVersion as string, body.kind as string, target(body));
    const request = writeRequest(context, resource, body, options);
    authorizeRequest(context, user, resource, 'create', '', request.namespace, '');
    checkEscalation(context, user, resource, request.namespace, body);
    return createObject(context.state, request, body) as T;
  });
}

/** PUT of a whole object. */
export async function replaceVerb<T extends KubeObject>(
  context: RequestContext,
  object: T,
  options: WriteOptions | undefined,
): Promise<T> {
  const body = requestBody(object);
  const name = requireName(body.kind as string, (body.metadata as JsonObject).name);
  return call(context, ClusterVerb.Replace, target(body), (user) => {
    const resource = served(context, body.apiVersion as string, body.kind as string, target(body));
    const request = writeRequest(context, resource, body, options);
    authorizeRequest(context, user, resource, 'update', '', request.namespace, name);
    checkEscalation(context, user, resource, request.namespace, body);
    return replaceObject(context.state, request, body) as T;
  });
}

/** PATCH of type apply (server-side apply); MemoryApplyOptions's precondition keeps the resourceVersion. */
export async function applyVerb<T extends KubeObject>(
  context: RequestContext,
  object: T,
  options: ApplyOptions & { readonly resourceVersionPrecondition?: boolean },
): Promise<T> {
  const { state } = context;
  const body = requestBody(object);
  const metadata = body.metadata as JsonObject;
  const name = requireName(body.kind as string, metadata.name);
  delete metadata.managedFields;
  if (options.resourceVersionPrecondition !== true) delete metadata.resourceVersion;
  return call(context, ClusterVerb.Apply, target(body), (user) => {
    const resource = served(context, body.apiVersion as string, body.kind as string, target(body));
    const request = writeRequest(context, resource, body, {
      ...options,
      fieldManager: str(options.fieldManager) ?? context.defaultManager,
    });
    authorizeRequest(context, user, resource, 'patch', '', request.namespace, name);
    // An apply that creates is also authorized as a create (the API server's patch handler:
    // createValidation wrapped withAuthorization of verb "create"), so `patch` alone cannot create.
    if (!state.store.get(resource.storageKey, request.namespace, name))
      authorizeRequest(context, user, resource, 'create', '', request.namespace, name);
    checkEscalation(context, user, resource, request.namespace, body);
    return applyObject(state, request, body, options.force === true) as T;
  });
}

/** DELETE of one object. */
export async function deleteVerb(
  context: RequestContext,
  key: ObjectKey,
  options: DeleteOptions,
): Promise<void> {
  const name = requireName(key.kind, key.name);
  await call(context, ClusterVerb.Delete, { ...key, name }, (user) => {
    const resource = served(context, key.apiVersion, key.kind, key);
    const namespace = namespaceOf(context, resource, key.namespace);
    authorizeRequest(context, user, resource, 'delete', '', namespace, name);
    deleteObject(
      context.state,
      { resource, namespace, dryRun: options.dryRun === true, manager: context.defaultManager },
      name,
      options,
    );
  });
}

/** PUT of the status subresource. */
export async function updateStatusVerb<T extends KubeObject>(
  context: RequestContext,
  object: T,
  options: WriteOptions | undefined,
): Promise<T> {
  const body = requestBody(object);
  const name = requireName(body.kind as string, (body.metadata as JsonObject).name);
  return call(context, ClusterVerb.UpdateStatus, target(body), (user) => {
    const resource = served(context, body.apiVersion as string, body.kind as string, target(body));
    const request = writeRequest(context, resource, body, options);
    authorizeRequest(context, user, resource, 'update', 'status', request.namespace, name);
    return updateStatusObject(context.state, request, body) as T;
  });
}
