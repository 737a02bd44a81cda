/**
 * A fast path for the YAML that Kubernetes manifests are made of: block mappings and sequences,
 * plain and single-line quoted scalars, literal block scalars, single-line flow collections and
 * comments. It reads a document line by line with the general reader's scalar table
 * (`yaml-scalars.ts`, kubectl's rules), and gives up — returns `undefined` — on anything else (anchors, tags, multi-line plain or quoted
 * scalars, folded scalars, complex keys, merge keys, duplicate keys, tabs, directives, nesting
 * deeper than {@link FAST_PATH_MAX_DEPTH}…), so the general parser handles it and reports problems
 * with positions.
 *
 * A differential property test checks that, whenever the fast path returns a value, it is the
 * value the general parser returns (`test/unit/manifest/yaml-fast.property.test.ts`).
 */
import type { PathSegment } from '../model/issues.js';
import type { PositionIndex } from './yaml.js';
import { inexactResolved, keyToString, resolvePlainScalar } from './yaml-scalars.js';

/** What YAML forbids in a stream (as js-yaml checks it): C0/C1 controls, U+FFFE/U+FFFF, lone surrogates. */
const NON_PRINTABLE =
  // eslint-disable-next-line no-control-regex -- these control characters are exactly what must be found
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Thrown inside the fast path to give up; never escapes this module. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

/**
 * The deepest nesting of collections the fast path takes. Deeper documents go to the general
 * parser, which enforces the depth limit (`DecodeLimits.maxDepth`) and reports it with a position;
 * the fast path's recursion never gets near the stack's limit.
 */
export const FAST_PATH_MAX_DEPTH = 64;

/** Enters one more level of nesting: the room left below it, or giving up when there is none. */
function deeper(room: number): number {
  if (room <= 0) throw GIVE_UP;
  return room - 1;
}

interface Line {
  /** Offset of the first non-space character. */
  readonly start: number;
  /** Offset of the end of the line (the newline or the end of text). */
  readonly end: number;
  readonly indent: number;
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Characters that may not start a plain scalar (or that the fast path leaves to the general parser). */
const PLAIN_FIRST_FORBIDDEN = new Set(Array.from('-?:,[]{}#&*!|>\'"%@`', (c) => c.charCodeAt(0)));

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(target, key)) throw GIVE_UP;
  target[key] = value;
}

/** A key as JSON needs it, by the general reader's rule (`keyToString`). */
function keyOf(key: unknown): string {
  const name = keyToString(key);
  if (name === undefined) throw GIVE_UP;
  return name;
}

/** Splits the text into significant lines (not blank, not comment-only). Gives up on tabs in indentation. */
function lines(text: string): Line[] {
  const out: Line[] = [];
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = n;
    let i = pos;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    if (c === TAB) throw GIVE_UP;
    let lineEnd = end;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--; // CRLF
    if (i < lineEnd && c !== HASH) out.push({ start: i, end: lineEnd, indent: i - pos });
    pos = end + 1;
  }
  return out;
}

/** Removes a trailing ` # comment` and trailing spaces from [start, end). */
function trimComment(text: string, start: number, end: number): number {
  let e = end;
  for (let i = start; i < end; i++) {
    if (
      text.charCodeAt(i) === HASH &&
      i > start &&
      (text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)
    ) {
      e = i;
      break;
    }
  }
  while (e > start && (text.charCodeAt(e - 1) === SPACE || text.charCodeAt(e - 1) === TAB)) e--;
  return e;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  b: '\b',
  f: '\f',
  e: '\u001b',
  ' ': ' ',
  a: '\u0007',
  v: '\u000b',
};

/**
 * A double-quoted scalar starting at `start` (the quote). Returns its value and the offset after
 * the closing quote. Runs between escapes are sliced whole: building the value a character at a
 * time would leave a rope of one-character strings per scalar.
 */
function doubleQuoted(text: string, start: number, end: number): { value: string; next: number } {
  let out = '';
  let run = start + 1;
  let i = run;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 34) return { value: out + text.slice(run, i), next: i + 1 };
    if (c !== 92) {
      i++;
      continue;
    }
    out += text.slice(run, i);
    const e = text[i + 1] ?? '';
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (e === 'u' || e === 'x' || e === 'U') {
      const len = e === 'u' ? 4 : e === 'x' ? 2 : 8;
      const hex = text.slice(i + 2, i + 2 + len);
      if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) throw GIVE_UP;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw GIVE_UP;
      out += String.fromCodePoint(code);
      i += 2 + len;
    } else {
      throw GIVE_UP;
    }
    run = i;
  }
  throw GIVE_UP; // not closed on this line
}

