/**
 * examples/controller as users run it: built with tsc against the packed package, run with plain
 * node against real API servers through their kubeconfig files. The file starts an admin and a
 * managed cluster of its own, as a user's fresh clusters: on the harness's shared managed2 the
 * example's agent, registered under another name, would rightly delete what other files' agents
 * left there, and its delete window (10 per 10 minutes) would then hold back its own undeploy.
 * Needs `npm run build` first (npm test does it).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ClusterClient, type ObjectKey } from '../../src/index.js';
import { getIfPresent } from '../../src/agent-entry.js';
import { createK8sClusterClient } from '../../src/k8s.js';
import { startTestClusters, type TestClusters } from '../../src/testing.js';
import { createConsumerProject, succeeded, type ConsumerProject } from '../package/consumer.js';

const suffix = Date.now().toString(36);
const cluster = `example-${suffix}`;
const namespace = `vzmc-example-${suffix}`;

const V = 'clusters.verrazzano.io/v1alpha1';
const KEYS = {
  vmc: { apiVersion: V, kind: 'VerrazzanoManagedCluster', namespace: 'verrazzano-mc', name: cluster },
  project: { apiVersion: V, kind: 'VerrazzanoProject', namespace: 'verrazzano-mc', name: namespace },
  wrapper: { apiVersion: V, kind: 'MultiClusterConfigMap', namespace, name: 'greeting' },
  configMap: { apiVersion: 'v1', kind: 'ConfigMap', namespace, name: 'greeting' },
  namespace: { apiVersion: 'v1', kind: 'Namespace', name: namespace },
  agentSecret: {
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: 'verrazzano-system',
    name: 'verrazzano-cluster-agent',
  },
  registrationSecret: {
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: 'verrazzano-system',
    name: 'verrazzano-cluster-registration',
  },
} satisfies Record<string, ObjectKey>;

const exists = async (client: ClusterClient, key: ObjectKey) =>
  (await getIfPresent(client, key)) !== undefined;

let project: ConsumerProject;
let clusters: TestClusters;
let admin: ReturnType<typeof createK8sClusterClient>;
let managed: ReturnType<typeof createK8sClusterClient>;

beforeAll(async () => {
  clusters = await startTestClusters({ clusters: ['example-admin', 'example-managed'] });
  const client = (name: string) =>
    createK8sClusterClient({
      kubeconfig: { yaml: clusters.cluster(name).kubeconfig },
      name,
      timeoutMs: 10_000,
    });
  admin = client('example-admin');
  managed = client('example-managed');
  project = await createConsumerProject(['controller']);
  succeeded('tsc -p controller', await project.tsc('controller'));
}, 300_000);

afterAll(async () => {
  project?.remove();
  admin?.close();
  managed?.close();
  await clusters?.stop();
}, 120_000);

it(
  'the controller example registers a managed cluster, syncs a MultiClusterConfigMap to it, prints Succeeded per cluster, and removes everything it created',
  { timeout: 240_000 },
  async () => {
    const result = await project.node('controller', 'controller', [], {
      VZMC_ADMIN_KUBECONFIG: clusters.cluster('example-admin').kubeconfigPath,
      VZMC_MANAGED_KUBECONFIG: clusters.cluster('example-managed').kubeconfigPath,
      VZMC_CLUSTER_NAME: cluster,
      VZMC_APP_NAMESPACE: namespace,
    });
    expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(`registered ${cluster}`);
    expect(lines).toContain(`deleted namespace ${namespace}`);
    expect(lines).toContain(`MultiClusterConfigMap ${namespace}/greeting: Succeeded`);
    expect(lines).toContain(`  ${cluster}: Succeeded`);
    expect(lines).toContain(`ConfigMap ${namespace}/greeting on ${cluster}: message=hello, ${cluster}`);
    // The reason depends on how soon the API server drops the deleted ServiceAccount's token.
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^deregistered ${cluster}: (the VMC no longer exists|the admin rejects the agent token)$`),
      ),
    );
    // Each converge step ends on an empty plan.
    for (const step of ['deploy', 'undeploy', 'remove the project'])
      expect(lines.filter((l) => l.startsWith(`${step}: `)).at(-1)).toMatch(/, 0 actions$/);

    // Checked from outside the example: nothing of it is left, and its namespaces are being deleted.
    for (const key of [KEYS.vmc, KEYS.project, KEYS.wrapper]) expect(await exists(admin, key)).toBe(false);
    for (const key of [KEYS.configMap, KEYS.agentSecret, KEYS.registrationSecret])
      expect(await exists(managed, key)).toBe(false);
    for (const client of [admin, managed])
      expect((await client.get(KEYS.namespace)).metadata.deletionTimestamp).toBeDefined();
  },
);
