/**
 * Prometheus metrics of `vzmc sync` and `vzmc admin` (issue #12 item 4), with prom-client in a
 * registry of the process's own (never prom-client's global one, so two in one process, or a
 * library user's own metrics, never collide). Names carry the `vzmc_` prefix, units in the name
 * and `_total` on counters. Label values are bounded: kinds, verbs, outcomes, reasons, HTTP codes
 * and cluster names; never object names, messages or anything from a Secret.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { SyncPlan } from '../sync-plan/types.js';
import type { IterationReport } from './agent.js';
import type { ActionResult } from './execute.js';

/** prom-client's default gauges whose names end in `_total`. */
const MISNAMED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** The metrics' names, for dashboards and alerts. */
export const MetricName = {
  /** Counter: passes (agent iterations, admin reconciles) by `outcome`. */
  Iterations: 'vzmc_iterations_total',
  /** Counter: plan actions run, by `kind`, `verb` (create, update, delete, status) and `outcome`. */
  Actions: 'vzmc_actions_total',
  /** Counter: failures by `reason` (a ClusterError reason, or `IterationFailed`). */
  Errors: 'vzmc_errors_total',
  /** Gauge: how long the last pass took. */
  LastPassDuration: 'vzmc_last_pass_duration_seconds',
  /** Gauge: when the last pass ended (Unix time), for "no pass for N minutes" alerts. */
  LastPassTimestamp: 'vzmc_last_pass_timestamp_seconds',
  /** Counter: HTTP requests to each API server, by `server` (the client's name), `method` and `code`. */
  ApiRequests: 'vzmc_api_requests_total',
  /** Gauge: 1 while this process holds the leader Lease, else 0. */
  Leader: 'vzmc_leader',
} as const;
/** One of {@link MetricName}'s values. */
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** How a pass ended, as the `outcome` label of {@link MetricName.Iterations}. */
export type PassOutcome = IterationReport['state'];

/** What an admin reconcile (`syncAdmin`) returned, or what it threw. */
export type AdminPassResult =
  | {
      /** The admin's plan. */
      readonly plan: SyncPlan;
      /** One result per action. */
      readonly results: readonly ActionResult[];
    }
  | {
      /** Why the pass failed before it could plan. */
      readonly error: unknown;
    };

/** One HTTP exchange with an API server (the Kubernetes adapter's `onRequest` event). */
export interface ApiRequest {
  /** The client's name, e.g. `admin` or `managed1`. */
  readonly cluster: string;
  /** The HTTP method. */
  readonly method: string;
  /** The status code, or the failure's reason when no response came. */
  readonly code: string;
}

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Also export prom-client's process and Node.js metrics (`process_*`, `nodejs_*`). Default true. */
  readonly processMetrics?: boolean;
  /** The time source for {@link MetricName.LastPassTimestamp}. Default: the system clock. */
  readonly clock?: () => Date;
}

/** The metrics of one process. */
export interface VzmcMetrics {
  /** The registry they live in: add your own metrics here. */
  readonly registry: Registry;
  /** Records one agent iteration and how long it took. */
  recordIteration(report: IterationReport, durationMs: number): void;
  /** Records one admin reconcile and how long it took. */
  recordAdminPass(result: AdminPassResult, durationMs: number): void;
  /** Counts one HTTP exchange: pass it as the Kubernetes adapter's `onRequest` (it needs no `this`). */
  readonly recordRequest: (request: ApiRequest) => void;
  /** Sets the leader gauge. */
  setLeader(leading: boolean): void;
  /** The exposition text (Prometheus text format 0.0.4). */
  render(): Promise<string>;
  /** The Content-Type of {@link VzmcMetrics.render}'s text. */
  readonly contentType: string;
}

/**
 * Creates the metrics of one `vzmc sync` or `vzmc admin` process, in a registry of its own.
 *
 * @example
 * const metrics = createMetrics();
 * const admin = createK8sClusterClient({ name: 'admin', onRequest: metrics.recordRequest });
 * const started = performance.now();
 * metrics.recordIteration(await agent.runOnce(), performance.now() - started);
 * await metrics.render(); //=> '# HELP vzmc_iterations_total …'
 */
export function createMetrics(options: MetricsOptions = {}): VzmcMetrics {
  const clock = options.clock ?? (() => new Date());
  const registry = new Registry();
  const registers = [registry];
  const iterations = new Counter({
    name: MetricName.Iterations,
    help: 'Passes (agent iterations, admin reconciles), by how they ended.',
    labelNames: ['outcome'] as const,
    registers,
  });
  const actions = new Counter({
    name: MetricName.Actions,
    help: 'Plan actions run, by kind, verb and outcome.',
    labelNames: ['kind', 'verb', 'outcome'] as const,
    registers,
  });
  const errors = new Counter({
    name: MetricName.Errors,
    help: 'Failures, by reason: a failed action or list (its ClusterError reason), or a pass that stopped early.',
    labelNames: ['reason'] as const,
    registers,
  });
  const lastDuration = new Gauge({
    name: MetricName.LastPassDuration,
    help: 'How long the last pass took.',
    registers,
  });
  const lastTimestamp = new Gauge({
    name: MetricName.LastPassTimestamp,
    help: 'When the last pass ended, in seconds since the Unix epoch.',
    registers,
  });
  const requests = new Counter({
    name: MetricName.ApiRequests,
    help: 'HTTP requests to Kubernetes API servers, by server, method and status code (or failure reason).',
    labelNames: ['server', 'method', 'code'] as const,
    registers,
  });
  const leader = new Gauge({
    name: MetricName.Leader,
    help: 'Whether this process holds the leader Lease (1) or not (0).',
    registers,
  });
  for (const outcome of ['synced', 'idle', 'failed', 'deregistered'] satisfies PassOutcome[])
    iterations.inc({ outcome }, 0);
  leader.set(0);
  if (options.processMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
    // Gauges named like counters, which `promtool check metrics` rejects; the same numbers stay
    // available by type as nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
    for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);
  }

  const recordResults = (results: readonly ActionResult[]) => {
    for (const result of results) {
      actions.inc({ kind: result.kind, verb: result.op, outcome: result.outcome });
      if (result.outcome === 'failed') errors.inc({ reason: result.error?.reason ?? 'Unknown' });
    }
  };
  // A list that failed leaves work undone (the plan says what it could not see): an error, by its reason.
  const recordUnknown = (plan: SyncPlan) => {
    for (const list of plan.unknown) errors.inc({ reason: list.reason });
  };
  const endPass = (outcome: PassOutcome, durationMs: number) => {
    iterations.inc({ outcome });
    if (outcome === 'failed') errors.inc({ reason: 'IterationFailed' });
    lastDuration.set(durationMs / 1000);
    lastTimestamp.set(clock().getTime() / 1000);
  };

  return {
    registry,
    recordIteration(report, durationMs) {
      if (report.state === 'synced') {
        recordResults(report.results);
        recordUnknown(report.plan);
      }
      endPass(report.state, durationMs);
    },
    recordAdminPass(result, durationMs) {
      if ('error' in result) {
        endPass('failed', durationMs);
        return;
      }
      recordResults(result.results);
      recordUnknown(result.plan);
      endPass('synced', durationMs);
    },
    recordRequest: (request) => {
      requests.inc({ server: request.cluster, method: request.method, code: request.code });
    },
    setLeader(leading) {
      leader.set(leading ? 1 : 0);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
