import {
  createAdminController,
  adminPassFailed,
  type AdminPassReport,
} from '../../agent/admin-controller.js';
import { syncAdmin } from '../../agent/admin.js';
import { jsonLinesLogger, scrub, textLogger } from '../../agent/logger.js';
import { adminUnreadable } from '../../agent/unreadable.js';
import { createMetrics } from '../../agent/metrics.js';
import { formatPlan, redactPlan } from '../../sync-plan/format.js';
import { clientFor } from '../support/clusters.js';
import {
  parseDuration,
  resolveControllerProcessFlags,
  runControllerProcess,
  runUntilStopped,
  type ControllerProcessFlags,
} from '../support/controller-process.js';
import { CliError, ExitCode, useColor, type CliIo, type CommandContext } from '../shared/io.js';
import { formatPassCounts, passCounts } from '../support/pass-counts.js';

/** The Lease of `vzmc admin`'s leader election, when `--leader-election-id` is not given. */
const LEASE_NAME = 'vzmc-admin';

interface AdminOptions extends ControllerProcessFlags {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly once?: boolean;
  readonly dryRun?: boolean;
  readonly resyncPeriod: string;
  readonly output: 'text' | 'json';
  readonly logFormat: 'text' | 'json';
  readonly color: boolean;
}

const counts = (report: AdminPassReport) => passCounts(report.plan, report.results);

/** The lists the pass could not read, each with the server's message (which names a missing verb). */
const unreadableOf = (report: AdminPassReport) =>
  adminUnreadable(report.plan.unknown).map((u) => ({
    kind: u.kind,
    namespace: u.namespace,
    reason: u.reason,
    message: scrub(u.message),
  }));

/**
 * One pass as a JSON line (`-o json`): the counts, the lists it could not read (when any), and on a
 * dry run the plan, Secret data redacted.
 */
export function adminReportJson(report: AdminPassReport, dryRun: boolean): unknown {
  const unreadable = unreadableOf(report);
  return {
    pass: report.trigger,
    ...counts(report),
    ...(unreadable.length > 0 ? { unreadable } : {}),
    ...(dryRun ? { plan: redactPlan(report.plan) } : {}),
  };
}

/**
 * What `vzmc admin` prints for one pass in text: the summary line (with `N unreadable` when a list
 * failed, then one `! cannot list …` line each), and on a dry run the plan.
 */
export function adminReportText(report: AdminPassReport, dryRun: boolean, color: boolean): string {
  const unreadable = unreadableOf(report);
  const line = `admin pass (${report.trigger}): ${formatPassCounts(counts(report))}${unreadable.length > 0 ? `, ${unreadable.length} unreadable` : ''}`;
  const lists = unreadable.map(
    (u) =>
      `! cannot list ${u.kind} in ${u.namespace === '*' ? 'all namespaces' : u.namespace} (${u.reason}): ${u.message}\n`,
  );
  return `${line}\n${lists.join('')}${dryRun ? formatPlan(report.plan, { color }) : ''}`;
}

function printer(io: CliIo, options: AdminOptions): (report: AdminPassReport) => void {
  const color = useColor(io, options.color);
  const dryRun = options.dryRun ?? false;
  return (report) =>
    io.stdout.write(
      options.output === 'json'
        ? `${JSON.stringify(adminReportJson(report, dryRun))}\n`
        : adminReportText(report, dryRun, color),
    );
}

/** `vzmc admin`. */
export async function run({ io, setExit }: CommandContext, options: AdminOptions): Promise<void> {
  const resyncPeriodMs = parseDuration(options.resyncPeriod);
  if (!(resyncPeriodMs >= 1000)) throw new CliError('--resync-period must be at least 1s');
  resolveControllerProcessFlags(options, LEASE_NAME); // bad flags fail before any connection
  const write = (line: string) => io.stderr.write(line);
  const logger = options.logFormat === 'json' ? jsonLinesLogger(write) : textLogger(write);
  const metrics = createMetrics();
  const admin = clientFor(options.context, options, 'admin', {
    onRequest: metrics.recordRequest,
    onInsecureTls: (warning) => {
      logger.log('warn', warning);
    },
  });
  const dryRun = options.dryRun ? { dryRun: true } : {};
  const print = printer(io, options);
  if (options.once) {
    // SIGTERM here too: the pass stops starting actions, finishes the one in flight, and reports.
    await runUntilStopped(
      logger,
      async (signal) => {
        const { plan, results } = await syncAdmin(admin, { logger, signal, ...dryRun });
        const report: AdminPassReport = { trigger: 'start', plan, results, durationMs: 0 };
        print(report);
        setExit(adminPassFailed(report) ? ExitCode.Invalid : ExitCode.Ok);
      },
      { message: 'stopping after the pass in flight' },
    );
    return;
  }
  const controller = createAdminController({ admin, logger, resyncPeriodMs, ...dryRun });
  const code = await runControllerProcess({
    io,
    flags: options,
    defaultLeaseName: LEASE_NAME,
    leaseClient: admin,
    metrics,
    logger,
    // Liveness: a pass must end within 3.5 resync periods, a minute at least.
    staleAfterMs: Math.max(60_000, 3.5 * resyncPeriodMs),
    // The first SIGTERM (hooks.shutdown) lets the pass in flight finish; `signal` (a second
    // SIGTERM, leadership lost) stops it after the action in flight.
    run: (signal, hooks) =>
      controller.run(
        signal,
        (report) => {
          metrics.recordAdminPass(report, report.durationMs);
          hooks.passEnded(!adminPassFailed(report));
          print(report);
        },
        { shutdown: hooks.shutdown },
      ),
  });
  setExit(code);
}
