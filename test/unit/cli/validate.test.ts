import { describe, expect, it } from 'vitest';
import { describeWithCorpus, examplePath, fleetPath } from '../../support/corpus.js';
import { run } from './run.js';

describe("vzmc validate on vzmc's example fleet", () => {
  it('exits 0: the fleet registers both clusters its placements name', async () => {
    expect(await run(['validate', '-f', fleetPath()])).toMatchObject({
      code: 0,
      stdout: '14 objects: 0 errors, 0 warnings\n',
    });
  });

  it('names each placement of an unregistered cluster (W2, W8) and exits 1 without the VMC files', async () => {
    const { code, stdout } = await run(['validate', '-f', fleetPath('todo-list')]);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toEqual([
      `${fleetPath('todo-list', 'todo-app.yaml')}:31:9 MultiClusterApplicationConfiguration todo-list/todo-app spec.placement.clusters[0].name: target managed cluster managed1 is not registered: verrazzanomanagedclusters.clusters.verrazzano.io "managed1" not found`,
      `${fleetPath('todo-list', 'verrazzano-project.yaml')}:14:9 VerrazzanoProject verrazzano-mc/todo-list spec.placement.clusters[0].name: target managed cluster managed1 is not registered: verrazzanomanagedclusters.clusters.verrazzano.io "managed1" not found`,
      '8 objects: 2 errors, 0 warnings',
    ]);
  });
});

describeWithCorpus("vzmc validate on Verrazzano's examples", () => {
  it('prints one compiler-style line per issue and exits 1 on the examples', async () => {
    const { code, stdout } = await run(['validate', '-f', examplePath(), '--registered', 'managed1']);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toContain(
      `${examplePath('todo-list', 'docker-registry-secret.yaml')}:10:3 Secret mc-todo-list/tododomain-repo-credentials data[".dockerconfigjson"]: illegal base64 data at input byte 0`,
    );
    // The hint follows on its own line, so the compiler-style line above stays as it was.
    expect(lines[lines.findIndex((l) => l.includes('illegal base64')) + 1]).toBe(
      '  hint: use stringData for plain text; data values must be base64',
    );
    expect(lines.at(-1)).toBe('22 objects: 1 error, 2 warnings');
  });

  it('-o json gives the documented shape', async () => {
    const { code, stdout } = await run([
      'validate',
      '-f',
      examplePath('todo-list'),
      '--registered',
      'managed1',
      '-o',
      'json',
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['valid', 'objects', 'issues']);
    expect(report.valid).toBe(false);
    expect(report.objects).toBe(10);
    expect(report.issues).toEqual([
      {
        code: 'secret/invalid-base64',
        severity: 'error',
        message: 'illegal base64 data at input byte 0',
        file: examplePath('todo-list', 'docker-registry-secret.yaml'),
        line: 10,
        column: 3,
        path: 'data[".dockerconfigjson"]',
        kind: 'Secret',
        namespace: 'mc-todo-list',
        name: 'tododomain-repo-credentials',
        hint: 'use stringData for plain text; data values must be base64',
      },
    ]);
  });
});

describe('vzmc validate', () => {
  it('reads stdin with -f - and exits 0 when valid', async () => {
    const { code, stdout } = await run(
      ['validate', '-f', '-'],
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n',
    );
    expect(code).toBe(0);
    expect(stdout).toBe('1 object: 0 errors, 0 warnings\n');
  });

  it('exits 2 on unreadable input and on bad usage', async () => {
    expect((await run(['validate', '-f', '/no/such/path'])).code).toBe(2);
    expect((await run(['validate'])).code).toBe(2);
    expect((await run(['validate', '-f', '-', '-o', 'xml'])).code).toBe(2);
    expect((await run(['no-such-command'])).code).toBe(2);
  });

  it('exits 1 on garbage input with a clear issue', async () => {
    const { code, stdout } = await run(['validate', '-f', '-'], 'key: [unclosed\n');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^<stdin>:\d+:\d+: /);
  });
});

describe('vzmc crds', () => {
  it('prints YAML by default and a List with -o json', async () => {
    const yaml = await run(['crds']);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout.match(/^kind: CustomResourceDefinition$/gm)).toHaveLength(8);
    const json = await run(['crds', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'List', items: { length: 8 } });
  });
});
