/**
 * A watch-driven reconcile loop, the shape of a controller-runtime controller with one work item:
 * watches on a set of kinds mark the world dirty, and a single `reconcile` pass brings it back.
 *
 * - The watches start first, then one pass runs. Any event afterwards asks for a pass; events are
 *   coalesced: a burst within {@link ControllerDefaults.coalesceMs} gives one pass, and events
 *   that arrive while a pass runs give exactly one more pass after it. Two passes never overlap.
 * - A full resync pass runs every {@link ControllerDefaults.resyncPeriodMs} without events (3 min,
 *   Verrazzano's `ReconcileLoopRequeueInterval`), to repair what a lost event would leave.
 * - A watch that breaks is restarted with exponential backoff and jitter, and its restart asks for
 *   a pass, because events may have been missed in between. A kind the server does not serve is
 *   retried the same way; the other watches and the passes go on.
 * - A pass that throws, or whose result {@link ControllerOptions.failed} calls failed, is retried
 *   with backoff (events still trigger it earlier). Errors are logged by reason and message only.
 * - Two ways to stop, as the process runtime needs them: the `shutdown` signal of
 *   {@link ControllerRunOptions} lets the pass in flight finish and starts no other (a first
 *   SIGTERM); the `signal` of {@link Controller.run} is also handed to `reconcile`, so it stops the
 *   pass in flight after the action in flight (a second SIGTERM, or leadership lost). Either way
 *   the watches are then stopped.
 */
import type { ClusterClient, WatchHandle } from '../port/client.js';
import { errorReason } from '../port/errors.js';
import { silentLogger, type Logger } from './logger.js';
import { onAbort, realSleep, type RetryPolicy, type Sleep } from './retry.js';

/** One kind a controller watches. */
export interface WatchedKind {
  /** API version, e.g. `clusters.verrazzano.io/v1alpha1`. */
  readonly apiVersion: string;
  /** The kind. */
  readonly kind: string;
  /** Only this namespace; every namespace when absent. */
  readonly namespace?: string;
  /** Only objects matching this label selector (e.g. vzmc's ownership label). */
  readonly labelSelector?: string;
}

/** Backoff for watch restarts and failed passes: doubling from the base, capped, each wait a random 50–100%. */
export type Backoff = Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;

/** Backoff of failed passes and broken watches: 1 s doubling to 2 min. */
const DEFAULT_BACKOFF: Backoff = { baseDelayMs: 1_000, maxDelayMs: 120_000 };

/** The controller loop's defaults. */
export const ControllerDefaults = {
  /** A full pass at least this often: 3 min, Verrazzano's `ReconcileLoopRequeueInterval` for VMCs. */
  resyncPeriodMs: 180_000,
  /** How long after the first event of a burst the pass waits for the rest. */
  coalesceMs: 200,
  /** Backoff of failed passes and broken watches: 1 s doubling to 2 min. */
  backoff: DEFAULT_BACKOFF,
  /** A watch that lived this long before it broke restarts from the base delay again. */
  healthyWatchMs: 60_000,
} as const;

/** Why a pass runs. */
export type PassTrigger = 'start' | 'event' | 'resync' | 'retry';

/** Options of {@link createController}. */
export interface ControllerOptions<R> {
  /** The cluster watched. */
  readonly client: ClusterClient;
  /** The kinds whose events ask for a pass. */
  readonly kinds: readonly WatchedKind[];
  /**
   * Other sources of events (e.g. the list caches a pass reads, issue 16): called once when the
   * loop starts, with the function that asks for a pass.
   */
  readonly subscribe?: (request: () => void) => void;
  /** One pass. It should stop starting work when the signal aborts. */
  readonly reconcile: (signal: AbortSignal, trigger: PassTrigger) => Promise<R>;
  /** Whether a pass's result counts as failed (retried with backoff). Default: never. */
  readonly failed?: (result: R) => boolean;
  /** A full pass at least this often. Default {@link ControllerDefaults.resyncPeriodMs}. */
  readonly resyncPeriodMs?: number;
  /** The coalescing window. Default {@link ControllerDefaults.coalesceMs}. */
  readonly coalesceMs?: number;
  /** Backoff of watch restarts and failed passes. Default {@link ControllerDefaults.backoff}. */
  readonly backoff?: Backoff;
  /** The time source. Default: the system clock. */
  readonly clock?: () => Date;
  /** How to wait. Default {@link realSleep}. */
  readonly sleep?: Sleep;
  /** Randomness for backoff jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Where to log. Default: nowhere. */
  readonly logger?: Logger;
}

/** How {@link Controller.run} may be stopped besides its signal. */
export interface ControllerRunOptions {
  /**
   * Stops the loop without touching the pass in flight: that pass runs to its end (its
   * `reconcile` never sees this signal), no other starts, the watches stop and `run` resolves.
   */
  readonly shutdown?: AbortSignal;
}

/** A controller loop. */
export interface Controller<R> {
  /**
   * Runs until `signal` or `options.shutdown` aborts; resolves after the pass in flight ends and
   * the watches stop. `signal` is handed to `reconcile` (the pass stops after the action in
   * flight); `options.shutdown` is not (the pass in flight runs to its end).
   */
  run(
    signal: AbortSignal,
    onPass?: (result: R, trigger: PassTrigger) => void,
    options?: ControllerRunOptions,
  ): Promise<void>;
}

const describe = (k: WatchedKind): string =>
  `${k.kind}${k.namespace ? ` in ${k.namespace}` : ''}${k.labelSelector ? ` (${k.labelSelector})` : ''}`;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A controller's options with their defaults resolved. */
