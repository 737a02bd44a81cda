/**
 * Issue 13, item 5: numbers are kept exactly. An integer either survives input → render → plan →
 * write byte for byte, or is refused at the input with its file, line, column and field path.
 * The oracle is independent of the decoder: vzmc keeps exactly the integers a JavaScript number
 * prints back with the same digits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adminSnapshotFromObjects,
  loadText,
  localSnapshotFromObjects,
  planSync,
  toJson,
  toYaml,
  type KubeObject,
} from '../../../src/index.js';
import { findInexactJsonInteger } from '../../../src/internal/json-integers.js';
import { mcapp, project, vmc } from '../../support/fleet.js';
import { applyPlan } from '../../support/simulate.js';

const TWO_53 = 2n ** 53n;

/** Integers around ±2^53, across the int64 and uint64 range, far beyond it, and every double's own digits. */
const literal = fc
  .oneof(
    fc.bigInt({ min: TWO_53 - 2000n, max: TWO_53 + 2000n }),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
    fc
      .tuple(fc.integer({ min: 16, max: 40 }), fc.bigInt({ min: -5n, max: 5n }))
      .map(([k, d]) => 10n ** BigInt(k) + d),
    fc.double({ min: 2 ** 53, max: 1e21, noNaN: true }).map((d) => BigInt(d)),
  )
  .chain((n) => fc.constantFrom(n, -n))
  .map((n) => n.toString());

/** What vzmc promises: kept exactly when a JavaScript number prints the same digits back. */
const keptExactly = (text: string): boolean => String(Number(text)) === text;

const component = (size: number | string): KubeObject => ({
  apiVersion: 'core.oam.dev/v1alpha2',
  kind: 'Component',
  metadata: { name: 'c1', namespace: 'app' },
  spec: { workload: { apiVersion: 'example.com/v1', kind: 'Thing', spec: { size } } },
});

/** The component as vzmc writes it, with `literal` spelled in place of the number. */
const yamlWith = (text: string): string => toYaml([component(0)]).replace('size: 0\n', `size: ${text}\n`);
const jsonWith = (text: string): string => toJson(component(0)).replace('"size": 0\n', `"size": ${text}\n`);

