import { describe, expect, it } from 'vitest';
import { IssueCode } from '../../../src/model/index.js';
import { loadText, locate } from '../../../src/manifest/index.js';
import { FAST_PATH_MAX_DEPTH, fastParseDocument } from '../../../src/manifest/yaml-fast.js';
import { decodeYamlDocument, defaultDecodeLimits } from '../../../src/manifest/yaml.js';

const DEEP = 100_000;
const MAX = defaultDecodeLimits.maxDepth;

/** A Namespace whose `metadata.labels` holds `nested`, so that only the nesting is wrong. */
const namespaceWith = (nested: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: deep\n  annotations:\n    a: ${nested}\n`;

/** Block mappings `a:` nested `depth` deep under the root, one space more each level. */
function blockMappings(depth: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', ' name: deep', 'data:'];
  for (let level = 1; level <= depth; level++) lines.push(`${' '.repeat(level)}a:`);
  return `${lines.join('\n')} 1\n`;
}

// Each form of a document nested 100,000 deep (block mappings: 2,000, as their indentation grows
// quadratically), with the node where nesting passes the limit: the 201st level counting the root
// (`[` 198 of line 6 under root, metadata and annotations; the key of `{a: ` 197; block key 199).
const forms: [string, string, { line: number; column: number }][] = [
  ['YAML flow sequences', namespaceWith(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`), { line: 6, column: 205 }],
  [
    'YAML flow mappings',
    namespaceWith(`${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}`),
    { line: 6, column: 793 },
  ],
  [
    'JSON objects',
    `{"apiVersion": "v1", "kind": "Namespace", "metadata": ${'{"a": '.repeat(DEEP)}1${'}'.repeat(DEEP)}}`,
    { line: 1, column: 1238 },
  ],
  ['JSON arrays', `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`, { line: 1, column: 200 }],
  ['YAML block sequences', `${'- '.repeat(DEEP)}x\n`, { line: 1, column: 401 }],
  ['YAML block mappings', blockMappings(2_000), { line: 204, column: 200 }],
];

describe('the nesting limit', () => {
  it.each(forms)(
    'a document of %s nested past the limit is one positioned issue, not a crash, in bounded time',
    (_form, text, at) => {
      const started = performance.now();
      const { objects, issues } = loadText(text, 'deep.yaml');
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(objects).toEqual([]);
      expect(issues).toEqual([
        {
          code: IssueCode.YamlSyntax,
          severity: 'error',
          message: `the document nests deeper than ${MAX} levels`,
          path: [],
          source: { file: 'deep.yaml', ...at },
          hint: 'no Kubernetes object nests this deep: check the brackets and indentation here',
        },
      ]);
    },
  );

  it('the fast path hands a document nested past its own depth to the general parser, which decodes it', () => {
    const nested = (depth: number) => `a: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
    // The root mapping is one level: FAST_PATH_MAX_DEPTH - 1 sequences fit, one more does not.
    const fits = nested(FAST_PATH_MAX_DEPTH - 1);
    expect(fastParseDocument(fits)?.value).toEqual(decodeYamlDocument(fits).value);
    const deeper = nested(FAST_PATH_MAX_DEPTH);
    expect(fastParseDocument(deeper)).toBeUndefined();
    const general = decodeYamlDocument(deeper);
    expect(general.problems).toEqual([]);
    let depth = 0;
    for (let v = (general.value as { a: unknown }).a; Array.isArray(v); v = v[0]) depth++;
    expect(depth).toBe(FAST_PATH_MAX_DEPTH);
  });

  it('a legal deep document keeps its positions (locate runs the depth-checked decoders)', () => {
    const { objects, issues } = loadText(blockMappings(150), 'ok.yaml');
    expect(issues).toEqual([]);
    const path = ['data', ...Array.from({ length: 149 }, () => 'a')];
    expect(locate(objects[0]!.object, path)).toEqual({ file: 'ok.yaml', line: 154, column: 150 });
  });

  it('aliases may not nest a copy deeper than the limit either', () => {
    // &a is 150 deep; each *a placed 60 deep again nests its copy 210 deep.
    const anchored = `${'['.repeat(150)}1${']'.repeat(150)}`;
    const text = `a: &a ${anchored}\nb: ${'['.repeat(60)}*a${']'.repeat(60)}\n`;
    const { value, problems } = decodeYamlDocument(text);
    expect(value).toBeUndefined();
    expect(problems).toEqual([
      {
        kind: 'syntax',
        message: `the document nests deeper than ${MAX} levels`,
        hint: 'no Kubernetes object nests this deep: check the brackets and indentation here',
        offset: text.indexOf('*a'),
        path: ['b', ...Array.from({ length: 59 }, () => 0), 0],
      },
    ]);
  });

  it('honours a smaller limit given to the loader', () => {
    const { issues } = loadText(namespaceWith('[[[[[1]]]]]'), 'small.yaml', {
      limits: { ...defaultDecodeLimits, maxDepth: 5 },
    });
    // The sixth level: the third `[` under root, metadata and annotations.
    expect(issues.map((i) => [i.message, i.source])).toEqual([
      ['the document nests deeper than 5 levels', { file: 'small.yaml', line: 6, column: 10 }],
    ]);
  });
});
