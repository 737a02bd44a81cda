/**
 * The ClusterClient contract: one suite of vitest tests that every adapter of the port must pass,
 * run against the in-memory cluster (unit tests) and a real kube-apiserver through the Kubernetes
 * adapter (integration tests). As in drizzle-orm's driver suites, an adapter that cannot meet a
 * test says so in its skip list, with a reason; nothing is skipped silently.
 *
 * The expectations are what a real kube-apiserver answers (v1.34), message text included, because
 * the in-memory cluster promises the server's wording. Every test makes its own namespaces and
 * names: a harness cluster has no controller manager, so namespaces never finish deleting and
 * nothing can be cleaned up between tests.
 *
 * This file is the runner. The cases live in `contract/`, one `{ id, title, run }` object per
 * test, grouped by concern; `contract/cases.ts` lists them in the order of `ContractTest`.
 */
import { installCrds } from '../install/crds.js';
import type { ClusterClient } from '../port/client.js';
import { generateCrds } from '../model/crds.js';
import { CONTRACT_CASES } from './contract/cases.js';
import { MANAGER, contractKit, suffix } from './contract/kit.js';
import type {
  ClusterClientContractContext,
  ClusterClientContractSetup,
  ContractRunner,
} from './contract/setup.js';
import { ContractTest, type ContractSkipList } from './contract/titles.js';

export type {
  ClusterClientContractContext,
  ClusterClientContractSetup,
  ContractAssertion,
  ContractRunner,
} from './contract/setup.js';
export { ContractTest, type ContractSkipList, type ContractTestId } from './contract/titles.js';

/**
 * Defines the ClusterClient contract suite (vitest `describe`/`it`) for one adapter. Call it at
 * the top level of a test file. `setup.start` runs once before the tests and gives the clients
 * and the server controls; tests named in `setup.skip` are reported as skipped with their reason.
 *
 * @example
 * ```ts
 * // test/contract/memory.test.ts
 * import { afterAll, beforeAll, describe, expect, it } from 'vitest';
 * import { createMemoryCluster } from 'vzmc/memory';
 * import { clusterClientContract } from 'vzmc/testing';
 *
 * clusterClientContract('in-memory cluster', {
 *   start() {
 *     const cluster = createMemoryCluster({ crds: false });
 *     return {
 *       adminClient: () => cluster.client(),
 *       tokenClient: (token) => cluster.client({ token }),
 *       timeoutMs: 1_000,
 *       stopServer: () => cluster.setAvailable(false),
 *       startServer: () => cluster.setAvailable(true),
 *     };
 *   },
 *   skip: { unknownFieldsPruned: 'rejects unknown fields as Invalid (422) instead' },
 * }, { describe, it, beforeAll, afterAll, expect });
 * ```
 */
export function clusterClientContract(
  name: string,
  setup: ClusterClientContractSetup,
  runner: ContractRunner,
): void {
  const { describe, it, beforeAll, afterAll, expect } = runner;
  const skip: ContractSkipList = setup.skip ?? {};
  for (const [id, reason] of Object.entries(skip) as [string, unknown][]) {
    if (!(id in ContractTest))
      throw new Error(`clusterClientContract(${name}): unknown test "${id}" in the skip list`);
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new Error(`clusterClientContract(${name}): skipping "${id}" needs a reason`);
  }

  describe(`ClusterClient contract: ${name}`, () => {
    let started: { context: ClusterClientContractContext; admin: ClusterClient } | undefined;
    let startError: unknown;
    const runId = suffix();

    beforeAll(async () => {
      try {
        const context = await setup.start();
        const admin = context.adminClient();
        if (context.installCrds !== undefined) await context.installCrds(admin);
        else await installCrds(admin, generateCrds(), { fieldManager: MANAGER });
        started = { context, admin };
      } catch (error) {
        // Kept, not thrown: every test then fails with it instead of being skipped.
        startError = error;
      }
    });
    afterAll(async () => {
      await setup.stop?.();
    });

    const ready = () => {
      if (started !== undefined) return started;
      const why = startError instanceof Error ? startError.message : String(startError);
      throw new Error(`the ${name} setup failed: ${why}`, { cause: startError });
    };

    for (const { id, title, run } of CONTRACT_CASES) {
      const body = async () => run(contractKit(ready(), expect, runId));
      const reason = skip[id];
      if (reason !== undefined) it.skip(`${title} [skipped: ${reason}]`, body);
      else it(title, body);
    }
  });
}
