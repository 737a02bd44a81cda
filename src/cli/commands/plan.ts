import type { Command } from 'commander';
import { readManifestSources } from '../../adapters/files.js';
import { readAdminSnapshot, readLocalSnapshot } from '../../agent/snapshots.js';
import { formatPlan, redactPlan } from '../../sync-plan/format.js';
import { adminSnapshotFromObjects, localSnapshotFromObjects } from '../../sync-plan/from-objects.js';
import { planSync } from '../../sync-plan/plan.js';
import type { Snapshot } from '../../sync-plan/snapshot.js';
import { Severity, formatIssue, loadSources, toJson, toYamlDocument } from '../../types/index.js';
import { clientFor } from '../clusters.js';
import { CliError, ExitCode, outputFormat, type CliIo } from '../io.js';

interface PlanOptions {
  readonly cluster: string;
  readonly admin?: string[];
  readonly adminContext?: string;
  readonly local?: string[];
  readonly localContext?: string;
  readonly kubeconfig?: string;
  readonly output: string;
  readonly showSecrets?: boolean;
  readonly maxDeleteFraction?: string;
}

async function objectsFrom(paths: readonly string[], io: CliIo) {
  const loaded = loadSources(await readManifestSources(paths, io.stdin));
  const errors = loaded.issues.filter((i) => i.severity === Severity.Error);
  if (errors.length > 0) {
    for (const issue of errors) io.stderr.write(`${formatIssue(issue)}\n`);
    throw new CliError(`cannot read ${paths.join(', ')}: ${errors.length} error(s)`, ExitCode.Invalid);
  }
  return loaded.objects.map((o) => o.object);
}

/** `vzmc plan`. */
export function registerPlan(program: Command, io: CliIo): void {
  program
    .command('plan')
    .summary('show what a sync of one managed cluster would do')
    .description(
      "Plans one agent iteration: the admin's desired state for the cluster against its live state, as ordered, explained " +
        'actions (P32). Each side comes from files (--admin DIR, --local DIR) or from a kubeconfig context. Nothing is written. ' +
        'Secret data is redacted unless --show-secrets.',
    )
    .requiredOption('--cluster <name>', "the managed cluster (or local for the admin's own reconcile)")
    .option('--admin <path...>', "the admin's objects: files or directories")
    .option('--admin-context <context>', 'read the admin through this kubeconfig context')
    .option('--local <path...>', "the managed cluster's objects: files or directories")
    .option('--local-context <context>', 'read the managed cluster through this kubeconfig context')
    .option('--kubeconfig <file>', 'kubeconfig for the contexts (default: $KUBECONFIG, ~/.kube/config)')
    .option(
      '--max-delete-fraction <fraction>',
      'block the deletes of a plan deleting more than this share of managed objects',
      '0.5',
    )
    .option('-o, --output <format>', 'text, json or yaml', 'text')
    .option('--show-secrets', 'print Secret data instead of <redacted>')
    .addHelpText(
      'after',
      '\nExamples:\n  vzmc plan --cluster managed1 --admin fleet/ --local managed1-live/\n  vzmc plan --cluster managed1 --admin-context admin --local-context managed1 -o json\n',
    )
    .action(async (options: PlanOptions) => {
      const format = outputFormat(options.output, ['text', 'json', 'yaml'] as const);
      if (!options.admin === !options.adminContext)
        throw new CliError('give exactly one of --admin DIR and --admin-context CTX');
      if (!options.local === !options.localContext)
        throw new CliError('give exactly one of --local DIR and --local-context CTX');
      const fraction = Number(options.maxDeleteFraction ?? '0.5');
      if (!(fraction >= 0 && fraction <= 1))
        throw new CliError('--max-delete-fraction must be between 0 and 1');
      const local: Snapshot = options.local
        ? localSnapshotFromObjects(await objectsFrom(options.local, io))
        : await readLocalSnapshot(clientFor(options.localContext, options));
      const admin: Snapshot = options.admin
        ? adminSnapshotFromObjects(await objectsFrom(options.admin, io))
        : await readAdminSnapshot(clientFor(options.adminContext, options), options.cluster, local);
      const plan = planSync(options.cluster, admin, local, { now: new Date(), maxDeleteFraction: fraction });
      const printable = options.showSecrets ? plan : redactPlan(plan);
      if (format === 'text') io.stdout.write(formatPlan(plan));
      else io.stdout.write(format === 'json' ? toJson(printable) : toYamlDocument(printable));
    });
}
