/**
 * YAML decoding with kubectl's semantics.
 *
 * kubectl decodes manifests through sigs.k8s.io/yaml, which runs go-yaml v2 (YAML 1.1 scalar
 * resolution) and converts the result to JSON. vzmc reproduces that resolution exactly, so that a
 * manifest means the same thing to vzmc as to `kubectl apply`:
 *
 * - `y`, `yes`, `on`, `true` (and their capitalised forms) are `true`; `n`, `no`, `off`, `false` are `false`;
 * - `010` is the octal 8, `0o17` is 15, `0x1F` is 31, `0b101` is 5, `1_000` is 1000, `08` is the float 8;
 * - `~`, `null` and the empty scalar are `null`;
 * - timestamps (`2001-12-14`) and sexagesimal numbers (`12:30`) stay strings;
 * - non-string keys become strings (`yes: 1` has the key `"true"`);
 * - merge keys (`<<`) are honoured, aliases are expanded.
 *
 * On top of that, vzmc is stricter than go-yaml where leniency loses data: a duplicate key is an
 * error, alias expansion has a budget (no alias bomb), and a `__proto__` key is reported, never
 * assigned. The parser is js-yaml's event parser, chosen for speed (see docs/performance.md); the
 * value construction below is vzmc's own.
 */
import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml';
import type { FieldPath, PathSegment } from './issues.js';
import { placeSyntaxError } from './yaml-errors.js';

/** A problem found while decoding one YAML document. Offsets are relative to the document text. */
export interface YamlProblem {
  readonly kind:
    'syntax' | 'duplicate-key' | 'alias-limit' | 'unsafe-key' | 'unsupported-tag' | 'inexact-integer';
  readonly message: string;
  readonly offset: number;
  readonly path: FieldPath;
  /** How to fix it, where this problem knows better than its code's default hint. */
  readonly hint?: string;
}

/** Limits that keep hostile input from exhausting memory. */
export interface DecodeLimits {
  /** Alias references per document. */
  readonly maxAliases: number;
  /** Nodes created by expanding aliases, per document. */
  readonly maxExpandedNodes: number;
  /** Nesting depth. */
  readonly maxDepth: number;
}

/** Defaults: generous for real manifests, tiny compared with an alias bomb. */
export const defaultDecodeLimits: DecodeLimits = {
  maxAliases: 1000,
  maxExpandedNodes: 100_000,
  maxDepth: 200,
};

/** The result of decoding one document. */
export interface DecodedDocument {
  /** The value; `undefined` for an empty document. */
  readonly value: unknown;
  /** Offset of the root node within the document text, or -1. */
  readonly rootOffset: number;
  readonly problems: readonly YamlProblem[];
}

// ---------------------------------------------------------------------------------------------
// Scalar resolution (go-yaml v2 resolve.go)

const RESOLVE_MAP: ReadonlyMap<string, null | boolean | number | string> = new Map<
  string,
  null | boolean | number | string
