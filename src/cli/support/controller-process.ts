/**
 * The process runtime shared by the long-running commands (`vzmc sync`, `vzmc admin`), issue #12
 * items 3 and 4: leader election through a Lease, `/healthz`, `/readyz` and `/metrics`, and the
 * exits a Deployment expects.
 *
 * - The health server starts first and serves until the process ends (a standby answers too).
 * - With election (the default in continuous mode), the work loop runs only while this process
 *   leads. Losing the Lease aborts the loop after the action in flight and ends the process with
 *   exit code 1 ("leader election lost", as controller-runtime), so the Deployment restarts it
 *   as a fresh standby.
 * - SIGTERM or SIGINT lets the pass in flight finish (a second one aborts it after the action in
 *   flight), releases the Lease so a standby takes over at once, and exits 0.
 */
import type { ClusterClient } from '../../port/client.js';
import { createHealth, parseListenAddress, startHealthServer, type Health } from '../../agent/health.js';
import { createLeaderElector, type LeaderElector, type LeaderElectorOptions } from '../../agent/leader.js';
import type { Logger } from '../../agent/logger.js';
import type { VzmcMetrics } from '../../agent/metrics.js';
import { parseDuration, type ControllerProcessFlags } from '../shared/controller-process-options.js';
import { CliError, ExitCode, type CliIo } from '../shared/io.js';

export {
  addControllerProcessOptions,
  DEFAULT_HEALTH_ADDRESS,
  DEFAULT_LEADER_ELECTION_NAMESPACE,
  parseDuration,
  type ControllerProcessFlags,
} from '../shared/controller-process-options.js';

/** The flags, checked and resolved. */
export interface ControllerProcessSettings {
  /** Undefined when the process does not elect (`--no-leader-elect`, `--once`). */
  readonly election?: {
    readonly namespace: string;
    readonly name: string;
    readonly leaseDurationMs: number;
    readonly renewDeadlineMs: number;
    readonly retryPeriodMs: number;
  };
  /** Undefined with `--once`. */
  readonly health?: { readonly host?: string; readonly port: number };
}

/**
 * Checks and resolves the flags, as client-go checks its election config: lease duration >
 * renew deadline > retry period × 1.2, the lease duration in whole seconds.
 */
export function resolveControllerProcessFlags(
  flags: ControllerProcessFlags,
  defaultLeaseName: string,
): ControllerProcessSettings {
  if (flags.once) return {};
  let health: { host?: string; port: number };
  try {
    health = parseListenAddress(flags.healthAddress);
  } catch (error) {
    throw new CliError(`--health-address: ${(error as Error).message}`);
  }
  if (flags.leaderElect === false) return { health };
  const leaseDurationMs = parseDuration(flags.leaseDuration);
  const renewDeadlineMs = parseDuration(flags.renewDeadline);
  const retryPeriodMs = parseDuration(flags.retryPeriod);
  if (!(retryPeriodMs > 0)) throw new CliError('--retry-period must be greater than zero');
  if (!(renewDeadlineMs > 1.2 * retryPeriodMs))
    throw new CliError('--renew-deadline must be greater than --retry-period × 1.2');
  if (!(leaseDurationMs > renewDeadlineMs))
    throw new CliError('--lease-duration must be greater than --renew-deadline');
  if (leaseDurationMs % 1000 !== 0) throw new CliError('--lease-duration must be whole seconds');
  const name = flags.leaderElectionId ?? defaultLeaseName;
  if (!flags.leaderElectionNamespace || !name)
    throw new CliError('the leader Lease needs a namespace and a name');
  return {
    election: {
      namespace: flags.leaderElectionNamespace,
      name,
      leaseDurationMs,
      renewDeadlineMs,
      retryPeriodMs,
    },
    health,
  };
}

