import type { Command } from 'commander';
import { examplesHelp } from '../shared/examples.js';
import type { CommandContext } from '../shared/io.js';
import { lazyAction } from '../shared/lazy.js';
import { outputOption } from '../shared/options.js';

/** The harness's DEFAULT_CLUSTER_NAMES, written out so that the help loads no harness code (a unit test compares them). */
export const DEFAULT_CLUSTERS = 'admin,managed1,managed2';

/** `vzmc test-clusters up|down|build`: real etcd + kube-apiserver clusters on 127.0.0.1 for development. */
export function defineTestClusters(program: Command, context: CommandContext): void {
  const group = program
    .command('test-clusters')
    .summary('run real local API servers (admin, managed1, managed2) for development and tests')
    .description(
      'Builds etcd and kube-apiserver from their official Go modules (cached under $VZMC_CACHE_DIR, ' +
        'default ./.cache/vzmc) and runs one etcd plus one kube-apiserver per simulated cluster on 127.0.0.1. ' +
        'Needs Go >= 1.24 and a reachable Go module proxy for the first build.',
    )
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc test-clusters up --state-dir .vzmc/clusters', note: 'admin, managed1 and managed2' },
        { run: 'kubectl --kubeconfig .vzmc/clusters/clusters/managed1/kubeconfig get namespaces' },
        { run: 'vzmc test-clusters down --state-dir .vzmc/clusters' },
      ]),
    );

  group
    .command('up')
    .summary('start detached clusters that outlive this command, and print their kubeconfigs')
    .description(
      'Starts one etcd and one kube-apiserver per cluster, waits until each is ready, writes one kubeconfig ' +
        'per cluster (admin token, CA data, TLS verification on), plus `<state-dir>/kubeconfig` holding every cluster ' +
        'as a context named after it, and prints name, server and kubeconfig path. ' +
        'The processes keep running after the command exits; stop them with `down`.',
    )
    .option('--clusters <names>', 'comma-separated cluster names', DEFAULT_CLUSTERS)
    .option(
      '--state-dir <dir>',
      'where etcd data, certificates, kubeconfigs, logs and PID files go (default: $VZMC_CACHE_DIR/state/cli)',
    )
    .addOption(outputOption(['text', 'json'], 'text'))
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc test-clusters up', note: 'admin, managed1 and managed2, in $VZMC_CACHE_DIR/state/cli' },
        { run: 'vzmc test-clusters up --clusters admin --state-dir .vzmc/admin-only -o json' },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/test-clusters.js').then((m) => m.up)));

  group
    .command('down')
    .summary('stop clusters started by `up`')
    .description(
      "Stops the processes recorded in the state directory's PID files (each PID is checked in /proc to " +
        'still be the recorded binary before it is signalled), then removes the etcd data. Logs and kubeconfigs ' +
        'stay for inspection.',
    )
    .option('--state-dir <dir>', 'the state directory given to `up` (default: $VZMC_CACHE_DIR/state/cli)')
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc test-clusters down' },
        { run: 'vzmc test-clusters down --state-dir .vzmc/admin-only' },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/test-clusters.js').then((m) => m.down)));

  group
    .command('build')
    .summary('build the etcd and kube-apiserver binaries (and kubectl with --kubectl), with progress')
    .description(
      'Builds whatever is missing from the cache ($VZMC_CACHE_DIR/bin, default ./.cache/vzmc/bin) from the ' +
        "Go module proxy, and prints each binary's path and build time. A cold kube-apiserver build takes " +
        'a few minutes on two cores.',
    )
    .option('--kubectl', 'also build kubectl (for comparisons with kubectl apply --server-side)', false)
    .addHelpText(
      'after',
      examplesHelp(context.bin, [
        { run: 'vzmc test-clusters build' },
        { run: 'vzmc test-clusters build --kubectl' },
      ]),
    )
    .action(lazyAction(context, () => import('../commands/test-clusters.js').then((m) => m.build)));
}
