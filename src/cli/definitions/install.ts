import { Option, type Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';

/** `vzmc install admin` and `vzmc install agent`. */
export function defineInstall(program: Command, context: CommandContext): void {
  const install = program
    .command('install')
    .summary('print the manifests that run the admin controller or an agent in a cluster')
    .description(
      'Prints what it takes to run one half of vzmc inside a cluster: its namespaces, a ServiceAccount, ' +
        'least-privilege RBAC (exactly the verbs the code uses, no wildcards), the ClusterRoles it binds, and a ' +
        'hardened Deployment of 2 replicas with leader election. Nothing is applied: pipe it to kubectl.',
    )
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc install admin', note: 'then: | kubectl --context admin apply -f -' },
        {
          run: 'vzmc install agent --cluster managed1',
          note: 'then: | kubectl --context managed1 apply -f -',
        },
      ]),
    );
  const output = () =>
    new Option('-o, --output <format>', 'yaml, or json (a v1 List)')
      .choices(['yaml', 'json'])
      .default('yaml');
  const image = () =>
    new Option('--image <image>', 'the container image (default ghcr.io/vzmc/vzmc:<version>)');
  install
    .command('admin')
    .summary('the admin controller (vzmc admin), for the admin cluster')
    .description('Prints the manifests that run `vzmc admin` on the admin cluster.')
    .addOption(image())
    .addOption(output())
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc install admin' },
        { run: 'vzmc install admin --image registry.example.com/vzmc:dev -o json' },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/install.js')));
  install
    .command('agent')
    .summary("a managed cluster's agent (vzmc sync), for that cluster")
    .description('Prints the manifests that run `vzmc sync --cluster C` on managed cluster C.')
    .requiredOption('--cluster <name>', 'the managed cluster (its VMC name)')
    .addOption(image())
    .addOption(output())
    .addHelpText('after', examplesHelp(context.bin, [{ run: 'vzmc install agent --cluster managed1' }]))
    .action(lazyAction(context, () => import('../commands/install.js')));
}