>([
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
export function resolvePlainScalar(text: string): null | boolean | number | string {
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
  const exact = integerLiteralValue(text.includes('_') ? text.replaceAll('_', '') : text);
  if (exact === undefined) return undefined;
  const printed = String(resolved);
  return /^-?[0-9]+$/.test(printed) && BigInt(printed) === exact ? undefined : printed;
}

/** Turns a decoded key into the string JSON needs, as sigs.k8s.io/yaml does. */
function keyToString(key: unknown): string | undefined {
  if (typeof key === 'string') return key;
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (typeof key === 'number') return String(key);
  if (key === null) return 'null';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Documents

/** Where each document of a multi-document stream starts. */
export interface DocumentSpan {
  /** Offset of the document's first character (its `---` marker, if any). */
  readonly start: number;
  readonly end: number;
  /** Line of `start`, counting from 1. */
  readonly line: number;
}

// A line starting with `---` or `...` followed by white space is a document marker wherever it
// appears: YAML forbids it inside content (c-forbidden), so a plain scan finds every boundary.
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** Splits a YAML stream into its documents without parsing them. */
export function splitDocuments(text: string): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  let start = 0;
  let line = 1;
  let counted = 0;
  const countLinesTo = (offset: number): number => {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    counted = offset;
    return line;
  };
  DOCUMENT_MARKER.lastIndex = 0;
  for (let match = DOCUMENT_MARKER.exec(text); match; match = DOCUMENT_MARKER.exec(text)) {
    const offset = match.index;
    const isEnd = match[0] === '...';
    if (offset > start || isEnd) {
      const startLine = countLinesTo(start);
      spans.push({ start, end: offset, line: startLine });
    }
    if (isEnd) {
      // `...` ends a document; the next one starts on the following line.
      const next = text.indexOf('\n', offset);
      start = next === -1 ? text.length : next + 1;
    } else {
      start = offset;
    }
  }
  if (start < text.length || spans.length === 0)
    spans.push({ start, end: text.length, line: countLinesTo(start) });
  return spans;
}

/** Options for {@link decodeYamlDocument}. */
export interface DecodeOptions {
  readonly limits?: DecodeLimits;
  /** Record the offset of every key and item, for {@link locatePath}. */
  readonly withPositions?: boolean;
}

interface Frame {
  readonly container: Record<string, unknown> | unknown[];
  readonly isMap: boolean;
  /** The enclosing frame and this container's key in it; the path is derived only when a problem needs it. */
  readonly parent: Frame | undefined;
  readonly keyInParent: PathSegment | undefined;
  readonly anchor: string | undefined;
  /** Pending key of a mapping; `NO_KEY` while the next node is a key. */
  key: unknown;
  keyOffset: number;
  merges: Record<string, unknown>[] | undefined;
  positions: Map<PathSegment, number> | undefined;
  /** For a merge key's value: collect into merges instead of assigning. */
  isMergeValue: boolean;
}

const NO_KEY = Symbol('no-key');
const MERGE_KEY = Symbol('merge');

class DecodeError extends Error {
  constructor(readonly problem: YamlProblem) {
    super(problem.message);
  }
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function tagName(text: string, ev: { tagStart: number; tagEnd: number }): string | undefined {
  if (ev.tagStart < 0) return undefined;
  const raw = text.slice(ev.tagStart, ev.tagEnd);
  if (raw.startsWith('!!')) return raw.slice(2);
  const verbatim = /^!<tag:yaml\.org,2002:([^>]+)>$/.exec(raw);
  if (verbatim) return verbatim[1];
  return raw;
}

/** Positions recorded for containers decoded with `withPositions`. */
export type PositionIndex = WeakMap<object, Map<PathSegment, number>>;

/**
 * Decodes one YAML document (as cut by {@link splitDocuments}) into plain JSON-compatible data.
 * Never throws: syntax errors and limit violations come back as problems with `value: undefined`.
 */
export function decodeYamlDocument(
  text: string,
  options: DecodeOptions = {},
): DecodedDocument & { positions?: PositionIndex } {
  const limits = options.limits ?? defaultDecodeLimits;
  const problems: YamlProblem[] = [];
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: limits.maxDepth });
  } catch (error) {
    const mark = (error as { mark?: { position?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? String(error);
    // Too deep is noticed at the node that goes too deep: its place needs no search.
    const placed = reason.startsWith('nesting exceeded maxDepth')
      ? tooDeep(mark?.position ?? 0, limits.maxDepth)
      : placeSyntaxError(text, mark?.position ?? 0, reason);
    return {
      value: undefined,
      rootOffset: -1,
      problems: [
        {
          kind: 'syntax',
          message: placed.message,
          offset: placed.offset,
          path: [],
          ...(placed.hint !== undefined ? { hint: placed.hint } : {}),
        },
      ],
    };
  }
  const positions: PositionIndex | undefined = options.withPositions ? new WeakMap() : undefined;
  const anchors = new Map<string, unknown>();
  let aliasCount = 0;
  let expanded = 0;
  const stack: Frame[] = [];
  let root: unknown = undefined;
  let rootOffset = -1;
  let documents = 0;

  /** A copy of an anchored value placed `depth` collections deep; an alias may not nest it deeper than the limit. */
  const cloneAlias = (value: unknown, depth: number, offset: number): unknown => {
    if (value === null || typeof value !== 'object') {
      expanded++;
      return value;
    }
    if (++expanded > limits.maxExpandedNodes) throw new AliasLimit();
    if (depth > limits.maxDepth) {
      const deep = tooDeep(offset, limits.maxDepth);
      throw new DecodeError({ kind: 'syntax', ...deep, path: childPath() });
    }
    if (Array.isArray(value)) return value.map((item) => cloneAlias(item, depth + 1, offset));
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value))
      setOwn(copy, key, cloneAlias((value as Record<string, unknown>)[key], depth + 1, offset));
    return copy;
  };

  class AliasLimit extends Error {}

  const place = (value: unknown, offset: number, anchor: string | undefined, isContainer: boolean): void => {
    const top = stack[stack.length - 1];
    if (anchor !== undefined && !isContainer) anchors.set(anchor, value);
    if (!top) {
      root = value;
      rootOffset = offset;
      return;
    }
    if (!top.isMap) {
      const list = top.container as unknown[];
      if (offset >= 0) top.positions?.set(list.length, offset);
      list.push(value);
      return;
    }
    if (top.key === NO_KEY) {
      top.keyOffset = offset;
      if (isContainer) {
        throw new DecodeError({
          kind: 'syntax',
          message: 'mapping keys must be scalars',
          offset,
          path: pathOf(top),
        });
      }
      top.key = value;
      return;
    }
    const key = top.key;
    top.key = NO_KEY;
    if (key === MERGE_KEY) {
      addMerge(top, value, offset);
      return;
    }
    const name = keyToString(key);
    if (name === undefined) {
      throw new DecodeError({
        kind: 'syntax',
        message: 'unsupported mapping key',
        offset: Math.max(top.keyOffset, 0),
        path: pathOf(top),
      });
    }
    const map = top.container as Record<string, unknown>;
    // Merged keys are added when the mapping closes, so until then the map holds explicit keys only.
    if (Object.prototype.hasOwnProperty.call(map, name)) {
      problems.push({
        kind: 'duplicate-key',
        message: `mapping key ${JSON.stringify(name)} already defined`,
        offset: Math.max(top.keyOffset, 0),
        path: [...pathOf(top), name],
      });
    }
    if (name === '__proto__') {
      problems.push({
        kind: 'unsafe-key',
        message: 'the key "__proto__" is not allowed',
        offset: Math.max(top.keyOffset, 0),
        path: [...pathOf(top), name],
      });
    }
    if (top.keyOffset >= 0) top.positions?.set(name, top.keyOffset);
    setOwn(map, name, value);
  };

  const addMerge = (frame: Frame, value: unknown, offset: number): void => {
    const sources = Array.isArray(value) ? value : [value];
    for (const source of sources) {
      if (source === null || typeof source !== 'object' || Array.isArray(source)) {
        throw new DecodeError({
          kind: 'syntax',
          message: 'map merge requires map or sequence of maps as the value',
          offset: Math.max(offset, 0),
          path: pathOf(frame),
        });
      }
      (frame.merges ??= []).push(source as Record<string, unknown>);
    }
  };

  const childKey = (top: Frame): PathSegment | undefined => {
    if (!top.isMap) return (top.container as unknown[]).length;
    return top.key === NO_KEY || top.key === MERGE_KEY ? undefined : keyToString(top.key);
  };
  const pathOf = (frame: Frame | undefined): PathSegment[] => {
    const out: PathSegment[] = [];
    for (let f = frame; f?.parent; f = f.parent) if (f.keyInParent !== undefined) out.push(f.keyInParent);
    return out.reverse();
  };
  /** The path of the node about to be placed; computed only for problems. */
  const childPath = (): PathSegment[] => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    const key = childKey(top);
    return key === undefined ? pathOf(top) : [...pathOf(top), key];
  };

  try {
    for (const ev of events) {
      switch (ev.type) {
        case EVENT_ID.DOCUMENT:
          if (++documents > 1) {
            throw new DecodeError({
              kind: 'syntax',
              message: 'unexpected second document',
              offset: 0,
              path: [],
            });
          }
          break;
        case EVENT_ID.SEQUENCE:
        case EVENT_ID.MAPPING: {
          if (stack.length > 0 && stack[stack.length - 1]?.isMap && stack[stack.length - 1]?.key === NO_KEY) {
            throw new DecodeError({
              kind: 'syntax',
              message: 'mapping keys must be scalars',
              offset: ev.start,
              path: [],
            });
          }
          const isMap = ev.type === EVENT_ID.MAPPING;
          const container = isMap ? ({} as Record<string, unknown>) : ([] as unknown[]);
          const anchor = ev.anchorStart >= 0 ? text.slice(ev.anchorStart, ev.anchorEnd) : undefined;
          const parent = stack[stack.length - 1];
          const frame: Frame = {
            container,
            isMap,
            parent,
            keyInParent: parent ? childKey(parent) : undefined,
            anchor,
            key: NO_KEY,
            keyOffset: -1,
            merges: undefined,
            positions: positions ? new Map() : undefined,
            isMergeValue: false,
          };
          if (positions && frame.positions) positions.set(container, frame.positions);
          place(container, ev.start, undefined, true);
          stack.push(frame);
          break;
        }
        case EVENT_ID.POP: {
          const frame = stack.pop();
          if (!frame) break;
          if (frame.merges && frame.isMap) {
            const map = frame.container as Record<string, unknown>;
            for (const source of frame.merges) {
              for (const key of Object.keys(source)) {
                if (!Object.prototype.hasOwnProperty.call(map, key)) setOwn(map, key, source[key]);
              }
            }
          }
          if (frame.anchor !== undefined) anchors.set(frame.anchor, frame.container);
          break;
        }
        case EVENT_ID.SCALAR: {
          const value = scalarValue(text, ev, problems, childPath);
          const top = stack[stack.length - 1];
          const anchor = ev.anchorStart >= 0 ? text.slice(ev.anchorStart, ev.anchorEnd) : undefined;
          const offset = firstOffset(ev);
          if (
            top?.isMap &&
            top.key === NO_KEY &&
            value === '<<' &&
            ev.style === SCALAR_STYLE.PLAIN &&
            ev.tagStart < 0
          ) {
            top.key = MERGE_KEY;
            top.keyOffset = offset;
            break;
          }
          place(value, offset, anchor, false);
          break;
        }
        case EVENT_ID.ALIAS: {
          const name = text.slice(ev.anchorStart, ev.anchorEnd);
          if (++aliasCount > limits.maxAliases) throw new AliasLimit();
          if (!anchors.has(name)) {
            throw new DecodeError({
              kind: 'syntax',
              message: `unknown anchor '${name}' referenced`,
              offset: ev.anchorStart,
              path: childPath(),
            });
          }
          const top = stack[stack.length - 1];
          const target = anchors.get(name);
          if (top?.isMap && top.key === MERGE_KEY) {
            top.key = NO_KEY;
            addMerge(top, target, ev.anchorStart);
            break;
          }
          const copy = cloneAlias(target, stack.length + 1, Math.max(0, ev.anchorStart - 1));
          place(copy, Math.max(0, ev.anchorStart - 1), undefined, copy !== null && typeof copy === 'object');
          break;
        }
      }
    }
  } catch (error) {
    if (error instanceof AliasLimit) {
      return {
        value: undefined,
        rootOffset,
        problems: [
          {
            kind: 'alias-limit',
            message: `document expands too many aliases (limit ${limits.maxAliases} aliases, ${limits.maxExpandedNodes} nodes)`,
            offset: 0,
            path: [],
          },
        ],
      };
    }
    if (error instanceof DecodeError) return { value: undefined, rootOffset, problems: [error.problem] };
    throw error;
  }
  return positions ? { value: root, rootOffset, problems, positions } : { value: root, rootOffset, problems };
}