/** A single-quoted scalar starting at `start` (`''` is a quote); sliced by runs like {@link doubleQuoted}. */
function singleQuoted(text: string, start: number, end: number): { value: string; next: number } {
  let out = '';
  let run = start + 1;
  let i = run;
  while (i < end) {
    if (text.charCodeAt(i) !== 39) {
      i++;
      continue;
    }
    out += text.slice(run, i);
    if (text.charCodeAt(i + 1) !== 39) return { value: out, next: i + 1 };
    out += "'";
    i += 2;
    run = i;
  }
  throw GIVE_UP;
}

/** Nothing but spaces and an optional comment may follow a quoted scalar. */
function expectLineEnd(text: string, from: number, end: number): void {
  let i = from;
  while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  if (i < end && !(text.charCodeAt(i) === HASH && i > from)) throw GIVE_UP;
}

/**
 * A plain scalar's value, from the scalar table the general reader uses; an integer a JavaScript
 * number would change is left to the general parser, which reports it.
 */
function resolvePlain(raw: string): unknown {
  const value = resolvePlainScalar(raw);
  if (inexactResolved(raw, value) !== undefined) throw GIVE_UP;
  return value;
}

/** `-`, `?` and `:` may start a plain scalar when a non-space follows; other indicators may not. */
function plainMayStart(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  if (!PLAIN_FIRST_FORBIDDEN.has(c)) return true;
  if (c !== DASH && c !== 63 && c !== COLON) return false;
  const next = text.charCodeAt(start + 1);
  return start + 1 < end && next !== SPACE && next !== TAB;
}

/** A plain scalar on one line, from `start` to the end of the line (minus a comment). */
function plainScalar(text: string, start: number, end: number): unknown {
  if (!plainMayStart(text, start, end)) throw GIVE_UP;
  const e = trimComment(text, start, end);
  const raw = text.slice(start, e);
  // `: ` inside a block plain scalar is an error; a trailing `:` or `-`-led oddities go to the general parser.
  if (raw.includes(': ') || raw.endsWith(':') || raw.includes(' #')) throw GIVE_UP;
  return resolvePlain(raw);
}

/** Positions of one container's keys or items, registered in the index when there is one. */
function positionsOf(
  index: PositionIndex | undefined,
  container: object,
): Map<PathSegment, number> | undefined {
  if (index === undefined) return undefined;
  const map = new Map<PathSegment, number>();
  index.set(container, map);
  return map;
}

