import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { FLEET, run } from './run.js';

const BAD_SECRET = [
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: registry',
  '  namespace: demo',
  'data:',
  '  .dockerconfigjson: <BASE 64 ENCODED DOCKER CONFIG JSON>',
  '',
].join('\n');

describe('vzmc validate', () => {
  it('exits 0 on the example fleet, with a one-line summary', async () => {
    const { code, stdout } = await run(['validate', '-f', FLEET]);
    expect(code).toBe(0);
    expect(stdout).toBe('14 objects: 0 errors, 0 warnings\n');
  });

  it('prints one compiler-style line per issue and exits 1', async () => {
    const { code, stdout } = await run(['validate', '-f', `${FLEET}/hello-helidon`]);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toContain(
      `${FLEET}/hello-helidon/verrazzano-project.yaml:15:9 VerrazzanoProject verrazzano-mc/hello-helidon spec.placement.clusters[1].name: target managed cluster managed2 is not registered: verrazzanomanagedclusters.clusters.verrazzano.io "managed2" not found`,
    );
    expect(lines.at(-1)).toBe('4 objects: 6 errors, 0 warnings');
  });

  it('-o json gives the documented shape; -o yaml the same document', async () => {
    const { code, stdout } = await run(['validate', '-f', '-', '-o', 'json'], BAD_SECRET);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['valid', 'objects', 'issues']);
    expect(report).toMatchObject({ valid: false, objects: 1 });
    expect(report.issues).toEqual([
      expect.objectContaining({
        code: 'secret/invalid-base64',
        severity: 'error',
        message: 'illegal base64 data at input byte 0',
        file: '<stdin>',
        line: 7,
        column: 3,
        path: 'data[".dockerconfigjson"]',
        kind: 'Secret',
        namespace: 'demo',
        name: 'registry',
      }),
    ]);
    const yaml = await run(['validate', '-f', '-', '-o', 'yaml'], BAD_SECRET);
    expect(yaml.code).toBe(1);
    expect(load(yaml.stdout)).toEqual(report);
  });

  it('--registered names clusters whose VMCs are not in the input', async () => {
    const { code } = await run([
      'validate',
      '-f',
      `${FLEET}/hello-helidon`,
      '--registered',
      'managed1,managed2',
    ]);
    expect(code).toBe(0);
  });

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
  it('prints YAML by default, a List with -o json and a table with -o text', async () => {
    const yaml = await run(['crds']);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout.match(/^kind: CustomResourceDefinition$/gm)).toHaveLength(8);
    const json = await run(['crds', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'List', items: { length: 8 } });
    const text = (await run(['crds', '-o', 'text'])).stdout.split('\n');
    expect(text[0]).toMatch(/^NAME +KIND +SCOPE +VERSIONS$/);
    expect(text).toContainEqual(
      expect.stringMatching(
        /^verrazzanomanagedclusters\.clusters\.verrazzano\.io +VerrazzanoManagedCluster +Namespaced +v1alpha1$/,
      ),
    );
    expect(text).toHaveLength(10);
  });
});
