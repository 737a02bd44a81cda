/**
 * vzmc/testing: the real-cluster harness (etcd and kube-apiservers built from the official Go
 * modules, started on 127.0.0.1) and the ClusterClient contract suite.
 *
 * @packageDocumentation
 * @module vzmc/testing
 */

// testing/harness/: building, starting, connecting to and stopping the test clusters.
export {
  binaryPath,
  connectTestClusters,
  ControlPlaneBinary,
  createProgressReporter,
  DEFAULT_CLUSTER_NAMES,
  DEFAULT_ETCD_VERSION,
  DEFAULT_KUBERNETES_VERSION,
  defaultCacheDir,
  defaultCliStateDir,
  defaultTestStateDir,
  ensureControlPlaneBinaries,
  formatDuration,
  GoToolchainError,
  HarnessMode,
  MINIMUM_GO_VERSION,
  PidStatus,
  readBuildRecord,
  setupTestClusters,
  startTestClusters,
  StateDirInUseError,
  stopTestClusters,
  TEST_CLUSTERS_KEY,
} from './testing/harness/index.js';
export type {
  BinaryBuildRecord,
  BuildProgressEvent,
  BuildProgressListener,
  BuildStepRef,
  ConnectTestClustersOptions,
  ControlPlaneBinaries,
  EnsureControlPlaneBinariesOptions,
  KubeconfigForOptions,
  ProcessMemory,
  ProcessStats,
  ProgressReporterOptions,
  ProgressStream,
  ProvideTarget,
  SetupTestClustersOptions,
  StaleProcessReport,
  StartTestClustersOptions,
  StopServerOptions,
  TerminateOutcome,
  TestCluster,
  TestClusterInfo,
  TestClusters,
  TestClustersControl,
  TestClustersInfo,
  TestClustersStats,
} from './testing/harness/index.js';

// testing/contract: the ClusterClient contract suite, run against every adapter.
export { clusterClientContract, ContractTest } from './testing/contract.js';
export type {
  ClusterClientContractContext,
  ClusterClientContractSetup,
  ContractAssertion,
  ContractRunner,
  ContractSkipList,
  ContractTestId,
} from './testing/contract.js';
