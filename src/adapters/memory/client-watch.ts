/** WATCH of an in-memory client: the matching objects now, then every change, through the request path. */
import type { WatchOptions, WatchEvent, WatchHandle } from '../../port/client.js';
import type { JsonObject } from './canonical.js';
import { authorizeRequest, call, selectorOf, served, str, type RequestContext } from './client-request.js';
import { ClusterVerb } from './verbs.js';

/** Starts a watch of a kind, in one namespace or all, filtered by a label selector. */
export async function watchObjects(
  context: RequestContext,
  apiVersion: string,
  kind: string,
  options: WatchOptions,
  onEvent: (event: WatchEvent) => void,
  onError?: (error: unknown) => void,
): Promise<WatchHandle> {
  const { state } = context;
  return call(
    context,
    ClusterVerb.Watch,
    { apiVersion, kind, ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) },
    (user) => {
      const resource = served(context, apiVersion, kind);
      const namespace = resource.namespaced ? str(options.namespace) : undefined;
      authorizeRequest(context, user, resource, 'watch', '', namespace ?? '', '');
      const selector = selectorOf(options.labelSelector);
      const initial = state.store
        .list(resource.storageKey, namespace)
        .filter((o) =>
          selector.matches((o.object.metadata as JsonObject).labels as Record<string, string> | undefined),
        );
      return state.watches.add(
        {
          storageKey: resource.storageKey,
          apiVersion: resource.apiVersion,
          namespace,
          selector,
          onEvent,
          onError,
          bookmarks: options.allowWatchBookmarks ?? false,
        },
        initial,
        options.resourceVersion,
      );
    },
  );
}
