import { Option, type Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';
import { addControllerProcessOptions } from '../shared/controller-process-options.js';
import { contextOption, kubeconfigOption, noColorOption, outputOption } from '../shared/options.js';

/** `vzmc admin`. */
export function defineAdmin(program: Command, context: CommandContext): void {
  const command = program
    .command('admin')
    .summary(
      "run the admin controller: project namespaces and RBAC, and wrappers placed on the admin ('local')",
    )
    .description(
      "Runs vzmc's admin controller against the admin cluster of the kubeconfig (or in-cluster). It watches " +
        'VerrazzanoProjects and VMCs, the four MultiCluster* kinds and the objects it owns, and on every change runs one ' +
        'pass: project namespaces, project RoleBindings and verrazzano-cluster-<C> bindings (P13, V1-V4), and the objects ' +
        "of wrappers placed on 'local' (P15). Bursts of events coalesce into one pass; a full resync runs every " +
        '--resync-period; broken watches restart with backoff. SIGTERM or SIGINT finishes the pass in flight, then exits. ' +
        'Replicas elect a leader through a Lease (--leader-elect, on by default) and serve /healthz, /readyz and /metrics. ' +
        "Prints one line per pass; --dry-run also prints each pass's plan and writes nothing.",
    )
    .addOption(kubeconfigOption())
    .addOption(contextOption('the admin cluster'))
    .option('--once', 'run one pass and exit (non-zero when an action or a read failed)')
    .option('--dry-run', 'plan, print the plan and log, write nothing')
    .option('--resync-period <duration>', 'a full pass at least this often, without events', '3m')
    .addOption(outputOption(['text', 'json'], 'text', 'text, or json (one JSON object per pass and line)'))
    .addOption(
      new Option('--log-format <format>', 'logs on stderr: text or json (JSON lines)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addOption(noColorOption());
  addControllerProcessOptions(command, { defaultLeaseName: 'vzmc-admin' })
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc admin --context admin --once --dry-run', note: 'prints the plan, writes nothing' },
        { run: 'vzmc admin --context admin --once' },
        {
          run: 'vzmc admin --context admin --resync-period 10m --log-format json --leader-election-namespace verrazzano-mc',
          note: 'runs until stopped (SIGTERM or Ctrl-C); the Lease goes where the namespace exists',
        },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/admin.js')));
}