/** What the work loop gets besides its abort signal. */
export interface ControllerProcessHooks {
  /**
   * Aborts on SIGTERM/SIGINT: finish the pass in flight, start no other, return. (The signal
   * passed to `run` aborts on leadership lost or a second SIGTERM: stop after the action in flight.)
   */
  readonly shutdown: AbortSignal;
  /** Tell the probes a pass ended; `ok` when it succeeded. (Metrics are the caller's to record.) */
  passEnded(ok: boolean): void;
}

/** Where the process hears SIGTERM and SIGINT; `process` by default. */
export interface SignalSource {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  off(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/** Options of {@link runControllerProcess}. */
export interface ControllerProcessOptions {
  /** For stderr; the logger writes there too. */
  readonly io: CliIo;
  /** The parsed flags. */
  readonly flags: ControllerProcessFlags;
  /** The Lease name when `--leader-election-id` is not given. */
  readonly defaultLeaseName: string;
  /** The cluster that holds the Lease (sync: the managed cluster; admin: the admin cluster). */
  readonly leaseClient: ClusterClient;
  /** The process's metrics (its k8s clients' `onRequest` should feed them). */
  readonly metrics: VzmcMetrics;
  /** Where to log. */
  readonly logger: Logger;
  /** Liveness fails when a working process ends no pass for this long (e.g. 3 × the interval). */
  readonly staleAfterMs: number;
  /** The work loop: runs until `signal` aborts or `hooks.shutdown` aborts, then returns. */
  readonly run: (signal: AbortSignal, hooks: ControllerProcessHooks) => Promise<void>;
  /** For tests: SIGTERM/SIGINT source. Default `process`. */
  readonly signals?: SignalSource;
  /** For tests: builds the elector. Default {@link createLeaderElector}. */
  readonly createElector?: (options: LeaderElectorOptions) => LeaderElector;
}

/** How a controller process ended. */
export type ControllerProcessExit = ExitCode;

interface Shutdown {
  readonly graceful: AbortController;
  readonly hard: AbortController;
  dispose(): void;
}

/**
 * Runs `run` until it returns, aborting its signal at the first SIGTERM or SIGINT, so that one-shot
 * work (`--once`) stops after the action in flight, reports and exits. The listeners go when it
 * returns; a second signal gets Node's default (the process ends).
 *
 * @example
 * await runUntilStopped(logger, async (signal) => print(await agent.runOnce(signal)));
 */
export async function runUntilStopped(
  logger: Logger,
  run: (signal: AbortSignal) => Promise<void>,
  options: {
    /** What the log says at the signal. */
    readonly message?: string;
    /** For tests: the SIGTERM/SIGINT source. Default `process`. */
    readonly signals?: SignalSource;
  } = {},
): Promise<void> {
  const { message = 'stopping after the action in flight', signals = process } = options;
  const controller = new AbortController();
  const stop = () => {
    logger.log('info', message);
    controller.abort();
  };
  signals.once('SIGTERM', stop);
  signals.once('SIGINT', stop);
  try {
    await run(controller.signal);
  } finally {
    signals.off('SIGTERM', stop);
    signals.off('SIGINT', stop);
  }
}

function listenForShutdown(signals: SignalSource, logger: Logger): Shutdown {
  const graceful = new AbortController();
  const hard = new AbortController();
  const onSignal = () => {
    if (!graceful.signal.aborted) {
      logger.log('info', 'stopping after the pass in flight (signal again: after the action in flight)');
      graceful.abort();
    } else {
      logger.log('info', 'stopping after the action in flight');
      hard.abort();
    }
    signals.once('SIGTERM', onSignal);
    signals.once('SIGINT', onSignal);
  };
  signals.once('SIGTERM', onSignal);
  signals.once('SIGINT', onSignal);
  return {
    graceful,
    hard,
    dispose: () => {
      signals.off('SIGTERM', onSignal);
      signals.off('SIGINT', onSignal);
    },
  };
}

/**
 * Runs a controller's work loop as a process: health server, election, signals. Resolves with
 * the exit code: 0 after SIGTERM/SIGINT, 1 when leadership was lost or the loop failed.
 *
 * @example
 * const code = await runControllerProcess({
 *   io, flags: options, defaultLeaseName: 'vzmc-admin', leaseClient: admin, metrics, logger,
 *   staleAfterMs: 3 * 70_000,
 *   run: async (signal, hooks) => { while (!signal.aborted && !hooks.shutdown.aborted) { ... } },
 * });
 * setExit(code);
 */
export async function runControllerProcess(
  options: ControllerProcessOptions,
): Promise<ControllerProcessExit> {
  const { logger, metrics } = options;
  const settings = resolveControllerProcessFlags(options.flags, options.defaultLeaseName);
  const health = createHealth({ staleAfterMs: options.staleAfterMs });
  const server = settings.health
    ? await startHealthServer({ ...settings.health, health, metrics, logger }).catch((error: unknown) => {
        throw new CliError(`cannot listen on ${options.flags.healthAddress}: ${(error as Error).message}`, 1);
      })
    : undefined;
  if (server)
    logger.log('info', 'serving /healthz, /readyz and /metrics', { url: server.url, port: server.port });
  const shutdown = listenForShutdown(options.signals ?? process, logger);
  try {
    if (settings.election === undefined) {
      health.working();
      return await work(options, health, shutdown.hard.signal, shutdown.graceful.signal);
    }
    return await elect(options, settings.election, health, shutdown);
  } finally {
    shutdown.dispose();
    await server?.close();
  }
}

async function work(
  options: ControllerProcessOptions,
  health: Health,
  signal: AbortSignal,
  graceful: AbortSignal,
): Promise<ControllerProcessExit> {
  try {
    await options.run(signal, {
      shutdown: graceful,
      passEnded: (ok) => {
        health.passEnded(ok);
      },
    });
    return ExitCode.Ok;
  } catch (error) {
    options.logger.log('error', 'the work loop failed', { error: (error as Error).message });
    return ExitCode.Invalid;
  }
}

async function elect(
  options: ControllerProcessOptions,
  election: NonNullable<ControllerProcessSettings['election']>,
  health: Health,
  shutdown: Shutdown,
): Promise<ControllerProcessExit> {
  const { logger, metrics } = options;
  const elector = (options.createElector ?? createLeaderElector)({
    client: options.leaseClient,
    ...election,
    releaseOnCancel: true,
    logger,
  });
  logger.log('info', 'campaigning for the leader lease', {
    lease: `${election.namespace}/${election.name}`,
    identity: elector.identity,
  });
  health.standby();
  let led = false;
  let leading = false;
  let failed = false;
  // A standby stops campaigning at the first signal. A leader's work sees the first signal as
  // `hooks.shutdown` and returns after the pass in flight, which ends leading and releases the
  // Lease; the elector's signal (aborting the work after the action in flight) fires at the second.
  const campaign = new AbortController();
  const stopCampaign = () => {
    if (!leading) campaign.abort();
  };
  shutdown.graceful.signal.addEventListener('abort', stopCampaign, { once: true });
  shutdown.hard.signal.addEventListener(
    'abort',
    () => {
      campaign.abort();
    },
    { once: true },
  );
  await elector
    .run(campaign.signal, {
      onStartedLeading: async (leaderSignal) => {
        led = true;
        leading = true;
        metrics.setLeader(true);
        health.working();
        try {
          await options.run(leaderSignal, {
            shutdown: shutdown.graceful.signal,
            passEnded: (ok) => {
              health.passEnded(ok);
            },
          });
        } finally {
          leading = false;
          metrics.setLeader(false);
        }
      },
      onNewLeader: (identity) => {
        if (identity !== elector.identity) logger.log('info', 'following the leader', { leader: identity });
      },
    })
    .catch((error: unknown) => {
      failed = true;
      logger.log('error', 'the work loop failed', { error: (error as Error).message });
    });
  if (failed) return ExitCode.Invalid;
  if (shutdown.graceful.signal.aborted) return ExitCode.Ok;
  if (led) logger.log('error', 'leader election lost', { lease: `${election.namespace}/${election.name}` });
  return ExitCode.Invalid;
}
