/**
 * The whole story on real kube-apiservers (admin, managed1, managed2): registration in two steps,
 * the agent's RBAC, deployment, placement changes, undeploy, faults and deregistration.
 * One file, in order, like the story it tells; each test names the behaviour it proves. It deploys
 * vzmc's own example fleet (examples/fleet) under vzmc's CRDs, so it runs in every clone.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  fleetFromObjects,
  objectKey,
  renderObjects,
  type ClusterClient,
  type KubeObject,
  Wiring,
} from '../../src/index.js';
import {
  applyManifest,
  createAgent,
  deregisterOnAdmin,
  getIfPresent,
  registerOnAdmin,
  syncAdmin,
  type AgentOptions,
  type IterationReport,
} from '../../src/agent-entry.js';
import { createK8sClusterClient } from '../../src/k8s.js';
import { connectTestClusters, type TestClustersControl } from '../../src/testing.js';
import { applyMergePatch } from '../../src/internal/merge-patch.js';
import { runCli } from '../../src/cli/program.js';
import { loadExample } from '../../src/cli/demo/examples.js';
import { loadText, toYamlDocument } from '../../src/index.js';
import { fleetPath, patchPath } from '../support/corpus.js';
import {
  connectHarnessAdmin,
  ensureCrds,
  harnessAdminEndpoint,
  harnessClient,
  harnessCluster,
} from '../support/harness.js';

const info = inject('vzmcTestClusters');
const byName = harnessCluster;
const client = harnessClient;

const admin = client('admin');
const managed: Record<string, ClusterClient> = { managed1: client('managed1'), managed2: client('managed2') };
let control: TestClustersControl;

/** One application of vzmc's example fleet (examples/fleet), which every clone has. */
const example = (folder: string) => loadExample(fleetPath(folder));

/** Merges kubeconfigs into one with every cluster, user and context. */
function mergeKubeconfigs(yamls: readonly string[]): string {
  const configs = yamls.map(
    (y) =>
      load(y) as { clusters: unknown[]; users: unknown[]; contexts: unknown[]; 'current-context': string },
  );
  return toYamlDocument({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: configs.flatMap((c) => c.clusters),
    users: configs.flatMap((c) => c.users),
    contexts: configs.flatMap((c) => c.contexts),
    'current-context': configs[0]!['current-context'],
  });
}

const agentFor = (
  cluster: string,
  adminTimeoutMs = 10_000,
  wrap: (c: ClusterClient) => ClusterClient = (c) => c,
  plan: AgentOptions['plan'] = {},
) =>
  createAgent({
    plan,
    local: managed[cluster]!,
    connectAdmin: (kubeconfig) =>
      wrap(
        createK8sClusterClient({
          kubeconfig: { yaml: kubeconfig },
          name: 'admin',
          timeoutMs: adminTimeoutMs,
          connectTimeoutMs: 2_000,
        }),
      ),
    retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 500 },
  });

const synced = (report: IterationReport) => {
  expect(report.state, 'reason' in report ? report.reason : '').toBe('synced');
  if (report.state !== 'synced') throw new Error('not synced');
  expect(report.results.filter((r) => r.outcome === 'failed')).toEqual([]);
  return report;
};