/** Parses a flow collection on one line: `{a: b, c: [d, "e"]}`, with room for `room` more levels. */
function flow(
  text: string,
  start: number,
  end: number,
  room: number,
  index?: PositionIndex,
): { value: unknown; next: number } {
  let i = start;
  const skip = () => {
    while (i < end && text.charCodeAt(i) === SPACE) i++;
  };
  const scalarUntil = (stops: string): unknown => {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const q = c === 34 ? doubleQuoted(text, i, end) : singleQuoted(text, i, end);
      i = q.next;
      return q.value;
    }
    if (PLAIN_FIRST_FORBIDDEN.has(c)) throw GIVE_UP;
    const from = i;
    while (i < end) {
      const ch = text[i] ?? '';
      if (stops.includes(ch)) break;
      if (ch === ':' && (text.charCodeAt(i + 1) === SPACE || stops.includes(text[i + 1] ?? ''))) break;
      if (ch === '#' && text.charCodeAt(i - 1) === SPACE) throw GIVE_UP;
      i++;
    }
    let e = i;
    while (e > from && text.charCodeAt(e - 1) === SPACE) e--;
    if (e === from) throw GIVE_UP;
    return resolvePlain(text.slice(from, e));
  };
  /** A node with room for `left` more levels. */
  const node = (left: number): unknown => {
    skip();
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) deeper(left);
    if (c === 123) {
      i++;
      const map: Record<string, unknown> = {};
      const at = positionsOf(index, map);
      skip();
      if (text.charCodeAt(i) === 125) {
        i++;
        return map;
      }
      for (;;) {
        skip();
        const keyStart = i;
        const key = keyOf(scalarUntil(',}'));
        skip();
        if (text.charCodeAt(i) !== COLON) throw GIVE_UP;
        i++;
        skip();
        const next = text.charCodeAt(i);
        const value = next === 44 || next === 125 ? null : node(left - 1);
        setOwn(map, key, value);
        at?.set(key, keyStart);
        skip();
        const sep = text.charCodeAt(i);
        i++;
        if (sep === 125) return map;
        if (sep !== 44) throw GIVE_UP;
        skip();
        if (text.charCodeAt(i) === 125) throw GIVE_UP; // trailing comma: leave to the general parser
      }
    }
    if (c === 91) {
      i++;
      const list: unknown[] = [];
      const at = positionsOf(index, list);
      skip();
      if (text.charCodeAt(i) === 93) {
        i++;
        return list;
      }
      for (;;) {
        skip();
        at?.set(list.length, i);
        list.push(node(left - 1));
        skip();
        const sep = text.charCodeAt(i);
        i++;
        if (sep === 93) return list;
        if (sep !== 44) throw GIVE_UP;
        skip();
        if (text.charCodeAt(i) === 93) throw GIVE_UP;
      }
    }
    return scalarUntil(',]}');
  };
  const value = node(room);
  return { value, next: i };
}

/**
 * An inline value after `key: ` or `- `, with room for `room` more levels: a quoted scalar, a flow
 * collection or a plain scalar.
 */
function inlineValue(text: string, start: number, end: number, room: number, index?: PositionIndex): unknown {
  const c = text.charCodeAt(start);
  if (c === 34 || c === 39) {
    const q = c === 34 ? doubleQuoted(text, start, end) : singleQuoted(text, start, end);
    expectLineEnd(text, q.next, end);
    return q.value;
  }
  if (c === 123 || c === 91) {
    const f = flow(text, start, end, room, index);
    expectLineEnd(text, f.next, end);
    return f.value;
  }
  return plainScalar(text, start, end);
}

