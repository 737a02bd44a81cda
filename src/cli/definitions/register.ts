import { Option, type Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';
import {
  SECRET_DATA_NOTE,
  contextOption,
  kubeconfigOption,
  outputOption,
  redactOption,
  showSecretsAlias,
} from '../shared/options.js';

const CA_PEM =
  "kubectl config view --raw --minify --context admin -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > ca.pem";
const OFFLINE =
  'vzmc register managed1 --admin-server https://admin.example.com:6443 --ca-file ca.pem --token-file token';

/** `vzmc register`. */
export function defineRegister(program: Command, context: CommandContext): void {
  program
    .command('register')
    .summary('register a managed cluster on the admin, and print the step-2 manifest to apply on it')
    .description(
      'Step 1 of registration happens on the admin, step 2 on the managed cluster (apply the printed manifest there). ' +
        'Without --token-file, vzmc talks to the admin through the kubeconfig (--context, else the current context): it ' +
        'creates or updates the VMC and the admin objects and gets a bound token with the TokenRequest API; ' +
        "--admin-server and --ca-file default to the context's server and CA. With --token-file, vzmc renders " +
        'everything from the inputs alone and talks to no cluster; --admin-objects then prints the admin side (the ' +
        'verrazzano-mc Namespace, the VMC, its ServiceAccount, its Roles and RoleBindings (or, with --wiring ' +
        'verrazzano, the ClusterRole and its binding), the cluster namespace and the Secrets) instead of the manifest. ' +
        SECRET_DATA_NOTE,
    )
    .argument('<cluster>', 'the managed cluster name (a DNS-1123 label, not "local")')
    .option(
      '--admin-server <url>',
      "the admin API server URL, as managed clusters reach it (default: the admin context's server)",
    )
    .option(
      '--ca-file <file>',
      "the admin CA bundle (PEM) (default: the admin context's CA, else none: a well-known CA)",
    )
    .option('--token-file <file>', "render offline, with this token for the agent's ServiceAccount")
    .addOption(kubeconfigOption())
    .addOption(contextOption('the admin'))
    .addOption(new Option('--admin-context <name>', 'the same as --context').hideHelp())
    .option('--admin-objects', 'with --token-file, print the admin-side objects instead of the manifest')
    .addOption(
      outputOption(
        ['yaml', 'json', 'text'],
        'yaml',
        'yaml or json (manifests), or text (a table, no Secret data)',
      ),
    )
    .addOption(redactOption())
    .addOption(showSecretsAlias())
    .option('--allow-insecure-http', 'accept an http:// admin server (the token then travels in clear text)')
    .addOption(
      new Option(
        '--wiring <wiring>',
        "how the agent reads the admin: cluster-namespace (its own namespace vzmc-cluster-<cluster>, filled by vzmc admin; it reads nothing else) or verrazzano (Verrazzano's ClusterRole: every Secret of verrazzano-mc and of each placed project namespace; for agents of a real Verrazzano admin; see docs/security.md)",
      )
        .choices(['cluster-namespace', 'verrazzano'])
        .default('cluster-namespace'),
    )
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        {
          run: 'vzmc register managed1 --context admin | kubectl --context managed1 apply -f -',
          note: 'step 1 on the admin, step 2 on managed1 (the manifest creates verrazzano-system first)',
        },
        { run: 'kubectl --context admin -n verrazzano-mc create token verrazzano-cluster-managed1 > token' },
        { run: CA_PEM },
        { run: `${OFFLINE} > register.yaml`, note: 'the step-2 manifest, rendered offline' },
        { run: `${OFFLINE} --admin-objects -o text`, note: 'what step 1 puts on the admin' },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/register.js')));
}
