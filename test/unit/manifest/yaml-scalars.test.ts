/**
 * One scalar table (`src/manifest/yaml-scalars.ts`) for every YAML path: the general reader and the
 * fast path resolve each tricky plain scalar to the same value, in every place a scalar can stand,
 * and both writers quote whatever would not read back as itself.
 */
import { describe, expect, it } from 'vitest';
import { goYaml } from '../../../src/registration/go-yaml.js';
import { toYamlDocument } from '../../../src/manifest/serialize.js';
import { fastParseDocument } from '../../../src/manifest/yaml-fast.js';
import { resolvePlainScalar } from '../../../src/manifest/yaml-scalars.js';
import { decodeYamlDocument } from '../../../src/manifest/yaml.js';

/** Plain scalars where YAML 1.1 (go-yaml v2, kubectl), YAML 1.2 and JavaScript disagree, with kubectl's value. */
const TRICKY: readonly (readonly [string, null | boolean | number | string])[] = [
  ...['yes', 'Yes', 'YES', 'y', 'Y', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((s) => [s, true] as const),
  ...['no', 'No', 'n', 'N', 'off', 'OFF', 'false', 'FALSE'].map((s) => [s, false] as const),
  ...['~', 'null', 'Null', 'NULL'].map((s) => [s, null] as const),
  ['010', 8],
  ['0o17', 15],
  ['0x1F', 31],
  ['0x1', 1],
  ['0b101', 5],
  ['-0b11', -3],
  ['1_000', 1000],
  ['1_000_000', 1_000_000],
  ['1__', 1],
  ['+12', 12],
  ['-7', -7],
  ['-0', 0],
  ['08', 8],
  ['09.5', 9.5],
  ['1e3', 1000],
  ['1E3', 1000],
  ['-1.5e-3', -0.0015],
  ['.5', 0.5],
  ['+.5', 0.5],
  ['1.', 1],
  ['0', 0],
  ['0.0', 0],
  ['.inf', '+.inf'],
  ['+.inf', '+.inf'],
  ['-.Inf', '-.inf'],
  ['.NaN', '.nan'],
  ['12:30', '12:30'],
  ['2001-12-14', '2001-12-14'],
  ['2001-12-14T21:59:43.10-05:00', '2001-12-14T21:59:43.10-05:00'],
  ['1.2.3', '1.2.3'],
  ['0x', '0x'],
  ['0xG', '0xG'],
  ['0o8', '0o8'],
  ['1e', '1e'],
  ['yesno', 'yesno'],
  ['ON2', 'ON2'],
  ['.', '.'],
  ['+', '+'],
];

/** A key's name as JSON holds it (sigs.k8s.io/yaml's rule). */
const keyName = (value: null | boolean | number | string) => String(value);

/** Every place a scalar can stand, as a document the fast path may take, and the value it must give. */
function places(
  s: string,
  value: null | boolean | number | string,
): readonly (readonly [string, string, unknown])[] {
  return [
    ['block value', `v: ${s}\n`, { v: value }],
    ['block item', `l:\n- ${s}\n`, { l: [value] }],
    ['flow item', `f: [${s}]\n`, { f: [value] }],
    ['flow value', `g: {k: ${s}}\n`, { g: { k: value } }],
    ['block key', `${s}: 1\n`, { [keyName(value)]: 1 }],
    ['flow key', `h: {${s}: 1}\n`, { h: { [keyName(value)]: 1 } }],
  ];
}

const BLOCK_VALUES = new Set(['block value', 'block item']);

describe('one scalar table for the general reader and the fast path', () => {
  it.each(TRICKY)('%s resolves to %s', (s, value) => {
    expect(resolvePlainScalar(s)).toBe(value);
  });

  it.each(TRICKY)('%s: both readers give the same value wherever it stands', (s, value) => {
    for (const [place, text, expected] of places(s, value)) {
      const general = decodeYamlDocument(text, { withPositions: true });
      expect(general.problems, `${place}: ${text}`).toEqual([]);
      expect(general.value, `${place}: ${text}`).toEqual(expected);
      const fast = fastParseDocument(text, { withPositions: true });
      // The fast path leaves a `-` that starts a flow scalar or a key to the general reader; it takes the rest.
      const declines = s.startsWith('-') && !BLOCK_VALUES.has(place);
      if (!declines) expect(fast, `${place}: ${text}`).toBeDefined();
      if (fast) expect(fast.value, `${place}: ${text}`).toEqual(expected);
    }
  });

  it.each(TRICKY)('%s quoted is the string itself to both readers', (s) => {
    for (const text of [`v: '${s}'\n`, `v: "${s}"\n`, `v: ["${s}"]\n`]) {
      const general = decodeYamlDocument(text).value as { v: unknown };
      expect(general).toEqual(fastParseDocument(text)?.value);
      expect([general.v].flat()).toEqual([s]);
    }
  });

  it('an integer a JavaScript number would change: the general reader reports it, the fast path leaves it', () => {
    for (const s of ['9007199254740993', '18446744073709551615']) {
      for (const [place, text] of places(s, 0)) {
        expect(fastParseDocument(text), `${place}: ${text}`).toBeUndefined();
        const problems = decodeYamlDocument(text).problems.map((p) => p.kind);
        expect(problems, `${place}: ${text}`).toEqual(['inexact-integer']);
      }
    }
  });

  it('both writers (goYaml as Go does) quote every tricky string, so that both readers read it back as that string', () => {
    const strings = [...TRICKY.map(([s]) => s), '<<', '', ' ', '-', '- x', 'a:', '9007199254740993'];
    for (const s of strings) {
      const value = { v: s, [s]: 1, l: [s] };
      // goYaml quotes `-`, `- x` and `a:` as Go's emitter does (block indicators).
      const written = [toYamlDocument(value), goYaml(value)];
      for (const text of written) {
        expect(decodeYamlDocument(text).value, text).toEqual(value);
        const fast = fastParseDocument(text);
        if (fast) expect(fast.value, text).toEqual(value);
      }
    }
  });
});
