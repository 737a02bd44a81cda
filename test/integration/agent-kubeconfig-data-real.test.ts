/**
 * A kubeconfig taken from a cluster is data, never code (§7.1; docs/deviations.md "The agent"):
 * `vzmc sync --once` and `vzmc plan --as-agent` on a real managed cluster whose agent Secret holds
 * an admin-kubeconfig with an exec plugin. Both refuse it naming the field, run nothing, and print
 * no token. Verrazzano's agent hands the stored kubeconfig to client-go, which would run the
 * plugin. Needs `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentKubeconfig, type ClusterClient } from '../../src/index.js';
import { createK8sClusterClient } from '../../src/k8s.js';
import { startTestClusters, type TestClusters } from '../../src/testing.js';
import { REPO } from '../support/cli-shell.js';

const CLI = join(REPO, 'dist', 'cli.js');
const TOKEN = 'TOKEN-THAT-MUST-NOT-LEAK';

let clusters: TestClusters | undefined;
let managed: ClusterClient;
let dir: string;
let kubeconfig: string;
let marker: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  clusters = await startTestClusters({ clusters: ['exec-managed'] });
  const info = clusters.cluster('exec-managed');
  dir = mkdtempSync(join(tmpdir(), 'vzmc-exec-'));
  kubeconfig = join(dir, 'kubeconfig');
  marker = join(dir, 'the-plugin-ran');
  writeFileSync(kubeconfig, info.kubeconfig);
  managed = createK8sClusterClient({ kubeconfig: { yaml: info.kubeconfig }, name: 'managed' });
  // A plugin that would leave a file behind if anything ran it.
  const hostile = agentKubeconfig({ server: info.server, caData: '', token: TOKEN }).replace(
    `    token: ${TOKEN}`,
    `    token: ${TOKEN}\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/sh\n      args: [-c, "touch ${marker}"]`,
  );
  await managed.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'verrazzano-system' } });
  await managed.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'verrazzano-cluster-agent', namespace: 'verrazzano-system' },
    stringData: { 'managed-cluster-name': 'exec-managed', 'admin-kubeconfig': hostile },
  });
}, 300_000);

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await clusters?.stop();
});

function vzmc(...args: string[]) {
  const out = spawnSync(process.execPath, [CLI, ...args, '--kubeconfig', kubeconfig], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: out.status, output: `${out.stdout}${out.stderr}` };
}

describe('the agent Secret is data, never code (§7.1)', () => {
  it('vzmc sync --once refuses an exec plugin naming the field, runs nothing and prints no token', () => {
    const { code, output } = vzmc('sync', '--cluster', 'exec-managed', '--once');
    expect(code).toBe(1);
    expect(output).toContain('users[mcAgent].user.exec');
    expect(output).not.toContain(TOKEN);
    expect(existsSync(marker)).toBe(false);
  });

  it('vzmc plan --as-agent refuses it the same way', () => {
    const { code, output } = vzmc('plan', '--cluster', 'exec-managed', '--as-agent');
    expect(code).not.toBe(0);
    expect(output).toContain('users[mcAgent].user.exec');
    expect(output).not.toContain(TOKEN);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('insecure-skip-tls-verify in the agent Secret (issue 13 item 4)', () => {
  /** The agent Secret with a working kubeconfig for this server (the admin here) that turns TLS verification off. */
  async function insecureSecret() {
    const info = clusters!.cluster('exec-managed');
    const insecure = agentKubeconfig({ server: info.server, caData: '', token: info.token }).replace(
      '    server:',
      '    insecure-skip-tls-verify: true\n    server:',
    );
    const key = {
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: 'verrazzano-system',
      name: 'verrazzano-cluster-agent',
    };
    const stored = await managed.get(key);
    await managed.replace({
      ...stored,
      data: { 'managed-cluster-name': Buffer.from('exec-managed').toString('base64') },
      stringData: { 'admin-kubeconfig': insecure },
    });
    return info.token;
  }

  it('insecure-skip-tls-verify: refused without --allow-insecure-admin, naming the field path', async () => {
    const token = await insecureSecret();
    const { code, output } = vzmc('sync', '--cluster', 'exec-managed', '--once');
    expect(code).toBe(1);
    expect(output).toContain('clusters[admin].cluster.insecure-skip-tls-verify');
    expect(output).toContain('--allow-insecure-admin');
    expect(output).not.toContain(token);
  });

  it('insecure-skip-tls-verify: with --allow-insecure-admin it connects, and the log warns on the connection', async () => {
    const token = await insecureSecret();
    const { output } = vzmc(
      'sync',
      '--cluster',
      'exec-managed',
      '--once',
      '--allow-insecure-admin',
      '--log-format',
      'json',
    );
    expect(output).not.toContain('clusters[admin].cluster.insecure-skip-tls-verify;');
    expect(output).toContain('INSECURE: TLS verification of the admin cluster is OFF');
    // It reached the admin: the answer is about the VMC, not the kubeconfig.
    expect(output).toMatch(/verrazzanomanagedclusters|VMC|VerrazzanoManagedCluster/);
    expect(output).not.toContain(token);
  });
});
