/**
 * The event-driven agent's views (issue 16): list caches of the local cluster and of the admin,
 * which serve the snapshots of each iteration and call `onChange` when something the agent reads
 * changes. The admin cache watches through the agent's admin connection, as the same identity and
 * with the same lists; a new connection (another cluster or kubeconfig in the agent Secret, a
 * suspected revocation, a transport failure: admin-connection.ts) starts a new cache. Status-only
 * changes (the VMC heartbeat, status reports) wake no iteration.
 */
import type { ClusterClient } from '../port/client.js';
import { cachedClient, createListCache, type ListCache } from './informer.js';
import type { Logger } from './logger.js';

/** What an iteration reads through when the agent runs event-driven. */
export interface AgentViews {
  /** The local cluster, its lists cached. */
  readonly local: ClusterClient;
  /**
   * The admin client of this iteration, its lists cached. The cache is kept per connection: the
   * agent opens a new one for another agent Secret (admin-connection.ts), so a new client starts a
   * new cache.
   */
  admin(client: ClusterClient): ClusterClient;
  /** Stops the admin cache: its connection is about to be closed. */
  dropAdmin(): void;
  /** Starts an iteration's count of the lists read. */
  mark(): void;
  /** After a full iteration: stops the informers of lists it no longer made. */
  sweep(): void;
  /** Stops every informer. */
  stop(): void;
}

/** The views of an agent on `local`, calling `onChange` on every change they see. */
export function agentViews(local: ClusterClient, onChange: () => void, logger: Logger): AgentViews {
  const options = { onChange, ignoreStatusOnly: true, logger };
  const localCache = createListCache({ client: local, ...options });
  let admin: { client: ClusterClient; cache: ListCache } | undefined;
  const caches = () => (admin ? [localCache, admin.cache] : [localCache]);
  return {
    local: cachedClient(local, localCache),
    admin(client) {
      if (admin?.client !== client) {
        admin?.cache.stop();
        admin = { client, cache: createListCache({ client, ...options }) };
      }
      return cachedClient(client, admin.cache);
    },
    dropAdmin() {
      admin?.cache.stop();
      admin = undefined;
    },
    mark() {
      for (const cache of caches()) cache.mark();
    },
    sweep() {
      for (const cache of caches()) cache.sweep();
    },
    stop() {
      for (const cache of caches()) cache.stop();
      admin = undefined;
    },
  };
}