/** vzmc's objects on a cluster, as sorted keys. */
async function managedKeys(target: ClusterClient): Promise<string[]> {
  const kinds: [string, string][] = [
    ['v1', 'Namespace'],
    ['clusters.verrazzano.io/v1alpha1', 'VerrazzanoProject'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
    ['v1', 'Secret'],
    ['v1', 'ConfigMap'],
    ['core.oam.dev/v1alpha2', 'Component'],
    ['core.oam.dev/v1alpha2', 'ApplicationConfiguration'],
    ['clusters.verrazzano.io/v1alpha1', 'MultiClusterApplicationConfiguration'],
    ['clusters.verrazzano.io/v1alpha1', 'MultiClusterConfigMap'],
    ['clusters.verrazzano.io/v1alpha1', 'MultiClusterSecret'],
    ['clusters.verrazzano.io/v1alpha1', 'MultiClusterComponent'],
  ];
  const lists = await Promise.all(
    kinds.map(([v, k]) => target.list(v, k, { labelSelector: 'vzmc.dev/managed=true' })),
  );
  return lists
    .flatMap((l) => l.items)
    .map((o) => objectKey(o))
    .sort();
}

async function adminFleetObjects(): Promise<KubeObject[]> {
  const kinds: [string, string][] = [
    ['clusters.verrazzano.io/v1alpha1', 'VerrazzanoManagedCluster'],
    ['clusters.verrazzano.io/v1alpha1', 'VerrazzanoProject'],
    ['clusters.verrazzano.io/v1alpha1', 'MultiClusterApplicationConfiguration'],
    ['clusters.verrazzano.io/v1alpha1', 'MultiClusterComponent'],
    ['clusters.verrazzano.io/v1alpha1', 'MultiClusterConfigMap'],
    ['clusters.verrazzano.io/v1alpha1', 'MultiClusterSecret'],
    ['v1', 'Secret'],
    ['core.oam.dev/v1alpha2', 'Component'],
  ];
  return (await Promise.all(kinds.map(([v, k]) => admin.list(v, k)))).flatMap((l) => l.items);
}

const exists = async (
  target: ClusterClient,
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
) => (await getIfPresent(target, { apiVersion, kind, namespace, name })) !== undefined;
const appOn = (target: ClusterClient, namespace: string, name: string) =>
  exists(target, 'core.oam.dev/v1alpha2', 'ApplicationConfiguration', namespace, name);

const applyAll = async (objects: readonly KubeObject[]) => {
  for (const object of objects) await admin.apply(object, { fieldManager: 'e2e-user', force: true });
};

let todo: KubeObject[];
let helidon: KubeObject[];

beforeAll(async () => {
  control = await connectTestClusters(info.stateDir);
  for (const c of [admin, managed.managed1!, managed.managed2!]) await ensureCrds(c);
  todo = await example('todo-list');
  helidon = await example('hello-helidon'); // placed on managed1 and managed2
});

afterAll(async () => {
  // Leave every API server running for the next test file.
  for (const name of ['admin', 'managed1', 'managed2'])
    await control.startCluster(name).catch(() => undefined);
});

describe('registration on real API servers (spec §4)', () => {
  it('step 1 on the admin and step 2 on managed1 and managed2 give each agent a kubeconfig that authenticates with TLS verification on', async () => {
    for (const name of ['managed1', 'managed2']) {
      const manifest = await registerOnAdmin(admin, name, {
        ...harnessAdminEndpoint(),
        wiring: Wiring.Verrazzano,
      });
      await applyManifest(managed[name]!, manifest);
      const secret = await managed[name]!.get<KubeObject & { data: Record<string, string> }>({
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: 'verrazzano-system',
        name: 'verrazzano-cluster-agent',
      });
      const kubeconfig = Buffer.from(secret.data['admin-kubeconfig']!, 'base64').toString('utf8');
      expect(kubeconfig).toContain('certificate-authority-data:');
      expect(kubeconfig).not.toContain('insecure-skip-tls-verify');
      const asAgent = createK8sClusterClient({ kubeconfig: { yaml: kubeconfig }, name: 'agent' });
      const review = await asAgent.create({
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'SelfSubjectReview',
        metadata: {},
      });
      expect((review as { status?: { userInfo?: { username?: string } } }).status?.userInfo?.username).toBe(
        `system:serviceaccount:verrazzano-mc:verrazzano-cluster-${name}`,
      );
    }
  });

  it('scenario 57: the agent reads MC resources in a placed namespace, and is Forbidden elsewhere, on pods, and on VMC writes', async () => {
    await applyAll(todo.filter((o) => o.kind === 'VerrazzanoProject'));
    await syncAdmin(admin); // creates todo-list and its RoleBindings, incl. verrazzano-cluster-managed1
    const secret = await managed.managed1!.get<KubeObject & { data: Record<string, string> }>({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: 'verrazzano-system',
      name: 'verrazzano-cluster-agent',
    });
    const agent = createK8sClusterClient({
      kubeconfig: { yaml: Buffer.from(secret.data['admin-kubeconfig']!, 'base64').toString('utf8') },
      name: 'agent',
    });
    await expect(
      agent.list('clusters.verrazzano.io/v1alpha1', 'MultiClusterApplicationConfiguration', {
        namespace: 'todo-list',
      }),
    ).resolves.toBeDefined();
    await expect(agent.list('v1', 'Secret', { namespace: 'todo-list' })).resolves.toBeDefined();
    await expect(agent.list('v1', 'Secret', { namespace: 'default' })).rejects.toMatchObject({
      reason: 'Forbidden',
    });
    await expect(agent.list('v1', 'Pod', { namespace: 'todo-list' })).rejects.toMatchObject({
      reason: 'Forbidden',
    });
    const vmc = await agent.get({
      apiVersion: 'clusters.verrazzano.io/v1alpha1',
      kind: 'VerrazzanoManagedCluster',
      namespace: 'verrazzano-mc',
      name: 'managed1',
    });
    await expect(
      agent.replace({ ...vmc, spec: { description: 'changed by the agent' } }),
    ).rejects.toMatchObject({ reason: 'Forbidden' });
    await expect(
      agent.delete({
        apiVersion: 'clusters.verrazzano.io/v1alpha1',
        kind: 'VerrazzanoManagedCluster',
        namespace: 'verrazzano-mc',
        name: 'managed1',
      }),
    ).rejects.toMatchObject({ reason: 'Forbidden' });
  });
});

describe('the agent, end to end (issue #6)', () => {
  it('after one iteration each managed cluster holds exactly what render produces; wrappers report per cluster; VMCs are Active', async () => {
    await applyAll(helidon.filter((o) => o.kind === 'VerrazzanoProject'));
    await syncAdmin(admin);
    await applyAll([...todo, ...helidon].filter((o) => o.kind !== 'VerrazzanoProject'));
    for (const name of ['managed1', 'managed2']) {
      const report = synced(await agentFor(name).runOnce());
      expect(report.plan.unknown).toEqual([]);
    }
    const fleet = fleetFromObjects(await adminFleetObjects());
    for (const name of ['managed1', 'managed2']) {
      expect(await managedKeys(managed[name]!)).toEqual(
        renderObjects(fleet, name)
          .map((o) => objectKey(o))
          .sort(),
      );
    }
    const apps = (await admin.list('clusters.verrazzano.io/v1alpha1', 'MultiClusterApplicationConfiguration'))
      .items;
    const statusOf = (name: string) =>
      apps.find((a) => a.metadata.name === name)!.status as {
        state: string;
        clusters: { name: string; state: string }[];
      };
    expect(statusOf('todo-app')).toMatchObject({
      state: 'Succeeded',
      clusters: [{ name: 'managed1', state: 'Succeeded' }],
    });
    expect(statusOf('hello-helidon').state).toBe('Succeeded');
    expect(
      statusOf('hello-helidon')
        .clusters.map((c) => c.name)
        .sort(),
    ).toEqual(['managed1', 'managed2']);
    // The admin pass writes the VMC state (B12): Pending at its first evaluation after a connect,
    // Active at the next.
    await syncAdmin(admin);
    await syncAdmin(admin);
    for (const name of ['managed1', 'managed2']) {
      const vmc = await admin.get<KubeObject & { status: { state: string; lastAgentConnectTime?: string } }>({
        apiVersion: 'clusters.verrazzano.io/v1alpha1',
        kind: 'VerrazzanoManagedCluster',
        namespace: 'verrazzano-mc',
        name,
      });
      expect(vmc.status.state).toBe('Active');
      expect(vmc.status.lastAgentConnectTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    // Steady state: another iteration plans nothing.
    expect(synced(await agentFor('managed1').runOnce()).plan.actions).toEqual([]);
  });

  it('P19: the example patch moves hello-helidon to local; the return restores it on managed1 and managed2', async () => {
    const patch = load(readFileSync(patchPath('patch-change-placement-to-admin.yaml'), 'utf8'));
    await applyAll(
      helidon.filter((o) => o.kind !== 'Component').map((o) => applyMergePatch(o, patch) as KubeObject),
    );
    await syncAdmin(admin);
    for (const name of ['managed1', 'managed2']) synced(await agentFor(name).runOnce());
    expect(await appOn(admin, 'hello-helidon', 'hello-helidon')).toBe(true);
    expect(await appOn(managed.managed1!, 'hello-helidon', 'hello-helidon')).toBe(false);
    expect(await appOn(managed.managed2!, 'hello-helidon', 'hello-helidon')).toBe(false);
    // The MultiClusterConfigMap moved with it (P15, P20).
    const greeting = ['v1', 'ConfigMap', 'hello-helidon', 'hello-helidon-greeting'] as const;
    expect(await exists(admin, ...greeting)).toBe(true);
    expect(await exists(managed.managed1!, ...greeting)).toBe(false);
    await applyAll(helidon.filter((o) => o.kind !== 'Component'));
    await syncAdmin(admin);
    for (const name of ['managed1', 'managed2']) synced(await agentFor(name).runOnce());
    expect(await appOn(admin, 'hello-helidon', 'hello-helidon')).toBe(false);
    expect(await appOn(managed.managed1!, 'hello-helidon', 'hello-helidon')).toBe(true);
    expect(await appOn(managed.managed2!, 'hello-helidon', 'hello-helidon')).toBe(true);
  });

  it('fault: the admin API server stopped mid-iteration causes no local deletes; the agent converges after the restart', async () => {
    const before = await managedKeys(managed.managed1!);
    let lists = 0;
    const stopAfterFirstList = (c: ClusterClient): ClusterClient => ({
      ...c,
      name: c.name,
      get: (k) => c.get(k),
      create: (o, opt) => c.create(o, opt),
      replace: (o, opt) => c.replace(o, opt),
      apply: (o, opt) => c.apply(o, opt),
      delete: (k, opt) => c.delete(k, opt),
      updateStatus: (o, opt) => c.updateStatus(o, opt),
      serverVersion: () => c.serverVersion(),
      requestToken: (n, s, opt) => c.requestToken(n, s, opt),
      list: async <T extends KubeObject>(
        v: string,
        k: string,
        opt?: Parameters<ClusterClient['list']>[2],
      ) => {
        const result = await c.list<T>(v, k, opt);
        if (++lists === 1) await control.stopCluster('admin');
        return result;
      },
    });
    const report = await agentFor('managed1', 3_000, stopAfterFirstList).runOnce();
    if (report.state === 'synced') expect(report.results.filter((r) => r.op === 'delete')).toEqual([]);
    expect(await managedKeys(managed.managed1!)).toEqual(before);
    await control.startCluster('admin');
    const after = synced(await agentFor('managed1').runOnce());
    expect(after.plan.actions.filter((a) => a.op !== 'status')).toEqual([]);
    expect(await managedKeys(managed.managed1!)).toEqual(before);
  });

  it('fault: the managed API server restarted mid-plan; the next iteration completes, nothing duplicated or lost', async () => {
    await admin.delete({
      apiVersion: 'core.oam.dev/v1alpha2',
      kind: 'Component',
      namespace: 'hello-helidon',
      name: 'hello-helidon-component',
    });
    await applyAll(helidon.filter((o) => o.kind === 'Component'));
    // Restart managed2 while its agent works: whatever the interrupted iteration did, the next one converges.
    const iteration = agentFor('managed2')
      .runOnce()
      .catch((error: unknown) => error);
    await control.stopCluster('managed2');
    await control.startCluster('managed2');
    await iteration;
    synced(await agentFor('managed2').runOnce());
    const fleet = fleetFromObjects(await adminFleetObjects());
    expect(await managedKeys(managed.managed2!)).toEqual(
      renderObjects(fleet, 'managed2')
        .map((o) => objectKey(o))
        .sort(),
    );
    expect(synced(await agentFor('managed2').runOnce()).plan.actions).toEqual([]);
  });

  it('fault: a Forbidden caused by a broken token, not by revocation, deletes nothing', async () => {
    const before = await managedKeys(managed.managed1!);
    // A token that authenticates but has no rights: the admin's answers are Forbidden everywhere.
    await admin.apply(
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'no-rights', namespace: 'verrazzano-mc' },
      },
      { fieldManager: 'e2e', force: true },
    );
    const token = await admin.requestToken('verrazzano-mc', 'no-rights', { expirationSeconds: 3600 });
    const broken = createAgent({
      local: managed.managed1!,
      connectAdmin: () =>
        createK8sClusterClient({
          kubeconfig: { yaml: control.kubeconfigFor('admin', token) },
          name: 'broken',
        }),
    });
    const report = await broken.runOnce();
    expect(report.state).not.toBe('deregistered');
    expect(await managedKeys(managed.managed1!)).toEqual(before);
  });

  it('P21: the project placement removed for managed2 removes its copies there', async () => {
    const onlyManaged1 = { spec: { placement: { clusters: [{ name: 'managed1' }] } } };
    await applyAll(
      helidon
        .filter((o) => o.kind === 'VerrazzanoProject')
        .map((o) => applyMergePatch(o, onlyManaged1) as KubeObject),
    );
    await syncAdmin(admin); // removes hello-helidon/verrazzano-cluster-managed2 on the admin (V3)
    const report = synced(await agentFor('managed2').runOnce());
    expect(report.plan.actions.filter((a) => a.op === 'delete').map((a) => a.ruleId)).toContain('P21');
    expect(await appOn(managed.managed2!, 'hello-helidon', 'hello-helidon')).toBe(false);
    expect(
      await exists(
        managed.managed2!,
        'clusters.verrazzano.io/v1alpha1',
        'VerrazzanoProject',
        'verrazzano-mc',
        'hello-helidon',
      ),
    ).toBe(false);
    expect(await appOn(managed.managed1!, 'hello-helidon', 'hello-helidon')).toBe(true);
  });

  it('undeploy: deleting the app configs and Components on the admin removes what came with them; objects vzmc did not create stay', async () => {
    const userMade = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'user-made', namespace: 'todo-list' },
      stringData: { k: 'v' },
    } as KubeObject;
    await managed.managed1!.apply(userMade, { fieldManager: 'user' });
    for (const o of [...todo, ...helidon].filter(
      (x) => x.kind === 'MultiClusterApplicationConfiguration' || x.kind === 'Component',
    )) {
      await admin.delete({
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.metadata.namespace ?? '',
        name: o.metadata.name ?? '',
      });
    }
    // Every app leaves managed1 at once: more than the delete guard's 10 deletes per 10 minutes on a
    // cluster this small, so the user allows it, as with `vzmc sync --max-delete-fraction 1`.
    synced(await agentFor('managed1', 10_000, (c) => c, { maxDeleteFraction: 1 }).runOnce());
    expect(await appOn(managed.managed1!, 'todo-list', 'todo-app')).toBe(false);
    for (const name of ['todo-db-credentials', 'todo-registry-credentials']) {
      expect(await exists(managed.managed1!, 'v1', 'Secret', 'todo-list', name)).toBe(false);
    }
    expect(
      await exists(managed.managed1!, 'core.oam.dev/v1alpha2', 'Component', 'todo-list', 'todo-web'),
    ).toBe(false);
    expect(await exists(managed.managed1!, 'v1', 'Secret', 'todo-list', 'user-made')).toBe(true);
  });
});

