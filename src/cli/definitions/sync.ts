import { Option, type Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { addControllerProcessOptions } from '../shared/controller-process-options.js';
import { lazyAction } from '../shared/lazy.js';
import { contextOption, kubeconfigOption, noColorOption, outputOption } from '../shared/options.js';

/** `vzmc sync`. */
export function defineSync(program: Command, context: CommandContext): void {
  const command = program
    .command('sync')
    .summary('run the agent on a managed cluster: take what is placed on it, remove what is not, report back')
    .description(
      "Runs vzmc's agent against the managed cluster of the kubeconfig (or in-cluster). It reads the admin kubeconfig from " +
        'verrazzano-system/verrazzano-cluster-agent, plans and applies each iteration with server-side apply, forwards status ' +
        'and writes the VMC report. Changes on either cluster start an iteration as they happen (watches), and it ' +
        'resyncs every interval ±1/6 (50-70 s for 60s); --no-watch polls only. Prints one line per iteration; --dry-run ' +
        "also prints each iteration's plan and writes nothing. Without --once, only the holder of the Lease " +
        'verrazzano-system/vzmc-sync-<cluster> on the managed cluster works (--no-leader-elect: no election); /healthz, ' +
        '/readyz and /metrics are served on --health-address. SIGTERM finishes the pass in flight, releases the Lease and ' +
        'exits 0; a lost Lease exits 1.',
    )
    .requiredOption('--cluster <name>', 'the managed cluster this is (must match the agent Secret)')
    .addOption(kubeconfigOption())
    .addOption(contextOption('the managed cluster'))
    .option(
      '--once',
      'run one iteration and exit: 0 when synced or deregistered, 1 when it failed, could not read a placed admin ' +
        'namespace, or had an action fail or blocked by the delete guard (SIGTERM: stop after the action in flight, ' +
        'report, exit)',
    )
    .option(
      '--interval <duration>',
      'resync interval: changes on either cluster start an iteration as they happen (watches); this is the safety net',
      '60s',
    )
    .option(
      '--no-watch',
      'poll only: no watches; one iteration per --interval (±1/6), for networks whose proxies cut long-lived watches',
    )
    .option('--dry-run', 'plan, print the plan and log, write nothing')
    .option(
      '--allow-insecure-admin',
      'accept an agent Secret whose admin-kubeconfig sets insecure-skip-tls-verify (refused by default); every ' +
        'connection to the admin then logs a warning: TLS verification is off and anyone on the path can take the token',
    )
    .option(
      '--max-delete-fraction <fraction>',
      'block the deletes of a plan deleting more than this share of managed objects (from 20 on), and ' +
        'deletes beyond the larger of 10 and this share per 10 minutes, across iterations',
      '0.5',
    )
    .option(
      '--deregister-after <duration>',
      'deregister (D2) only when the admin rejects the token, or the VMC is missing, again this long after the first ' +
        'sighting, on a new connection; 0: at once, as Verrazzano (a VMC being deleted deregisters at once)',
      '30s',
    )
    .addOption(
      outputOption(['text', 'json'], 'text', 'text, or json (one JSON object per iteration and line)'),
    )
    .addOption(
      new Option('--log-format <format>', 'logs on stderr: text or json (JSON lines)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addOption(noColorOption());
  addControllerProcessOptions(command, { defaultLeaseName: 'vzmc-sync-<cluster>' })
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        {
          run: 'vzmc sync --cluster managed1 --context managed1 --once --dry-run',
          note: 'prints the plan, writes nothing',
        },
        { run: 'vzmc sync --cluster managed1 --context managed1 --once' },
        {
          run: 'vzmc sync --cluster managed1 --context managed1 --interval 30s --log-format json',
          note: 'runs until stopped (SIGTERM or Ctrl-C)',
        },
        {
          run: 'vzmc sync --cluster managed1 --context managed1 --no-watch --interval 2m',
          note: 'runs until stopped; polls only: one iteration every 100-140 s, no watches',
        },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/sync.js')));
}
