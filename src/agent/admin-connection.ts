/**
 * The agent's admin connection, kept between iterations (issue 16): a new connection costs the
 * admin a TLS handshake and a client set-up, so one is opened only when it is needed, and the one
 * it replaces is closed. A new connection is opened when
 *
 * - there is none yet, or the agent Secret's cluster or kubeconfig changed (a rotated token, a
 *   re-registration);
 * - a revocation is suspected (D2): the answer that confirms it must come through a new connection;
 * - an admin call failed for the transport (no HTTP answer: refused, reset, timed out) since the
 *   connection was opened.
 *
 * Verrazzano's agent builds a client each iteration, but client-go shares the TLS transport of
 * equal configurations, so its admin sees one kept-alive connection too.
 */
import type { ClusterClient } from '../port/client.js';
import { ClusterErrorReason, isClusterError } from '../port/errors.js';
import type { AdminConnection, AgentContext } from './agent-state.js';

/** A failure with no HTTP answer: the connection itself may be gone. */
export function isTransportFailure(error: unknown): boolean {
  return (
    isClusterError(error) &&
    error.status === undefined &&
    (error.reason === ClusterErrorReason.Unavailable || error.reason === ClusterErrorReason.Timeout)
  );
}

/** `client`, calling `onFailure` whenever one of its calls rejects with a transport failure. */
function notingTransportFailures(client: ClusterClient, onFailure: () => void): ClusterClient {
  const note = (error: unknown): never => {
    if (isTransportFailure(error)) onFailure();
    throw error;
  };
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result instanceof Promise ? result.catch(note) : result;
      };
    },
  });
}

/**
 * The admin client of this iteration: the kept one while nothing above calls for a new one, else
 * a new one from `connectAdmin` (counted in `context.connections`), the old one closed. Rejects
 * as `connectAdmin` does; nothing is kept then.
 */
export async function adminClient(
  context: AgentContext,
  cluster: string,
  kubeconfig: string,
): Promise<ClusterClient> {
  const identity = `${cluster}\n${kubeconfig}`;
  const held = context.admin;
  if (held && held.identity === identity && !held.broken && !context.revocation.suspected())
    return held.client;
  dropAdmin(context);
  context.connections += 1;
  const opened = await context.options.connectAdmin(kubeconfig, cluster);
  const connection: AdminConnection = { identity, opened, client: opened, broken: false };
  connection.client = notingTransportFailures(opened, () => {
    connection.broken = true;
  });
  context.admin = connection;
  return connection.client;
}

/**
 * Forgets the kept connection and closes it (when the adapter's client has `close`, as the k8s
 * one does), after stopping the caches that watch through it.
 */
export function dropAdmin(context: AgentContext): void {
  const held = context.admin;
  if (!held) return;
  context.admin = undefined;
  context.views?.dropAdmin();
  const close = (held.opened as { close?: unknown }).close;
  if (typeof close === 'function') (close as () => void).call(held.opened);
}