describe('big integers: kept byte for byte, or refused with a position', () => {
  it('YAML and JSON inputs round-trip exactly, or name file:line:column and the field path', () => {
    fc.assert(
      fc.property(literal, (text) => {
        const yaml = yamlWith(text);
        const json = jsonWith(text);
        const fromYaml = loadText(yaml, 'c.yaml');
        const fromJson = loadText(json, 'c.json');
        if (keptExactly(text)) {
          expect(fromYaml.issues).toEqual([]);
          expect(fromJson.issues).toEqual([]);
          expect(toYaml(fromYaml.objects.map((o) => o.object))).toBe(yaml);
          expect(toJson(fromJson.objects[0]?.object)).toBe(json);
          return;
        }
        expect(fromYaml.objects).toEqual([]);
        expect(fromJson.objects).toEqual([]);
        for (const [issues, file, source] of [
          [fromYaml.issues, 'c.yaml', yaml],
          [fromJson.issues, 'c.json', json],
        ] as const) {
          expect(issues).toHaveLength(1);
          const line = source.split('\n').findIndex((l) => l.includes(text)) + 1;
          const column = (source.split('\n')[line - 1] ?? '').indexOf(text) + 1;
          expect(issues[0]).toMatchObject({
            code: 'yaml/inexact-integer',
            severity: 'error',
            path: ['spec', 'workload', 'spec', 'size'],
            source: { file, line, column },
          });
          expect(issues[0]?.message).toBe(
            `integer ${text} is outside JavaScript's safe range: vzmc would write it as ${String(Number(text))}`,
          );
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a kept integer goes through render and plan unchanged, and the next plan sees no difference', () => {
    fc.assert(
      fc.property(literal.filter(keptExactly), (text) => {
        const [loaded] = loadText(yamlWith(text), 'c.yaml').objects;
        const admin = [
          vmc('m1'),
          project('p', ['app'], ['m1']),
          mcapp('a', 'app', ['m1'], { components: ['c1'] }),
          loaded!.object,
        ];
        const now = new Date('2026-11-27T10:00:00Z');
        const first = planSync('m1', adminSnapshotFromObjects(admin), localSnapshotFromObjects([]), { now });
        const create = first.actions.find((a) => a.kind === 'Component' && a.op === 'create');
        expect(create?.body).toBeDefined();
        expect(toYaml([create!.body])).toContain(`\n      size: ${text}\n`);
        expect(JSON.stringify(create!.body)).toContain(`"size":${text}}`);
        const state = applyPlan(first, admin, []);
        const second = planSync(
          'm1',
          adminSnapshotFromObjects(state.admin),
          localSnapshotFromObjects(state.local),
          {
            now,
          },
        );
        expect(second.actions.filter((a) => a.kind === 'Component')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('octal, hex, binary, underscores and !!int are held to the same rule; quoted and !!float are not integers', () => {
    const issues = (value: string) =>
      loadText(yamlWith(value), 'c.yaml').issues.map(
        (i) => `${i.code} ${i.source?.line}:${i.source?.column}`,
      );
    expect(issues('0x20000000000001')).toEqual(['yaml/inexact-integer 12:13']); // 2^53 + 1
    expect(issues('0x20000000000002')).toEqual([]); // 2^53 + 2: a double's own digits
    expect(issues('0o400000000000000001')).toEqual(['yaml/inexact-integer 12:13']);
    expect(issues('0400000000000000001')).toEqual(['yaml/inexact-integer 12:13']);
    expect(issues('9_007_199_254_740_993')).toEqual(['yaml/inexact-integer 12:13']);
    expect(issues('!!int 9007199254740993')).toEqual(['yaml/inexact-integer 12:13']);
    expect(issues('"9007199254740993"')).toEqual([]);
    expect(issues('!!float 9007199254740993')).toEqual([]);
    expect(issues('9007199254740993.0')).toEqual([]);
    expect(issues('1e30')).toEqual([]);
  });

  it('floats keep what kubectl sends: 1.0 is 1, 1.5 and 1e-7 stay, 1e30 is 1e+30', () => {
    const n = (value: string) => {
      const [loaded] = loadText(yamlWith(value), 'c.yaml').objects;
      return toYaml([loaded!.object]).match(/\n {6}size: (.*)\n/)?.[1];
    };
    expect([n('1.0'), n('1.5'), n('1e-7'), n('1e30'), n('0.1'), n('-2.50')]).toEqual([
      '1',
      '1.5',
      '1e-7',
      '1e+30',
      '0.1',
      '-2.5',
    ]);
  });

  it('a key that is an inexact integer is refused too', () => {
    const { issues } = loadText(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  9007199254740993: x\n',
      'k.yaml',
    );
    expect(issues.map((i) => [i.code, i.path, i.source?.line, i.source?.column])).toEqual([
      ['yaml/inexact-integer', ['data'], 6, 3],
    ]);
  });
});

describe('findInexactJsonInteger (the read guard)', () => {
  it('finds a 16-digit integer at any offset, and not one split by other characters', () => {
    for (let pad = 0; pad <= 40; pad++) {
      expect(findInexactJsonInteger(`[${' '.repeat(pad)}9007199254740993]`)?.path).toEqual([0]);
      expect(findInexactJsonInteger(`[${' '.repeat(pad)}9007199254740993.0]`)).toBeUndefined();
    }
    expect(findInexactJsonInteger('["90071992547409939007199254740993"]')).toBeUndefined();
  });

  it('finds exactly the integers JSON.parse would change, with their path', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), literal, fc.boolean(), (value, text, wrap) => {
        const plain = JSON.stringify(value);
        expect(findInexactJsonInteger(plain)).toBeUndefined();
        const doc = wrap ? `{"a":[${plain},{"b\\"\\\\":${text}}]}` : `[${plain},"9007199254740993",${text}]`;
        const found = findInexactJsonInteger(doc);
        if (keptExactly(text)) expect(found).toBeUndefined();
        else
          expect(found).toEqual({
            literal: text,
            written: String(Number(text)),
            path: wrap ? ['a', 1, 'b"\\'] : [2],
          });
      }),
      { numRuns: 300 },
    );
  });
});
