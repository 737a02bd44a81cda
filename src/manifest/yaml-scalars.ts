/**
 * The one scalar table of vzmc's YAML: how an untagged plain scalar resolves, with kubectl's semantics.
 * Every YAML path uses it: the general reader (`yaml.ts`), the fast path (`yaml-fast.ts`) and both
 * writers (`serialize.ts`, `registration/go-yaml.ts`, which quote any string that would read back
 * as something else). `test/unit/manifest/yaml-scalars.test.ts` holds the two readers to the same
 * answers on a list of tricky scalars.
 *
 * kubectl decodes manifests through sigs.k8s.io/yaml, which runs go-yaml v2 (YAML 1.1 scalar
 * resolution) and converts the result to JSON:
 *
 * - `y`, `yes`, `on`, `true` (and their capitalised forms) are `true`; `n`, `no`, `off`, `false` are `false`;
 * - `010` is the octal 8, `0o17` is 15, `0x1F` is 31, `0b101` is 5, `1_000` is 1000, `08` is the float 8;
 * - `~`, `null` and the empty scalar are `null`;
 * - `.inf`, `-.inf` and `.nan` are the strings `+.inf`, `-.inf` and `.nan` (JSON has no such numbers);
 * - timestamps (`2001-12-14`) and sexagesimal numbers (`12:30`) stay strings;
 * - non-string keys become strings (`yes: 1` has the key `"true"`).
 */

/** A plain scalar's value once resolved: what JSON can carry. */
export type PlainScalarValue = null | boolean | number | string;

const RESOLVE_MAP: ReadonlyMap<string, PlainScalarValue> = new Map<string, PlainScalarValue>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map(
    (s) => [s, true] as [string, boolean],
  ),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map(
    (s) => [s, false] as [string, boolean],
  ),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, null] as [string, null]),
  // JSON has no NaN or infinities; sigs.k8s.io/yaml turns them back into these strings.
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, '.nan'] as [string, string]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, '+.inf'] as [string, string]),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, '-.inf'] as [string, string]),
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const TIMESTAMP =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;

/** Go's strconv.ParseInt(s, 0, 64) after underscores were removed; `undefined` when it fails. */
function parseGoInt(plain: string): number | undefined {
  let s = plain;
  let sign = 1;
  if (s.startsWith('+') || s.startsWith('-')) {
    if (s.startsWith('-')) sign = -1;
    s = s.slice(1);
  }
  if (s === '') return undefined;
  let base = 10;
  let digits = s;
  if (/^0[xX]/.test(s)) {
    base = 16;
    digits = s.slice(2);
  } else if (/^0[oO]/.test(s)) {
    base = 8;
    digits = s.slice(2);
  } else if (/^0[bB]/.test(s)) {
    base = 2;
    digits = s.slice(2);
  } else if (s.length > 1 && s.startsWith('0')) {
    base = 8;
    digits = s.slice(1);
  }
  const valid =
    base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return undefined;
  const big =
    BigInt(base === 10 ? digits : `0${base === 16 ? 'x' : base === 8 ? 'o' : 'b'}${digits}`) * BigInt(sign);
  // int64 first, then uint64, as go-yaml tries both.
  if (big < -(2n ** 63n) || big > 2n ** 64n - 1n) return undefined;
  return Number(big);
}

/**
 * Resolves an untagged plain scalar the way go-yaml v2 does, then maps it to what
 * sigs.k8s.io/yaml puts into JSON.
 *
 * @example
 * resolvePlainScalar('yes') //=> true
 * resolvePlainScalar('010') //=> 8
 * resolvePlainScalar('12:30') //=> '12:30'
 */