class Parser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly ls: Line[],
    /** Where keys and items are, recorded as the general parser records them; absent when not asked for. */
    private readonly positions: PositionIndex | undefined,
    /** How many more levels of collections may open around the current line. */
    private room: number,
  ) {}

  /** Offset of the root node. */
  get rootOffset(): number {
    return this.ls[0]?.start ?? -1;
  }

  parseDocument(): unknown {
    if (this.ls.length === 0) return undefined;
    const first = this.ls[0]!;
    if (first.indent !== 0) throw GIVE_UP;
    const value = this.block(0);
    if (this.index !== this.ls.length) throw GIVE_UP;
    return value;
  }

  private get line(): Line | undefined {
    return this.ls[this.index];
  }

  /** A block node whose lines start at `indent`. */
  private block(indent: number): unknown {
    const line = this.line!;
    if (line.indent !== indent) throw GIVE_UP;
    if (this.isSequenceItem(line)) return this.sequence(indent);
    return this.mapping(indent);
  }

  private isSequenceItem(line: Line): boolean {
    const c = this.text.charCodeAt(line.start);
    if (c !== DASH) return false;
    const next = this.text.charCodeAt(line.start + 1);
    return line.start + 1 === line.end || next === SPACE;
  }

  /** Finds the `: ` (or line-ending `:`) that ends a plain or quoted key; returns the key and the offset after the colon. */
  private key(line: Line, from: number): { key: string; after: number } {
    const text = this.text;
    const c = text.charCodeAt(from);
    let keyValue: unknown;
    let i: number;
    if (c === 34 || c === 39) {
      const q = c === 34 ? doubleQuoted(text, from, line.end) : singleQuoted(text, from, line.end);
      keyValue = q.value;
      i = q.next;
      while (i < line.end && text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) !== COLON) throw GIVE_UP;
      // In a block mapping the separator needs white space after it (`"a":b` is flow-only).
      if (i + 1 < line.end && text.charCodeAt(i + 1) !== SPACE) throw GIVE_UP;
    } else {
      if (PLAIN_FIRST_FORBIDDEN.has(c)) throw GIVE_UP;
      i = from;
      for (;;) {
        const colon = text.indexOf(':', i);
        if (colon === -1 || colon >= line.end) throw GIVE_UP;
        const after = text.charCodeAt(colon + 1);
        if (colon + 1 === line.end || after === SPACE) {
          i = colon;
          break;
        }
        i = colon + 1;
      }
      let e = i;
      while (e > from && text.charCodeAt(e - 1) === SPACE) e--;
      const raw = text.slice(from, e);
      if (raw.includes(' #')) throw GIVE_UP;
      keyValue = resolvePlain(raw);
    }
    return { key: keyOf(keyValue), after: i + 1 };
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const at = positionsOf(this.positions, map);
    const text = this.text;
    this.room = deeper(this.room);
    for (let line = this.line; line && line.indent === indent; line = this.line) {
      if (this.isSequenceItem(line)) throw GIVE_UP;
      const { key, after } = this.key(line, line.start);
      at?.set(key, line.start);
      let v = after;
      while (v < line.end && text.charCodeAt(v) === SPACE) v++;
      this.index++;
      if (v >= line.end || (text.charCodeAt(v) === HASH && v > after)) {
        setOwn(map, key, this.nested(indent, true));
      } else if (text.charCodeAt(v) === 124) {
        setOwn(map, key, this.literal(indent, text.slice(v, trimComment(text, v, line.end))));
      } else {
        setOwn(map, key, inlineValue(text, v, line.end, this.room, this.positions));
      }
    }
    const next = this.line;
    if (next && next.indent > indent) throw GIVE_UP;
    this.room++;
    return map;
  }

  /** The node under a key or item with nothing after it: a deeper block, a same-indent sequence (for keys), or null. */
  private nested(indent: number, forKey: boolean): unknown {
    const next = this.line;
    if (!next) return null;
    if (next.indent > indent) return this.block(next.indent);
    if (forKey && next.indent === indent && this.isSequenceItem(next)) return this.sequence(indent);
    return null;
  }

  private sequence(indent: number): unknown[] {
    const list: unknown[] = [];
    const at = positionsOf(this.positions, list);
    const text = this.text;
    this.room = deeper(this.room);
    for (
      let line = this.line;
      line && line.indent === indent && this.isSequenceItem(line);
      line = this.line
    ) {
      let v = line.start + 1;
      while (v < line.end && text.charCodeAt(v) === SPACE) v++;
      if (v >= line.end || text.charCodeAt(v) === HASH) {
        this.index++;
        // A nested block is where its first line starts; an empty item has no position (as in yaml.ts).
        const next = this.line;
        if (next && next.indent > indent) at?.set(list.length, next.start);
        list.push(this.nested(indent, false));
        continue;
      }
      const c = text.charCodeAt(v);
      if (c === DASH && (text.charCodeAt(v + 1) === SPACE || v + 1 === line.end)) throw GIVE_UP; // `- - x`
      if (c === 124) {
        this.index++;
        // A block scalar is where its content starts: the line after its header.
        at?.set(list.length, text.indexOf('\n', line.end) + 1);
        list.push(this.literal(indent, text.slice(v, trimComment(text, v, line.end))));
        continue;
      }
      if (this.startsMappingEntry(line, v)) {
        // `- key: value`: a mapping whose lines are at the column of `key`.
        const column = v - (line.start - line.indent);
        this.ls[this.index] = { start: v, end: line.end, indent: column };
        at?.set(list.length, v);
        list.push(this.mapping(column));
        continue;
      }
      this.index++;
      at?.set(list.length, v);
      list.push(inlineValue(text, v, line.end, this.room, this.positions));
    }
    const next = this.line;
    if (next && next.indent > indent) throw GIVE_UP;
    this.room++;
    return list;
  }

  /** Whether the text at `from` is `key:` (followed by space or end of line) rather than a scalar. */
  private startsMappingEntry(line: Line, from: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(from);
    if (c === 34 || c === 39) {
      const q = c === 34 ? doubleQuoted(text, from, line.end) : singleQuoted(text, from, line.end);
      let i = q.next;
      while (i < line.end && text.charCodeAt(i) === SPACE) i++;
      return text.charCodeAt(i) === COLON;
    }
    if (c === 123 || c === 91) return false;
    for (let i = text.indexOf(':', from); i !== -1 && i < line.end; i = text.indexOf(':', i + 1)) {
      if (i + 1 === line.end || text.charCodeAt(i + 1) === SPACE) return true;
    }
    return false;
  }

  /**
   * A literal block scalar (`|`, `|-`, `|+`) under a key or item at `indent`. Only the plain cases:
   * the content's indentation is that of its first line, blank lines are empty or shallower, and the
   * scalar ends with a newline before the next node or the end of the text.
   */
  private literal(indent: number, header: string): string {
    const chomp = header === '|' ? 'clip' : header === '|-' ? 'strip' : header === '|+' ? 'keep' : undefined;
    if (!chomp) throw GIVE_UP; // explicit indentation indicators, folded scalars: the general parser
    const text = this.text;
    const headerLine = this.ls[this.index - 1]!;
    let pos = text.indexOf('\n', headerLine.end);
    if (pos === -1) throw GIVE_UP;
    pos++;
    const content: string[] = [];
    let contentIndent = -1;
    let scalarEnd = pos;
    while (pos < text.length) {
      const end = text.indexOf('\n', pos);
      if (end === -1) throw GIVE_UP; // the last line has no newline: chomping subtleties
      const lineEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      let spaces = 0;
      while (pos + spaces < lineEnd && text.charCodeAt(pos + spaces) === SPACE) spaces++;
      const blank = pos + spaces === lineEnd;
      if (blank) {
        if (contentIndent === -1 ? spaces > indent : spaces > contentIndent) throw GIVE_UP;
        content.push('');
      } else {
        if (spaces <= indent) break;
        if (contentIndent === -1) contentIndent = spaces;
        else if (spaces < contentIndent) throw GIVE_UP;
        content.push(text.slice(pos + contentIndent, lineEnd));
      }
      pos = end + 1;
      scalarEnd = pos;
    }
    if (contentIndent === -1) throw GIVE_UP; // an empty literal: leave it to the general parser
    while (this.line && this.line.start < scalarEnd) this.index++;
    let last = content.length - 1;
    while (last >= 0 && content[last] === '') last--;
    const trailing = content.length - 1 - last;
    const body = content.slice(0, last + 1).join('\n');
    if (chomp === 'strip') return body;
    if (chomp === 'clip') return `${body}\n`;
    return `${body}\n${'\n'.repeat(trailing)}`;
  }
}

