/**
 * Starts the real clusters (admin, managed1, managed2) once for the integration project, building
 * etcd and kube-apiserver first if the cache lacks them. Tests read the facts with
 * `inject('vzmcTestClusters')` and stop/start an API server through `connectTestClusters`.
 */
import type { TestProject } from 'vitest/node';
import { setupTestClusters, type TestClustersInfo } from '../../src/testing/harness/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    vzmcTestClusters: TestClustersInfo;
  }
}

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  // VZMC_TEST_STATE_DIR lets two test runs on one machine use separate clusters.
  const stateDir = process.env.VZMC_TEST_STATE_DIR;
  return setupTestClusters(project, stateDir ? { stateDir } : {});
}
