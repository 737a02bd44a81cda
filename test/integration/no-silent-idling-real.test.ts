/**
 * No silent idling, on real API servers (admin, managed1): without the admin pass there is no
 * `verrazzano-cluster-managed1` RoleBinding (V2) in the placed namespace, so the agent's lists are
 * Forbidden. `vzmc sync --once` must say so and exit 1, the VMC must carry the condition, and
 * `vzmc plan --as-agent` must show the same; after one `syncAdmin`, all of it clears.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterErrorReason, errorReason, toYamlDocument, type KubeObject } from '../../src/index.js';
import { getIfPresent, syncAdmin } from '../../src/agent-entry.js';
import { LOCAL_KINDS } from '../../src/sync-plan/snapshot.js';
import { VZMC_MANAGED_SELECTOR } from '../../src/model/names.js';
import { harnessClient, harnessCluster, registerOnHarnessAdmin } from '../support/harness.js';

const admin = harnessClient('admin');
const managed1 = harnessClient('managed1');
const NS = 'nsi-app';
const MC = 'clusters.verrazzano.io/v1alpha1';
const FORBIDDEN = `admin RoleBinding ${NS}/verrazzano-cluster-managed1 is missing or insufficient (Forbidden); is vzmc admin running?`;
const AGENT_VIEW =
  "view: admin as the agent of managed1 (token from managed1's verrazzano-system/verrazzano-cluster-agent)";

const project: KubeObject = {
  apiVersion: MC,
  kind: 'VerrazzanoProject',
  metadata: { name: 'nsi-project', namespace: 'verrazzano-mc' },
  spec: {
    template: { namespaces: [{ metadata: { name: NS } }] },
    placement: { clusters: [{ name: 'managed1' }] },
  },
};
const app: KubeObject = {
  apiVersion: MC,
  kind: 'MultiClusterConfigMap',
  metadata: { name: 'nsi-config', namespace: NS },
  spec: { template: { data: { GREETING: 'hi' } }, placement: { clusters: [{ name: 'managed1' }] } },
};

let kubeconfig = '';

/** `node dist/cli.js …` as a user runs it. */
function vzmc(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, ['dist/cli.js', ...args, '--kubeconfig', kubeconfig], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

const vmcCondition = async () => {
  const vmc = await admin.get<KubeObject & { status?: { conditions?: { type: string }[] } }>({
    apiVersion: MC,
    kind: 'VerrazzanoManagedCluster',
    namespace: 'verrazzano-mc',
    name: 'managed1',
  });
  return vmc.status?.conditions?.find((c) => c.type === 'AgentCanReadAdmin');
};

type PlanJson = {
  state: string;
  view: string;
  unreadable: { namespace: string }[];
  actions: { key: string }[];
};

beforeAll(async () => {
  await registerOnHarnessAdmin(admin, { managed1 });
  const configs = ['admin', 'managed1'].map(
    (n) => load(harnessCluster(n).kubeconfig) as Record<string, unknown[]>,
  );
  const file = join(mkdtempSync(join(tmpdir(), 'vzmc-nsi-')), 'config');
  writeFileSync(
    file,
    toYamlDocument({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: configs.flatMap((c) => c.clusters),
      users: configs.flatMap((c) => c.users),
      contexts: configs.flatMap((c) => c.contexts),
      'current-context': 'managed1',
    }),
    { mode: 0o600 },
  );
  kubeconfig = file;
  // The project and the app, applied by the admin user; no admin pass, so no V2 binding for managed1.
  await admin.apply(project, { fieldManager: 'e2e-user', force: true });
  await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }).catch((e: unknown) => {
    if (errorReason(e) !== ClusterErrorReason.AlreadyExists) throw e;
  });
  await admin.apply(app, { fieldManager: 'e2e-user', force: true });
}, 120_000);

afterAll(async () => {
  await admin.delete({ apiVersion: MC, kind: 'MultiClusterConfigMap', namespace: NS, name: 'nsi-config' });
  await admin.delete({
    apiVersion: MC,
    kind: 'VerrazzanoProject',
    namespace: 'verrazzano-mc',
    name: 'nsi-project',
  });
  // The harness runs no namespace controller: remove vzmc's objects in nsi-app on managed1 one by
  // one, so later test files' agents do not read a namespace nothing places there any more.
  for (const k of LOCAL_KINDS) {
    const list = await managed1
      .list(k.apiVersion, k.kind, { namespace: NS, labelSelector: VZMC_MANAGED_SELECTOR })
      .catch(() => ({ items: [] as KubeObject[] }));
    for (const o of list.items) {
      if (o.metadata.namespace !== NS) continue;
      await managed1
        .delete({ apiVersion: o.apiVersion, kind: o.kind, namespace: NS, name: o.metadata.name ?? '' })
        .catch(() => undefined);
    }
  }
  // …and the Namespace: it cannot be deleted for good here, so it stops being vzmc's.
  const ns = await getIfPresent(managed1, { apiVersion: 'v1', kind: 'Namespace', name: NS });
  if (ns) {
    const labels = { ...ns.metadata.labels };
    delete labels['vzmc.dev/managed'];
    await managed1.replace({ ...ns, metadata: { ...ns.metadata, labels } });
  }
}, 120_000);

