import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/index.js';
import { TEST_CA_PEM } from '../../support/pki.js';
import { appliedBy } from '../../support/simulate.js';
import { FLEET, run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'vzmc-cli-'));
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.dG9rZW4tZm9yLXRlc3Rz.c2lnbmF0dXJl';
const TOKEN_B64 = Buffer.from(TOKEN).toString('base64').slice(0, 20);
writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
writeFileSync(join(dir, 'ca.pem'), TEST_CA_PEM);
writeFileSync(join(dir, 'bad.pem'), 'not a certificate');
const args = [
  'register',
  'managed1',
  '--admin-server',
  'https://admin.example.com:6443',
  '--ca-file',
  join(dir, 'ca.pem'),
  '--token-file',
  join(dir, 'token'),
];

type Obj = { kind: string; metadata: { name: string; namespace?: string }; data?: Record<string, string> };

describe('vzmc register', () => {
  it('prints the step-2 manifest by default, byte-identical across runs', async () => {
    const first = await run(args);
    expect(first.code).toBe(0);
    expect(
      first.stdout
        .replace(/^(#.*\n)+/, '')
        .startsWith(
          '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: verrazzano-system\n---\napiVersion: v1\ndata:\n  admin-kubeconfig: ',
        ),
    ).toBe(true);
    expect((await run(args)).stdout).toBe(first.stdout);
    expect(first.stderr).toBe('');
  });

  it('--admin-objects -o yaml prints every admin object, the Namespace and the VMC included, with Secret data (wiring cluster-namespace, issue 13)', async () => {
    const { code, stdout } = await run([...args, '--admin-objects', '-o', 'yaml']);
    expect(code).toBe(0);
    const objects = loadAll(stdout) as Obj[];
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace /verrazzano-mc',
      'VerrazzanoManagedCluster verrazzano-mc/managed1',
      'ServiceAccount verrazzano-mc/verrazzano-cluster-managed1',
      'Secret verrazzano-mc/verrazzano-cluster-managed1-token',
      'Namespace /vzmc-cluster-managed1',
      'Role vzmc-cluster-managed1/vzmc-agent',
      'RoleBinding vzmc-cluster-managed1/vzmc-agent',
      'Role verrazzano-mc/vzmc-agent-managed1',
      'RoleBinding verrazzano-mc/vzmc-agent-managed1',
      'ConfigMap vzmc-cluster-managed1/vzmc-report',
      'Secret verrazzano-mc/verrazzano-cluster-managed1-agent',
      'Secret verrazzano-mc/verrazzano-cluster-managed1-registration',
      'Secret verrazzano-mc/verrazzano-cluster-managed1-manifest',
    ]);
    expect(objects[1]).toMatchObject({
      metadata: {
        annotations: { 'vzmc.dev/wiring': 'cluster-namespace' },
        labels: { 'vzmc.dev/wiring': 'cluster-namespace' },
      },
      spec: {
        serviceAccount: 'verrazzano-cluster-managed1',
        managedClusterManifestSecret: 'verrazzano-cluster-managed1-manifest',
      },
    });
    const kubeconfig = Buffer.from(objects[10]!.data!['admin-kubeconfig']!, 'base64').toString('utf8');
    expect(kubeconfig).toContain(`token: ${TOKEN}`);
    // Nothing in them reaches beyond the cluster's own objects: every rule is namespaced, and the
    // rules of verrazzano-mc name their objects.
    const mcRole = objects[7] as Obj & { rules: { resourceNames?: string[] }[] };
    expect(mcRole.rules.map((r) => r.resourceNames)).toEqual([
      ['managed1'],
      ['managed1'],
      ['verrazzano-cluster-managed1-registration'],
    ]);
  });

  it('--wiring verrazzano prints the ClusterRole and its binding, as Verrazzano does', async () => {
    const { code, stdout } = await run([...args, '--admin-objects', '-o', 'yaml', '--wiring', 'verrazzano']);
    expect(code).toBe(0);
    const objects = loadAll(stdout) as Obj[];
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace /verrazzano-mc',
      'ClusterRole /verrazzano-managed-cluster',
      'VerrazzanoManagedCluster verrazzano-mc/managed1',
      'ServiceAccount verrazzano-mc/verrazzano-cluster-managed1',
      'Secret verrazzano-mc/verrazzano-cluster-managed1-token',
      'RoleBinding verrazzano-mc/verrazzano-cluster-managed1',
      'Secret verrazzano-mc/verrazzano-cluster-managed1-agent',
      'Secret verrazzano-mc/verrazzano-cluster-managed1-registration',
      'Secret verrazzano-mc/verrazzano-cluster-managed1-manifest',
    ]);
  });

  it('text output and --redact never show the token', async () => {
    for (const extra of [
      ['-o', 'text'],
      ['--admin-objects', '-o', 'text'],
      ['--admin-objects', '--redact'],
      ['-o', 'json', '--redact'],
    ]) {
      const { code, stdout } = await run([...args, ...extra]);
      expect(code, extra.join(' ')).toBe(0);
      expect(stdout, extra.join(' ')).not.toContain(TOKEN);
      expect(stdout, extra.join(' ')).not.toContain(TOKEN_B64);
    }
    const text = (await run([...args, '-o', 'text'])).stdout.split('\n');
    expect(text[0]).toMatch(/^KIND +NAMESPACE +NAME +DATA$/);
    expect(text[1]).toMatch(/^Namespace +verrazzano-system$/);
    expect(text[2]).toMatch(
      /^Secret +verrazzano-system +verrazzano-cluster-agent +admin-kubeconfig,managed-cluster-name \(redacted\)$/,
    );
  });

  it('-o json prints the manifest as a List', async () => {
    const { stdout } = await run([...args, '-o', 'json']);
    const list = JSON.parse(stdout) as { kind: string; items: Obj[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((o) => o.metadata.name)).toEqual([
      'verrazzano-system',
      'verrazzano-cluster-agent',
      'verrazzano-cluster-registration',
    ]);
  });

  it.each([
    [['--admin-server', 'not a url'], 'invalid admin server URL "not a url": invalid URI for request'],
    [['--admin-server', 'http://admin:6443'], 'is not https'],
    [['--ca-file', join(dir, 'bad.pem')], 'the CA bundle is not PEM'],
  ])('bad input %j exits 2 with the exact error, and no token in the output', async (extra, message) => {
    const { code, stdout, stderr } = await run([...args, ...extra]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout + stderr).not.toContain(TOKEN);
  });

  it.each([
    [
      ['--context', 'admin'],
      'vzmc: --token-file renders offline and --context talks to the admin: give one of them\n',
    ],
    [
      ['--admin-context', 'admin'],
      'vzmc: --token-file renders offline and --context talks to the admin: give one of them\n',
    ],
  ])('%j with --token-file is a usage error', async (extra, message) => {
    const { code, stderr } = await run([...args, ...extra]);
    expect(code).toBe(2);
    expect(stderr).toBe(message);
  });

  it('--token-file needs --admin-server; --admin-objects needs --token-file', async () => {
    const offline = await run(['register', 'managed1', '--token-file', join(dir, 'token')]);
    expect([offline.code, offline.stderr]).toEqual([2, 'vzmc: --token-file needs --admin-server\n']);
    const online = await run(['register', 'managed1', '--admin-objects']);
    expect(online.code).toBe(2);
    expect(online.stderr).toContain(
      '--admin-objects prints the objects rendered offline (with --token-file)',
    );
  });

  it('without --token-file it reads the admin context from the kubeconfig, and names a missing one', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\ncurrent-context: ""\n',
    );
    const { code, stderr } = await run([
      'register',
      'managed1',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'admin',
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe('vzmc: context "admin" not found in the kubeconfig\n');
  });

  it('rejects the reserved name local and a name that is not a DNS label', async () => {
    expect((await run(['register', 'local', ...args.slice(2)])).stderr).toContain(
      'the name "local" is reserved for the admin cluster itself',
    );
    expect((await run(['register', 'Managed_1', ...args.slice(2)])).stderr).toContain(
      'a lowercase RFC 1123 label',
    );
  });
});

