/**
 * YAML decoding with kubectl's semantics.
 *
 * kubectl decodes manifests through sigs.k8s.io/yaml, which runs go-yaml v2 (YAML 1.1 scalar
 * resolution) and converts the result to JSON. vzmc reproduces that resolution exactly (the scalar
 * table in `yaml-scalars.ts`, shared with the fast path and the writers), so that a manifest means
 * the same thing to vzmc as to `kubectl apply`. Merge keys (`<<`) are honoured, aliases are expanded.
 *
 * On top of that, vzmc is stricter than go-yaml where leniency loses data: a duplicate key is an
 * error, alias expansion has a budget (no alias bomb), and a `__proto__` key is reported, never
 * assigned. The parser is js-yaml's event parser, chosen for speed (see docs/performance.md); the
 * value construction below (`DocumentBuilder`) is vzmc's own.
 *
 * Why two YAML libraries: js-yaml 5 reads (the `yaml` package parses about 2 MB/s, too slow, and
 * the syntax messages users see are js-yaml's, pinned by tests), while the `yaml` package places a
 * syntax error (`yaml-errors.ts` needs its lossless lexer of broken text; js-yaml has none: it stops
 * at the first error with one offset) and serializes (`serialize.ts`: js-yaml's `dump` writes other
 * bytes for the same value, e.g. `1.e+21`, `-0.0`, `"tab\there"`, `"12:30"`, and those bytes are pinned).
 */
import {
  EVENT_ID,
  SCALAR_STYLE,
  getScalarValue,
  parseEvents,
  type AliasEvent,
  type Event,
  type MappingEvent,
  type ScalarEvent,
  type SequenceEvent,
} from 'js-yaml';
import type { FieldPath, PathSegment } from '../model/issues.js';
import { placeSyntaxError } from './yaml-errors.js';
import { inexactResolved, keyToString, resolvePlainScalar, resolveTaggedScalar } from './yaml-scalars.js';

export { inexactInteger, resolvePlainScalar } from './yaml-scalars.js';

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

/** Thrown when a document expands too many aliases; becomes the one `alias-limit` problem. */
class AliasLimit extends Error {}

/**
 * Decodes one YAML document (as cut by {@link splitDocuments}) into plain JSON-compatible data.
 * Never throws: syntax errors and limit violations come back as problems with `value: undefined`.
 */
