import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetPath } from '../../support/corpus.js';
import { TEST_CA_PEM } from '../../support/pki.js';
import { run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'vzmc-cli-'));
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.dG9rZW4tZm9yLXRlc3Rz.c2lnbmF0dXJl';
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

describe('vzmc register', () => {
  it('prints the step-2 manifest by default, byte-identical across runs', async () => {
    const first = await run(args);
    expect(first.code).toBe(0);
    expect(first.stdout.startsWith('---\napiVersion: v1\ndata:\n  admin-kubeconfig: ')).toBe(true);
    expect((await run(args)).stdout).toBe(first.stdout);
    expect(first.stderr).toBe('');
  });

  it('--admin-objects prints the admin objects with Secret data redacted, and never the token', async () => {
    const { code, stdout } = await run([...args, '--admin-objects']);
    expect(code).toBe(0);
    expect(stdout).toContain('kind: ServiceAccount');
    expect(stdout).toContain('name: verrazzano-managed-cluster');
    expect(stdout).not.toContain(TOKEN);
    expect(stdout).not.toContain(Buffer.from(TOKEN).toString('base64').slice(0, 20));
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

  it('rejects the reserved name local and a name that is not a DNS label', async () => {
    expect((await run(['register', 'local', ...args.slice(2)])).stderr).toContain(
      'the name "local" is reserved for the admin cluster itself',
    );
    expect((await run(['register', 'Managed_1', ...args.slice(2)])).stderr).toContain(
      'a lowercase RFC 1123 label',
    );
  });
});

describe('vzmc plan', () => {
  it('plans from directories, as a readable diff with redacted Secrets', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vzmc-empty-'));
    const { code, stdout } = await run([
      'plan',
      '--cluster',
      'managed1',
      '--admin',
      fleetPath('todo-list'),
      fleetPath('vmc-managed1.yaml'),
      '--local',
      empty,
    ]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(
      'Plan for managed1: 16 to create, 0 to update, 0 to delete, 2 status updates',
    );
    expect(stdout).toContain('+ create ApplicationConfiguration todo-list/todo-app  [P9]');
  });

  it('-o json has the action shape, with bodies redacted', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vzmc-empty-'));
    const { stdout } = await run([
      'plan',
      '--cluster',
      'managed1',
      '--admin',
      fleetPath('todo-list'),
      fleetPath('vmc-managed1.yaml'),
      '--local',
      empty,
      '-o',
      'json',
    ]);
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
  });

  it('needs exactly one source per side', async () => {
    expect((await run(['plan', '--cluster', 'm1', '--local', 'x'])).code).toBe(2);
  });
});

describe('vzmc federation', () => {
  it('prints the three objects with the password redacted', async () => {
    const fleet = join(dir, 'fleet.yaml');
    writeFileSync(
      fleet,
      [
        'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: VerrazzanoManagedCluster\nmetadata: {name: managed1, namespace: verrazzano-mc}\nspec: {caSecret: ca-secret-managed1}\nstatus: {state: Active, prometheusHost: prom.managed1.example.com}\n',
        `apiVersion: v1\nkind: Secret\nmetadata: {name: ca-secret-managed1, namespace: verrazzano-mc}\ndata: {cacrt: ${Buffer.from(TEST_CA_PEM).toString('base64')}}\n`,
        `apiVersion: v1\nkind: Secret\nmetadata: {name: verrazzano-prom-internal, namespace: verrazzano-system}\ndata: {password: ${Buffer.from('s3cret').toString('base64')}}\n`,
      ].join('---\n'),
    );
    const { code, stdout } = await run(['federation', '-f', fleet]);
    expect(code).toBe(0);
    expect(stdout.match(/^kind: (Secret|ConfigMap)$/gm)).toEqual([
      'kind: Secret',
      'kind: Secret',
      'kind: ConfigMap',
    ]);
    expect(stdout).toContain('jobs: <redacted>');
    const shown = await run(['federation', '-f', fleet, '--show-secrets', '-o', 'json']);
    const jobs = Buffer.from(JSON.parse(shown.stdout).items[1].data.jobs, 'base64').toString('utf8');
    expect(jobs).toContain('job_name: managed1');
    expect(jobs).toContain('password: s3cret');
  });
});
