/**
 * The real-cluster harness's own costs: the cold build times of its Go binaries (read from the
 * build records `ensureControlPlaneBinaries` wrote into `.cache/vzmc/bin/*.build.json`), and the
 * start time and memory of the test suite's three clusters (admin, managed1, managed2), started
 * here in the benchmarks' own state directory. Goal: every API server ready within the harness's
 * 120 s readyTimeout (three start in parallel on 2 cores). Baseline: the cold build the first run
 * of `npm test` pays before any cluster can start.
 *
 * Run: npm run bench -- harness-clusters
 */
import {
  binaryPath,
  ControlPlaneBinary,
  DEFAULT_CLUSTER_NAMES,
  DEFAULT_ETCD_VERSION,
  DEFAULT_KUBERNETES_VERSION,
  defaultCacheDir,
  ensureControlPlaneBinaries,
  readBuildRecord,
  startTestClusters,
  type BinaryBuildRecord,
} from '../src/testing/harness/index.js';
import { BENCH_STATE_DIR } from './clusters.js';
import { loadAverage, mb, ms, report } from './harness.js';

const READY_TIMEOUT_MS = 120_000;
const s = (milliseconds: number): string => `${(milliseconds / 1000).toFixed(1)} s`;

const binaries = await ensureControlPlaneBinaries();
const builds: readonly (readonly [ControlPlaneBinary, string])[] = [
  [ControlPlaneBinary.Etcd, DEFAULT_ETCD_VERSION],
  [ControlPlaneBinary.KubeApiserver, DEFAULT_KUBERNETES_VERSION],
  [ControlPlaneBinary.Kubectl, DEFAULT_KUBERNETES_VERSION],
];
const records = (
  await Promise.all(
    builds.map(([binary, version]) => readBuildRecord(binaryPath(defaultCacheDir(), binary, version))),
  )
).filter((r): r is BinaryBuildRecord => r !== undefined);
for (const r of records)
  console.log(
    `  build record: ${r.binary} ${r.version}: go build ${s(r.buildMs)}, module ${s(r.moduleMs)}, ${r.goVersion}, built ${r.builtAt}`,
  );
const cold = records
  .filter((r) => r.binary !== ControlPlaneBinary.Kubectl)
  .reduce((n, r) => n + r.buildMs + r.moduleMs, 0);

const load = await loadAverage();
const start = performance.now();
const clusters = await startTestClusters({
  clusters: DEFAULT_CLUSTER_NAMES,
  stateDir: BENCH_STATE_DIR,
  binaries,
  readyTimeoutMs: READY_TIMEOUT_MS,
});
const wall = performance.now() - start;
try {
  const stats = clusters.stats();
  for (const p of [stats.etcd, ...stats.clusters])
    console.log(
      `  ${p.name}: ready in ${p.startMs === undefined ? '?' : ms(p.startMs)}, RSS ${mb(p.rssBytes ?? 0)}, peak ${mb(p.peakRssBytes ?? 0)}`,
    );
  const slowest = Math.max(...stats.clusters.map((c) => c.startMs ?? Infinity));
  report({
    bench: `harness: etcd + ${stats.clusters.length} API servers (${DEFAULT_CLUSTER_NAMES.join(', ')}), ${binaries.kubernetesVersion}`,
    figure: `${s(wall)} from startTestClusters to ready (slowest API server ${s(slowest)}; etcd ${ms(stats.etcd.startMs ?? 0)}); RSS ${mb(stats.totalRssBytes)} in all, peaks ${mb(stats.totalPeakRssBytes)}; load ${load}`,
    baseline: `${s(cold)} cold build of etcd + kube-apiserver (go build + modules, from the build records), paid once per cache`,
    goal: `every API server ready within the ${s(READY_TIMEOUT_MS)} readyTimeout`,
    met: slowest <= READY_TIMEOUT_MS,
  });
} finally {
  await clusters.stop();
}