/** The problem of a node nested deeper than `maxDepth` collections, at `offset`. */
function tooDeep(offset: number, maxDepth: number): { offset: number; message: string; hint: string } {
  return {
    offset,
    message: `the document nests deeper than ${maxDepth} levels`,
    hint: 'no Kubernetes object nests this deep: check the brackets and indentation here',
  };
}

/**
 * Where a scalar starts: its tag, anchor or opening quote if it has one, else its value; -1 for an
 * empty scalar (`-` alone, `key:` alone), which has no text. Such a node gets no position of its
 * own, so an issue about it points at its key or its parent, not at the top of the document.
 */
function firstOffset(ev: ScalarEvent): number {
  // A quoted scalar starts at its opening quote, one before its value.
  const quoted = ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED;
  let offset = quoted && ev.valueStart > 0 ? ev.valueStart - 1 : ev.valueStart;
  if (ev.anchorStart >= 0 && (offset < 0 || ev.anchorStart < offset)) offset = ev.anchorStart - 1;
  if (ev.tagStart >= 0 && (offset < 0 || ev.tagStart < offset)) offset = ev.tagStart;
  return offset;
}

/** Reports an integer scalar that a JavaScript number would change (see {@link inexactInteger}). */
function checkInteger(
  raw: string,
  resolved: unknown,
  ev: ScalarEvent,
  problems: YamlProblem[],
  path: () => FieldPath,
): void {
  if (typeof resolved !== 'number' || Number.isSafeInteger(resolved)) return;
  const written = inexactInteger(raw);
  if (written === undefined) return;
  problems.push({
    kind: 'inexact-integer',
    message: `integer ${raw} is outside JavaScript's safe range: vzmc would write it as ${written}`,
    offset: Math.max(firstOffset(ev), 0),
    path: path(),
  });
}

