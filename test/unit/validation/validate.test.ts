import { describe, expect, it } from 'vitest';
import { IssueCode, formatIssue } from '../../../src/model/index.js';
import { loadText } from '../../../src/manifest/index.js';
import { base64ErrorOffset, validateObject } from '../../../src/validation/index.js';

const one = (text: string) => {
  const { objects, issues } = loadText(text, 'x.yaml');
  expect(issues).toEqual([]);
  return validateObject(objects[0]!.object);
};

describe('validateObject: schema', () => {
  it('accepts a minimal valid object of each core kind', () => {
    expect(one('apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n')).toEqual([]);
    expect(
      one('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: demo}\ndata: {a: b}\n'),
    ).toEqual([]);
    expect(
      one(
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: "system:x", namespace: d}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\n',
      ),
    ).toEqual([]);
  });

  it('reports a missing required field as "Required value" at its path', () => {
    const issues = one(
      'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: MultiClusterConfigMap\nmetadata: {name: c, namespace: ns1}\nspec:\n  template: {}\n',
    );
    expect(issues.map((i) => [i.code, i.path, i.message])).toEqual([
      [IssueCode.Required, ['spec', 'placement'], 'Required value'],
    ]);
    expect(issues[0]?.source).toEqual({ file: 'x.yaml', line: 4, column: 1 });
  });

  it('reports wrong types with expected and actual', () => {
    const issues = one(
      'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: MultiClusterConfigMap\nmetadata: {name: c, namespace: ns1}\nspec:\n  placement: {clusters: managed1}\n  template: {}\n',
    );
    expect(issues.map((i) => [i.code, i.path, i.message])).toEqual([
      [IssueCode.InvalidType, ['spec', 'placement', 'clusters'], 'Invalid value: expected array, got string'],
    ]);
    expect(issues[0]?.source?.line).toBe(5);
  });

  it('reports a field the API server would prune as an unknown field at its key', () => {
    const issues = one(
      'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: MultiClusterConfigMap\nmetadata: {name: c, namespace: ns1}\nspec:\n  placement: {clusters: []}\n  templat: {}\n  template: {}\n',
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([[IssueCode.UnknownField, ['spec', 'templat']]]);
    expect(issues[0]?.source).toEqual({ file: 'x.yaml', line: 6, column: 3 });
  });

  it('keeps unknown fields where Kubernetes keeps them (embedded workloads and traits, outside their metadata)', () => {
    const issues = one(`apiVersion: core.oam.dev/v1alpha2
kind: Component
metadata: {name: c, namespace: ns1, uid: abc, resourceVersion: "12", managedFields: [{manager: x}]}
spec:
  workload:
    apiVersion: example.com/v1
    kind: Anything
    spec: {whatever: [1, 2, {deep: true}]}
status: {observedGeneration: 3}
`);
    expect(issues).toEqual([]);
  });

  it('reads `namespace: n` as the YAML 1.1 boolean false, as kubectl does, and says so', () => {
    expect(one('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\n')).toMatchObject([
      {
        code: IssueCode.InvalidType,
        path: ['metadata', 'namespace'],
        message: 'Invalid value: expected string, got boolean',
      },
    ]);
  });

  it('reports an unknown kind of a group vzmc owns as an error, and other groups as a warning', () => {
    expect(
      one('apiVersion: clusters.verrazzano.io/v1alpha1\nkind: MultiClusterAppConfig\nmetadata: {name: a}\n'),
    ).toMatchObject([{ code: IssueCode.UnknownKind, severity: 'error' }]);
    expect(one('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n')).toMatchObject([
      { code: IssueCode.UnknownKind, severity: 'warning' },
    ]);
  });
});

