/** The test run's real clusters, as integration tests reach them. */
import { inject } from 'vitest';
import type { ClusterClient } from '../../src/index.js';
import { createK8sClusterClient } from '../../src/k8s.js';
import type { TestClusterInfo } from '../../src/testing.js';

/** A harness cluster's facts (server, kubeconfig, token, CA) by name; throws when the run has no such cluster. */
export function harnessCluster(name: string): TestClusterInfo {
  const cluster = inject('vzmcTestClusters').clusters.find((c) => c.name === name);
  if (!cluster) throw new Error(`the harness did not start ${name}`);
  return cluster;
}

/** A client of a harness cluster through the k8s adapter, with bounded timeouts. */
export function harnessClient(name: string, timeoutMs = 10_000): ClusterClient {
  return createK8sClusterClient({
    kubeconfig: { yaml: harnessCluster(name).kubeconfig },
    name,
    timeoutMs,
    connectTimeoutMs: 3_000,
  });
}
