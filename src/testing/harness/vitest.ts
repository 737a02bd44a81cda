/**
 * vitest integration: a globalSetup that builds the binaries (progress on stderr), starts the
 * clusters in vitest's main process and provides their facts to tests. Worker processes reach
 * the clusters through `inject(TEST_CLUSTERS_KEY)` and, to stop or start one, `connectTestClusters`.
 */
import { join } from 'node:path';
import { defaultCacheDir } from './paths.js';
import { createProgressReporter } from './progress.js';
import { startTestClusters, type StartTestClustersOptions } from './start.js';
import type { TestClustersInfo } from './state.js';

/** The `provide`/`inject` key under which {@link setupTestClusters} publishes {@link TestClustersInfo}. */
export const TEST_CLUSTERS_KEY = 'vzmcTestClusters';

/**
 * What `setupTestClusters` needs from vitest's `TestProject` (kept structural, so vzmc does not
 * depend on vitest). Declare the provided type once in your setup file:
 *
 * @example
 * declare module 'vitest' {
 *   export interface ProvidedContext {
 *     vzmcTestClusters: import('vzmc/testing').TestClustersInfo;
 *   }
 * }
 */
export interface ProvideTarget {
  /** vitest's `TestProject.provide`. */
  provide(key: typeof TEST_CLUSTERS_KEY, value: TestClustersInfo): void;
}

/** Options for {@link setupTestClusters}: those of `startTestClusters`, with test-run defaults. */
export type SetupTestClustersOptions = StartTestClustersOptions;

/** The state directory a test run uses by default: `<cache>/state/vitest`. */
export function defaultTestStateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(defaultCacheDir(env), 'state', 'vitest');
}

/**
 * Starts test clusters for a vitest run and provides their facts under {@link TEST_CLUSTERS_KEY}.
 * Resolves with the teardown vitest calls after the run. Defaults suited to a test run: a fixed
 * state directory (so a run killed outright is cleaned up by the next one), build progress and
 * notes on stderr.
 *
 * @example
 * // vitest globalSetup file
 * import type { TestProject } from 'vitest/node';
 * import { setupTestClusters } from 'vzmc/testing';
 * export default (project: TestProject) => setupTestClusters(project);
 *
 * // in a test
 * import { inject } from 'vitest';
 * const { clusters } = inject('vzmcTestClusters');
 */
export async function setupTestClusters(
  project: ProvideTarget,
  options: SetupTestClustersOptions = {},
): Promise<() => Promise<void>> {
  const log = options.log ?? ((message: string) => process.stderr.write(`[vzmc test clusters] ${message}\n`));
  const clusters = await startTestClusters({
    ...options,
    stateDir: options.stateDir ?? defaultTestStateDir(),
    build: { onProgress: createProgressReporter(), ...options.build },
    log,
  });
  project.provide(TEST_CLUSTERS_KEY, clusters.info);
  const mib = (bytes: number | undefined) =>
    bytes === undefined ? '?' : `${Math.round(bytes / 2 ** 20)} MiB`;
  const summary = (field: 'rssBytes' | 'peakRssBytes') => {
    const stats = clusters.stats();
    return [stats.etcd, ...stats.clusters]
      .map((p) => `${p.name}: pid ${p.pid ?? '-'}, ready in ${p.startMs ?? '?'} ms, ${mib(p[field])}`)
      .join('; ');
  };
  log(`started (RSS) ${summary('rssBytes')}`);
  return async () => {
    log(`stopping (peak RSS) ${summary('peakRssBytes')}`);
    await clusters.stop();
  };
}
