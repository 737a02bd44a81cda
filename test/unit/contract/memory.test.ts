/**
 * The ClusterClient contract on the in-memory cluster. Every skip below is a deliberate difference
 * from a real kube-apiserver, listed in docs/adapters.md; the same
 * suite runs on a real server in test/integration/contract-real.test.ts and skips nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../src/adapters/memory/index.js';
import { clusterClientContract } from '../../../src/testing/contract.js';

clusterClientContract(
  'in-memory cluster',
  {
    start() {
      // Without its built-in CRDs, so that the suite installs them through the client as on a real server.
      const cluster = createMemoryCluster({ name: 'contract', crds: false });
      return {
        adminClient: () => cluster.client(),
        tokenClient: (token) => cluster.client({ token }),
        timeoutMs: 1_000,
        stopServer: () => {
          cluster.setAvailable(false);
        },
        startServer: () => {
          cluster.setAvailable(true);
        },
      };
    },
    skip: {
      unknownFieldsPruned:
        'rejects a field its schema does not declare as Invalid (422) naming the field, so that vzmc never writes what a real server would silently drop',
      invalidBase64IsBadRequest:
        'reports Invalid (422) with the field path (data[key]) instead of the 400 a real server answers before field validation',
      reasonlessServerErrorIsUnavailable:
        'reports its only reason-less 500 (a create carrying a resourceVersion) as Unknown: it is deterministic, so not worth retrying',
    },
  },
  { describe, it, beforeAll, afterAll, expect },
);
