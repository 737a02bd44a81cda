/** The test run's real clusters, as integration tests reach them. */
import { inject } from 'vitest';
import {
  ClusterErrorReason,
  errorReason,
  generateCrds,
  type ClusterClient,
  type CustomResourceDefinition,
  Wiring,
} from '../../src/index.js';
import { applyManifest, installCrds, registerOnAdmin } from '../../src/agent-entry.js';
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

/**
 * How an agent under test reaches the admin: the kubeconfig of its agent Secret, through the k8s
 * adapter (the `connectAdmin` option of `createAgent`).
 */
export function connectHarnessAdmin(timeoutMs = 10_000): (kubeconfig: string) => ClusterClient {
  return (kubeconfig) =>
    createK8sClusterClient({ kubeconfig: { yaml: kubeconfig }, name: 'admin', timeoutMs });
}

/** What registration needs to know of the harness admin: its server and its CA. */
export function harnessAdminEndpoint(): { readonly adminServer: string; readonly adminCaBundle: string } {
  const admin = harnessCluster('admin');
  return { adminServer: admin.server, adminCaBundle: admin.caPem };
}

/** vzmc's CRDs, where no CRD of that name is installed yet (an earlier run may have installed Verrazzano's). */
export async function ensureCrds(target: ClusterClient): Promise<void> {
  const missing: CustomResourceDefinition[] = [];
  for (const crd of generateCrds()) {
    try {
      await target.get({ apiVersion: crd.apiVersion, kind: crd.kind, name: crd.metadata.name });
    } catch (error) {
      if (errorReason(error) === ClusterErrorReason.NotFound) missing.push(crd);
      else throw error;
    }
  }
  await installCrds(target, missing);
}

/**
 * vzmc's CRDs on the admin and on each managed cluster (where missing), then each managed cluster
 * registered on the harness admin (step 1) and its manifest applied on it (step 2), in order.
 *
 * @example
 * await registerOnHarnessAdmin(admin, { managed1: harnessClient('managed1') });
 */
export async function registerOnHarnessAdmin(
  admin: ClusterClient,
  managed: Readonly<Record<string, ClusterClient>>,
): Promise<void> {
  for (const target of [admin, ...Object.values(managed)]) await ensureCrds(target);
  for (const [name, target] of Object.entries(managed)) {
    await applyManifest(
      target,
      await registerOnAdmin(admin, name, { ...harnessAdminEndpoint(), wiring: Wiring.Verrazzano }),
    );
  }
}
