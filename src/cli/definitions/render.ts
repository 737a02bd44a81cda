import type { Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';
import {
  SECRET_DATA_NOTE,
  addManifestOutputOptions,
  maxInputBytesOption,
  namespaceOption,
} from '../shared/options.js';

/** `vzmc render`. */
export function defineRender(program: Command, context: CommandContext): void {
  const command = program
    .command('render')
    .summary('print every object a cluster holds in steady state')
    .description(
      'Renders the desired objects of one cluster: project copies, namespaces and RBAC, wrapper copies, the ' +
        "Secrets and Components app configs use, and unwrapped objects, in the agent's order. The text output " +
        'lists them with the rule and the reason for each. ' +
        SECRET_DATA_NOTE,
    )
    .requiredOption('-f, --file <path...>', 'the admin fleet: files, directories or - for stdin')
    .requiredOption('--cluster <name>', 'the cluster to render (a VMC name, or local for the admin)')
    .addOption(namespaceOption('only the objects in this namespace, and the Namespace itself'))
    .addOption(maxInputBytesOption());
  addManifestOutputOptions(command)
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc render -f examples/fleet --cluster managed1' },
        {
          run: 'vzmc render -f examples/fleet --cluster local -o yaml | kubectl --context admin apply --server-side -f -',
          note: "the admin's own share: project namespaces and RBAC",
        },
        { run: 'vzmc render -f examples/fleet --cluster managed2 -n hello-helidon -o json --redact' },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/render.js')));
}
