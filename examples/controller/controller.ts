/**
 * A custom controller built on vzmc, against two real clusters: it registers the managed cluster
 * on the admin, deploys a small app there through a VerrazzanoProject and a MultiClusterConfigMap,
 * runs the agent until there is nothing left to do, prints what each cluster reports, then removes
 * everything it created.
 *
 *   VZMC_ADMIN_KUBECONFIG=admin.kubeconfig VZMC_MANAGED_KUBECONFIG=managed.kubeconfig node dist/controller.js
 *
 * Optional: VZMC_CLUSTER_NAME (the managed cluster's name on the admin, default `example-managed`),
 * VZMC_APP_NAMESPACE (default `vzmc-example`) and VZMC_ADMIN_SERVER (the admin URL as the managed
 * cluster reaches it; default: the server of the admin kubeconfig).
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  generateCrds,
  parseAgentKubeconfig,
  type ConfigMap,
  type KubeObject,
  type MultiClusterConfigMap,
  type VerrazzanoProject,
} from 'vzmc';
import {
  applyManifest,
  createAgent,
  deregisterOnAdmin,
  installCrds,
  registerOnAdmin,
  syncAdmin,
} from 'vzmc/agent';
import { createK8sClusterClient } from 'vzmc/k8s';

const { VZMC_ADMIN_KUBECONFIG: adminKubeconfig, VZMC_MANAGED_KUBECONFIG: managedKubeconfig } = process.env;
if (!adminKubeconfig || !managedKubeconfig)
  throw new Error('set VZMC_ADMIN_KUBECONFIG and VZMC_MANAGED_KUBECONFIG');
const cluster = process.env.VZMC_CLUSTER_NAME ?? 'example-managed';
const namespace = process.env.VZMC_APP_NAMESPACE ?? 'vzmc-example';

const admin = createK8sClusterClient({ kubeconfig: { file: adminKubeconfig }, name: 'admin' });
const managed = createK8sClusterClient({ kubeconfig: { file: managedKubeconfig }, name: cluster });

// The admin stores the MC resources and the managed cluster their copies: both need the CRDs.
for (const client of [admin, managed]) await installCrds(client, generateCrds());

// Registration, step 1 on the admin, step 2 on the managed cluster. The agent's kubeconfig carries
// the admin URL and CA: here those of the admin kubeconfig's current context (its embedded
// certificate-authority-data; empty means a well-known CA).
const { server, caData } = parseAgentKubeconfig(await readFile(adminKubeconfig, 'utf8'));
const manifest = await registerOnAdmin(admin, cluster, {
  adminServer: process.env.VZMC_ADMIN_SERVER ?? server,
  adminCaBundle: Buffer.from(caData, 'base64').toString('utf8'),
});
await applyManifest(managed, manifest);
console.log(`registered ${cluster}`);

// The app: a project that owns the namespace and places it on the managed cluster, and a ConfigMap
// wrapped with its own placement. A wrapper reaches a cluster only if both placements name it.
const V = 'clusters.verrazzano.io/v1alpha1';
const placement = { clusters: [{ name: cluster }] };
const project: VerrazzanoProject = {
  apiVersion: V,
  kind: 'VerrazzanoProject',
  metadata: { name: namespace, namespace: 'verrazzano-mc' },
  spec: { template: { namespaces: [{ metadata: { name: namespace } }] }, placement },
};
const greeting: MultiClusterConfigMap = {
  apiVersion: V,
  kind: 'MultiClusterConfigMap',
  metadata: { name: 'greeting', namespace },
  spec: { template: { data: { message: `hello, ${cluster}` } }, placement },
};
const projectKey = { apiVersion: V, kind: 'VerrazzanoProject', namespace: 'verrazzano-mc', name: namespace };
const greetingKey = { apiVersion: V, kind: 'MultiClusterConfigMap', namespace, name: 'greeting' };
const apply = (object: KubeObject) => admin.apply(object, { fieldManager: 'vzmc-example', force: true });
await apply(project);
// The admin's pass (what `vzmc admin` runs on every change): the project's namespace (P13), which
// the wrapper needs, and each cluster's share in its own admin namespace vzmc-cluster-<name>,
// the only place its agent may read (docs/security.md).
await syncAdmin(admin);
await apply(greeting);

// A long-running controller would run `vzmc admin` and call `agent.run(signal)`, which polls every
// 50–70 s. Here one admin pass (share rendered, reports folded into status) precedes each agent
// iteration, until a plan is empty, which is what "converged" means.
const agent = createAgent({
  local: managed,
  connectAdmin: (yaml) => createK8sClusterClient({ kubeconfig: { yaml }, name: 'admin (as the agent)' }),
  // A rejected token or a missing VMC deregisters once seen again this long after, on a new
  // connection (D2; default 30 s): short here, since this example deregisters on purpose.
  deregisterAfterMs: 2_000,
});
async function converge(step: string): Promise<void> {
  let left = '';
  let synced = '';
  for (let iteration = 1; iteration <= 5; iteration++) {
    await syncAdmin(admin);
    const report = await agent.runOnce();
    if (report.state !== 'synced') throw new Error(`${step}: the agent is ${report.state}: ${report.reason}`);
    const failed = report.results.filter((result) => result.outcome === 'failed');
    if (failed.length > 0)
      throw new Error(`${step}: ${failed.map((f) => `${f.key}: ${f.error?.message ?? ''}`).join('; ')}`);
    console.log(`${step}: iteration ${iteration}, ${report.plan.actions.length} actions`);
    if (report.plan.actions.length === 0) return;
    synced = report.cluster;
    // What is left, and what became of it: a blocked delete names its guard.
    left = report.plan.actions
      .map((a) => {
        const outcome = report.results.find((r) => r.key === a.key)?.outcome ?? 'not run';
        return `${a.op} ${a.key}: ${a.blocked ? `blocked (${a.blocked})` : outcome}`;
      })
      .join('; ');
  }
  throw new Error(`${step}: not converged after 5 iterations (synced as ${synced}): ${left}`);
}
await converge('deploy');

// The agent reports each cluster's outcome; the admin's pass folds it into the wrapper's status.
await syncAdmin(admin);
const live = await admin.get<MultiClusterConfigMap>(greetingKey);
console.log(`MultiClusterConfigMap ${namespace}/greeting: ${live.status?.state ?? 'no status'}`);
for (const status of live.status?.clusters ?? []) console.log(`  ${status.name}: ${status.state}`);
// The wrapper unwraps into a ConfigMap of the same namespace and name.
const copy = await managed.get<ConfigMap>({ ...greetingKey, apiVersion: 'v1', kind: 'ConfigMap' });
console.log(`ConfigMap ${namespace}/greeting on ${cluster}: message=${copy.data?.message ?? ''}`);

// Cleanup in reverse order. Deleting a wrapper on the admin removes what it unwrapped into on
// every cluster; deleting the project removes its copy, but not its namespaces (P25).
await admin.delete(greetingKey);
await converge('undeploy');
await admin.delete(projectKey);
await converge('remove the project');
// Deregistration: the admin drops the VMC and the agent's identity; the agent then notices and
// deletes its own Secrets on the managed cluster (D2). For a moment the API server may still know
// the deleted ServiceAccount and answer Forbidden, which is no reason to deregister; the rejected
// token is one once it is confirmed 2 s later: retry.
await deregisterOnAdmin(admin, cluster);
let last = await agent.runOnce();
for (let attempt = 1; last.state !== 'deregistered' && attempt < 30; attempt++) {
  await sleep(1_000);
  last = await agent.runOnce();
}
if (last.state !== 'deregistered') throw new Error(`the agent did not deregister: ${last.state}`);
console.log(`deregistered ${cluster}: ${last.reason}`);
// Namespaces outlive their project, as in Verrazzano: delete them once the app is gone for good
// (each cluster's namespace controller then deletes what is left in them).
for (const client of [managed, admin])
  await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
console.log(`deleted namespace ${namespace}`);