describe('no silent idling on real API servers (V2)', () => {
  it("V2: without the binding, plan --as-agent names the unreadable namespace; plain plan shows the admin user's view", () => {
    const asAgent = vzmc('plan', '--cluster', 'managed1', '--as-agent', '--context', 'managed1');
    // An unread admin namespace makes the plan unknown, never converged: exit 2, as kubectl diff's error.
    expect(asAgent.code, asAgent.stderr).toBe(2);
    const lines = asAgent.stdout.split('\n');
    expect(lines[0]).toBe(AGENT_VIEW);
    expect(lines).toContain(`unreadable: ${FORBIDDEN}`);
    expect(asAgent.stdout).toContain('(plan unknown: could not read ');
    // Earlier test files on the shared harness may leave other namespaces in the same line.
    expect(asAgent.stdout).toMatch(
      new RegExp(
        `\\(plan unknown: could not read (.*; )?MultiClusterSecret, MultiClusterConfigMap, MultiClusterComponent, MultiClusterApplicationConfiguration, Secret, Component in ${NS} on the admin(; .*)?; the cluster is not known to have converged\\)`,
      ),
    );
    expect(asAgent.stdout).not.toContain('nothing to do');
    expect(asAgent.stdout).not.toContain(`ConfigMap ${NS}/nsi-config`);
    const asAdmin = vzmc(
      'plan',
      '--cluster',
      'managed1',
      '--admin-context',
      'admin',
      '--context',
      'managed1',
    );
    expect(asAdmin.code, asAdmin.stderr).toBe(0);
    expect(asAdmin.stdout.split('\n')[0]).toBe('view: admin as admin-admin (user of context admin)');
    expect(asAdmin.stdout).not.toContain(`unreadable: admin RoleBinding ${NS}/`);
    expect(asAdmin.stdout).toContain(`+ create ConfigMap ${NS}/nsi-config`);
    const json = JSON.parse(
      vzmc('plan', '--cluster', 'managed1', '--as-agent', '--context', 'managed1', '-o', 'json').stdout,
    ) as PlanJson;
    expect(json.state).toBe('unknown');
    expect(json.view).toBe(AGENT_VIEW.slice('view: '.length));
    expect(json.unreadable.map((u) => u.namespace)).toContain(NS);
  });

  it('V2: sync --once exits 1 naming the missing binding, and the VMC carries the condition', async () => {
    const sync = vzmc('sync', '--cluster', 'managed1', '--once', '--context', 'managed1');
    expect(sync.code, sync.stderr).toBe(1);
    expect(sync.stdout).toMatch(/^not synced managed1: cannot read \d+ admin namespace\(s\): /);
    expect(sync.stdout).toContain(FORBIDDEN);
    expect(sync.stderr).toContain(FORBIDDEN);
    expect(await vmcCondition()).toMatchObject({
      status: 'False',
      message: expect.stringContaining(FORBIDDEN),
    });
    expect(
      await getIfPresent(managed1, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: NS,
        name: 'nsi-config',
      }),
    ).toBeUndefined();
  });

  it('V2: after one admin pass, plan --as-agent shows the actions sync then executes, and sync exits 0', async () => {
    await syncAdmin(admin);
    const plan = JSON.parse(
      vzmc('plan', '--cluster', 'managed1', '--as-agent', '--context', 'managed1', '-o', 'json').stdout,
    ) as PlanJson;
    expect(plan.unreadable).toEqual([]);
    const dry = vzmc(
      'sync',
      '--cluster',
      'managed1',
      '--once',
      '--dry-run',
      '-o',
      'json',
      '--context',
      'managed1',
    );
    expect(dry.code, dry.stderr).toBe(0);
    const dryPlan = (JSON.parse(dry.stdout) as { plan: { actions: { key: string }[] } }).plan;
    expect(plan.actions.map((a) => a.key)).toEqual(dryPlan.actions.map((a) => a.key));
    expect(plan.actions.map((a) => a.key)).toContain(`local:/ConfigMap/${NS}/nsi-config`);
    const sync = vzmc('sync', '--cluster', 'managed1', '--once', '--context', 'managed1');
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/^synced managed1: \d+ action\(s\)/);
    expect(
      await getIfPresent(managed1, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: NS,
        name: 'nsi-config',
      }),
    ).toBeDefined();
    expect(await vmcCondition()).toMatchObject({ status: 'True' });
  });
});