/**
 * Parses a document with the fast path, or returns `undefined` when the document uses anything the
 * fast path leaves to the general parser (or is empty, or its root is not a mapping).
 *
 * @example
 * fastParseDocument('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n')
 * //=> { value: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } }, rootOffset: 0 }
 */
export function fastParseDocument(
  text: string,
  options: {
    readonly withPositions?: boolean;
    /** The decoder's depth limit (`DecodeLimits.maxDepth`): the fast path takes at most half of it. */
    readonly maxDepth?: number;
  } = {},
): { value: Record<string, unknown>; rootOffset: number; positions?: PositionIndex } | undefined {
  let body = text;
  if (body.startsWith('---')) {
    const newline = body.indexOf('\n');
    const rest = (newline === -1 ? body : body.slice(0, newline)).slice(3).trim();
    if (rest !== '' && !rest.startsWith('#')) return undefined; // `--- value` on the marker line
    // Blank the marker line, keeping every offset.
    body = ' '.repeat(newline === -1 ? body.length : newline) + (newline === -1 ? '' : body.slice(newline));
  }
  if (
    body.charCodeAt(0) === 0xfeff ||
    body.includes('\t') ||
    /^(?:%|\.\.\.)/m.test(body) ||
    NON_PRINTABLE.test(body)
  )
    return undefined;
  try {
    const positions: PositionIndex | undefined = options.withPositions ? new WeakMap() : undefined;
    // Half the limit: the general parser counts scalars and keys as levels too, and decides near it.
    const room = Math.min(FAST_PATH_MAX_DEPTH, Math.floor((options.maxDepth ?? Infinity) / 2));
    const parser = new Parser(body, lines(body), positions, room);
    const value = parser.parseDocument();
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const result = { value: value as Record<string, unknown>, rootOffset: parser.rootOffset };
    return positions ? { ...result, positions } : result;
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}
