import type { Command } from 'commander';
import {
  DEFAULT_CLUSTER_NAMES,
  createProgressReporter,
  defaultCacheDir,
  defaultCliStateDir,
  ensureControlPlaneBinaries,
  formatDuration,
  readBuildRecord,
  startTestClusters,
  stopTestClusters,
  type ProgressStream,
} from '../../testing/harness/index.js';
import { commaList, type CliIo } from '../io.js';

function progressStream(io: CliIo): ProgressStream {
  const stderr = io.stderr as ProgressStream;
  return {
    write: (text) => io.stderr.write(text),
    ...(stderr.isTTY !== undefined ? { isTTY: stderr.isTTY } : {}),
    ...(stderr.columns !== undefined ? { columns: stderr.columns } : {}),
  };
}

/** `vzmc test-clusters up|down|build`: real etcd + kube-apiserver clusters on 127.0.0.1 for development. */
export function registerTestClusters(program: Command, io: CliIo): void {
  const writeOut = (text: string) => io.stdout.write(text);
  const writeErr = (text: string) => io.stderr.write(text);
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
      '\nExamples:\n  vzmc test-clusters up\n  vzmc test-clusters down\n  vzmc test-clusters build --kubectl\n',
    )
    .configureOutput({ writeOut, writeErr })
    .exitOverride();

  group
    .command('up')
    .summary('start detached clusters that outlive this command, and print their kubeconfigs')
    .description(
      'Starts one etcd and one kube-apiserver per cluster, waits until each is ready, writes one kubeconfig ' +
        'per cluster (admin token, CA data, TLS verification on) and prints name, server and kubeconfig path. ' +
        'The processes keep running after the command exits; stop them with `down`.',
    )
    .option('--clusters <names>', 'comma-separated cluster names', DEFAULT_CLUSTER_NAMES.join(','))
    .option(
      '--state-dir <dir>',
      'where etcd data, certificates, kubeconfigs, logs and PID files go (default: $VZMC_CACHE_DIR/state/cli)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  vzmc test-clusters up\n' +
        '  vzmc test-clusters up --clusters admin,managed1\n' +
        '  vzmc test-clusters up --state-dir /tmp/clusters\n' +
        '  kubectl --kubeconfig /tmp/clusters/clusters/admin/kubeconfig get namespaces\n',
    )
    .configureOutput({ writeOut, writeErr })
    .exitOverride()
    .action(async (options: { clusters: string; stateDir?: string }) => {
      const stateDir = options.stateDir ?? defaultCliStateDir(io.env);
      const clusters = await startTestClusters({
        clusters: commaList(options.clusters),
        stateDir,
        detached: true,
        build: {
          cacheDir: defaultCacheDir(io.env),
          env: io.env,
          onProgress: createProgressReporter({ stream: progressStream(io) }),
        },
        log: (message) => io.stderr.write(`${message}\n`),
      });
      const width = Math.max(...clusters.clusters.map((c) => c.name.length));
      for (const cluster of clusters.clusters) {
        io.stdout.write(`${cluster.name.padEnd(width)}  ${cluster.server}  ${cluster.kubeconfigPath}\n`);
      }
      io.stderr.write(`stop them with: vzmc test-clusters down --state-dir ${clusters.stateDir}\n`);
    });

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
      '\nExamples:\n  vzmc test-clusters down\n  vzmc test-clusters down --state-dir /tmp/my-clusters\n',
    )
    .configureOutput({ writeOut, writeErr })
    .exitOverride()
    .action(async (options: { stateDir?: string }) => {
      const stateDir = options.stateDir ?? defaultCliStateDir(io.env);
      const reports = await stopTestClusters(stateDir);
      if (reports.length === 0) {
        io.stdout.write(`no test clusters recorded in ${stateDir}\n`);
        return;
      }
      for (const report of reports)
        io.stdout.write(`${report.role} (pid ${report.pid}): ${report.outcome}\n`);
    });

  group
    .command('build')
    .summary('build the etcd and kube-apiserver binaries (and kubectl with --kubectl), with progress')
    .description(
      'Builds whatever is missing from the cache ($VZMC_CACHE_DIR/bin, default ./.cache/vzmc/bin) from the ' +
        "Go module proxy, and prints each binary's path and build time. A cold kube-apiserver build takes " +
        'a few minutes on two cores.',
    )
    .option('--kubectl', 'also build kubectl (for comparisons with kubectl apply --server-side)', false)
    .addHelpText('after', '\nExamples:\n  vzmc test-clusters build\n  vzmc test-clusters build --kubectl\n')
    .configureOutput({ writeOut, writeErr })
    .exitOverride()
    .action(async (options: { kubectl: boolean }) => {
      const binaries = await ensureControlPlaneBinaries({
        cacheDir: defaultCacheDir(io.env),
        env: io.env,
        kubectl: options.kubectl,
        onProgress: createProgressReporter({ stream: progressStream(io) }),
      });
      const paths = [
        binaries.etcd,
        binaries.kubeApiserver,
        ...(binaries.kubectl !== undefined ? [binaries.kubectl] : []),
      ];
      for (const path of paths) {
        const record = await readBuildRecord(path);
        const built = binaries.built.some((b) => b.path === path);
        const timing =
          record === undefined
            ? ''
            : `  (go build ${formatDuration(record.buildMs)}${built ? '' : `, cached since ${record.builtAt}`})`;
        io.stdout.write(`${path}${timing}\n`);
      }
    });
}