export function decodeYamlDocument(
  text: string,
  options: DecodeOptions = {},
): DecodedDocument & { positions?: PositionIndex } {
  const limits = options.limits ?? defaultDecodeLimits;
  const events = parseDocumentEvents(text, limits);
  if (!Array.isArray(events)) return { value: undefined, rootOffset: -1, problems: [events] };
  const builder = new DocumentBuilder(text, limits, options.withPositions ? new WeakMap() : undefined);
  try {
    builder.build(events);
  } catch (error) {
    if (error instanceof AliasLimit) {
      return {
        value: undefined,
        rootOffset: builder.rootOffset,
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
    if (error instanceof DecodeError)
      return { value: undefined, rootOffset: builder.rootOffset, problems: [error.problem] };
    throw error;
  }
  return builder.result();
}

/** js-yaml's events for the document, or the syntax problem that stopped the parser, placed on its token. */
function parseDocumentEvents(text: string, limits: DecodeLimits): Event[] | YamlProblem {
  try {
    return parseEvents(text, { maxDepth: limits.maxDepth });
  } catch (error) {
    const mark = (error as { mark?: { position?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? String(error);
    // Too deep is noticed at the node that goes too deep: its place needs no search.
    const placed = reason.startsWith('nesting exceeded maxDepth')
      ? tooDeep(mark?.position ?? 0, limits.maxDepth)
      : placeSyntaxError(text, mark?.position ?? 0, reason);
    return {
      kind: 'syntax',
      message: placed.message,
      offset: placed.offset,
      path: [],
      ...(placed.hint !== undefined ? { hint: placed.hint } : {}),
    };
  }
}

/**
 * Builds one document's value from js-yaml's events: a stack of open collections, the anchors seen
 * so far, and the budgets of alias expansion. A problem that makes the value unusable is thrown (as
 * {@link DecodeError} or {@link AliasLimit}); one that does not is collected in `problems`.
 */
class DocumentBuilder {
  readonly problems: YamlProblem[] = [];
  rootOffset = -1;
  private root: unknown = undefined;
  private readonly stack: Frame[] = [];
  private readonly anchors = new Map<string, unknown>();
  private aliasCount = 0;
  private expanded = 0;
  private documents = 0;
  /** The path of the node about to be placed, as a callback: computed only when a problem needs it. */
  private readonly childPathOf = (): PathSegment[] => this.childPath();

  constructor(
    private readonly text: string,
    private readonly limits: DecodeLimits,
    private readonly positions: PositionIndex | undefined,
  ) {}

  build(events: readonly Event[]): void {
    for (const ev of events) {
      switch (ev.type) {
        case EVENT_ID.DOCUMENT:
          this.startDocument();
          break;
        case EVENT_ID.SEQUENCE:
        case EVENT_ID.MAPPING:
          this.openCollection(ev);
          break;
        case EVENT_ID.POP:
          this.closeCollection();
          break;
        case EVENT_ID.SCALAR:
          this.scalar(ev);
          break;
        case EVENT_ID.ALIAS:
          this.alias(ev);
          break;
      }
    }
  }

  result(): DecodedDocument & { positions?: PositionIndex } {
    const { root: value, rootOffset, problems, positions } = this;
    return positions ? { value, rootOffset, problems, positions } : { value, rootOffset, problems };
  }

  private startDocument(): void {
    if (++this.documents > 1) {
      throw new DecodeError({ kind: 'syntax', message: 'unexpected second document', offset: 0, path: [] });
    }
  }

  private openCollection(ev: SequenceEvent | MappingEvent): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent?.isMap && parent.key === NO_KEY) {
      throw new DecodeError({
        kind: 'syntax',
        message: 'mapping keys must be scalars',
        offset: ev.start,
        path: [],
      });
    }
    const isMap = ev.type === EVENT_ID.MAPPING;
    const container = isMap ? ({} as Record<string, unknown>) : ([] as unknown[]);
    const frame: Frame = {
      container,
      isMap,
      parent,
      keyInParent: parent ? childKey(parent) : undefined,
      anchor: ev.anchorStart >= 0 ? this.text.slice(ev.anchorStart, ev.anchorEnd) : undefined,
      key: NO_KEY,
      keyOffset: -1,
      merges: undefined,
      positions: this.positions ? new Map() : undefined,
    };
    if (this.positions && frame.positions) this.positions.set(container, frame.positions);
    this.place(container, ev.start, undefined, true);
    this.stack.push(frame);
  }

  /** Closes the innermost collection: merged keys fill in what explicit keys left, then its anchor is set. */
  private closeCollection(): void {
    const frame = this.stack.pop();
    if (!frame) return;
    if (frame.merges && frame.isMap) {
      const map = frame.container as Record<string, unknown>;
      for (const source of frame.merges) {
        for (const key of Object.keys(source)) {
          if (!Object.prototype.hasOwnProperty.call(map, key)) setOwn(map, key, source[key]);
        }
      }
    }
    if (frame.anchor !== undefined) this.anchors.set(frame.anchor, frame.container);
  }

  private scalar(ev: ScalarEvent): void {
    const text = this.text;
    const value = scalarValue(text, ev, this.problems, this.childPathOf);
    const top = this.stack[this.stack.length - 1];
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
      return;
    }
    this.place(value, offset, anchor, false);
  }

  private alias(ev: AliasEvent): void {
    const name = this.text.slice(ev.anchorStart, ev.anchorEnd);
    if (++this.aliasCount > this.limits.maxAliases) throw new AliasLimit();
    if (!this.anchors.has(name)) {
      throw new DecodeError({
        kind: 'syntax',
        message: `unknown anchor '${name}' referenced`,
        offset: ev.anchorStart,
        path: this.childPath(),
      });
    }
    const top = this.stack[this.stack.length - 1];
    const target = this.anchors.get(name);
    if (top?.isMap && top.key === MERGE_KEY) {
      top.key = NO_KEY;
      this.addMerge(top, target, ev.anchorStart);
      return;
    }
    const offset = Math.max(0, ev.anchorStart - 1);
    const copy = this.cloneAlias(target, this.stack.length + 1, offset);
    this.place(copy, offset, undefined, copy !== null && typeof copy === 'object');
  }

  /** A copy of an anchored value placed `depth` collections deep; an alias may not nest it deeper than the limit. */
  private cloneAlias(value: unknown, depth: number, offset: number): unknown {
    if (value === null || typeof value !== 'object') {
      this.expanded++;
      return value;
    }
    if (++this.expanded > this.limits.maxExpandedNodes) throw new AliasLimit();
    if (depth > this.limits.maxDepth) {
      const deep = tooDeep(offset, this.limits.maxDepth);
      throw new DecodeError({ kind: 'syntax', ...deep, path: this.childPath() });
    }
    if (Array.isArray(value)) return value.map((item) => this.cloneAlias(item, depth + 1, offset));
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value))
      setOwn(copy, key, this.cloneAlias((value as Record<string, unknown>)[key], depth + 1, offset));
    return copy;
  }

  /** Puts a node where it belongs: the root, the next item of a sequence, or a mapping's key or value. */
  private place(value: unknown, offset: number, anchor: string | undefined, isContainer: boolean): void {
    const top = this.stack[this.stack.length - 1];
    if (anchor !== undefined && !isContainer) this.anchors.set(anchor, value);
    if (!top) {
      this.root = value;
      this.rootOffset = offset;
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
    if (key === MERGE_KEY) this.addMerge(top, value, offset);
    else this.setEntry(top, key, value);
  }

  /** Sets a mapping entry, reporting a duplicate or `__proto__` key. */
  private setEntry(top: Frame, key: unknown, value: unknown): void {
    const name = keyToString(key);
    const keyOffset = Math.max(top.keyOffset, 0);
    if (name === undefined) {
      throw new DecodeError({
        kind: 'syntax',
        message: 'unsupported mapping key',
        offset: keyOffset,
        path: pathOf(top),
      });
    }
    const map = top.container as Record<string, unknown>;
    // Merged keys are added when the mapping closes, so until then the map holds explicit keys only.
    if (Object.prototype.hasOwnProperty.call(map, name)) {
      this.problems.push({
        kind: 'duplicate-key',
        message: `mapping key ${JSON.stringify(name)} already defined`,
        offset: keyOffset,
        path: [...pathOf(top), name],
      });
    }
    if (name === '__proto__') {
      this.problems.push({
        kind: 'unsafe-key',
        message: 'the key "__proto__" is not allowed',
        offset: keyOffset,
        path: [...pathOf(top), name],
      });
    }
    if (top.keyOffset >= 0) top.positions?.set(name, top.keyOffset);
    setOwn(map, name, value);
  }

  private addMerge(frame: Frame, value: unknown, offset: number): void {
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
  }

  /** The path of the node about to be placed; computed only for problems. */
  private childPath(): PathSegment[] {
    const top = this.stack[this.stack.length - 1];
    if (!top) return [];
    const key = childKey(top);
    return key === undefined ? pathOf(top) : [...pathOf(top), key];
  }
}

/** The key (or index) the next node of `top` will have, if it is known yet. */
function childKey(top: Frame): PathSegment | undefined {
  if (!top.isMap) return (top.container as unknown[]).length;
  return top.key === NO_KEY || top.key === MERGE_KEY ? undefined : keyToString(top.key);
}

/** The path of a frame's container from the root. */
function pathOf(frame: Frame | undefined): PathSegment[] {
  const out: PathSegment[] = [];
  for (let f = frame; f?.parent; f = f.parent) if (f.keyInParent !== undefined) out.push(f.keyInParent);
  return out.reverse();
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
  const written = inexactResolved(raw, resolved);
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
      const resolved = resolveTaggedScalar(tag, raw);
      if (resolved === undefined) {
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
