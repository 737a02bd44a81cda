import { createAgent, type Agent, type IterationReport } from '../../agent/agent.js';
import { unreadableSummary } from '../../agent/unreadable.js';
import { jsonLinesLogger, textLogger, type Logger } from '../../agent/logger.js';
import { createMetrics } from '../../agent/metrics.js';
import { createK8sClusterClient } from '../../adapters/k8s/client.js';
import { formatPlan, redactPlan } from '../../sync-plan/format.js';
import { clientFor } from '../support/clusters.js';
import {
  parseDuration,
  resolveControllerProcessFlags,
  runControllerProcess,
  runUntilStopped,
  type ControllerProcessFlags,
  type ControllerProcessHooks,
  type SignalSource,
} from '../support/controller-process.js';
import { CliError, ExitCode, useColor, type CliIo, type CommandContext } from '../shared/io.js';
import { formatPassCounts, passCounts } from '../support/pass-counts.js';

interface SyncOptions extends ControllerProcessFlags {
  readonly cluster: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly once?: boolean;
  readonly interval: string;
  /** False with `--no-watch`: poll only. */
  readonly watch: boolean;
  readonly dryRun?: boolean;
  readonly allowInsecureAdmin?: boolean;
  readonly output: 'text' | 'json';
  readonly logFormat: 'text' | 'json';
  readonly maxDeleteFraction: string;
  readonly deregisterAfter: string;
  readonly color: boolean;
}

export { parseDuration };

function summarize(report: IterationReport): string {
  if (report.state !== 'synced') return `${report.state}: ${report.reason}`;
  const n = passCounts(report.plan, report.results);
  if (report.unreadable.length > 0)
    return `not synced ${report.cluster}: ${unreadableSummary(report.unreadable)}; ${n.actions} action(s) on what it could read, ${n.failed} failed; VMC ${report.vmcState || 'not reported'}`;
  return `synced ${report.cluster}: ${formatPassCounts(n)}; VMC ${report.vmcState || 'not reported'}`;
}

/** One iteration as a JSON line (`-o json`): the counts, and on a dry run the plan, Secret data redacted. */
export function reportJson(report: IterationReport, dryRun: boolean): unknown {
  if (report.state !== 'synced') return report;
  return {
    state: report.state,
    cluster: report.cluster,
    ...passCounts(report.plan, report.results),
    vmcState: report.vmcState,
    ...(report.unreadable.length > 0 ? { unreadable: report.unreadable } : {}),
    ...(dryRun ? { plan: redactPlan(report.plan) } : {}),
  };
}

/** What `vzmc sync` prints for one iteration in text: the summary line, and on a dry run the plan. */
export function reportText(report: IterationReport, dryRun: boolean, color: boolean): string {
  const plan = dryRun && report.state === 'synced' ? formatPlan(report.plan, { color }) : '';
  return `${summarize(report)}\n${plan}`;
}

function printer(io: CliIo, options: SyncOptions): (report: IterationReport) => void {
  const color = useColor(io, options.color);
  const dryRun = options.dryRun ?? false;
  return (report) => {
    io.stdout.write(
      options.output === 'json'
        ? `${JSON.stringify(reportJson(report, dryRun))}\n`
        : reportText(report, dryRun, color),
    );
  };
}

/**
 * The exit code of `sync --once`: 1 when the iteration failed (a suspected revocation included),
 * could not read a placed admin namespace, or had an action fail or blocked by the delete guard,
 * since the cluster is then not where the admin wants it; 0 when it synced everything or
 * deregistered (D2).
 */
export function onceExit(report: IterationReport): ExitCode {
  if (report.state === 'failed') return ExitCode.Invalid;
  if (report.state !== 'synced') return ExitCode.Ok;
  const n = passCounts(report.plan, report.results);
  const incomplete = report.unreadable.length > 0 || n.failed > 0 || n.blocked > 0;
  return incomplete ? ExitCode.Invalid : ExitCode.Ok;
}

/**
 * The continuous loop: the agent's own `run` (event-driven where the local client can watch: a
 * change starts an iteration within a second, the interval ±1/6 is the resync), until the leader
 * signal aborts or shutdown is asked. Exported for the test that runs it 100,000 times on one signal.
 */