describe('the CLI on real API servers', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdout: { write: (t: string) => (out.stdout += t) },
        stderr: { write: (t: string) => (out.stderr += t) },
        stdin: Readable.from([]),
        env: {},
      },
    };
  };

  it('vzmc sync --once runs the agent on managed2 (converged), and vzmc plan reads both sides through kubeconfig contexts', async () => {
    const sync = io();
    expect(
      await runCli(
        ['sync', '--cluster', 'managed2', '--once', '--kubeconfig', byName('managed2').kubeconfigPath],
        sync.io,
      ),
    ).toBe(0);
    expect(sync.out.stdout).toMatch(
      /^synced managed2: \d+ action\(s\), \d+ applied, 0 deleted, \d+ status, 0 failed, 0 blocked; VMC Active\n$/,
    );
    // One kubeconfig with both contexts, as users have.
    const merged = mergeKubeconfigs([byName('admin').kubeconfig, byName('managed2').kubeconfig]);
    const file = join(mkdtempSync(join(tmpdir(), 'vzmc-kubeconfig-')), 'config');
    writeFileSync(file, merged, { mode: 0o600 });
    const plan = io();
    expect(
      await runCli(
        [
          'plan',
          '--cluster',
          'managed2',
          '--admin-context',
          'admin',
          '--local-context',
          'managed2',
          '--kubeconfig',
          file,
        ],
        plan.io,
      ),
    ).toBe(0);
    expect(plan.out.stdout.split('\n').slice(0, 2)).toEqual([
      'view: admin as admin-admin (user of context admin)',
      'Plan for managed2: 0 to create, 0 to update, 0 to delete, 0 status updates',
    ]);
  });

  it('vzmc register --admin-context creates the admin objects with a bound token and prints a working manifest, never the token elsewhere', async () => {
    const run = io();
    const code = await runCli(
      [
        'register',
        'cli-registered',
        '--admin-server',
        byName('admin').server,
        '--admin-context',
        'admin',
        '--kubeconfig',
        byName('admin').kubeconfigPath,
      ],
      run.io,
    );
    expect(run.out.stderr).toBe('');
    expect(code).toBe(0);
    const docs = loadText(run.out.stdout, 'manifest').objects.map(
      (o) => o.object as KubeObject & { data: Record<string, string> },
    );
    expect(docs.map((d) => d.metadata.name)).toEqual([
      'verrazzano-system',
      'verrazzano-cluster-agent',
      'verrazzano-cluster-registration',
    ]);
    const kubeconfig = Buffer.from(docs[1]!.data['admin-kubeconfig']!, 'base64').toString('utf8');
    const asAgent = createK8sClusterClient({ kubeconfig: { yaml: kubeconfig }, name: 'cli-agent' });
    const vmc = await asAgent.get({
      apiVersion: 'clusters.verrazzano.io/v1alpha1',
      kind: 'VerrazzanoManagedCluster',
      namespace: 'verrazzano-mc',
      name: 'cli-registered',
    });
    expect(vmc.metadata.name).toBe('cli-registered');
    await deregisterOnAdmin(admin, 'cli-registered');
  });
});

