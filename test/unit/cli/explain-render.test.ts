import { load, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { FLEET, run } from './run.js';

/** The example fleet's two Secret values, base64 as the rendered Secrets carry them. */
const DB_PASSWORD = Buffer.from('example-not-a-secret').toString('base64');
const DOCKER_CONFIG = 'eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6';

describe('vzmc explain', () => {
  it('text: a table of resources × clusters with ✓/✗ and the first failing gate', async () => {
    const { code, stdout } = await run(['explain', '-f', FLEET]);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'RESOURCE                                                          managed1  managed2             local',
      'VerrazzanoProject verrazzano-mc/hello-helidon                     ✓         ✓                    ✓',
      'VerrazzanoProject verrazzano-mc/todo-list                         ✓         ✗ project-placement  ✓',
      'MultiClusterConfigMap hello-helidon/hello-helidon-greeting        ✓         ✓                    ✗ resource-placement',
      'MultiClusterApplicationConfiguration hello-helidon/hello-helidon  ✓         ✓                    ✗ resource-placement',
      'MultiClusterApplicationConfiguration todo-list/todo-app           ✓         ✗ project-placement  ✗ resource-placement',
      '',
    ]);
  });

  it('-o json keeps the rule id of every gate; -o yaml is the same document', async () => {
    const args = [
      'explain',
      '-f',
      FLEET,
      '--resource',
      'mcappconf/todo-list/todo-app',
      '--cluster',
      'managed2',
    ];
    const json = JSON.parse((await run([...args, '-o', 'json'])).stdout);
    expect(json).toEqual({
      clusters: ['managed2'],
      decisions: [
        {
          kind: 'MultiClusterApplicationConfiguration',
          namespace: 'todo-list',
          name: 'todo-app',
          cluster: 'managed2',
          placed: false,
          gates: [
            {
              gate: 'cluster-registered',
              ok: true,
              detail: 'VerrazzanoManagedCluster managed2 exists',
              ruleId: 'P1',
            },
            {
              gate: 'project-membership',
              ok: true,
              detail: 'namespace todo-list belongs to project todo-list',
              ruleId: 'P5',
            },
            {
              gate: 'project-placement',
              ok: false,
              detail: 'project todo-list places [managed1], not managed2',
              ruleId: 'P6',
            },
            {
              gate: 'namespace-managed',
              ok: false,
              detail: 'no project creates namespace todo-list there',
              ruleId: 'P5',
            },
            {
              gate: 'resource-placement',
              ok: false,
              detail: 'its placement [managed1] does not name managed2',
              ruleId: 'P7',
            },
          ],
        },
      ],
    });
    expect(load((await run([...args, '-o', 'yaml'])).stdout)).toEqual(json);
  });

  it('-n keeps the wrappers of the namespace and the projects that hold it', async () => {
    const json = JSON.parse(
      (await run(['explain', '-f', FLEET, '-n', 'hello-helidon', '-o', 'json'])).stdout,
    );
    const resources = [
      ...new Set(json.decisions.map((d: { kind: string; name: string }) => `${d.kind}/${d.name}`)),
    ];
    expect(resources).toEqual([
      'VerrazzanoProject/hello-helidon',
      'MultiClusterConfigMap/hello-helidon-greeting',
      'MultiClusterApplicationConfiguration/hello-helidon',
    ]);
  });

  it('an unknown resource is a usage error', async () => {
    const { code, stderr } = await run(['explain', '-f', FLEET, '--resource', 'vp/x/y']);
    expect(code).toBe(2);
    expect(stderr).toBe('vzmc: no VerrazzanoProject x/y in the fleet\n');
  });
});

describe('vzmc render', () => {
  const base = ['render', '-f', FLEET, '--cluster', 'managed1'];

  it('text (the default) is a table with the rule and reason of each object, and no Secret value', async () => {
    const { code, stdout } = await run(base);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^KIND +NAMESPACE +NAME +DATA +RULE +WHY$/);
    expect(lines).toHaveLength(30);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Secret +todo-list +todo-db-credentials +password,username \(redacted\) +P10 +listed in spec\.secrets of todo-app$/,
      ),
    );
    expect(stdout).not.toContain(DB_PASSWORD);
    expect(stdout).not.toContain(DOCKER_CONFIG);
  });

  it('-o yaml prints the complete manifests, Secret data included, as helm template does', async () => {
    const { code, stdout } = await run([...base, '-o', 'yaml']);
    expect(code).toBe(0);
    const objects = loadAll(stdout) as { kind: string; metadata: { name: string } }[];
    expect(objects).toHaveLength(29);
    expect(objects.find((o) => o.metadata.name === 'todo-db-credentials')).toMatchObject({
      data: { username: Buffer.from('todo').toString('base64'), password: DB_PASSWORD },
    });
    expect(stdout).toContain(DOCKER_CONFIG);
  });

  it('--redact hides the data in -o json too', async () => {
    const { stdout } = await run([...base, '-o', 'json', '--redact']);
    const list = JSON.parse(stdout);
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List', items: { length: 29 } });
    expect(stdout).toContain('<redacted>');
    expect(stdout).not.toContain(DB_PASSWORD);
    expect(stdout).not.toContain(DOCKER_CONFIG);
  });

  it('the hidden --show-secrets of vzmc 0.1 still prints YAML with the data', async () => {
    const { code, stdout } = await run([...base, '--show-secrets']);
    expect(code).toBe(0);
    expect(stdout.startsWith('---\napiVersion: v1\nkind: Namespace\n')).toBe(true);
    expect(stdout).toContain(DB_PASSWORD);
    expect((await run(['render', '--help'])).stdout).not.toContain('--show-secrets');
  });

  it('-n keeps the objects of one namespace and the Namespace itself', async () => {
    const { stdout } = await run([...base, '-n', 'todo-list', '-o', 'json']);
    const items = JSON.parse(stdout).items as {
      kind: string;
      metadata: { name: string; namespace?: string };
    }[];
    expect(items.filter((o) => o.metadata.namespace !== 'todo-list')).toEqual([
      expect.objectContaining({
        kind: 'Namespace',
        metadata: expect.objectContaining({ name: 'todo-list' }),
      }),
    ]);
    expect(items).toHaveLength(14);
  });

  it('--help says plainly that yaml and json print Secret data', async () => {
    expect((await run(['render', '--help'])).stdout.replace(/\s+/g, ' ')).toContain(
      'The yaml and json outputs are complete manifests to apply and include Secret data',
    );
  });
});