/** managed1 as render says it should be, with the greeting and a Secret value changed and todo-web missing. */
async function driftedManaged1(): Promise<string> {
  const live = JSON.parse(
    (await run(['render', '-f', FLEET, '--cluster', 'managed1', '-o', 'json'])).stdout,
  ) as {
    items: (Obj & { data?: Record<string, string> })[];
  };
  for (const o of live.items) {
    if (o.kind === 'ConfigMap') o.data!.GREETING = 'Hi';
    if (o.metadata.name === 'todo-db-credentials')
      o.data!.password = Buffer.from('old-password').toString('base64');
  }
  // As `kubectl get --show-managed-fields -o json` exports them: vzmc's applies own the objects (P20).
  live.items = live.items
    .filter((o) => o.metadata.name !== 'todo-web')
    .map((o) => appliedBy(o as unknown as KubeObject) as unknown as (typeof live.items)[number]);
  const local = mkdtempSync(join(tmpdir(), 'vzmc-live-'));
  writeFileSync(join(local, 'live.json'), JSON.stringify(live));
  return local;
}

describe('vzmc plan', () => {
  const empty = mkdtempSync(join(tmpdir(), 'vzmc-empty-'));
  const fromEmpty = ['plan', '--cluster', 'managed1', '--admin', FLEET, '--local', empty];

  it('plans from directories, one line per action with its rule and reason', async () => {
    const { code, stdout } = await run(fromEmpty);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Plan for managed1: 29 to create, 0 to update, 0 to delete, 5 status updates');
    expect(lines).toContain(
      '+ create ApplicationConfiguration todo-list/todo-app  [P9] unwrapped from MultiClusterApplicationConfiguration todo-list/todo-app; it does not exist yet',
    );
  });

  it('shows each update as old → new, with Secret values redacted', async () => {
    const local = await driftedManaged1();
    const { code, stdout } = await run(['plan', '--cluster', 'managed1', '--admin', FLEET, '--local', local]);
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 6)).toEqual([
      'Plan for managed1: 1 to create, 2 to update, 0 to delete, 5 status updates',
      '~ update Secret todo-list/todo-db-credentials  [P10] listed in spec.secrets of todo-app; it differs',
      '    ~ /data/password: "<redacted>" → "<redacted>"',
      '+ create Component todo-list/todo-web  [P11] referenced by todo-app; it does not exist yet',
      '~ update ConfigMap hello-helidon/hello-helidon-greeting  [P9] unwrapped from MultiClusterConfigMap hello-helidon/hello-helidon-greeting; it differs',
      '    ~ /data/GREETING: "Hi" → "Hello"',
    ]);
    expect(stdout).not.toContain(Buffer.from('old-password').toString('base64'));
  });

  it('colours the diff on a terminal only, and never with --no-color or NO_COLOR', async () => {
    const local = await driftedManaged1();
    const argv = ['plan', '--cluster', 'managed1', '--admin', FLEET, '--local', local];
    const tty = (await run(argv, { tty: true })).stdout;
    expect(tty).toContain('    ~ /data/GREETING: \u001b[31m"Hi"\u001b[0m → \u001b[32m"Hello"\u001b[0m');
    expect(tty).toContain('\u001b[32m+ create\u001b[0m Component todo-list/todo-web');
    for (const plain of [
      await run(argv, { tty: false }),
      await run([...argv, '--no-color'], { tty: true }),
      await run(argv, { tty: true, env: { NO_COLOR: '1' } }),
    ]) {
      expect(plain.stdout).not.toContain('\u001b[');
      expect(plain.stdout).toContain('    ~ /data/GREETING: "Hi" → "Hello"');
    }
  });

  it('--exit-code: 1 with differences, 0 without, 2 on errors (as kubectl diff)', async () => {
    expect((await run([...fromEmpty, '--exit-code'])).code).toBe(1);
    const converged = mkdtempSync(join(tmpdir(), 'vzmc-converged-'));
    writeFileSync(
      join(converged, 'live.yaml'),
      (await run(['render', '-f', FLEET, '--cluster', 'managed2', '-o', 'yaml'])).stdout,
    );
    // managed2's objects all there: only the status reports to the admin remain, outside -n hello-helidon's Namespace…
    const none = await run([
      'plan',
      '--cluster',
      'managed2',
      '--admin',
      FLEET,
      '--local',
      converged,
      '--exit-code',
      '-n',
      'nothing-here',
    ]);
    expect([none.code, none.stdout]).toEqual([
      0,
      'Plan for managed2: 0 to create, 0 to update, 0 to delete, 0 status updates\n  (nothing to do: the cluster has converged)\n',
    ]);
    const broken = await run([
      'plan',
      '--cluster',
      'managed1',
      '--admin',
      '/no/such/dir',
      '--local',
      empty,
      '--exit-code',
    ]);
    expect(broken.code).toBe(2);
    const invalid = mkdtempSync(join(tmpdir(), 'vzmc-invalid-'));
    writeFileSync(join(invalid, 'bad.yaml'), 'key: [unclosed\n');
    expect((await run([...fromEmpty.slice(0, 4), invalid, '--local', empty])).code).toBe(1);
    expect((await run([...fromEmpty.slice(0, 4), invalid, '--local', empty, '--exit-code'])).code).toBe(2);
  });

  it('-n keeps the actions on one namespace and its Namespace', async () => {
    const { stdout } = await run([...fromEmpty, '-n', 'hello-helidon', '-o', 'json']);
    const plan = JSON.parse(stdout) as { actions: { kind: string; name: string; namespace: string }[] };
    expect(
      plan.actions.every(
        (a) => a.namespace === 'hello-helidon' || (a.kind === 'Namespace' && a.name === 'hello-helidon'),
      ),
    ).toBe(true);
    expect(plan.actions.map((a) => a.kind)).toContain('Namespace');
    expect(plan.actions).toHaveLength(14); // 12 objects, 2 status reports of its wrappers
  });

  it('-o json has the action shape, with bodies redacted; -o yaml the same document', async () => {
    const { stdout } = await run([...fromEmpty, '-o', 'json']);
    const plan = JSON.parse(stdout);
    const secret = plan.actions.find((a: { kind: string }) => a.kind === 'Secret');
    expect(Object.keys(secret)).toEqual(
      expect.arrayContaining([
        'op',
        'target',
        'apiVersion',
        'kind',
        'namespace',
        'name',
        'reason',
        'ruleId',
        'body',
      ]),
    );
    expect(Object.values(secret.body.data)).toEqual(['<redacted>', '<redacted>']);
    const yaml = load((await run([...fromEmpty, '-o', 'yaml'])).stdout) as { actions: unknown[] };
    expect(yaml.actions).toHaveLength(plan.actions.length);
  });

  it('needs the admin side, and one source per side', async () => {
    expect((await run(['plan', '--cluster', 'm1', '--local', 'x'])).stderr).toBe(
      "vzmc: give the admin's state: --admin DIR or --admin-context CONTEXT\n",
    );
    expect((await run(['plan', '--cluster', 'm1', '--admin', 'x', '--admin-context', 'a'])).code).toBe(2);
    expect(
      (await run(['plan', '--cluster', 'm1', '--admin', 'x', '--local', 'y', '--context', 'c'])).stderr,
    ).toBe('vzmc: give one of --local and --context\n');
  });
});

