/**
 * Hints: every issue whose fix is known says how to fix it, as data (`issue.hint`), rendered by
 * formatIssue on a line of its own, and never quoting Secret data.
 */
import { describe, expect, it } from 'vitest';
import { IssueCode, formatIssue, formatIssues, type Issue } from '../../../src/model/index.js';
import { loadText } from '../../../src/manifest/index.js';
import { validateManifests, validateObject } from '../../../src/validation/index.js';
import { DEFAULT_HINTS } from '../../../src/manifest/hints.js';
import { closestName, dnsSpelling } from '../../../src/validation/suggest.js';

const report = (text: string, registeredClusters: string[] = []) =>
  validateManifests(loadText(text, 'x.yaml'), { registeredClusters }).issues;
const hintsOf = (issues: readonly Issue[]) => issues.map((i) => [i.code, i.hint]);

describe('every issue code has a hint where a fix is known', () => {
  it('codes without a general hint are exactly these, each with its reason', () => {
    // Their hints depend on the input (given by the producer), or the message is all there is.
    const withoutDefault = {
      [IssueCode.YamlSyntax]: 'per error: unterminated quote, unclosed bracket, tabs…',
      [IssueCode.JsonSyntax]: 'not produced: JSON is read as YAML',
      [IssueCode.UnknownKind]: 'per kind: the apiVersion that has it, a close kind, the group’s kinds',
      [IssueCode.InvalidType]: 'per value: quoting, for YAML 1.1 booleans and numbers',
      [IssueCode.Required]: 'the path says which field to add',
      [IssueCode.InvalidValue]: 'the message lists what is allowed',
      [IssueCode.InvalidName]: 'per name: a valid spelling',
      [IssueCode.InvalidLabelKey]: 'the message gives the rule',
      [IssueCode.InvalidAnnotationKey]: 'the message gives the rule',
      [IssueCode.InvalidDataKey]: 'the message gives the rule',
    };
    const missing = Object.values(IssueCode)
      .filter((code) => DEFAULT_HINTS[code] === undefined)
      .sort();
    expect(missing).toEqual(Object.keys(withoutDefault).sort());
  });

  it('formatIssue puts the hint on its own indented line, and leaves issues without one as they were', () => {
    const issue: Issue = {
      code: IssueCode.InvalidBase64,
      severity: 'error',
      message: 'illegal base64 data at input byte 0',
      path: ['data', '.dockerconfigjson'],
      source: { file: 's.yaml', line: 10, column: 3 },
      object: { kind: 'Secret', namespace: 'ns', name: 's' },
    };
    expect(formatIssue(issue)).toBe(
      's.yaml:10:3 Secret ns/s data[".dockerconfigjson"]: illegal base64 data at input byte 0',
    );
    expect(formatIssue({ ...issue, hint: 'use stringData for plain text' })).toBe(
      's.yaml:10:3 Secret ns/s data[".dockerconfigjson"]: illegal base64 data at input byte 0\n  hint: use stringData for plain text',
    );
  });

  it('invalid base64 in Secret data: use stringData; in ConfigMap binaryData: use data; the value never appears', () => {
    const issues = report(
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: d}\ndata: {password: "sup3r s3cret!"}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: d}\nbinaryData: {k: "plain words"}\n',
    );
    expect(hintsOf(issues)).toEqual([
      [IssueCode.InvalidBase64, 'use stringData for plain text; data values must be base64'],
      [IssueCode.InvalidBase64, 'use data for plain text; binaryData values must be base64'],
    ]);
    expect(formatIssues(issues)).not.toContain('s3cret');
  });

  it('an invalid dockerconfigjson points at the kubectl command that writes one, without the contents', () => {
    const data = Buffer.from('{"auths": not json').toString('base64');
    const issues = report(
      `apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: d}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: ${data}}\n`,
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]!.hint).toMatch(/^generate it with `kubectl create secret docker-registry NAME/);
    expect(formatIssues(issues)).not.toContain('auths');
    expect(formatIssues(issues)).not.toContain(data);
  });

  it('W2: a placement on an unregistered cluster suggests the close registered name, a VMC or --registered', () => {
    const app = (cluster: string) =>
      `apiVersion: clusters.verrazzano.io/v1alpha1\nkind: MultiClusterConfigMap\nmetadata: {name: c, namespace: d}\nspec:\n  placement: {clusters: [{name: ${cluster}}]}\n  template: {data: {k: v}}\n`;
    expect(hintsOf(report(app('managed'), ['managed1']))).toEqual([
      [
        IssueCode.PlacementUnregistered,
        'did you mean `managed1`? If not, add a VerrazzanoManagedCluster named managed to the input, or pass --registered managed',
      ],
    ]);
    expect(hintsOf(report(app('far-away'), ['managed1']))).toEqual([
      [
        IssueCode.PlacementUnregistered,
        'add a VerrazzanoManagedCluster named far-away to the input, or pass --registered far-away',
      ],
    ]);
  });

  it('W3: a Secret listed in spec.secrets that is missing, with the close one that exists', () => {
    const issues = report(
      'apiVersion: v1\nkind: Secret\nmetadata: {name: db-credentials, namespace: d}\n---\napiVersion: clusters.verrazzano.io/v1alpha1\nkind: MultiClusterApplicationConfiguration\nmetadata: {name: a, namespace: d}\nspec:\n  placement: {clusters: [{name: local}]}\n  secrets: [db-credential]\n  template: {}\n',
    );
    expect(hintsOf(issues)).toEqual([
      [
        IssueCode.SecretsNotFound,
        'did you mean `db-credentials`? If not, add the Secret to namespace d, or remove it from spec.secrets',
      ],
    ]);
  });

  it("W6 lists the project's namespaces; W7 names the project that already has the namespace", () => {
    const project = (name: string, extra = '') =>
      `apiVersion: clusters.verrazzano.io/v1alpha1\nkind: VerrazzanoProject\nmetadata: {name: ${name}, namespace: verrazzano-mc}\nspec:\n  placement: {clusters: [{name: local}]}\n  template:\n    namespaces: [{metadata: {name: shared}}, {metadata: {name: ${name}-ns}}]\n${extra}`;
    const issues = report(
      `${project('p1', '    networkPolicies: [{metadata: {name: np, namespace: elsewhere}, spec: {podSelector: {}}}]\n')}---\n${project('p2')}`,
    );
    expect(hintsOf(issues)).toEqual([
      [
        IssueCode.ProjectNamespaceTaken,
        'a namespace belongs to one project: remove shared from this project or from p2',
      ],
      [IssueCode.ProjectNetworkPolicyNamespace, "use one of the project's namespaces: p1-ns, shared"],
      [
        IssueCode.ProjectNamespaceTaken,
        'a namespace belongs to one project: remove shared from this project or from p1',
      ],
    ]);
  });

  it('an invalid name gets a valid spelling; an unquoted YAML 1.1 boolean gets "quote the value"', () => {
    const issues = validateObject(
      loadText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: My_Config, namespace: n}\n').objects[0]!
        .object,
    );
    expect(hintsOf(issues)).toEqual([
      [
        IssueCode.InvalidType,
        'quote the value: unquoted, YAML reads yes/no/on/off/y/n as booleans and 010 or 1e3 as numbers',
      ],
      [IssueCode.InvalidName, 'try `my-config`'],
    ]);
  });

  it('an unknown kind: the apiVersion that has it, a close kind, or the kinds of a group vzmc owns', () => {
    const kindHint = (apiVersion: string, kind: string) =>
      validateObject({ apiVersion, kind, metadata: { name: 'x' } })[0]?.hint;
    expect(kindHint('v1', 'RoleBinding')).toBe(
      'use `apiVersion: rbac.authorization.k8s.io/v1` for RoleBinding',
    );
    expect(kindHint('clusters.verrazzano.io/v1alpha1', 'MultiClusterSecrets')).toBe(
      'did you mean `MultiClusterSecret`?',
    );
    expect(kindHint('clusters.verrazzano.io/v1alpha1', 'Application')).toBe(
      'the kinds of clusters.verrazzano.io/v1alpha1 are MultiClusterApplicationConfiguration, MultiClusterComponent, MultiClusterConfigMap, MultiClusterSecret, VerrazzanoManagedCluster, VerrazzanoProject',
    );
    expect(kindHint('apps/v1', 'Deployment')).toBeUndefined();
  });

  it('reading problems carry hints too: a missing apiVersion of a known kind, a duplicate key', () => {
    expect(hintsOf(loadText('kind: Secret\nmetadata: {name: s}\n').issues)).toEqual([
      [IssueCode.MissingApiVersion, 'add `apiVersion: v1`'],
    ]);
    expect(hintsOf(loadText('a: 1\na: 2\n').issues)).toEqual([
      [
        IssueCode.YamlDuplicateKey,
        'keep one of the two keys: the API server refuses both, and kubectl would silently keep the last',
      ],
    ]);
  });
});

describe('suggestions', () => {
  it.each([
    ['lables', 'labels'],
    ['Labels', 'labels'],
    ['anotations', 'annotations'],
    ['strinData', 'stringData'],
    ['uuid', 'uid'],
    ['spce', 'spec'],
    ['extra', undefined],
    ['clusterName', undefined],
  ])('closestName(%j) is %j among ObjectMeta-like fields', (word, expected) => {
    const fields = ['annotations', 'labels', 'name', 'namespace', 'spec', 'stringData', 'uid', 'data'];
    expect(closestName(word, fields)).toBe(expected);
    expect(closestName(word, [...fields].reverse())).toBe(expected);
  });

  it.each([
    ['My_App', 63, false, 'my-app'],
    ['--Weird..Name--', 253, true, 'weird.name'],
    ['ok', 63, false, undefined],
    ['___', 63, false, undefined],
  ])('dnsSpelling(%j, %i, dots: %s) is %j', (name, max, dots, expected) => {
    expect(dnsSpelling(name, max, dots)).toBe(expected);
  });
});