describe('deregistration on real API servers (D1, D2, B18)', () => {
  it("removes the managed side's two Secrets and the admin's leaked RoleBindings; what runs on the managed cluster keeps running", async () => {
    // An app to keep running: redeploy ToDo, then deregister.
    await applyAll(
      todo.filter((o) => o.kind === 'MultiClusterApplicationConfiguration' || o.kind === 'Component'),
    );
    synced(await agentFor('managed1').runOnce());
    expect(await appOn(managed.managed1!, 'todo-list', 'todo-app')).toBe(true);
    // A binding no project asks for any more: Verrazzano leaks it on VMC deletion (P31).
    await admin.apply(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'verrazzano-cluster-managed1', namespace: 'default' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'verrazzano-managed-cluster',
        },
        subjects: [
          { kind: 'ServiceAccount', name: 'verrazzano-cluster-managed1', namespace: 'verrazzano-mc' },
        ],
      },
      { fieldManager: 'e2e' },
    );
    const plan = await deregisterOnAdmin(admin, 'managed1');
    expect(plan.admin.filter((s) => s.ruleId === 'B18').map((s) => s.namespace)).toEqual(['default']);
    expect(
      await exists(
        admin,
        'rbac.authorization.k8s.io/v1',
        'RoleBinding',
        'default',
        'verrazzano-cluster-managed1',
      ),
    ).toBe(false);
    // The API server notices the deleted ServiceAccount within moments (its lookup is cached): until
    // then the agent is Forbidden, which is not a reason to deregister (D2); then it is Unauthorized,
    // which deregisters once seen again a second later on a new connection (D2, deviation).
    const agent = createAgent({
      local: managed.managed1!,
      connectAdmin: connectHarnessAdmin(),
      retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 500 },
      deregisterAfterMs: 1_000,
    });
    const reports = [await agent.runOnce()];
    for (let i = 0; i < 30 && reports.at(-1)!.state !== 'deregistered'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      reports.push(await agent.runOnce());
    }
    expect(reports.at(-1)!.state).toBe('deregistered');
    // Before it, an unconfirmed sighting at least: the first answer of revocation deletes nothing.
    expect(
      reports.filter((r) => r.state === 'failed' && r.reason.includes('deregistering if that is still so')),
    ).not.toEqual([]);
    expect(
      await exists(managed.managed1!, 'v1', 'Secret', 'verrazzano-system', 'verrazzano-cluster-agent'),
    ).toBe(false);
    expect(
      await exists(managed.managed1!, 'v1', 'Secret', 'verrazzano-system', 'verrazzano-cluster-registration'),
    ).toBe(false);
    expect(await appOn(managed.managed1!, 'todo-list', 'todo-app')).toBe(true);
  });
});
