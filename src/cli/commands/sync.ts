import type { Command } from 'commander';
import { createAgent, type IterationReport } from '../../agent/agent.js';
import { jsonLinesLogger, textLogger } from '../../agent/logger.js';
import { createK8sClusterClient } from '../../k8s.js';
import { clientFor } from '../clusters.js';
import { CliError, ExitCode, outputFormat, type CliIo } from '../io.js';

interface SyncOptions {
  readonly cluster: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly once?: boolean;
  readonly interval: string;
  readonly dryRun?: boolean;
  readonly logFormat: string;
  readonly maxDeleteFraction: string;
}

/** Parses `60s`, `2m`, `1500ms` or a number of seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new CliError(`invalid duration "${text}"; use e.g. 60s, 2m or 1500ms`);
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  return value * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
}

function summarize(report: IterationReport): string {
  if (report.state !== 'synced') return `${report.state}: ${report.reason}`;
  const count = (outcome: string) => report.results.filter((r) => r.outcome === outcome).length;
  return `synced ${report.cluster}: ${report.plan.actions.length} action(s), ${count('applied')} applied, ${count('deleted')} deleted, ${count('reported')} status, ${count('failed')} failed, ${count('blocked')} blocked; VMC ${report.vmcState || 'not reported'}`;
}

/** `vzmc sync`. */
export function registerSync(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('sync')
    .summary('run the agent on a managed cluster: take what is placed on it, remove what is not, report back')
    .description(
      "Runs vzmc's agent against the managed cluster of the kubeconfig (or in-cluster). It reads the admin kubeconfig from " +
        'verrazzano-system/verrazzano-cluster-agent, plans and applies each iteration with server-side apply, forwards status ' +
        'and writes the VMC report. Polls every interval ±1/6 (50-70 s for 60s). SIGTERM finishes the action in flight, then exits.',
    )
    .requiredOption('--cluster <name>', 'the managed cluster this is (must match the agent Secret)')
    .option(
      '--kubeconfig <file>',
      'kubeconfig of the managed cluster (default: $KUBECONFIG, ~/.kube/config, in-cluster)',
    )
    .option('--context <context>', 'kubeconfig context of the managed cluster')
    .option('--once', 'run one iteration and exit')
    .option('--interval <duration>', 'polling interval', '60s')
    .option('--dry-run', 'plan and log, write nothing')
    .option(
      '--max-delete-fraction <fraction>',
      'block the deletes of a plan deleting more than this share of managed objects',
      '0.5',
    )
    .option('--log-format <format>', 'text or json (JSON lines)', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  vzmc sync --cluster managed1 --once\n  vzmc sync --cluster managed1 --context managed1 --interval 30s --log-format json\n',
    )
    .action(async (options: SyncOptions) => {
      const format = outputFormat(options.logFormat, ['text', 'json'] as const);
      const interval = parseDuration(options.interval);
      const fraction = Number(options.maxDeleteFraction);
      if (!(fraction >= 0 && fraction <= 1))
        throw new CliError('--max-delete-fraction must be between 0 and 1');
      const write = (line: string) => io.stderr.write(line);
      const logger = format === 'json' ? jsonLinesLogger(write) : textLogger(write);
      const local = clientFor(options.context, options, options.cluster);
      const agent = createAgent({
        local,
        connectAdmin: (kubeconfig, cluster) => {
          if (cluster !== options.cluster) {
            throw new CliError(`the agent Secret names cluster "${cluster}", not "${options.cluster}"`);
          }
          return createK8sClusterClient({ kubeconfig: { yaml: kubeconfig }, name: 'admin' });
        },
        logger,
        intervalMs: { min: (interval * 5) / 6, max: (interval * 7) / 6 },
        plan: { maxDeleteFraction: fraction },
        ...(options.dryRun ? { dryRun: true } : {}),
      });
      if (options.once) {
        const report = await agent.runOnce();
        io.stdout.write(`${summarize(report)}\n`);
        setExit(report.state === 'failed' ? ExitCode.Invalid : ExitCode.Ok);
        return;
      }
      const controller = new AbortController();
      const stop = () => {
        logger.log('info', 'stopping after the action in flight');
        controller.abort();
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      try {
        await agent.run(controller.signal, (report) => io.stdout.write(`${summarize(report)}\n`));
      } finally {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      }
    });
}
