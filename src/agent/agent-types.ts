/** The agent's public types: its options, the report of one iteration, and the running agent. */
import type { ClusterClient } from '../port/client.js';
import type { ClusterReportFacts } from '../registration/report.js';
import type { DeleteWindow } from '../sync-plan/delete-window.js';
import type { PlanOptions, SyncPlan } from '../sync-plan/types.js';
import type { ActionResult } from './execute.js';
import type { Logger } from './logger.js';
import type { RetryPolicy, Sleep } from './retry.js';
import type { UnreadableNamespace } from './unreadable.js';

/** How the agent turns the admin kubeconfig from its Secret into a client. */
export type AdminConnector = (kubeconfig: string, cluster: string) => ClusterClient | Promise<ClusterClient>;

/** Options of {@link createAgent}. */
export interface AgentOptions {
  /** The managed cluster the agent runs on. */
  readonly local: ClusterClient;
  /** Builds the admin client from the agent Secret's `admin-kubeconfig` (vzmc/k8s: `createK8sClusterClient({ kubeconfig: { yaml } })`). */
  readonly connectAdmin: AdminConnector;
  /**
   * Accept an `admin-kubeconfig` with `insecure-skip-tls-verify: true` (`vzmc sync
   * --allow-insecure-admin`), warning in the log on every connection. Default false: such a
   * kubeconfig is refused, naming the field.
   */
  readonly allowInsecureAdmin?: boolean;
  /** The time source (VMC report, conditions). Default: the system clock. */
  readonly clock?: () => Date;
  /** Randomness for the polling jitter and retry backoff. Default `Math.random`. */
  readonly random?: () => number;
  /** How to wait between iterations and retries. Default: a timer that an abort signal ends early. */
  readonly sleep?: Sleep;
  /** Where the agent logs. Default: nowhere. */
  readonly logger?: Logger;
  /** Polling interval bounds; the delay is uniform in [min, max). Default 50–70 s (§7.1). */
  readonly intervalMs?: {
    /** The shortest delay between iterations, in ms. */
    readonly min: number;
    /** The longest delay (exclusive), in ms. */
    readonly max: number;
  };
  /**
   * Event-driven (issue 16): while {@link Agent.run} runs, the snapshots come from list caches
   * (list once, then watch), and a change to anything the agent reads starts an iteration
   * `reactMs` later; `intervalMs` is then only the resync (and the VMC heartbeat). Default true;
   * false polls only, as Verrazzano's agent does. Clients without `watch` always poll.
   */
  readonly watch?: boolean;
  /** How long after the first change of a burst the iteration starts. Default 150 ms. */
  readonly reactMs?: number;
  /** Plan options besides the clock. */
  readonly plan?: Omit<PlanOptions, 'now'>;
  /** Plan and report, but write nothing. */
  readonly dryRun?: boolean;
  /** How reads and writes retry 409, 429 and unavailability. Default {@link DEFAULT_RETRY}. */
  readonly retry?: RetryPolicy;
  /**
   * How long an answer of revocation (the token rejected, or the VMC missing) must persist before
   * the agent deregisters (D2): it deregisters when such an answer comes again at least this long
   * after the first, through a new admin connection. 0 deregisters at once, as Verrazzano does. A
   * VMC being deleted (deletionTimestamp) deregisters at once. Default 30 s.
   */
  readonly deregisterAfterMs?: number;
  /**
   * The delete guard across iterations: at most the larger of `minDeletes` and the plan's
   * `maxDeleteFraction` of vzmc's objects per window; a plan beyond it has its deletes blocked.
   * Default {@link vzmc!DEFAULT_DELETE_WINDOW} (10 deletes or the fraction, per 10 minutes).
   */
  readonly deleteWindow?: DeleteWindow;
  /** Reads the facts the agent reports; default: Ingresses and versions through the local client. */
  readonly facts?: (local: ClusterClient) => Promise<ClusterReportFacts>;
}

/** What one iteration did. */
export type IterationReport =
  | {
      /** No agent Secret: the cluster is not registered, so nothing was done (§7.1). */
      readonly state: 'idle';
      /** Why. */
      readonly reason: string;
    }
  | {
      /**
       * The iteration stopped early: an invalid agent Secret, an unreachable admin, or a revocation
       * not yet confirmed (D2). Nothing was synced.
       */
      readonly state: 'failed';
      /** The cluster, once the agent Secret named it. */
      readonly cluster?: string;
      /** Why, in Verrazzano's words where it has them. */
      readonly reason: string;
    }
  | {
      /** The VMC is gone or being deleted, or the token is rejected: the local agent and registration Secrets were deleted (D2). */
      readonly state: 'deregistered';
      /** The cluster. */
      readonly cluster: string;
      /** Why. */
      readonly reason: string;
    }
  | {
      /** A full iteration: planned, executed and reported. */
      readonly state: 'synced';
      /** The cluster. */
      readonly cluster: string;
      /** The plan. */
      readonly plan: SyncPlan;
      /** One result per action, in plan order (empty on a dry run). */
      readonly results: readonly ActionResult[];
      /** Whether the VMC status was written (false on a dry run or when the write failed). */
      readonly reportWritten: boolean;
      /**
       * The VMC state §5.6 gives right after this report (`Active` once connected); empty when the
       * report failed. The agent does not write it: the admin pass does (B12).
       */
      readonly vmcState: string;
      /**
       * The placed admin namespaces the agent could not read, with the cause (e.g. a missing
       * `verrazzano-cluster-<C>` RoleBinding). Non-empty means the iteration synced only part of the
       * cluster's share: `vzmc sync --once` exits 1.
       */
      readonly unreadable: readonly UnreadableNamespace[];
    };

/** A running agent. */
export interface Agent {
  /** One iteration. */
  runOnce(signal?: AbortSignal): Promise<IterationReport>;
  /**
   * Iterations until the signal aborts; resolves after the iteration in progress ends. `signal` also
   * stops the iteration in flight after its current action; `shutdown` only ends the loop, letting
   * the iteration in flight finish (the first SIGTERM of `vzmc sync`).
   */
  run(
    signal: AbortSignal,
    onIteration?: (report: IterationReport, durationMs: number) => void,
    options?: { readonly shutdown?: AbortSignal },
  ): Promise<void>;
}
