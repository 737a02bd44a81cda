import type { Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';
import { maxInputBytesOption, namespaceOption, outputOption } from '../shared/options.js';

/** `vzmc explain`. */
export function defineExplain(program: Command, context: CommandContext): void {
  program
    .command('explain')
    .summary('show which cluster gets which project or wrapper, and why not')
    .description(
      'Evaluates the five placement gates (cluster-registered, project-membership, project-placement, ' +
        'namespace-managed, resource-placement) for every VerrazzanoProject and MC wrapper on every known cluster (the VMC names and ' +
        'local). Each gate cites the rule it applies (P1, P5, P6, P7), in the text and in the json and yaml outputs. ' +
        '-o dot and -o mermaid draw the same matrix as a graph for docs: a solid edge where a resource is placed, a dashed ' +
        'one labelled with the first failing gate and its rule where it is not.',
    )
    .requiredOption('-f, --file <path...>', 'the admin fleet: files, directories or - for stdin')
    .option('--cluster <name>', 'only this cluster')
    .option(
      '--resource <kind/namespace/name>',
      'only this resource, e.g. mcappconf/hello-helidon/hello-helidon',
    )
    .addOption(
      namespaceOption('only the wrappers in this namespace and the projects that hold the namespace'),
    )
    .addOption(outputOption(['text', 'json', 'yaml', 'dot', 'mermaid'], 'text'))
    .addOption(maxInputBytesOption())
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc explain -f examples/fleet' },
        {
          run: 'vzmc explain -f examples/fleet --resource mcappconf/todo-list/todo-app --cluster managed2',
          note: 'every gate, and why todo-app is not on managed2',
        },
        { run: 'vzmc explain -f examples/fleet -n hello-helidon -o json' },
        {
          run: 'vzmc explain -f examples/fleet -o dot > placement.dot',
          note: 'Graphviz input: dot -Tsvg placement.dot > placement.svg draws it',
        },
        { run: 'vzmc explain -f examples/fleet -o mermaid', note: 'a Mermaid flowchart for Markdown docs' },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/explain.js')));
}
