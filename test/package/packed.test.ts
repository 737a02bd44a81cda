/**
 * The package as users get it (issues #7 and #11): `npm pack`, installed with npm into a fresh
 * project beside vitest at the floor of vzmc's peer range, its bins, `require()` of every entry,
 * the declarations of every entry type-checked with `skipLibCheck: false`, and the examples of
 * examples/, each built with tsc against the installed declarations and run with plain node
 * (placement-tests with vitest). The controller example needs real clusters:
 * test/integration/example-controller.test.ts runs it. Runs after `npm run build`.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentKubeconfig, loadText, parseAgentKubeconfig, type KubeObject } from '../../src/index.js';
import {
  EXAMPLES,
  REPO,
  TSC,
  VITEST_FLOOR,
  createConsumerProject,
  run,
  succeeded,
  type ConsumerProject,
  type ExampleName,
  type RunResult,
} from './consumer.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let project: ConsumerProject;
/** tsc of every example, started together in beforeAll (each takes seconds; they overlap). */
let builds: Map<ExampleName, Promise<RunResult>>;
/** Inputs the tests write for the examples. */
let inputs: string;

beforeAll(async () => {
  project = await createConsumerProject();
  builds = new Map(EXAMPLES.map((example) => [example, project.tsc(example)]));
  inputs = join(project.dir, 'inputs');
  mkdirSync(inputs);
});

afterAll(() => {
  project?.remove();
});

const built = async (example: ExampleName) => succeeded(`tsc -p ${example}`, await builds.get(example)!);
const write = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};
const objectsOf = (yaml: string, file: string): KubeObject[] => {
  const loaded = loadText(yaml, file);
  expect(loaded.issues).toEqual([]);
  return loaded.objects.map((entry) => entry.object);
};

