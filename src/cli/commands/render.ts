import type { Command } from 'commander';
import { renderObjects } from '../../unwrap/render.js';
import { redactSecretData, toJson, toYaml } from '../../types/index.js';
import { loadFleet } from '../fleet.js';
import { outputFormat, type CliIo } from '../io.js';

/** `vzmc render`. */
export function registerRender(program: Command, io: CliIo): void {
  program
    .command('render')
    .summary('print every object a cluster holds in steady state')
    .description(
      'Renders the desired objects of one cluster: project copies, namespaces and RBAC, wrapper copies, the ' +
        "Secrets and Components app configs use, and unwrapped objects, in the agent's order. Secret data is " +
        'redacted unless --show-secrets is given.',
    )
    .requiredOption('-f, --file <path...>', 'the admin fleet: files, directories or - for stdin')
    .requiredOption('--cluster <name>', 'the cluster to render (a VMC name, or local for the admin)')
    .option('-o, --output <format>', 'yaml or json', 'yaml')
    .option('--show-secrets', 'print Secret data instead of <redacted>')
    .addHelpText(
      'after',
      '\nExamples:\n  vzmc render -f examples/todo-list -f examples/vmc-managed1.yaml --cluster managed1\n  vzmc render -f fleet/ --cluster local -o json\n',
    )
    .action(async (options: { file: string[]; cluster: string; output: string; showSecrets?: boolean }) => {
      const format = outputFormat(options.output, ['yaml', 'json'] as const);
      const { fleet } = await loadFleet(options.file, io);
      let objects = renderObjects(fleet, options.cluster);
      if (!options.showSecrets) objects = objects.map(redactSecretData);
      io.stdout.write(
        format === 'json' ? toJson({ apiVersion: 'v1', kind: 'List', items: objects }) : toYaml(objects),
      );
    });
}
