/**
 * The state of one agent across iterations: its options with their defaults resolved, its admin
 * connection and the count of those opened (a revocation is confirmed on a new one, D2), and when
 * its deletes ran (the delete window).
 */
import type { ClusterClient } from '../port/client.js';
import { DEFAULT_DELETE_WINDOW, type DeleteWindow } from '../sync-plan/delete-window.js';
import { Outcome, type ActionResult } from './execute.js';
import { silentLogger, type Logger } from './logger.js';
import { DEFAULT_DEREGISTER_AFTER_MS, revocationWatch, type RevocationWatch } from './revocation.js';
import { DEFAULT_RETRY, realSleep, type RetryPolicy, type Sleep } from './retry.js';
import type { AgentOptions } from './agent-types.js';
import type { AgentViews } from './agent-events.js';

/** The connection an agent keeps. */
export interface AdminConnection {
  /** The agent Secret's cluster and kubeconfig it was opened with. */
  readonly identity: string;
  /** The client the iterations use: `opened`, noting transport failures. */
  client: ClusterClient;
  /** The client `connectAdmin` returned, closed when it is replaced. */
  readonly opened: ClusterClient;
  /** An admin call failed for the transport: the next iteration connects anew. */
  broken: boolean;
}

/** An agent's options, defaults resolved, and what it remembers between iterations. */
export interface AgentContext {
  readonly options: AgentOptions;
  readonly local: ClusterClient;
  readonly clock: () => Date;
  readonly random: () => number;
  readonly sleep: Sleep;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  readonly window: DeleteWindow;
  readonly revocation: RevocationWatch;
  /** Admin connections opened so far (admin-connection.ts says when a new one is opened). */
  connections: number;
  /** The admin connection kept between iterations, while the agent Secret is unchanged. */
  admin?: AdminConnection | undefined;
  /** When this agent's deletes ran (ms), those of the last window only. */
  deletedAt: number[];
  /** The cached views the snapshots are read through while the agent runs event-driven. */
  views?: AgentViews | undefined;
}

/** A new agent's context. */
export function agentContext(options: AgentOptions): AgentContext {
  const clock = options.clock ?? (() => new Date());
  return {
    options,
    local: options.local,
    clock,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? realSleep,
    logger: options.logger ?? silentLogger,
    retry: options.retry ?? DEFAULT_RETRY,
    window: options.deleteWindow ?? DEFAULT_DELETE_WINDOW,
    revocation: revocationWatch(options.deregisterAfterMs ?? DEFAULT_DEREGISTER_AFTER_MS, clock),
    connections: 0,
    deletedAt: [],
  };
}

/** How many deletes this agent ran in the window ending now. */
export function recentDeletes(context: AgentContext): number {
  const since = context.clock().getTime() - context.window.windowMs;
  context.deletedAt = context.deletedAt.filter((t) => t > since);
  return context.deletedAt.length;
}

/** Remembers the deletes of an iteration's results, for the window. */
export function recordDeletes(context: AgentContext, results: readonly ActionResult[]): void {
  const now = context.clock().getTime();
  for (const r of results)
    if (r.op === 'delete' && r.outcome === Outcome.Deleted) context.deletedAt.push(now);
}