describe('vzmc federation', () => {
  const fleet = join(dir, 'fleet.yaml');
  writeFileSync(
    fleet,
    [
      'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: VerrazzanoManagedCluster\nmetadata: {name: managed1, namespace: verrazzano-mc}\nspec: {caSecret: ca-secret-managed1}\nstatus: {state: Active, prometheusHost: prom.managed1.example.com}\n',
      `apiVersion: v1\nkind: Secret\nmetadata: {name: ca-secret-managed1, namespace: verrazzano-mc}\ndata: {cacrt: ${Buffer.from(TEST_CA_PEM).toString('base64')}}\n`,
      `apiVersion: v1\nkind: Secret\nmetadata: {name: verrazzano-prom-internal, namespace: verrazzano-system}\ndata: {password: ${Buffer.from('s3cret').toString('base64')}}\n`,
    ].join('---\n'),
  );

  it('text lists the three objects without Secret data', async () => {
    const { code, stdout } = await run(['federation', '-f', fleet]);
    expect(code).toBe(0);
    expect(stdout.split('\n').map((l) => l.split(/ +/).slice(0, 3).join(' '))).toEqual([
      'KIND NAMESPACE NAME',
      'Secret verrazzano-monitoring managed-cluster-ca-certs',
      'Secret verrazzano-monitoring additional-scrape-configs',
      'ConfigMap verrazzano-monitoring verrazzano-thanos-endpoints',
      '',
    ]);
    expect(stdout).toContain('jobs (redacted)');
  });

  it('-o yaml and -o json print the data; --redact hides it', async () => {
    const shown = await run(['federation', '-f', fleet, '-o', 'json']);
    const jobs = Buffer.from(JSON.parse(shown.stdout).items[1].data.jobs, 'base64').toString('utf8');
    expect(jobs).toContain('job_name: managed1');
    expect(jobs).toContain('password: s3cret');
    const redacted = await run(['federation', '-f', fleet, '-o', 'yaml', '--redact']);
    expect(redacted.stdout).toContain('jobs: <redacted>');
  });
});
