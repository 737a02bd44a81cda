/**
 * YAML syntax errors point at the offending token, 1-based line:column inside the file: never on
 * a line past the end, never on the white space after the token. (The differential property test
 * in yaml-fast.property.test.ts checks the same law on thousands of damaged documents.)
 */
import { describe, expect, it } from 'vitest';
import { IssueCode, formatIssues } from '../../../src/model/index.js';
import { loadText } from '../../../src/manifest/index.js';
import { validateManifests } from '../../../src/validation/index.js';

const where = (text: string) =>
  loadText(text, 'f.yaml')
    .issues.filter((i) => i.code === IssueCode.YamlSyntax)
    .map((i) => [`${i.source?.line}:${i.source?.column}`, i.message, i.hint]);

const NAMESPACE = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n';

describe('YAML syntax errors are placed on the offending token', () => {
  it('an unterminated quote at the end of the file is at its opening quote, not a line past the end', () => {
    const text = `${NAMESPACE}  name: "abc\n`;
    expect(text.split('\n')).toHaveLength(5); // four lines and the final newline
    expect(where(text)).toEqual([
      [
        '4:9',
        'unterminated double-quoted scalar: its closing " is missing',
        'add the closing "; a quoted value may continue on the next lines only if they are indented',
      ],
    ]);
    // The same without a final newline, with CRLF, and single-quoted.
    expect(where(`${NAMESPACE}  name: "abc`)[0]?.[0]).toBe('4:9');
    expect(where(`${NAMESPACE}  name: "abc\n`.replaceAll('\n', '\r\n'))[0]?.[0]).toBe('4:9');
    expect(where(`${NAMESPACE}  name: 'it''s\n`)[0]?.slice(0, 2)).toEqual([
      '4:9',
      "unterminated single-quoted scalar: its closing ' is missing",
    ]);
  });

  it('an unterminated quote in the middle of a document, or before the next document, is at its opening quote', () => {
    expect(where(`${NAMESPACE}  name: "abc\n  labels:\n    a: b\n`)[0]?.[0]).toBe('4:9');
    const stream = `a: 1\n---\n${NAMESPACE}  name: "abc\n---\n${NAMESPACE}  name: ok\n`;
    expect(where(stream).map(([at]) => at)).toEqual(['6:9']);
    expect(loadText(stream, 'f.yaml').objects.map((o) => o.object.metadata.name)).toEqual(['ok']);
  });

  it('an unclosed flow collection is at its opening bracket', () => {
    expect(where(`${NAMESPACE}  labels: {a: b\n`)).toEqual([
      ['4:11', 'unclosed flow mapping: its closing } is missing', 'add the closing }'],
    ]);
    expect(where('a: [1, 2\nb: 3\n')).toEqual([
      ['1:4', 'unclosed flow sequence: its closing ] is missing', 'add the closing ]'],
    ]);
    expect(where('{"apiVersion": "v1",\n "metadata": {"name": "a"\n')[0]?.[0]).toBe('2:14');
  });

  it('a mis-indented key is at the key, not at its colon', () => {
    expect(where(`${NAMESPACE}  name: a\n   x: b\n`)[0]?.slice(0, 2)).toEqual([
      '5:4',
      'bad indentation of a mapping entry',
    ]);
    expect(where(`${NAMESPACE}  name: a\n x: b\n`)[0]?.[0]).toBe('5:2');
  });

  it('a key missing its colon is at that key', () => {
    expect(where('apiVersion: v1\nmetadata\n  name: a\n')[0]?.[0]).toBe('2:1');
  });

  it('a nested mapping on its key’s line says so, at the nested key', () => {
    expect(where('a: b: c\n')).toEqual([
      [
        '1:4',
        'mapping values are not allowed here',
        'quote the value if the `: ` belongs to it, or put the nested mapping on lines of its own',
      ],
    ]);
  });

  it('an empty anchor or alias is at its & or *, a bad tag at its !, a bad escape at its backslash', () => {
    expect(where('a: & b\n')[0]?.[0]).toBe('1:4');
    expect(where('a:\n  b: *\n')[0]?.[0]).toBe('2:6');
    expect(where('x: !<BASE 64 ENCODED DOCKER CONFIG JSON>\n')[0]?.[0]).toBe('1:4');
    expect(where('a: "x\\q"\n')[0]?.[0]).toBe('1:6');
  });

  it('a tab in indentation is at the tab', () => {
    expect(where('a:\n\tb: 1\n')).toEqual([
      [
        '2:1',
        'tab characters must not be used in indentation',
        'indent with spaces: YAML forbids tabs there',
      ],
    ]);
  });

  it('an empty list item that is invalid points at its key, not at the top of the document', () => {
    const text =
      'apiVersion: clusters.verrazzano.io/v1alpha1\nkind: MultiClusterConfigMap\nmetadata: {name: c, namespace: d}\nspec:\n  placement:\n    clusters:\n    -\n  template: {}\n';
    const issues = validateManifests(loadText(text, 'f.yaml')).issues;
    expect(formatIssues(issues)).toBe(
      'f.yaml:6:5 MultiClusterConfigMap d/c spec.placement.clusters[0]: Invalid value: expected object, got null',
    );
  });
});