describe('the installed package', () => {
  it('node_modules/.bin/vzmc --version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const result = succeeded(
      'vzmc --version',
      await run(join(project.dir, 'node_modules', '.bin', 'vzmc'), ['--version'], { cwd: project.dir }),
    );
    expect(result.stdout.trim()).toBe(version);
  });

  it('node_modules/.bin/kubectl-vzmc --help says kubectl vzmc and lists the commands (the kubectl plugin binary)', async () => {
    const result = succeeded(
      'kubectl-vzmc --help',
      await run(join(project.dir, 'node_modules', '.bin', 'kubectl-vzmc'), ['--help'], { cwd: project.dir }),
    );
    expect(result.stdout.split('\n')[0]).toBe('Usage: kubectl vzmc [options] [command]');
    for (const command of ['validate', 'explain', 'render', 'register', 'sync'])
      expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('vzmc, vzmc/agent, vzmc/memory, vzmc/k8s and vzmc/testing export, from the tarball, what src exports (the build is current)', async () => {
    const script = `const out = {};
      for (const entry of ['vzmc', 'vzmc/agent', 'vzmc/memory', 'vzmc/k8s', 'vzmc/testing']) out[entry] = Object.keys(await import(entry)).sort();
      console.log(JSON.stringify(out));`;
    const result = succeeded(
      'node -e',
      await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project.dir }),
    );
    const keys = async (module: Promise<object>) => Object.keys(await module).sort();
    expect(JSON.parse(result.stdout)).toEqual({
      vzmc: await keys(import('../../src/index.js')),
      'vzmc/agent': await keys(import('../../src/agent-entry.js')),
      'vzmc/memory': await keys(import('../../src/memory.js')),
      'vzmc/k8s': await keys(import('../../src/k8s.js')),
      'vzmc/testing': await keys(import('../../src/testing.js')),
    });
  });

  it(`installs beside vitest ${VITEST_FLOOR}, the floor of its optional peer range, without ERESOLVE`, async () => {
    expect(project.install.stdout + project.install.stderr).not.toMatch(/ERESOLVE|peer dep/i);
    const installed = (name: string) =>
      (
        JSON.parse(readFileSync(join(project.dir, 'node_modules', name, 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
    expect(installed('vitest')).toBe(VITEST_FLOOR);
    // npm ls exits non-zero on a missing or invalid peer.
    const ls = succeeded('npm ls vitest', await run(NPM, ['ls', 'vitest', '--json'], { cwd: project.dir }));
    const tree = JSON.parse(ls.stdout) as {
      dependencies: Record<string, { version: string; dependencies?: Record<string, { version: string }> }>;
    };
    expect(tree.dependencies['vitest']?.version).toBe(VITEST_FLOOR);
  });

  it('require() of every entry point (Node >= 20.19) gives what import gives, and works', async () => {
    const kubeconfig = agentKubeconfig({ server: 'https://admin.example:6443', caData: '', token: 't' });
    const encoded = Buffer.from(kubeconfig).toString('base64');
    const script = `const out = { keys: {} };
      for (const entry of ['vzmc', 'vzmc/agent', 'vzmc/memory', 'vzmc/k8s', 'vzmc/testing']) out.keys[entry] = Object.keys(require(entry)).sort();
      const { loadText } = require('vzmc');
      out.kinds = loadText('apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: a}\\n', 'a.yaml').objects.map((o) => o.object.kind);
      out.source = require('vzmc/k8s').kubeconfigFromAgentSecret({ data: { 'admin-kubeconfig': '${encoded}' } });
      out.duration = require('vzmc/testing').formatDuration(61_000);
      console.log(JSON.stringify(out));`;
    const result = succeeded(
      'node -e (CommonJS)',
      await run(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: project.dir }),
    );
    const keys = async (module: Promise<object>) => Object.keys(await module).sort();
    expect(JSON.parse(result.stdout)).toEqual({
      keys: {
        vzmc: await keys(import('../../src/index.js')),
        'vzmc/agent': await keys(import('../../src/agent-entry.js')),
        'vzmc/memory': await keys(import('../../src/memory.js')),
        'vzmc/k8s': await keys(import('../../src/k8s.js')),
        'vzmc/testing': await keys(import('../../src/testing.js')),
      },
      kinds: ['ConfigMap'],
      source: { yaml: kubeconfig },
      duration: '1m01s',
    });
  });

  it('ships LICENSE, the Universal Permissive License 1.0 that package.json names', () => {
    const installed = join(project.dir, 'node_modules', 'vzmc');
    const { license } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      license: string;
    };
    expect(license).toBe('UPL-1.0');
    const text = readFileSync(join(installed, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^Copyright \(c\) \d{4} vzmc contributors\n/);
    expect(text).toContain('The Universal Permissive License (UPL), Version 1.0');
  });
});

describe('the installed declarations, with skipLibCheck: false', () => {
  /** Uses every entry point's values and types, as a consumer would. */
  const ESM = `import * as core from 'vzmc';
import { loadText, type ClusterClient, type KubeObject } from 'vzmc';
import * as agent from 'vzmc/agent';
import { createAgent, type Agent } from 'vzmc/agent';
import * as memory from 'vzmc/memory';
import { createMemoryCluster, type MemoryCluster } from 'vzmc/memory';
import * as k8s from 'vzmc/k8s';
import { createK8sClusterClient, kubeconfigFromAgentSecret, type K8sKubeConfigLike, type K8sKubeconfigSource } from 'vzmc/k8s';
import * as testing from 'vzmc/testing';
import { formatDuration } from 'vzmc/testing';

const source: K8sKubeconfigSource = kubeconfigFromAgentSecret({ stringData: { 'admin-kubeconfig': 'apiVersion: v1' } });
const cluster: MemoryCluster = createMemoryCluster();
const clients: ClusterClient[] = [cluster.client(), createK8sClusterClient({ kubeconfig: source, name: 'a' })];
const agents: Agent[] = [createAgent({ local: cluster.client(), connectAdmin: () => cluster.client() })];
const objects: KubeObject[] = loadText('', 'a.yaml').objects.map((entry) => entry.object);
export type KubeConfigLike = K8sKubeConfigLike;
export const used = { clients, agents, objects, duration: formatDuration(1), entries: [core, agent, memory, k8s, testing] };
`;
  /** A CommonJS module that requires every entry (TypeScript >= 5.8 allows that under NodeNext). */
  const CJS = `import vzmc = require('vzmc');
import agent = require('vzmc/agent');
import memory = require('vzmc/memory');
import k8s = require('vzmc/k8s');
import testing = require('vzmc/testing');

export const used: string[] = [
  vzmc.loadText('', 'a.yaml').issues.length.toString(),
  agent.ControllerDefaults.resyncPeriodMs.toString(),
  memory.DEFAULT_SERVER_VERSION,
  k8s.ADMIN_KUBECONFIG_KEY,
  testing.formatDuration(1),
];
`;
  const options = { target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, types: ['node'] };
  let dir: string;

  beforeAll(() => {
    dir = join(project.dir, 'types-check');
    write(join(dir, 'esm.ts'), ESM);
    write(join(dir, 'require.cts'), CJS);
    write(
      join(dir, 'nodenext.json'),
      JSON.stringify({
        compilerOptions: { ...options, module: 'NodeNext' },
        files: ['esm.ts', 'require.cts'],
      }),
    );
    write(
      join(dir, 'bundler.json'),
      JSON.stringify({
        compilerOptions: { ...options, module: 'ESNext', moduleResolution: 'Bundler' },
        files: ['esm.ts'],
      }),
    );
  });

  it('nothing in the project provides the types of ws (vzmc/k8s must not need them)', () => {
    expect(existsSync(join(project.dir, 'node_modules', 'ws', 'package.json'))).toBe(true);
    expect(existsSync(join(project.dir, 'node_modules', '@types', 'ws'))).toBe(false);
  });

  it.each(['nodenext', 'bundler'])('every entry type-checks with module resolution %s', async (config) => {
    const result = await run(process.execPath, [TSC, '-p', join(dir, `${config}.json`)], { cwd: dir });
    expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: '' });
  });
});