interface Loop<R> {
  readonly options: ControllerOptions<R>;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly resyncMs: number;
  readonly coalesceMs: number;
  /** The backoff delay after `failures` failures in a row, jittered. */
  readonly delay: (failures: number) => number;
}

function loopOf<R>(options: ControllerOptions<R>): Loop<R> {
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? ControllerDefaults.backoff;
  return {
    options,
    sleep: options.sleep ?? realSleep,
    random,
    clock: options.clock ?? (() => new Date()),
    logger: options.logger ?? silentLogger,
    resyncMs: options.resyncPeriodMs ?? ControllerDefaults.resyncPeriodMs,
    coalesceMs: options.coalesceMs ?? ControllerDefaults.coalesceMs,
    delay: (failures: number) =>
      Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** Math.max(0, failures - 1)) *
      (0.5 + random() / 2),
  };
}

/**
 * Creates a controller loop.
 *
 * @example
 * const controller = createController({ client, kinds: [{ apiVersion: 'v1', kind: 'ConfigMap' }], reconcile: () => pass() });
 * await controller.run(abort.signal, (result) => console.log(result));
 */
export function createController<R>(options: ControllerOptions<R>): Controller<R> {
  const loop = loopOf(options);
  return {
    run: (signal, onPass, runOptions = {}) => runLoop(loop, signal, onPass, runOptions),
  };
}

/** The loop: watches first, then passes, each after events (coalesced), a failure's backoff, or the resync period. */
async function runLoop<R>(
  loop: Loop<R>,
  signal: AbortSignal,
  onPass: ((result: R, trigger: PassTrigger) => void) | undefined,
  runOptions: ControllerRunOptions,
): Promise<void> {
  const { options, logger, sleep } = loop;
  // `stop` ends the loop; only `signal` reaches the pass in flight.
  const stop = runOptions.shutdown ? AbortSignal.any([signal, runOptions.shutdown]) : signal;
  // `dirty`: an event arrived since the current pass started.
  const state = { dirty: false };
  let wake: AbortController | undefined;
  const request = () => {
    state.dirty = true;
    wake?.abort();
  };
  options.subscribe?.(() => {
    if (!stop.aborted) request();
  });
  const watches = startWatches(loop, stop, request);
  await watches.started;
  let trigger: PassTrigger = 'start';
  let failures = 0;
  while (!stop.aborted) {
    state.dirty = false;
    let failed: boolean;
    try {
      const result = await options.reconcile(signal, trigger);
      failed = options.failed?.(result) ?? false;
      onPass?.(result, trigger);
    } catch (error) {
      failed = true;
      logger.log('error', 'pass failed', { trigger, reason: errorReason(error), error: message(error) });
    }
    failures = failed ? failures + 1 : 0;
    if (stop.aborted) break;
    const waitMs = failed ? loop.delay(failures) : loop.resyncMs;
    if (failed) logger.log('warn', 'pass will be retried', { inMs: Math.round(waitMs), failures });
    if (!state.dirty) {
      wake = new AbortController();
      const forget = onAbort(stop, () => wake?.abort());
      await sleep(waitMs, wake.signal);
      forget();
      wake = undefined;
    }
    if (stop.aborted) break;
    if (state.dirty) {
      // Let the rest of a burst arrive; they only set `dirty` again.
      await sleep(loop.coalesceMs, stop);
      trigger = 'event';
    } else trigger = failed ? 'retry' : 'resync';
  }
  watches.stop();
}

/** Starts a watch per kind; a broken or failed watch restarts with backoff and asks for a pass. */
function startWatches<R>(loop: Loop<R>, signal: AbortSignal, request: () => void) {
  const { options, logger, clock, sleep } = loop;
  const handles = new Map<WatchedKind, WatchHandle>();
  const watch = options.client.watch?.bind(options.client);
  if (!watch) {
    logger.log('warn', 'the client cannot watch: passes run on resync only', {
      cluster: options.client.name,
    });
    return { started: Promise.resolve(), stop: () => undefined };
  }
  const start = async (kind: WatchedKind, failures: number): Promise<void> => {
    if (signal.aborted) return;
    const startedAt = clock().getTime();
    let broken = false;
    const onError = (error: unknown) => {
      if (broken || signal.aborted) return;
      broken = true;
      handles.delete(kind);
      const healthy = clock().getTime() - startedAt >= ControllerDefaults.healthyWatchMs;
      logger.log('warn', 'watch broke; restarting', {
        kind: describe(kind),
        reason: errorReason(error),
        error: message(error),
      });
      void restart(kind, healthy ? 1 : failures + 1);
    };
    try {
      const handle = await watch(
        kind.apiVersion,
        kind.kind,
        {
          ...(kind.namespace ? { namespace: kind.namespace } : {}),
          ...(kind.labelSelector ? { labelSelector: kind.labelSelector } : {}),
        },
        () => {
          request();
        },
        onError,
      );
      if (signal.aborted || broken) handle.stop();
      else handles.set(kind, handle);
      if (failures > 0) request();
    } catch (error) {
      logger.log('warn', 'watch failed to start; retrying', {
        kind: describe(kind),
        reason: errorReason(error),
        error: message(error),
      });
      void restart(kind, failures + 1);
    }
  };
  const restart = async (kind: WatchedKind, failures: number): Promise<void> => {
    await sleep(loop.delay(failures), signal);
    await start(kind, failures);
  };
  return {
    started: Promise.all(options.kinds.map((k) => start(k, 0))).then(() => undefined),
    stop: () => {
      for (const handle of handles.values()) handle.stop();
      handles.clear();
    },
  };
}