export function resolvePlainScalar(text: string): PlainScalarValue {
  const mapped = RESOLVE_MAP.get(text);
  if (mapped !== undefined) return mapped;
  const first = text.charCodeAt(0);
  const isDigit = first >= 48 && first <= 57;
  const isSign = first === 43 || first === 45; // + -
  if (first === 46 /* . */) {
    return YAML_STYLE_FLOAT.test(text) ? Number(text) : text;
  }
  if (!isDigit && !isSign) return text;
  if (TIMESTAMP.test(text)) return text; // go-yaml v2 keeps timestamps as strings for interface{}
  const plain = text.includes('_') ? text.replaceAll('_', '') : text;
  const int = parseGoInt(plain);
  if (int !== undefined) return int;
  if (YAML_STYLE_FLOAT.test(plain)) return Number(plain);
  if (plain.startsWith('0b') || plain.startsWith('-0b')) {
    const negative = plain.startsWith('-');
    const bits = plain.slice(negative ? 3 : 2);
    if (/^[01]+$/.test(bits)) return (negative ? -1 : 1) * Number(BigInt(`0b${bits}`));
  }
  return text;
}

/** Whether a string written plain reads back as itself: not as a boolean, number or null, nor as a merge key. */
export function readsBackAsItself(text: string): boolean {
  return resolvePlainScalar(text) === text && text !== '<<';
}

/** The exact value of an integer literal (underscores removed) in any form go-yaml reads, or undefined. */
function integerLiteralValue(plain: string): bigint | undefined {
  const negative = plain.startsWith('-');
  const s = negative || plain.startsWith('+') ? plain.slice(1) : plain;
  let big: bigint;
  if (/^0[xX][0-9a-fA-F]+$|^0[oO][0-7]+$|^0[bB][01]+$/.test(s)) big = BigInt(`0${s.slice(1).toLowerCase()}`);
  else if (/^0[0-7]+$/.test(s)) big = BigInt(`0o${s.slice(1)}`);
  else if (/^[0-9]+$/.test(s)) big = BigInt(s);
  else return undefined;
  return negative ? -big : big;
}

/**
 * The digits vzmc would write instead of `text`, when `text` is an integer that a JavaScript number
 * cannot carry exactly; `undefined` for anything else (strings, floats, integers kept exactly).
 *
 * Go keeps an integer up to 64 bits exactly; a JavaScript number keeps its 53-bit nearest neighbour,
 * which JSON and YAML then print with other digits. Such an integer is reported rather than changed.
 *
 * @example
 * inexactInteger('9007199254740993') //=> '9007199254740992'
 * inexactInteger('9007199254740994') //=> undefined (a double holds it exactly)
 * inexactInteger('1000000000000000000000000000000') //=> '1e+30'
 */
export function inexactInteger(text: string): string | undefined {
  const resolved = resolvePlainScalar(text);
  if (typeof resolved !== 'number' || Number.isSafeInteger(resolved)) return undefined;
  return inexactDigits(text, resolved);
}

/**
 * What a reader calls for a resolved scalar: the digits vzmc would write when `resolved` (the value
 * of `raw`) is an integer a JavaScript number changes, else `undefined`. Cheap for every other value.
 */
export function inexactResolved(raw: string, resolved: unknown): string | undefined {
  if (typeof resolved !== 'number' || Number.isSafeInteger(resolved)) return undefined;
  return inexactDigits(raw, resolved);
}

function inexactDigits(text: string, resolved: number): string | undefined {
  const exact = integerLiteralValue(text.includes('_') ? text.replaceAll('_', '') : text);
  if (exact === undefined) return undefined;
  const printed = String(resolved);
  return /^-?[0-9]+$/.test(printed) && BigInt(printed) === exact ? undefined : printed;
}

/** Turns a decoded key into the string JSON needs, as sigs.k8s.io/yaml does; `undefined` for a collection. */
export function keyToString(key: unknown): string | undefined {
  if (typeof key === 'string') return key;
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (typeof key === 'number') return String(key);
  if (key === null) return 'null';
  return undefined;
}

/**
 * The value of a scalar with an explicit core tag (`!!null`, `!!bool`, `!!int`, `!!float`), resolved
 * by the same table, or `undefined` when the text is not of that type (`!!int yes`).
 */
export function resolveTaggedScalar(
  tag: 'null' | 'bool' | 'int' | 'float',
  raw: string,
): PlainScalarValue | undefined {
  const resolved = resolvePlainScalar(raw);
  const fits =
    (tag === 'null' && resolved === null) ||
    (tag === 'bool' && typeof resolved === 'boolean') ||
    ((tag === 'int' || tag === 'float') && typeof resolved === 'number');
  return fits ? resolved : undefined;
}
