import type { Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';
import { maxInputBytesOption, noColorOption, outputOption } from '../shared/options.js';

/** `vzmc impact`. */
export function defineImpact(program: Command, context: CommandContext): void {
  program
    .command('impact')
    .summary('show what a change to the fleet does to every cluster, before it is applied')
    .description(
      'Compares two versions of the admin fleet (--before and --after: files or folders, or the --before paths at a ' +
        'git revision with --git, read with git ls-tree and git show, nothing checked out) and lists, for every ' +
        'cluster (local included), the objects that appear, disappear or change, with why: the placement gates whose ' +
        'outcome changed (as vzmc explain names them) or the changed field paths (never a value: no Secret data). ' +
        "Each cluster's list is the plan its agent would run after the change, assuming it had converged on the " +
        "before fleet: deletes are marked, with the delete guard's verdict; namespaces (P25), project RoleBindings " +
        '(P28) and frozen namespaces (P30, P5) are shown as left as they are. -o markdown is sized for a ' +
        'pull-request comment (totals first, one collapsed section per cluster). With --exit-code: 1 when the change ' +
        'deletes anything or touches a cluster given with --protect, 0 otherwise, 2 on errors.',
    )
    .requiredOption('--before <path...>', 'the fleet before the change: files or directories')
    .option('--after <path...>', 'the fleet after the change (default: the --before paths, with --git)')
    .option(
      '--git <rev>',
      'read the --before paths as they are at this git revision (e.g. origin/main, HEAD~1)',
    )
    .option(
      '--after-git <rev>',
      'read the --after paths at this git revision too (default: the working tree)',
    )
    .addOption(outputOption(['text', 'json', 'markdown'], 'text'))
    .option(
      '--exit-code',
      'exit 1 when the change deletes anything or touches a --protect cluster, 0 otherwise, 2 on errors',
    )
    .option(
      '--protect <clusters>',
      'comma-separated clusters: with --exit-code, touching any of them exits 1',
    )
    .option(
      '--max-delete-fraction <fraction>',
      "the agents' --max-delete-fraction, for the delete guard's verdict",
      '0.5',
    )
    .addOption(noColorOption())
    .addOption(maxInputBytesOption())
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        {
          run: 'vzmc impact --before examples/fleet --after examples/placement-tests/fleet',
          note: 'two folders: every cluster of either fleet',
        },
        {
          run: 'vzmc impact --git HEAD --before examples/fleet',
          note: 'the working tree against HEAD (git ls-tree and git show: nothing checked out)',
        },
        {
          run: 'vzmc impact --git HEAD --before examples/fleet -o markdown',
          note: 'a pull-request comment (examples/impact-ci.sh posts it)',
        },
        {
          run: 'vzmc impact --before examples/fleet --after examples/placement-tests/fleet --exit-code --protect managed2',
          note: 'exits 1: the change deletes objects, and touches managed2',
        },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/impact.js')));
}