/** A plain scalar's value, reported when it is an integer a JavaScript number would change. */
function checkedPlain(raw: string, ev: ScalarEvent, problems: YamlProblem[], path: () => FieldPath): unknown {
  const resolved = resolvePlainScalar(raw);
  checkInteger(raw, resolved, ev, problems, path);
  return resolved;
}

function scalarValue(text: string, ev: ScalarEvent, problems: YamlProblem[], path: () => FieldPath): unknown {
  const raw = getScalarValue(text, ev);
  const tag = tagName(text, ev);
  if (tag === undefined) return ev.style === SCALAR_STYLE.PLAIN ? checkedPlain(raw, ev, problems, path) : raw;
  switch (tag) {
    case 'str':
    case '!':
    case 'binary':
    case 'timestamp':
      return raw;
    case 'null':
    case 'bool':
    case 'int':
    case 'float': {
      const resolved = resolvePlainScalar(raw);
      const fits =
        (tag === 'null' && resolved === null) ||
        (tag === 'bool' && typeof resolved === 'boolean') ||
        ((tag === 'int' || tag === 'float') && typeof resolved === 'number');
      if (!fits) {
        throw new DecodeError({
          kind: 'syntax',
          message: `cannot decode ${JSON.stringify(raw)} as !!${tag}`,
          offset: Math.max(firstOffset(ev), 0),
          path: path(),
        });
      }
      if (tag === 'int') checkInteger(raw, resolved, ev, problems, path);
      return resolved;
    }
    default:
      problems.push({
        kind: 'unsupported-tag',
        message: `the tag ${JSON.stringify(text.slice(ev.tagStart, ev.tagEnd))} is not supported and was ignored`,
        offset: Math.max(firstOffset(ev), 0),
        path: path(),
      });
      return ev.style === SCALAR_STYLE.PLAIN ? checkedPlain(raw, ev, problems, path) : raw;
  }
}

/**
 * Finds the offset of the node at `path` in a document decoded with positions. Keys point at
 * the key, items at the item. Returns the deepest offset found along the path.
 */
export function locatePath(
  value: unknown,
  positions: PositionIndex,
  path: FieldPath,
  rootOffset: number,
): number {
  let offset = rootOffset;
  let current: unknown = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') break;
    const map = positions.get(current);
    const found = map?.get(segment);
    if (found === undefined) break;
    offset = found;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return offset;
}

/** Converts an offset into a 1-based line and column. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