export function syncLoop(
  agent: Pick<Agent, 'run'>,
  observe: (report: IterationReport, durationMs: number, hooks: ControllerProcessHooks) => void,
): (signal: AbortSignal, hooks: ControllerProcessHooks) => Promise<void> {
  return (signal, hooks) =>
    agent.run(
      signal,
      (report, durationMs) => {
        observe(report, durationMs, hooks);
      },
      { shutdown: hooks.shutdown },
    );
}

/**
 * `vzmc sync --once`: one iteration, printed. SIGTERM or SIGINT stops it after the action in flight;
 * it still reports and prints. Its exit code: {@link onceExit}.
 */
export async function syncOnce(
  agent: Pick<Agent, 'runOnce'>,
  print: (report: IterationReport) => void,
  logger: Logger,
  signals?: SignalSource,
): Promise<ExitCode> {
  let code: ExitCode = ExitCode.Ok;
  await runUntilStopped(
    logger,
    async (signal) => {
      const report = await agent.runOnce(signal);
      print(report);
      code = onceExit(report);
    },
    signals ? { signals } : {},
  );
  return code;
}

/**
 * How the agent's loop runs for the flags: an iteration every `--interval` ±1/6, and, unless
 * `--no-watch`, one as soon as a watched object changes (the agent's `watch`).
 *
 * @example
 * loopOptions({ interval: '60s', watch: false }) //=> { intervalMs: { min: 50000, max: 70000 }, watch: false }
 */
export function loopOptions(options: Pick<SyncOptions, 'interval' | 'watch'>): {
  intervalMs: { min: number; max: number };
  watch: boolean;
} {
  const interval = parseDuration(options.interval);
  return { intervalMs: { min: (interval * 5) / 6, max: (interval * 7) / 6 }, watch: options.watch };
}

/** `vzmc sync`. */
export async function run({ io, setExit }: CommandContext, options: SyncOptions): Promise<void> {
  const interval = parseDuration(options.interval);
  const deregisterAfterMs = parseDuration(options.deregisterAfter);
  const fraction = Number(options.maxDeleteFraction);
  if (!(fraction >= 0 && fraction <= 1)) throw new CliError('--max-delete-fraction must be between 0 and 1');
  const leaseName = `vzmc-sync-${options.cluster}`;
  resolveControllerProcessFlags(options, leaseName); // bad flags fail before any connection
  const write = (line: string) => io.stderr.write(line);
  const logger = options.logFormat === 'json' ? jsonLinesLogger(write) : textLogger(write);
  const metrics = createMetrics();
  const onRequest = metrics.recordRequest;
  const onInsecureTls = (warning: string) => {
    logger.log('warn', warning);
  };
  const local = clientFor(options.context, options, options.cluster, { onRequest, onInsecureTls });
  const agent = createAgent({
    local,
    connectAdmin: (kubeconfig, cluster) => {
      if (cluster !== options.cluster) {
        throw new CliError(`the agent Secret names cluster "${cluster}", not "${options.cluster}"`);
      }
      // The agent logs its own warning on each connection without TLS verification (allowInsecureAdmin).
      return createK8sClusterClient({
        kubeconfig: { yaml: kubeconfig },
        name: 'admin',
        onRequest,
        onInsecureTls: () => undefined,
      });
    },
    logger,
    ...loopOptions(options),
    plan: { maxDeleteFraction: fraction },
    deregisterAfterMs,
    allowInsecureAdmin: options.allowInsecureAdmin ?? false,
    ...(options.dryRun ? { dryRun: true } : {}),
  });
  const print = printer(io, options);
  if (options.once) {
    setExit(await syncOnce(agent, print, logger));
    return;
  }
  const code = await runControllerProcess({
    io,
    flags: options,
    defaultLeaseName: leaseName,
    leaseClient: local,
    metrics,
    logger,
    // Liveness: a pass must end within 3 of the longest intervals, a minute at least.
    staleAfterMs: Math.max(60_000, 3.5 * interval),
    run: syncLoop(agent, (report, durationMs, hooks) => {
      metrics.recordIteration(report, durationMs);
      hooks.passEnded(report.state !== 'failed');
      print(report);
    }),
  });
  setExit(code);
}
