import type { Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';
import { SECRET_DATA_NOTE, addManifestOutputOptions, maxInputBytesOption } from '../shared/options.js';

/** `vzmc federation`. */
export function defineFederation(program: Command, context: CommandContext): void {
  const command = program
    .command('federation')
    .summary("print the admin's metrics-federation objects for its managed clusters (M1-M5)")
    .description(
      'Computes verrazzano-monitoring/managed-cluster-ca-certs, additional-scrape-configs (one Prometheus job per ' +
        'cluster with a prometheusHost, in the exact shape of M4) and verrazzano-thanos-endpoints from the VMCs, their CA ' +
        'Secrets (spec.caSecret, key cacrt) and verrazzano-system/verrazzano-prom-internal. Existing jobs are kept. ' +
        SECRET_DATA_NOTE,
    )
    .requiredOption(
      '-f, --file <path...>',
      'VMCs and the Secrets they refer to: files, directories or - for stdin',
    )
    .option(
      '--existing-jobs <file>',
      'the current `jobs` of additional-scrape-configs (a YAML list) to merge into',
    )
    .option('--thanos', 'Thanos is enabled (Thanos endpoints take precedence over Prometheus jobs)')
    .addOption(maxInputBytesOption());
  addManifestOutputOptions(command)
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'kubectl --context admin get vmc,secret -n verrazzano-mc -o yaml | vzmc federation -f -' },
        { run: 'vzmc federation -f examples/fleet --thanos -o yaml --redact' },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/federation.js')));
}
