/**
 * examples/controller as users run it: built with tsc against the packed package, run with plain
 * node against the harness's real API servers, admin and managed2, through their kubeconfig files.
 * The managed cluster's name and the app's namespace carry a per-run suffix, so that this file
 * never meets the objects of the other files sharing these clusters; afterAll removes whatever a
 * failed run left. Needs `npm run build` first (npm test does it).
 */
import { CoreV1Api, KubeConfig, V1Namespace, V1NamespaceSpec, V1ObjectMeta } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  deleteIfPresent,
  deregisterOnAdmin,
  getIfPresent,
  type ClusterClient,
  type KubeObject,
  type ObjectKey,
  type Secret,
} from '../../src/index.js';
import { createConsumerProject, succeeded, type ConsumerProject } from '../package/consumer.js';
import { harnessClient, harnessCluster } from '../support/harness.js';

const byName = harnessCluster;
const clientOf = (name: string): ClusterClient => harnessClient(name);
const admin = clientOf('admin');
const managed = clientOf('managed2');

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

/**
 * The harness runs no kube-controller-manager, so a deleted namespace stays Terminating with what
 * is in it. Do the namespace controller's part: delete the RoleBindings and NetworkPolicies vzmc put
 * there, then finalize the namespace. (fleet-e2e compares everything labelled vzmc.dev/managed on
 * managed2 with what render says; a leftover of this file would fail it.)
 */
async function removeNamespace(cluster: 'admin' | 'managed2', client: ClusterClient): Promise<void> {
  if (!(await exists(client, KEYS.namespace))) return;
  for (const [apiVersion, kind] of [
    ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
  ] as const) {
    for (const item of (await client.list(apiVersion, kind, { namespace })).items)
      await deleteIfPresent(client, { apiVersion, kind, namespace, name: item.metadata.name ?? '' });
  }
  const live = await client.get(KEYS.namespace);
  if (!live.metadata.deletionTimestamp) await client.delete(KEYS.namespace);
  const config = new KubeConfig();
  config.loadFromString(byName(cluster).kubeconfig);
  const body = new V1Namespace();
  body.metadata = Object.assign(new V1ObjectMeta(), { name: namespace });
  body.spec = Object.assign(new V1NamespaceSpec(), { finalizers: [] });
  await config.makeApiClient(CoreV1Api).replaceNamespaceFinalize({ name: namespace, body });
}

let project: ConsumerProject;

beforeAll(async () => {
  project = await createConsumerProject(['controller']);
  succeeded('tsc -p controller', await project.tsc('controller'));
});

afterAll(async () => {
  project?.remove();
  // What the run left (its namespaces), and what a failed run may have left: our app and
  // registration on the admin, and managed2's agent Secrets if they are still ours (another file
  // may register managed2 under its own name).
  await removeNamespace('managed2', managed);
  await removeNamespace('admin', admin);
  await deleteIfPresent(admin, KEYS.wrapper);
  await deleteIfPresent(admin, KEYS.project);
  await deregisterOnAdmin(admin, cluster);
  const agent = await managed.get<Secret & KubeObject>(KEYS.agentSecret).catch(() => undefined);
  const owner = agent?.data?.['managed-cluster-name'];
  if (owner !== undefined && Buffer.from(owner, 'base64').toString('utf8') === cluster) {
    await deleteIfPresent(managed, KEYS.agentSecret);
    await deleteIfPresent(managed, KEYS.registrationSecret);
  }
});

it(
  'the controller example registers managed2, syncs a MultiClusterConfigMap to it, prints Succeeded per cluster, and removes everything it created',
  { timeout: 240_000 },
  async () => {
    const result = await project.node('controller', 'controller', [], {
      VZMC_ADMIN_KUBECONFIG: byName('admin').kubeconfigPath,
      VZMC_MANAGED_KUBECONFIG: byName('managed2').kubeconfigPath,
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
