import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const MANIFEST = `apiVersion: clusters.verrazzano.io/v1alpha1
kind: MultiClusterConfigMap
metadata:
  name: cm
  namespace: app
spec:
  placement:
    clusters: [{name: managed1}]
  template:
    data:
      x: "1"
  extra: 9007199254740993
`;

describe('vzmc validate: an integer vzmc would change (issue 13, item 5)', () => {
  it('text names file:line:column, the object and the field path, and exits 1', async () => {
    const { code, stdout } = await run(['validate', '-f', '-'], MANIFEST);
    expect(code).toBe(1);
    expect(stdout.split('\n').slice(0, 2)).toEqual([
      "<stdin>:12:10 MultiClusterConfigMap app/cm spec.extra: integer 9007199254740993 is outside JavaScript's safe range: vzmc would write it as 9007199254740992",
      '  hint: quote it to keep it as a string; vzmc keeps integers exactly only up to 2^53 - 1 (9007199254740991)',
    ]);
  });

  it('-o json carries the code yaml/inexact-integer; quoting the value fixes it', async () => {
    const json = JSON.parse((await run(['validate', '-f', '-', '-o', 'json'], MANIFEST)).stdout) as {
      issues: { code: string; line: number; column: number; path: string }[];
    };
    expect(json.issues.map(({ code, line, column, path }) => ({ code, line, column, path }))).toEqual([
      { code: 'yaml/inexact-integer', line: 12, column: 10, path: 'spec.extra' },
    ]);
    const quoted = await run(
      ['validate', '-f', '-'],
      MANIFEST.replace('9007199254740993', '"9007199254740993"'),
    );
    expect(quoted.stdout).not.toContain('inexact');
  });
});
