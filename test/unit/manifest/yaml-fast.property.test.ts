import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { Document, visit } from 'yaml';
import { goYaml } from '../../../src/registration/go-yaml.js';
import { toYamlDocument } from '../../../src/manifest/serialize.js';
import { fastParseDocument } from '../../../src/manifest/yaml-fast.js';
import { decodeYamlDocument, type PositionIndex } from '../../../src/manifest/yaml.js';

// Strings meant to hit every scalar rule: YAML 1.1 values, indicators, quotes, comments, colons.
const tricky = fc.constantFrom(
  'yes',
  'no',
  'on',
  '~',
  'null',
  '010',
  '0o17',
  '0x1F',
  '1_000',
  '08',
  '12:30',
  '2001-12-14',
  '.inf',
  '-1',
  '-x',
  '- x',
  ':x',
  '? x',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  '#x',
  '"q"',
  "'q'",
  "it's",
  'back\\slash',
  'tab\tin',
  'multi\nline',
  'trail\n',
  'trail ',
  ' lead',
  '{a}',
  '[a]',
  'a,b',
  '&a',
  '*a',
  '!t',
  '|',
  '>',
  '%',
  '@',
  '`',
  '',
  'ünï',
  '😀',
  'x'.repeat(90),
  'key: value # not a comment',
);
const text = fc.oneof(tricky, fc.string({ maxLength: 10 }));
const key = text.filter((k) => k !== '__proto__' && k !== '<<');
const leaf = fc.oneof(
  text,
  fc.integer({ min: -1000, max: 1000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(1.5),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(key, tie('node'), { maxKeys: 3 }),
  ),
})).node;
const root = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 });

const emitters: Record<string, (v: unknown) => string> = {
  vzmc: (v) => toYamlDocument(v),
  // A block root with flow collections inside, as in `metadata: {name: a, labels: {x: y}}`.
  'yaml flow': (v) => {
    const doc = new Document(v);
    const flow = (_key: unknown, node: { flow?: boolean }, path: readonly unknown[]) => {
      if (path.length > 1) node.flow = true;
    };
    visit(doc, { Map: flow, Seq: flow });
    return doc.toString({ lineWidth: 0 });
  },
  'yaml literal': (v) => new Document(v).toString({ blockQuote: 'literal', lineWidth: 0 }),
  'yaml default': (v) => new Document(v).toString(),
  'js-yaml': (v) => dump(v),
  'js-yaml wide': (v) => dump(v, { lineWidth: -1 }),
  'go-yaml': (v) => goYaml(v),
};

let answered = 0;
let asked = 0;

/** Every recorded position of a decoded document, as `path → offset`, in document order. */
function positionTable(value: unknown, positions: PositionIndex | undefined, path = ''): [string, number][] {
  if (value === null || typeof value !== 'object' || positions === undefined) return [];
  const at = positions.get(value);
  const out: [string, number][] = [];
  for (const [segment, child] of Object.entries(value as Record<string, unknown>)) {
    const key = Array.isArray(value) ? Number(segment) : segment;
    const here = `${path}/${JSON.stringify(key)}`;
    const offset = at?.get(key);
    if (offset !== undefined) out.push([here, offset]);
    out.push(...positionTable(child, positions, here));
  }
  return out;
}

/**
 * The law: whenever the fast path answers, it answers what the general parser answers, and records
 * every key and item at the same offset (issues are placed through those offsets).
 */
function agrees(source: string): void {
  const fast = fastParseDocument(source, { withPositions: true });
  asked++;
  if (fast === undefined) return;
  answered++;
  const slow = decodeYamlDocument(source, { withPositions: true });
  expect(slow.problems, source).toEqual([]);
  expect(fast.value, source).toEqual(slow.value);
  expect(fast.rootOffset, source).toBe(slow.rootOffset);
  expect(positionTable(fast.value, fast.positions), source).toEqual(
    positionTable(slow.value, slow.positions),
  );
}

/**
 * The law for broken documents: the general parser places a syntax error inside the document, on a
 * token (never past the last line, never on the white space after it; a tab in indentation is the
 * token itself).
 */
function placedOnAToken(source: string): void {
  const slow = decodeYamlDocument(source);
  for (const problem of slow.problems) {
    expect(problem.offset, `${problem.message} in ${JSON.stringify(source)}`).toBeGreaterThanOrEqual(0);
    expect(problem.offset, `${problem.message} in ${JSON.stringify(source)}`).toBeLessThan(source.length);
    // A tab in indentation is the token whatever the message (seed -414560132: `tab\n\tin: {}`).
    const lineStart = source.lastIndexOf('\n', problem.offset - 1) + 1;
    const indentTab =
      source[problem.offset] === '\t' && /^[ \t]*$/.test(source.slice(lineStart, problem.offset));
    if (!problem.message.startsWith('tab characters') && !indentTab)
      expect(source[problem.offset], `${problem.message} in ${JSON.stringify(source)}`).toMatch(/\S/);
  }
}

describe('the YAML fast path', () => {
  it.each(Object.keys(emitters))(
    'agrees with the general parser, positions included, on everything %s writes',
    (name) => {
      answered = 0;
      asked = 0;
      fc.assert(
        fc.property(root, (v) => {
          let source: string;
          try {
            source = emitters[name]!(v);
          } catch {
            return; // an emitter that cannot write a value is not what is tested
          }
          agrees(source);
          agrees(`---\n${source}`);
          agrees(`# a comment\n${source.replaceAll('\n', '\r\n')}`);
        }),
        { numRuns: 300 },
      );
      // The law means something only if the fast path answers often.
      expect(answered / asked).toBeGreaterThan(0.3);
    },
  );

  it('agrees with the general parser on damaged documents, positions included (or gives up, and the general parser places the error on a token)', () => {
    fc.assert(
      fc.property(
        root,
        fc.nat(),
        fc.constantFrom(' ', '\n', ':', '-', '"', "'", '#', '  ', '|', '{', ']', ',', 'x'),
        fc.boolean(),
        (v, at, ch, insert) => {
          const source = toYamlDocument(v);
          const i = at % (source.length + 1);
          const damaged = insert
            ? source.slice(0, i) + ch + source.slice(i)
            : source.slice(0, i) + source.slice(i + 1);
          const fast = fastParseDocument(damaged, { withPositions: true });
          if (fast === undefined) {
            placedOnAToken(damaged);
            return;
          }
          const slow = decodeYamlDocument(damaged, { withPositions: true });
          expect(slow.problems, damaged).toEqual([]);
          expect(fast.value, damaged).toEqual(slow.value);
          expect(positionTable(fast.value, fast.positions), damaged).toEqual(
            positionTable(slow.value, slow.positions),
          );
        },
      ),
      { numRuns: 5000 },
    );
  }, 120_000);

  it('places an error caused by a tab in indentation on that tab (a damaged document fast-check found)', () => {
    placedOnAToken('tab\n\tin: {}\n"1_000":\n  - 100\n');
    expect(decodeYamlDocument('tab\n\tin: {}\n').problems.length).toBeGreaterThan(0);
  });

  it('takes the common manifest shapes, and leaves the rest to the general parser', () => {
    expect(
      fastParseDocument(
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {x: "y"}}\ndata:\n  k: |\n    line\n',
      )?.value,
    ).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', labels: { x: 'y' } },
      data: { k: 'line\n' },
    });
    for (const other of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: >\n  folded\n',
      'a: b\na: c\n',
      '? complex\n: key\n',
      'a: "multi\n  line"\n',
      'a:\n\t- tab\n',
    ]) {
      expect(fastParseDocument(other), other).toBeUndefined();
    }
  });
});
