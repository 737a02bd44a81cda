import { join } from 'node:path';
import type { ProgressStream } from '../../testing/harness/index.js';
import { commaList, type CliIo, type CommandContext } from '../shared/io.js';
import { loadHarness } from '../support/harness.js';
import { formatTable } from '../support/table.js';

function progressStream(io: CliIo): ProgressStream {
  const stderr = io.stderr as ProgressStream;
  return {
    write: (text) => io.stderr.write(text),
    ...(stderr.isTTY !== undefined ? { isTTY: stderr.isTTY } : {}),
    ...(stderr.columns !== undefined ? { columns: stderr.columns } : {}),
  };
}

/** `vzmc test-clusters up`. */
export const up = {
  async run(
    { io, bin }: CommandContext,
    options: { clusters: string; stateDir?: string; output: 'text' | 'json' },
  ): Promise<void> {
    const {
      createProgressReporter,
      defaultCacheDir,
      defaultCliStateDir,
      renderMergedKubeconfig,
      startTestClusters,
      writeKubeconfig,
    } = await loadHarness();
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
    // One file with every cluster as a context named after it, for kubectl --context and vzmc --context.
    const merged = join(clusters.stateDir, 'kubeconfig');
    writeKubeconfig(
      merged,
      renderMergedKubeconfig(
        clusters.clusters.map((c) => ({
          clusterName: c.name,
          server: c.server,
          caPem: c.caPem,
          token: c.token,
          user: `${c.name}-admin`,
        })),
      ),
    );
    const rows = clusters.clusters.map((c) => ({
      name: c.name,
      server: c.server,
      kubeconfig: c.kubeconfigPath,
    }));
    if (options.output === 'json') io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else io.stdout.write(formatTable(rows.map((r) => [r.name, r.server, r.kubeconfig])));
    io.stderr.write(
      `every cluster as a context: export KUBECONFIG=${merged}\n` +
        `stop them with: ${bin} test-clusters down --state-dir ${clusters.stateDir}\n`,
    );
  },
};

/** `vzmc test-clusters down`. */
export const down = {
  async run({ io }: CommandContext, options: { stateDir?: string }): Promise<void> {
    const { defaultCliStateDir, stopTestClusters } = await loadHarness();
    const stateDir = options.stateDir ?? defaultCliStateDir(io.env);
    const reports = await stopTestClusters(stateDir);
    if (reports.length === 0) {
      io.stdout.write(`no test clusters recorded in ${stateDir}\n`);
      return;
    }
    for (const report of reports) io.stdout.write(`${report.role} (pid ${report.pid}): ${report.outcome}\n`);
  },
};

/** `vzmc test-clusters build`. */
export const build = {
  async run({ io }: CommandContext, options: { kubectl: boolean }): Promise<void> {
    const {
      createProgressReporter,
      defaultCacheDir,
      ensureControlPlaneBinaries,
      formatDuration,
      readBuildRecord,
    } = await loadHarness();
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
  },
};
