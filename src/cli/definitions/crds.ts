import type { Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';
import { outputOption } from '../shared/options.js';

/** `vzmc crds`. */
export function defineCrds(program: Command, context: CommandContext): void {
  program
    .command('crds')
    .summary('print the CustomResourceDefinitions vzmc generates from its schemas')
    .description(
      'Prints installable CustomResourceDefinitions for the six clusters.verrazzano.io kinds and the two ' +
        "core.oam.dev kinds, generated from vzmc's own schemas (structural, accepted by a real API server). " +
        'Install them on the admin and on every managed cluster.',
    )
    .addOption(outputOption(['yaml', 'json', 'text'], 'yaml', 'yaml or json (manifests), or text (a table)'))
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        {
          run: 'for c in admin managed1 managed2; do vzmc crds | kubectl --context "$c" apply --server-side -f -; done',
          note: 'install them on every cluster',
        },
        { run: 'vzmc crds -o text' },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/crds.js')));
}
