import type { Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';

/** `vzmc demo`. */
export function defineDemo(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .summary("run Verrazzano's multicluster story on three clusters (in memory by default)")
    .description(
      "Registers managed1 and managed2 in two steps, deploys the ToDo and hello-helidon applications of vzmc's example fleet, shows per-cluster " +
        'status and the VMC reports, moves hello-helidon to the admin and back, undeploys, then deregisters. Every ' +
        'step prints its plans. With --real the same runs on real kube-apiservers built and started by the harness.',
    )
    .option('--real', 'run on real API servers (needs Go for the first build)')
    .option(
      '--examples <dir>',
      "run on Verrazzano's original examples instead: the folder holding todo-list/ and hello-helidon/ (default: vzmc's example fleet, examples/fleet in the package)",
    )
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc demo' },
        { run: 'vzmc demo --real', note: 'starts its own three API servers, and stops them' },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/demo.js')));
}
