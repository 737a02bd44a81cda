import type { Command } from 'commander';
import { generateCrds, toJson, toYaml } from '../../types/index.js';
import { outputFormat, type CliIo } from '../io.js';

/** `vzmc crds`. */
export function registerCrds(program: Command, io: CliIo): void {
  program
    .command('crds')
    .summary('print the CustomResourceDefinitions vzmc generates from its schemas')
    .description(
      'Prints installable CustomResourceDefinitions for the six clusters.verrazzano.io kinds and the two ' +
        "core.oam.dev kinds, generated from vzmc's own schemas (structural, accepted by a real API server).",
    )
    .option('-o, --output <format>', 'yaml or json', 'yaml')
    .addHelpText('after', '\nExamples:\n  vzmc crds | kubectl apply -f -\n  vzmc crds -o json\n')
    .action((options: { output: string }) => {
      const format = outputFormat(options.output, ['yaml', 'json'] as const);
      const crds = generateCrds();
      io.stdout.write(
        format === 'json' ? toJson({ apiVersion: 'v1', kind: 'List', items: crds }) : toYaml(crds),
      );
    });
}
