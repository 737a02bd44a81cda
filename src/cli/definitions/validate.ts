import type { Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';
import { maxInputBytesOption, outputOption } from '../shared/options.js';

/** `vzmc validate`. */
export function defineValidate(program: Command, context: CommandContext): void {
  program
    .command('validate')
    .summary('check manifests against the schemas, Kubernetes rules and Verrazzano admission rules')
    .description(
      'Loads YAML or JSON manifests and checks every object: its schema, the rules a Kubernetes API server ' +
        'enforces (names, labels, base64 Secret data, sizes) and the Verrazzano admission rules W1-W11. ' +
        'Exit codes: 0 valid, 1 invalid, 2 unreadable input or bad usage.',
    )
    .requiredOption('-f, --file <path...>', 'files, directories (recursive) or - for stdin')
    .addOption(outputOption(['text', 'json', 'yaml'], 'text'))
    .option(
      '--registered <names>',
      'comma-separated clusters registered on the admin (besides the VMCs in the input)',
    )
    .option('--managed', 'validate as on a managed cluster (W2 is skipped)')
    .addOption(maxInputBytesOption())
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc validate -f examples/fleet' },
        {
          run: 'vzmc validate -f examples/fleet/hello-helidon',
          note: 'exits 1: managed1 and managed2 are not registered (their VMCs are not in the input)',
        },
        { run: 'vzmc validate -f examples/fleet/hello-helidon --registered managed1,managed2 -o json' },
        {
          run: 'kubectl --context admin get vmc,vp,mcappconf,secrets -A -o yaml | vzmc validate -f -',
          note: 'what the admin holds, with the Secrets the app configs name',
        },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/validate.js')));
}