describe('validateObject: rules a Kubernetes API server enforces', () => {
  it('rejects names that are not DNS-1123', () => {
    const issues = one('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name, namespace: Demo}\n');
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      [IssueCode.InvalidName, ['metadata', 'name']],
      [IssueCode.InvalidName, ['metadata', 'namespace']],
    ]);
    expect(issues[0]?.message).toMatch(
      /^Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/,
    );
    expect(
      one(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${'a'.repeat(64)}}\n`)[0]?.message,
    ).toContain('must be no more than 63 characters');
  });

  it('rejects bad label keys and values (B1: a comma is not valid in a label value)', () => {
    const issues = one(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ns1\n  labels:\n    "bad key": x\n    verrazzano.io/mc-app-configs: "a,b"\n',
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      [IssueCode.InvalidLabelKey, ['metadata', 'labels', 'bad key']],
      [IssueCode.InvalidLabelValue, ['metadata', 'labels', 'verrazzano.io/mc-app-configs']],
    ]);
  });

  it("rejects invalid base64 in Secret data with Go's byte offset, and never prints the value", () => {
    const issues = one(
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ns1}\ndata:\n  ok: aGVsbG8=\n  bad: "aGVs!G8="\n',
    );
    expect(issues.map((i) => [i.code, i.path, i.message])).toEqual([
      [IssueCode.InvalidBase64, ['data', 'bad'], 'illegal base64 data at input byte 4'],
    ]);
    expect(formatIssue(issues[0]!)).not.toContain('aGVs');
  });

  it('checks MultiClusterSecret template data and labels, which vzmc will emit', () => {
    const issues = one(
      'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: MultiClusterSecret\nmetadata: {name: s, namespace: ns1}\nspec:\n  placement: {clusters: [{name: local}]}\n  template:\n    metadata: {labels: {"a": "not ok!"}}\n    data: {k: "%%%"}\n',
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      [IssueCode.InvalidLabelValue, ['spec', 'template', 'metadata', 'labels', 'a']],
      [IssueCode.InvalidBase64, ['spec', 'template', 'data', 'k']],
    ]);
  });

  it('checks the names of project namespaces and NetworkPolicies', () => {
    const issues = one(
      'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: VerrazzanoProject\nmetadata: {name: p, namespace: verrazzano-mc}\nspec:\n  placement: {clusters: [{name: local}]}\n  template:\n    namespaces:\n    - metadata: {name: UPPER}\n',
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      [IssueCode.InvalidName, ['spec', 'template', 'namespaces', 0, 'metadata', 'name']],
    ]);
  });

  it('enforces type-specific Secret rules and size limits', () => {
    expect(
      one(
        'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ns1}\ntype: kubernetes.io/dockerconfigjson\ndata: {}\n',
      ),
    ).toMatchObject([{ code: IssueCode.InvalidSecretType, path: ['data', '.dockerconfigjson'] }]);
    const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    expect(
      one(`apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ns1}\ndata: {k: ${big}}\n`),
    ).toMatchObject([{ code: IssueCode.DataTooLarge }]);
  });

  it('checks Secret types as ValidateSecret does: the keys each type needs, any type accepted (a warning when not a qualified name)', () => {
    const secret = (type: string, data: string) =>
      one(
        `apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ns1}\ntype: "${type}"\nstringData: ${data}\n`,
      );
    const errors = (type: string, data: string) =>
      secret(type, data)
        .filter((i) => i.severity === 'error')
        .map((i) => [i.path, i.message]);
    expect(errors('kubernetes.io/basic-auth', '{other: x}')).toEqual([
      [['data', 'username'], 'Required value'],
      [['data', 'password'], 'Required value'],
    ]);
    expect(errors('kubernetes.io/basic-auth', '{password: ""}')).toEqual([]);
    expect(errors('kubernetes.io/dockercfg', '{other: x}')).toEqual([
      [['data', '.dockercfg'], 'Required value'],
    ]);
    expect(errors('kubernetes.io/dockercfg', '{.dockercfg: "[]"}')).toEqual([
      [
        ['data', '.dockercfg'],
        'Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
      ],
    ]);
    expect(errors('kubernetes.io/dockercfg', '{.dockercfg: "null"}')).toEqual([]);
    expect(errors('kubernetes.io/ssh-auth', '{ssh-privatekey: ""}')).toEqual([
      [['data', 'ssh-privatekey'], 'Required value'],
    ]);
    expect(errors('foo bar', '{k: v}')).toEqual([]);
    expect(secret('foo bar', '{k: v}')).toMatchObject([
      { code: IssueCode.InvalidSecretType, severity: 'warning', path: ['type'] },
    ]);
    expect(secret('example.com/custom', '{k: v}')).toEqual([]);
  });

  it('reports a ConfigMap over 1 MiB at the whole object, as ValidateConfigMap does', () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    expect(
      one(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns1}\ndata: {k: ${big}}\n`),
    ).toMatchObject([
      { code: IssueCode.DataTooLarge, path: [], message: 'Too long: may not be more than 1048576 bytes' },
    ]);
  });

  it('reports annotations over 256 KiB in field.TooLong words (apimachinery v0.34 objectmeta.go l.53)', () => {
    const big = 'x'.repeat(256 * 1024);
    expect(
      one(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns1, annotations: {a: ${big}}}\n`),
    ).toMatchObject([
      {
        code: IssueCode.AnnotationsTooLarge,
        path: ['metadata', 'annotations'],
        message: 'Too long: may not be more than 262144 bytes',
      },
    ]);
  });

  it('rejects duplicate keys across ConfigMap data and binaryData', () => {
    expect(
      one(
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns1}\ndata: {k: v}\nbinaryData: {k: dg==}\n',
      ),
    ).toMatchObject([{ code: IssueCode.DuplicateDataKey, path: ['data', 'k'] }]);
  });
});

describe('base64ErrorOffset matches Go encoding/base64 (StdEncoding)', () => {
  it.each([
    ['', -1],
    ['aGVsbG8=', -1],
    ['aGVsbA==', -1],
    ['aGVs\nbG8=', -1],
    ['<BASE 64>', 0],
    ['aGVsbG8', 4],
    ['aGVsbA=', 7],
    ['a===', 1],
    ['aGVsbG8=x', 8],
    ['aGVsbA=x', 6],
  ])('%j → %i', (input, offset) => {
    expect(base64ErrorOffset(input)).toBe(offset);
  });
});
