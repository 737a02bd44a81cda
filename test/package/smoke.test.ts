/**
 * Smoke test of the built package (issue #2): each entry point of dist/ loads in plain node, outside
 * vitest's module loader, and one of its functions works. Runs after `npm run build`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO, run, succeeded } from './consumer.js';

/** Runs an ES module body in a fresh `node`, with `entry` imported as `m`; returns what it prints as JSON. */
async function inNode(entry: string, body: string): Promise<unknown> {
  const url = pathToFileURL(join(REPO, 'dist', entry)).href;
  const script = `const m = await import(${JSON.stringify(url)});\n${body}`;
  const result = succeeded(
    `node -e (${entry})`,
    await run(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, timeoutMs: 60_000 }),
  );
  return JSON.parse(result.stdout) as unknown;
}

describe('the built package in plain node', () => {
  it('dist/index.js: loadText reads a manifest, and generateCrds gives the CRDs', async () => {
    const out = await inNode(
      'index.js',
      `const { objects, issues } = m.loadText('apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: smoke\\n', 'smoke.yaml');
       console.log(JSON.stringify({ kinds: objects.map((o) => o.object.kind), issues, crds: m.generateCrds().map((crd) => crd.spec.names.kind) }));`,
    );
    expect(out).toEqual({
      kinds: ['ConfigMap'],
      issues: [],
      crds: expect.arrayContaining(['VerrazzanoProject', 'MultiClusterConfigMap']),
    });
  });

  it('dist/memory.js: an in-memory cluster answers serverVersion', async () => {
    const out = await inNode(
      'memory.js',
      `console.log(JSON.stringify({ version: await m.createMemoryCluster().client().serverVersion() }));`,
    );
    expect(out).toEqual({ version: expect.stringMatching(/^v1\.\d+\.\d+/) });
  });

  it('dist/agent.js: installCrds installs the CRDs of dist/index.js into an in-memory cluster', async () => {
    const url = (entry: string) => JSON.stringify(pathToFileURL(join(REPO, 'dist', entry)).href);
    const out = await inNode(
      'agent.js',
      `const { generateCrds } = await import(${url('index.js')});
       const { createMemoryCluster } = await import(${url('memory.js')});
       const client = createMemoryCluster().client();
       await m.installCrds(client, generateCrds());
       const crds = await client.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
       console.log(JSON.stringify({ installed: crds.items.length === generateCrds().length }));`,
    );
    expect(out).toEqual({ installed: true });
  });

  it('dist/k8s.js: a client for an unreachable server rejects with reason Unavailable', async () => {
    const out = await inNode(
      'k8s.js',
      `const yaml = [
         'apiVersion: v1', 'kind: Config', 'current-context: smoke',
         'clusters: [{name: smoke, cluster: {server: "https://127.0.0.1:1"}}]',
         'users: [{name: smoke, user: {token: t}}]',
         'contexts: [{name: smoke, context: {cluster: smoke, user: smoke}}]',
       ].join('\\n');
       const client = m.createK8sClusterClient({ kubeconfig: { yaml }, name: 'smoke', timeoutMs: 5000 });
       const reason = await client.serverVersion().then(() => 'resolved', (error) => error.reason);
       client.close();
       console.log(JSON.stringify({ reason }));`,
    );
    expect(out).toEqual({ reason: 'Unavailable' });
  });

  it('dist/testing.js: the harness helpers work without starting clusters (formatDuration, defaultTestStateDir)', async () => {
    const out = await inNode(
      'testing.js',
      `console.log(JSON.stringify({
         duration: m.formatDuration(61_000),
         stateDir: m.defaultTestStateDir({ VZMC_CACHE_DIR: '/cache' }),
       }));`,
    );
    expect(out).toEqual({ duration: '1m01s', stateDir: join('/cache', 'state', 'vitest') });
  });
});
