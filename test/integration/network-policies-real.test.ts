/**
 * A project's NetworkPolicies on real API servers (V4, B6; docs/deviations.md "B6, V4"): the
 * admin controller and the agent create the policies the project declares, in its namespaces on
 * the admin and on managed1, with the template's metadata and spec, and delete them when the
 * project drops them or is deleted; a NetworkPolicy a user made in a project namespace is never
 * deleted (Verrazzano deletes every policy the project does not declare).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClusterClient, KubeObject } from '../../src/index.js';
import { createAgent, syncAdmin } from '../../src/agent-entry.js';
import { connectHarnessAdmin, harnessClient, registerOnHarnessAdmin } from '../support/harness.js';

const admin = harnessClient('admin');
const managed1 = harnessClient('managed1');
const suffix = Date.now().toString(36);
const NS = `np-${suffix}`;
const API = 'clusters.verrazzano.io/v1alpha1';
const retry = { attempts: 3, baseDelayMs: 100, maxDelayMs: 500 };

const agent = createAgent({
  local: managed1,
  connectAdmin: connectHarnessAdmin(),
  retry,
  plan: { maxDeleteFraction: 1 },
});
/** One admin pass, then one agent iteration (which must sync). */
const round = async () => {
  await syncAdmin(admin, { retry });
  const report = await agent.runOnce();
  if (report.state !== 'synced') throw new Error(`the agent did not sync: ${JSON.stringify(report)}`);
  await syncAdmin(admin, { retry });
};
const deny = {
  metadata: { name: 'deny-ingress', namespace: NS, labels: { tier: 'web' } },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
};
const project = (networkPolicies: unknown[]): KubeObject => ({
  apiVersion: API,
  kind: 'VerrazzanoProject',
  metadata: { name: NS, namespace: 'verrazzano-mc' },
  spec: {
    template: { namespaces: [{ metadata: { name: NS } }], networkPolicies },
    placement: { clusters: [{ name: 'managed1' }] },
  },
});
const userPolicy: KubeObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'user-allow', namespace: NS },
  spec: { podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Ingress'], ingress: [{}] },
};
const policies = async (client: ClusterClient) =>
  (await client.list('networking.k8s.io/v1', 'NetworkPolicy', { namespace: NS })).items
    .map((p) => p.metadata.name)
    .sort();

beforeAll(async () => {
  await registerOnHarnessAdmin(admin, { managed1 });
  await admin.apply(project([deny]), { fieldManager: 'kubectl', force: true });
  await round();
}, 300_000);

describe("a project's NetworkPolicies, on real API servers", () => {
  it("V4: the project's policy is created in its namespace on the admin and on managed1, with the template's labels and spec", async () => {
    for (const client of [admin, managed1]) {
      const live = await client.get({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        namespace: NS,
        name: 'deny-ingress',
      });
      expect(live.metadata.labels).toMatchObject({ tier: 'web' });
      expect(live['spec']).toMatchObject({ podSelector: {}, policyTypes: ['Ingress'] });
    }
  });

  it("B6, V4: a user's NetworkPolicy stays while the project's policy is removed from the project, and when the project is deleted", async () => {
    for (const client of [admin, managed1])
      await client.apply(userPolicy, { fieldManager: 'kubectl', force: true });
    await round();
    expect(await policies(admin)).toEqual(['deny-ingress', 'user-allow']);
    expect(await policies(managed1)).toEqual(['deny-ingress', 'user-allow']);

    await admin.apply(project([]), { fieldManager: 'kubectl', force: true });
    await round();
    expect(await policies(admin)).toEqual(['user-allow']);
    expect(await policies(managed1)).toEqual(['user-allow']);

    await admin.apply(project([deny]), { fieldManager: 'kubectl', force: true });
    await round();
    expect(await policies(managed1)).toEqual(['deny-ingress', 'user-allow']);
    await admin.delete({ apiVersion: API, kind: 'VerrazzanoProject', namespace: 'verrazzano-mc', name: NS });
    await round();
    await round();
    expect(await policies(managed1)).toEqual(['user-allow']);
    expect(await policies(admin)).toEqual(['user-allow']);
  });
});
