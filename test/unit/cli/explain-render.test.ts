import { describe, expect, it } from 'vitest';
import { examplePath } from '../../support/corpus.js';
import { run } from './run.js';

describe('vzmc explain', () => {
  it('-o json has one decision per (project or wrapper) × known cluster, with the gates', async () => {
    const { code, stdout } = await run([
      'explain',
      '-f',
      examplePath('hello-helidon'),
      '-f',
      examplePath('vmc-managed1.yaml'),
      '-o',
      'json',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.clusters).toEqual(['managed1', 'local']);
    expect(json.decisions).toHaveLength(4);
    expect(json.decisions[3]).toEqual({
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
        { gate: 'resource-placement', ok: false, detail: 'its placement [managed1] does not name local' },
      ],
    });
  });

  it('text: a table of resources × clusters with ✓/✗ and the first failing gate', async () => {
    const { stdout } = await run([
      'explain',
      '-f',
      examplePath('hello-helidon'),
      '-f',
      examplePath('vmc-managed1.yaml'),
    ]);
    expect(stdout.split('\n')).toEqual([
      'RESOURCE                                                          managed1  local',
      'VerrazzanoProject verrazzano-mc/hello-helidon                     ✓         ✓',
      'MultiClusterApplicationConfiguration hello-helidon/hello-helidon  ✓         ✗ resource-placement',
      '',
    ]);
  });

  it('--resource and --cluster narrow the matrix; an unknown resource is a usage error', async () => {
    const { stdout } = await run([
      'explain',
      '-f',
      examplePath(),
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
    expect((await run(['explain', '-f', examplePath(), '--resource', 'vp/x/y'])).code).toBe(2);
  });
});

describe('vzmc render', () => {
  it('prints the desired objects as YAML, Secret data redacted by default', async () => {
    const { code, stdout } = await run([
      'render',
      '-f',
      examplePath('todo-list'),
      '-f',
      examplePath('vmc-managed1.yaml'),
      '--cluster',
      'managed1',
    ]);
    expect(code).toBe(0);
    expect(stdout.match(/^---$/gm)).toHaveLength(18);
    expect(stdout).toContain('<redacted>');
    expect(stdout).not.toContain('VEhFX1VTRVJOQU1F'); // base64 of THE_USERNAME
  });

  it('--show-secrets prints the data; -o json gives a List', async () => {
    const { stdout } = await run([
      'render',
      '-f',
      examplePath('todo-list'),
      '-f',
      examplePath('vmc-managed1.yaml'),
      '--cluster',
      'managed1',
      '--show-secrets',
      '-o',
      'json',
    ]);
    const list = JSON.parse(stdout);
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(18);
    expect(stdout).toContain('VEhFX1VTRVJOQU1F');
  });
});
