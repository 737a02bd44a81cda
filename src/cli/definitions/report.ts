import type { Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';
import { contextOption, kubeconfigOption, maxInputBytesOption } from '../shared/options.js';

/** `vzmc report`. */
export function defineReport(program: Command, context: CommandContext): void {
  program
    .command('report')
    .summary('write the fleet as one self-contained HTML page: placement matrix and cluster state')
    .description(
      'Writes one HTML file that needs no network when opened (its script and styles inline, a Content-Security-Policy ' +
        'that allows no fetch): the placement matrix of every project and wrapper on every cluster, each cell with the ' +
        'failing gates and their rules on hover or keyboard focus, and each cluster with its VMC state, last agent ' +
        "contact and the per-cluster statuses of its resources. The fleet comes from files (-f) or from the admin's " +
        'kubeconfig context (--context). Only names, states and status messages go in, never Secret data. The same ' +
        'fleet gives the same bytes: the page has a time only when --generated-at gives one. With --before, the page also ' +
        'shows the impact of the change from that fleet to the one shown, cluster by cluster, as `vzmc impact` computes it.',
    )
    .option('-f, --file <path...>', 'the admin fleet: files, directories or - for stdin')
    .addOption(kubeconfigOption())
    .addOption(contextOption('the admin cluster, read instead of files'))
    .option(
      '--before <path...>',
      'the fleet before a change: the page then shows its impact (as `vzmc impact`)',
    )
    .option('--after <path...>', 'the fleet after the change, shown in the matrix (instead of --file)')
    .option('--git <rev>', 'read the --before paths as they are at this git revision')
    .option('--out <file>', 'the HTML file to write (default: stdout)')
    .option('--title <text>', 'the page title', 'vzmc fleet report')
    .option('--generated-at <text>', 'a time to print on the page, e.g. "$(date -u +%FT%TZ)"')
    .addOption(maxInputBytesOption())
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc report -f examples/fleet --out fleet.html' },
        {
          run: 'vzmc report --before examples/fleet --git HEAD --after examples/fleet --out change.html',
          note: 'the fleet as the working tree has it, with what its uncommitted edits do to each cluster',
        },
        {
          run: 'vzmc report --context admin --generated-at "$(date -u +%FT%TZ)" --out fleet.html',
          note: 'the live fleet: VMC states, agent contact and statuses as the admin holds them',
        },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/report.js')));
}
