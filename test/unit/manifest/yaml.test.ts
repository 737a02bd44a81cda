import { describe, expect, it } from 'vitest';
import { decodeYamlDocument, resolvePlainScalar, splitDocuments } from '../../../src/manifest/yaml.js';

const decode = (text: string) => decodeYamlDocument(text);

describe('resolvePlainScalar decodes like kubectl (sigs.k8s.io/yaml, go-yaml v2)', () => {
  it.each([
    ['yes', true],
    ['Yes', true],
    ['YES', true],
    ['y', true],
    ['on', true],
    ['On', true],
    ['true', true],
    ['no', false],
    ['No', false],
    ['n', false],
    ['off', false],
    ['OFF', false],
    ['false', false],
  ])('YAML 1.1 boolean %s is %s', (text, value) => {
    expect(resolvePlainScalar(text)).toBe(value);
  });

  it.each([
    ['010', 8],
    ['0o17', 15],
    ['0x1F', 31],
    ['0b101', 5],
    ['-0b11', -3],
    ['1_000', 1000],
    ['+12', 12],
    ['-7', -7],
    ['08', 8],
    ['09.5', 9.5],
    ['1e3', 1000],
    ['.5', 0.5],
    ['0', 0],
  ])('number %s is %s', (text, value) => {
    expect(resolvePlainScalar(text)).toBe(value);
  });

  it.each([
    '12:30',
    '2001-12-14',
    '2001-12-14T21:59:43.10-05:00',
    '1.2.3',
    '0x',
    'yesno',
    'ON2',
    '-',
    '+',
    '0o8',
    '1__',
  ])('%s stays a string', (text) => {
    expect(resolvePlainScalar(text)).toBe(text === '1__' ? 1 : text);
  });

  it.each([
    ['~', null],
    ['null', null],
    ['Null', null],
    ['', null],
    ['.inf', '+.inf'],
    ['-.Inf', '-.inf'],
    ['.NaN', '.nan'],
  ])('%s is %s', (text, value) => {
    expect(resolvePlainScalar(text)).toBe(value);
  });
});

describe('decodeYamlDocument', () => {
  it('quoted and block scalars are always strings', () => {
    const { value } = decode('a: "yes"\nb: \'010\'\nc: |\n  on\nd: !!str 12\n');
    expect(value).toEqual({ a: 'yes', b: '010', c: 'on\n', d: '12' });
  });

  it('non-string keys become strings, as sigs.k8s.io/yaml does', () => {
    const { value } = decode('yes: 1\n010: 2\n~: 3\ny: 4\n');
    // `y` is a YAML 1.1 boolean too, so the key is "true" and the later entry is a duplicate.
    expect(value).toEqual({ true: 4, '8': 2, null: 3 });
  });

  it('expands aliases and honours merge keys, explicit keys winning', () => {
    const { value, problems } = decode('base: &b {p: 1, q: 2}\nuse:\n  <<: *b\n  q: 3\nlist: [*b, *b]\n');
    expect(problems).toEqual([]);
    expect(value).toEqual({
      base: { p: 1, q: 2 },
      use: { p: 1, q: 3 },
      list: [
        { p: 1, q: 2 },
        { p: 1, q: 2 },
      ],
    });
    const v = value as { list: object[]; base: object };
    expect(v.list[0]).not.toBe(v.base); // expanded copies, never shared references
  });

  it('reports a duplicate key with its offset and path', () => {
    const { problems } = decode('metadata:\n  name: a\n  name: b\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'duplicate-key', path: ['metadata', 'name'], offset: 22 });
  });

  it('stops an alias bomb instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const { value, problems } = decode(lines.join('\n'));
    expect(value).toBeUndefined();
    expect(problems[0]?.kind).toBe('alias-limit');
  });

  it('never lets __proto__ reach a prototype', () => {
    const { value, problems } = decode(
      '__proto__:\n  polluted: yes\nconstructor: {prototype: {polluted: yes}}\n',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(true);
    expect(problems.map((p) => p.kind)).toEqual(['unsafe-key']);
  });

  it('reports syntax errors with an offset, without throwing', () => {
    for (const text of ['a: [1, 2', 'a:\n\t- tab indented\n', 'a: b: c\n', 'key: "unterminated\n']) {
      const { value, problems } = decode(text);
      expect(value).toBeUndefined();
      expect(problems[0]?.kind).toBe('syntax');
      expect(problems[0]?.offset).toBeGreaterThanOrEqual(0);
    }
  });

  it('an empty document has no value and no problem', () => {
    expect(decode('')).toMatchObject({ value: undefined, problems: [] });
    expect(decode('# only a comment\n')).toMatchObject({ value: undefined, problems: [] });
  });

  it('records positions of keys and items on demand', () => {
    const result = decodeYamlDocument('a:\n  b:\n    - x\n    - y\n', { withPositions: true });
    expect(result.positions).toBeDefined();
  });
});

describe('splitDocuments', () => {
  it('splits on --- and ... markers and keeps line numbers', () => {
    const spans = splitDocuments('a: 1\n---\nb: 2\n...\n---\nc: 3\n');
    expect(spans.map((s) => s.line)).toEqual([1, 2, 5, 5].slice(0, spans.length));
    expect(spans.length).toBeGreaterThanOrEqual(3);
  });

  it('does not split on --- inside a line or an indented block', () => {
    const spans = splitDocuments('a: |\n  ---\n  text\nb: x---y\n');
    expect(spans).toHaveLength(1);
  });
});
