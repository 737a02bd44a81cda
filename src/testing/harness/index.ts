/**
 * The real-cluster test harness: etcd and kube-apiserver built from their official Go modules and
 * run on 127.0.0.1, one API server per simulated cluster over a shared etcd.
 */
export {
  DEFAULT_ETCD_VERSION,
  DEFAULT_KUBERNETES_VERSION,
  binaryPath,
  ensureControlPlaneBinaries,
  readBuildRecord,
  type BinaryBuildRecord,
  type ControlPlaneBinaries,
  type EnsureControlPlaneBinariesOptions,
} from './build.js';
export { connectTestClusters, stopTestClusters, type ConnectTestClustersOptions } from './connect.js';
export { GoToolchainError, MINIMUM_GO_VERSION } from './go-toolchain.js';
export { defaultCacheDir, defaultCliStateDir } from './paths.js';
export { PidStatus, type StaleProcessReport, type TerminateOutcome } from './pid-files.js';
export type { ProcessMemory } from './proc.js';
export {
  ControlPlaneBinary,
  createProgressReporter,
  formatDuration,
  type BuildProgressEvent,
  type BuildProgressListener,
  type BuildStepRef,
  type ProgressReporterOptions,
  type ProgressStream,
} from './progress.js';
export type { StopServerOptions } from './server-process.js';
export { DEFAULT_CLUSTER_NAMES, startTestClusters, type StartTestClustersOptions } from './start.js';
export { HarnessMode, type TestClusterInfo, type TestClustersInfo } from './state.js';
export { StateDirInUseError } from './state-dir.js';
export type {
  KubeconfigForOptions,
  ProcessStats,
  TestCluster,
  TestClusters,
  TestClustersControl,
  TestClustersStats,
} from './types.js';
export {
  TEST_CLUSTERS_KEY,
  defaultTestStateDir,
  setupTestClusters,
  type ProvideTarget,
  type SetupTestClustersOptions,
} from './vitest.js';
