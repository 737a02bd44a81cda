import { describe, expect, it } from 'vitest';
import { fleetPath } from '../../support/corpus.js';
import { run } from './run.js';

describe('vzmc explain', () => {
  it('-o json has one decision per (project or wrapper) × known cluster, with the gates', async () => {
    const { code, stdout } = await run([
      'explain',
      '-f',
      fleetPath('hello-helidon'),
      '-f',
      fleetPath('vmc-managed1.yaml'),
      '-f',
      fleetPath('vmc-managed2.yaml'),
      '-o',
      'json',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.clusters).toEqual(['managed1', 'managed2', 'local']);
    expect(json.decisions).toHaveLength(9);
    expect(json.decisions[8]).toEqual({
      kind: 'MultiClusterApplicationConfiguration',
      namespace: 'hello-helidon',
      name: 'hello-helidon',
      cluster: 'local',
      placed: false,
      gates: [
        { gate: 'cluster-registered', ok: true, detail: 'local is the admin cluster itself' },
        {
          gate: 'project-membership',
          ok: true,
          detail: 'not required on the admin cluster, which unwraps whatever names local',
        },
        {
          gate: 'project-placement',
          ok: true,
          detail: 'not required on the admin cluster, which unwraps whatever names local',
        },
        {
          gate: 'resource-placement',
          ok: false,
          detail: 'its placement [managed1, managed2] does not name local',
        },
      ],
    });
  });

  it('text: a table of resources × clusters with ✓/✗ and the first failing gate', async () => {
    const { stdout } = await run([
      'explain',
      '-f',
      fleetPath('hello-helidon'),
      '-f',
      fleetPath('vmc-managed1.yaml'),
      '-f',
      fleetPath('vmc-managed2.yaml'),
    ]);
    expect(stdout.split('\n')).toEqual([
      'RESOURCE                                                          managed1  managed2  local',
      'VerrazzanoProject verrazzano-mc/hello-helidon                     ✓         ✓         ✓',
      'MultiClusterConfigMap hello-helidon/hello-helidon-greeting        ✓         ✓         ✗ resource-placement',
      'MultiClusterApplicationConfiguration hello-helidon/hello-helidon  ✓         ✓         ✗ resource-placement',
      '',
    ]);
  });

  it('--resource and --cluster narrow the matrix; an unknown resource is a usage error', async () => {
    const { stdout } = await run([
      'explain',
      '-f',
      fleetPath(),
      '--resource',
      'vp/verrazzano-mc/todo-list',
      '--cluster',
      'managed2',
      '-o',
      'json',
    ]);
    const json = JSON.parse(stdout);
    expect(
      json.decisions.map((d: { name: string; cluster: string; placed: boolean }) => [
        d.name,
        d.cluster,
        d.placed,
      ]),
    ).toEqual([['todo-list', 'managed2', false]]);
    expect((await run(['explain', '-f', fleetPath(), '--resource', 'vp/x/y'])).code).toBe(2);
  });
});

/** The ToDo database password of the example fleet (a sample, `example-not-a-secret`), base64-encoded. */
const PASSWORD_BASE64 = Buffer.from('example-not-a-secret').toString('base64');

describe('vzmc render', () => {
  it('prints the desired objects as YAML, Secret data redacted by default', async () => {
    const { code, stdout } = await run([
      'render',
      '-f',
      fleetPath('todo-list'),
      '-f',
      fleetPath('vmc-managed1.yaml'),
      '--cluster',
      'managed1',
    ]);
    expect(code).toBe(0);
    expect(stdout.match(/^---$/gm)).toHaveLength(16);
    expect(stdout).toContain('<redacted>');
    expect(stdout).not.toContain(PASSWORD_BASE64);
    expect(stdout).not.toContain('example-not-a-secret');
  });

  it('--show-secrets prints the data; -o json gives a List', async () => {
    const { stdout } = await run([
      'render',
      '-f',
      fleetPath('todo-list'),
      '-f',
      fleetPath('vmc-managed1.yaml'),
      '--cluster',
      'managed1',
      '--show-secrets',
      '-o',
      'json',
    ]);
    const list = JSON.parse(stdout);
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(16);
    expect(stdout).toContain(PASSWORD_BASE64);
  });
});
