/** The reads of an in-memory client: get and list, each through the request path of client-request. */
import type { KubeObject } from '../../model/meta.js';
import type { ListOptions, ObjectKey, ObjectList } from '../../port/client.js';
import type { JsonObject } from './canonical.js';
import {
  authorizeRequest,
  call,
  namespaceOf,
  requireName,
  selectorOf,
  served,
  str,
  type RequestContext,
} from './client-request.js';
import { notFound } from './errors.js';
import { ClusterVerb } from './verbs.js';
import { present } from './writes.js';

/** GET of one object. */
export async function getObject<T extends KubeObject>(context: RequestContext, key: ObjectKey): Promise<T> {
  const name = requireName(key.kind, key.name);
  return call(context, ClusterVerb.Get, { ...key, name }, (user) => {
    const resource = served(context, key.apiVersion, key.kind, key);
    const namespace = namespaceOf(context, resource, key.namespace);
    authorizeRequest(context, user, resource, 'get', '', namespace, name);
    const found = context.state.store.get(resource.storageKey, namespace, name);
    if (!found) throw notFound(resource, { namespace, name });
    return present(resource, found) as T;
  });
}

/** LIST of a kind, in one namespace or all, filtered by a label selector. */
export async function listObjects<T extends KubeObject>(
  context: RequestContext,
  apiVersion: string,
  kind: string,
  options: ListOptions,
): Promise<ObjectList<T>> {
  const { state } = context;
  return call(
    context,
    ClusterVerb.List,
    { apiVersion, kind, ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) },
    (user) => {
      const resource = served(context, apiVersion, kind);
      const namespace = resource.namespaced ? str(options.namespace) : undefined;
      authorizeRequest(context, user, resource, 'list', '', namespace ?? '', '');
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
}
