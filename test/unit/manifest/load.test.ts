import { describe, expect, it } from 'vitest';
import { IssueCode } from '../../../src/model/index.js';
import { loadText, locate, sourceOf } from '../../../src/manifest/index.js';

describe('loadText', () => {
  it('loads every document of a multi-document stream with its position', () => {
    const text =
      '# header\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n';
    const { objects, issues } = loadText(text, 'ns.yaml');
    expect(issues).toEqual([]);
    expect(objects.map((o) => o.object.metadata.name)).toEqual(['a', 'b']);
    expect(objects.map((o) => o.source)).toEqual([
      { file: 'ns.yaml', line: 2, column: 1, documentIndex: 0 },
      { file: 'ns.yaml', line: 7, column: 1, documentIndex: 1 },
    ]);
    expect(sourceOf(objects[1]!.object)).toEqual(objects[1]!.source);
  });

  it('unwraps List objects into their items, each pointing at its own line', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, namespace: x}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b, namespace: x}\n';
    const { objects } = loadText(text, 'list.yaml');
    expect(objects.map((o) => [o.object.metadata.name, o.source.line, o.source.itemIndex])).toEqual([
      ['a', 4, 0],
      ['b', 7, 1],
    ]);
    expect(locate(objects[1]!.object, ['metadata', 'name'])).toEqual({
      file: 'list.yaml',
      line: 9,
      column: 14,
    });
  });

  it('reads JSON, including a JSON List', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'j' } }],
      },
      null,
      2,
    );
    const { objects, issues } = loadText(json, 'list.json');
    expect(issues).toEqual([]);
    expect(objects[0]?.object.metadata.name).toBe('j');
  });

  it('locates a field path at its key', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  ".x": abc\n';
    const { objects } = loadText(text, 's.yaml');
    expect(locate(objects[0]!.object, ['data', '.x'])).toEqual({ file: 's.yaml', line: 6, column: 3 });
    // An unknown path falls back to its deepest known ancestor.
    expect(locate(objects[0]!.object, ['data', 'missing'])).toEqual({ file: 's.yaml', line: 5, column: 1 });
  });

  it('an empty file gives no objects and no issues', () => {
    expect(loadText('', 'empty.yaml')).toEqual({ objects: [], issues: [] });
    expect(loadText('---\n---\n', 'empty.yaml')).toEqual({ objects: [], issues: [] });
  });

  it.each([
    ['truncated YAML', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\n', IssueCode.YamlSyntax],
    ['tab indentation', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n', IssueCode.YamlSyntax],
    [
      'duplicate keys',
      'apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: a}\n',
      IssueCode.YamlDuplicateKey,
    ],
    ['a scalar document', 'just text\n', IssueCode.NotAnObject],
    ['a list document', '- a\n- b\n', IssueCode.NotAnObject],
    ['a missing kind', 'apiVersion: v1\nmetadata: {name: a}\n', IssueCode.MissingKind],
    ['a missing apiVersion', 'kind: ConfigMap\nmetadata: {name: a}\n', IssueCode.MissingApiVersion],
    ['missing metadata', 'apiVersion: v1\nkind: ConfigMap\n', IssueCode.MissingName],
    [
      '__proto__ keys',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  __proto__: {polluted: "yes"}\n',
      IssueCode.YamlUnsafeKey,
    ],
  ])('%s gives a clear issue with a position, and no crash', (_name, text, code) => {
    const { issues } = loadText(text, 'bad.yaml');
    expect(issues.map((i) => i.code)).toContain(code);
    for (const issue of issues) {
      expect(issue.source?.file).toBe('bad.yaml');
      expect(issue.source?.line).toBeGreaterThan(0);
      expect(issue.message).not.toBe('');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('binary garbage is reported as binary, not parsed', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 37) % 256);
    const { objects, issues } = loadText(bytes, 'garbage.bin');
    expect(objects).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual([IssueCode.InputBinary]);
  });

  it('a document over the API server request limit is reported, not parsed', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: "${'x'.repeat(10 * 1024 * 1024)}"\n`;
    const { objects, issues } = loadText(big, 'big.yaml');
    expect(objects).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual([IssueCode.InputTooLarge]);
  });

  it('an alias bomb is stopped with an issue', () => {
    const lines = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: bomb}',
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (let i = 1; i < 10; i++) {
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    }
    const { objects, issues } = loadText(lines.join('\n'), 'bomb.yaml');
    expect(objects).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual([IssueCode.YamlAliasLimit]);
  });

  it('reads YAML 1.1 values as kubectl does and documents a patch fragment as a warning', () => {
    const { objects, issues } = loadText('spec:\n  placement: {clusters: [{name: local}]}\n', 'patch.yaml');
    expect(objects).toEqual([]);
    expect(issues).toMatchObject([{ code: IssueCode.Fragment, severity: 'warning' }]);
  });
});