describe('examples/registration-script', () => {
  const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUZXhhbXBsZQ==\n-----END CERTIFICATE-----\n';
  const list = (adminServer: string, clusters: string[]) =>
    JSON.stringify({
      adminServer,
      adminCaFile: 'ca.pem',
      clusters: clusters.map((name) => ({ name, tokenFile: `tokens/${name}` })),
    });
  const setup = (dir: string, adminServer: string, clusters: string[]) => {
    write(join(dir, 'ca.pem'), CA);
    for (const name of clusters) write(join(dir, 'tokens', name), `token-of-${name}\n`);
    write(join(dir, 'clusters.json'), list(adminServer, clusters));
    return join(dir, 'clusters.json');
  };

  it('compiles with tsc against the installed declarations', async () => {
    await built('registration-script');
  });

  it('writes admin.yaml and register.yaml per cluster, owner-only; register.yaml is what `vzmc register` prints', async () => {
    await built('registration-script');
    const dir = join(inputs, 'registration');
    const listFile = setup(dir, 'https://admin.example.com:6443', ['prod-us', 'prod-eu']);
    const out = join(dir, 'out');
    succeeded(
      'register-clusters',
      await project.node('registration-script', 'register-clusters', [listFile, out]),
    );

    for (const cluster of ['prod-us', 'prod-eu']) {
      const manifest = readFileSync(join(out, cluster, 'register.yaml'), 'utf8');
      const cli = succeeded(
        'vzmc register',
        await run(
          join(project.dir, 'node_modules', '.bin', 'vzmc'),
          [
            'register',
            cluster,
            '--admin-server',
            'https://admin.example.com:6443',
            '--ca-file',
            join(dir, 'ca.pem'),
            '--token-file',
            join(dir, 'tokens', cluster),
          ],
          { cwd: project.dir },
        ),
      );
      expect(manifest).toBe(cli.stdout);
      const [namespace, agent, registration] = objectsOf(manifest, 'register.yaml') as (KubeObject & {
        data: Record<string, string>;
      })[];
      expect([namespace?.metadata, agent?.metadata, registration?.metadata]).toEqual([
        { name: 'verrazzano-system' },
        { name: 'verrazzano-cluster-agent', namespace: 'verrazzano-system' },
        { name: 'verrazzano-cluster-registration', namespace: 'verrazzano-system' },
      ]);
      const kubeconfig = Buffer.from(agent!.data['admin-kubeconfig']!, 'base64').toString('utf8');
      expect(parseAgentKubeconfig(kubeconfig)).toMatchObject({
        server: 'https://admin.example.com:6443',
        token: `token-of-${cluster}`,
      });

      const admin = objectsOf(readFileSync(join(out, cluster, 'admin.yaml'), 'utf8'), 'admin.yaml');
      expect(admin.map((o) => `${o.kind} ${o.metadata.name ?? ''}`)).toEqual([
        'ClusterRole verrazzano-managed-cluster',
        `VerrazzanoManagedCluster ${cluster}`,
        `ServiceAccount verrazzano-cluster-${cluster}`,
        `Secret verrazzano-cluster-${cluster}-token`,
        `RoleBinding verrazzano-cluster-${cluster}`,
        `Secret verrazzano-cluster-${cluster}-agent`,
        `Secret verrazzano-cluster-${cluster}-registration`,
        `Secret verrazzano-cluster-${cluster}-manifest`,
      ]);
      expect(admin[1]?.spec).toMatchObject({
        serviceAccount: `verrazzano-cluster-${cluster}`,
        managedClusterManifestSecret: `verrazzano-cluster-${cluster}-manifest`,
      });
      for (const file of ['admin.yaml', 'register.yaml'])
        expect(statSync(join(out, cluster, file)).mode & 0o777).toBe(0o600);
    }
  });

  it('exits 1 and writes nothing when a cluster is invalid, naming every problem', async () => {
    await built('registration-script');
    const dir = join(inputs, 'registration-invalid');
    const listFile = setup(dir, 'http://admin.example.com:6443', ['local', 'Prod_EU']);
    const out = join(dir, 'out');
    const result = await project.node('registration-script', 'register-clusters', [listFile, out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('local: the name "local" is reserved for the admin cluster itself');
    expect(result.stderr).toContain('Prod_EU: Invalid value: "Prod_EU"');
    expect(result.stderr).toContain('is not https');
    expect(() => statSync(out)).toThrow(/ENOENT/);
  });
});

describe('examples/cli-embedding', () => {
  const fleet = () => {
    const dir = join(inputs, 'fleet');
    write(
      join(dir, 'clusters.yaml'),
      ['prod-us', 'prod-eu']
        .map(
          (name) =>
            `apiVersion: clusters.verrazzano.io/v1alpha1\nkind: VerrazzanoManagedCluster\nmetadata: {name: ${name}, namespace: verrazzano-mc}\n`,
        )
        .join('---\n'),
    );
    write(
      join(dir, 'shop.yaml'),
      `apiVersion: clusters.verrazzano.io/v1alpha1
kind: VerrazzanoProject
metadata: {name: shop, namespace: verrazzano-mc}
spec:
  template: {namespaces: [{metadata: {name: shop}}]}
  placement: {clusters: [{name: prod-us}]}
---
apiVersion: clusters.verrazzano.io/v1alpha1
kind: MultiClusterConfigMap
metadata: {name: shop-settings, namespace: shop}
spec:
  template: {data: {currency: USD}}
  placement: {clusters: [{name: prod-us}, {name: prod-eu}]}
---
apiVersion: clusters.verrazzano.io/v1alpha1
kind: MultiClusterSecret
metadata: {name: shop-db, namespace: shop}
spec:
  template: {stringData: {password: hunter2}}
  placement: {clusters: [{name: prod-us}]}
`,
    );
    return dir;
  };

  it('compiles with tsc against the installed declarations', async () => {
    await built('cli-embedding');
  });

  it('explain: every resource on every known cluster, with the first failing gate and its rule', async () => {
    await built('cli-embedding');
    const result = succeeded(
      'fleet-tool explain',
      await project.node('cli-embedding', 'fleet-tool', ['explain', fleet()]),
    );
    expect(result.stdout).toContain(
      [
        'MultiClusterConfigMap shop/shop-settings',
        '  prod-eu: not placed, project-placement: project shop places [prod-us], not prod-eu (P6)',
        '  prod-us: placed',
        '  local: not placed, resource-placement: its placement [prod-us, prod-eu] does not name local (P15)',
      ].join('\n'),
    );
    expect(result.stdout).toContain('VerrazzanoProject verrazzano-mc/shop\n');
  });

  it('render: the objects a cluster holds, Secret data redacted', async () => {
    await built('cli-embedding');
    const result = succeeded(
      'fleet-tool render',
      await project.node('cli-embedding', 'fleet-tool', ['render', fleet(), '--cluster', 'prod-us']),
    );
    const objects = objectsOf(result.stdout, 'render output');
    const keys = objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`);
    expect(keys).toContain('ConfigMap shop/shop-settings');
    expect(keys).toContain('Secret shop/shop-db');
    expect(result.stdout).toContain('<redacted>');
    expect(result.stdout).not.toContain('hunter2');
    expect(result.stdout).not.toContain(Buffer.from('hunter2').toString('base64'));
  });

  it('exits 2 with the usage on bad arguments, and 1 with file:line:column on a broken fleet', async () => {
    await built('cli-embedding');
    const usage = await project.node('cli-embedding', 'fleet-tool', ['render', fleet()]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: fleet-tool');
    write(join(inputs, 'broken', 'broken.yaml'), 'a: [\n');
    const broken = await project.node('cli-embedding', 'fleet-tool', ['explain', join(inputs, 'broken')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.yaml:\d+:\d+: /);
  });
});

describe('examples/placement-tests', () => {
  it(`type-checks with tsc against the installed declarations and vitest ${VITEST_FLOOR}`, async () => {
    await built('placement-tests');
  });

  it(`passes under vitest ${VITEST_FLOOR}, installed beside vzmc, importing the installed vzmc`, async () => {
    const result = await run(
      process.execPath,
      [join(project.dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json'],
      { cwd: project.exampleDir('placement-tests') },
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { numPassedTests: number; numFailedTests: number };
    expect(report).toMatchObject({ numPassedTests: 6, numFailedTests: 0 });
  });
});

describe('examples/controller', () => {
  it('compiles with tsc against the installed declarations (test/integration/example-controller.test.ts runs it)', async () => {
    await built('controller');
  });
});
