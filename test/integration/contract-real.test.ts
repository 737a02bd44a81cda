/**
 * The ClusterClient contract on a real kube-apiserver (the harness's managed2) through the
 * Kubernetes adapter. Nothing is skipped: the contract states what a real server does. The
 * unavailability test stops and restarts managed2's API server; the setup's stop makes sure it
 * runs again whatever happened, for the test files after this one.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createK8sClusterClient, type K8sClusterClient } from '../../src/k8s.js';
import { connectTestClusters, type TestClustersControl } from '../../src/testing/harness/index.js';
import { clusterClientContract } from '../../src/testing/contract.js';

const CLUSTER = 'managed2';
/** Short enough for the outage test to prove "no hang", long enough for a loaded 2-core machine. */
const TIMEOUT_MS = 10_000;

let control: TestClustersControl | undefined;
const clients: K8sClusterClient[] = [];

clusterClientContract(
  `Kubernetes adapter on a real kube-apiserver (${CLUSTER})`,
  {
    async start() {
      const info = inject('vzmcTestClusters');
      if (info === undefined) throw new Error('the integration globalSetup provided no test clusters');
      const clusters = await connectTestClusters(info.stateDir);
      control = clusters;
      const client = (yaml: string, name: string) => {
        const created = createK8sClusterClient({ kubeconfig: { yaml }, name, timeoutMs: TIMEOUT_MS });
        clients.push(created);
        return created;
      };
      const admin = clusters.cluster(CLUSTER);
      return {
        adminClient: () => client(clusters.kubeconfigFor(CLUSTER, admin.token), CLUSTER),
        tokenClient: (token) =>
          client(clusters.kubeconfigFor(CLUSTER, token, { user: 'contract' }), `${CLUSTER}-token`),
        timeoutMs: TIMEOUT_MS,
        // A crash, not a graceful stop: a graceful API server waits for open watches to drain first.
        stopServer: () => clusters.stopCluster(CLUSTER, { signal: 'SIGKILL' }),
        startServer: () => clusters.startCluster(CLUSTER),
      };
    },
    async stop() {
      for (const client of clients) client.close();
      // Does nothing when managed2 runs; restarts it if a failed test left it stopped.
      await control?.startCluster(CLUSTER);
    },
  },
  { describe, it, beforeAll, afterAll, expect },
);
