/**
 * Loading manifests: text in, plain Kubernetes objects out, each remembering where it came from.
 * Pure: the caller reads files (see `readManifestSources` in the Node entry) and passes their text.
 */
import {
  IssueCode,
  Severity,
  type FieldPath,
  type Issue,
  type ObjectRef,
  type SourcePosition,
} from '../model/issues.js';
import { utf8Length } from '../internal/utf8.js';
import { hintFor } from './hints.js';
import { KINDS } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { fastParseDocument } from './yaml-fast.js';
import {
  decodeYamlDocument,
  defaultDecodeLimits,
  lineColumn,
  locatePath,
  splitDocuments,
  type DecodeLimits,
  type PositionIndex,
  type YamlProblem,
} from './yaml.js';

/** A piece of input: its name (a path, or `<stdin>`) and its content. */
export interface ManifestSource {
  /** The name shown in issues: a path, or `<stdin>`. */
  readonly file: string;
  /** Text, or raw bytes that must be UTF-8. */
  readonly content: string | Uint8Array;
}

/** Where an object came from. */
export interface ObjectSource extends SourcePosition {
  /** Index of the YAML document in its file, from 0. */
  readonly documentIndex: number;
  /** Index in the `items` of a List, when the object came from one. */
  readonly itemIndex?: number;
}

/** An object and its source. */
export interface LoadedObject {
  /** The decoded object. */
  readonly object: KubeObject;
  /** Where it came from. */
  readonly source: ObjectSource;
}

/** The result of loading. Objects that could not be decoded are absent; their problems are issues. */
export interface LoadResult {
  /** The objects, in input order. */
  readonly objects: readonly LoadedObject[];
  /** The problems found while reading. */
  readonly issues: readonly Issue[];
}

/** Options for loading. */
export interface LoadOptions {
  /** Alias-expansion limits per document. Default: 1,000 aliases and 100,000 expanded nodes. */
  readonly limits?: DecodeLimits;
  /**
   * Largest document accepted, in bytes. The default is the API server's request limit (3 MiB):
   * a larger object could never be applied.
   */
  readonly maxDocumentBytes?: number;
}

/** The API server rejects request bodies above 3 MiB. */
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

interface SourceRecord {
  readonly file: string;
  readonly text: string;
  readonly line: number;
  readonly basePath: FieldPath;
  readonly source: ObjectSource;
  decoded?: { value: unknown; positions: PositionIndex; rootOffset: number };
}

// Objects remember their source without carrying it as a property, so they stay plain data.
const SOURCES = new WeakMap<object, SourceRecord>();

/** Where an object was loaded from, if vzmc loaded it. */
export function sourceOf(object: object): ObjectSource | undefined {
  return SOURCES.get(object)?.source;
}

/**
 * The source position of a field inside a loaded object: the key for a map entry, the item for a
 * list entry. Falls back to the deepest known ancestor, then to the object itself.
 */
export function locate(object: object, path: FieldPath): SourcePosition | undefined {
  const record = SOURCES.get(object);
  if (!record) return undefined;
  if (path.length === 0) return positionOf(record.source);
  if (!record.decoded) {
    const decoded = decodeWithPositions(record.text);
    if (!decoded) return positionOf(record.source);
    record.decoded = decoded;
  }
  const { value, positions, rootOffset } = record.decoded;
  const offset = locatePath(value, positions, [...record.basePath, ...path], rootOffset);
  const { line, column } = lineColumn(record.text, offset);
  return { file: record.file, line: record.line + line - 1, column };
}

/**
 * A document decoded again, with the position of every key and item: by the fast path when it takes
 * the document (a property test holds it to the general parser's positions), else the general parser.
 */
function decodeWithPositions(
  text: string,
  limits?: DecodeLimits,
): { value: unknown; positions: PositionIndex; rootOffset: number } | undefined {
  const fast = fastParseDocument(text, {
    withPositions: true,
    maxDepth: (limits ?? defaultDecodeLimits).maxDepth,
  });
  const decoded = fast ?? decodeYamlDocument(text, { withPositions: true, ...(limits ? { limits } : {}) });
  return decoded.positions
    ? { value: decoded.value, positions: decoded.positions, rootOffset: decoded.rootOffset }
    : undefined;
}

function positionOf(source: ObjectSource): SourcePosition {
  return { file: source.file, line: source.line, column: source.column };
}

/** Reference fields of an object, for issues. */
export function refOf(value: unknown): ObjectRef {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const obj = value as Record<string, unknown>;
  const meta = (obj.metadata ?? {}) as Record<string, unknown>;
  const ref: { apiVersion?: string; kind?: string; namespace?: string; name?: string } = {};
  if (typeof obj.apiVersion === 'string') ref.apiVersion = obj.apiVersion;
  if (typeof obj.kind === 'string') ref.kind = obj.kind;
  if (typeof meta.namespace === 'string') ref.namespace = meta.namespace;
  if (typeof meta.name === 'string') ref.name = meta.name;
  return ref;
}

const YAML_CODES: Record<YamlProblem['kind'], Issue['code']> = {
  syntax: IssueCode.YamlSyntax,
  'duplicate-key': IssueCode.YamlDuplicateKey,
  'alias-limit': IssueCode.YamlAliasLimit,
  'unsafe-key': IssueCode.YamlUnsafeKey,
  'unsupported-tag': IssueCode.YamlUnsupportedTag,
  'inexact-integer': IssueCode.YamlInexactInteger,
};

function decodeText(content: string | Uint8Array): { text: string } | { error: string } {
  let text: string;
  if (typeof content === 'string') {
    text = content;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      return { error: 'the input is not UTF-8 text' };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // NUL and other C0 controls (but tab, LF, CR) never occur in YAML or JSON text.
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.exec(text);
  if (control) {
    const { line, column } = lineColumn(text, control.index);
    return {
      error: `the input contains binary data (control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} at ${line}:${column})`,
    };
  }
  return { text };
}

/**
 * Loads every object of a multi-document YAML or JSON text. `List` objects are unwrapped into
 * their items. Never throws on bad input: every problem becomes an issue with file, line and column.
 *
 * @example
 * const { objects, issues } = loadText('apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n', 'ns.yaml');
 * objects[0].object.metadata.name //=> 'demo'
 * objects[0].source //=> { file: 'ns.yaml', line: 1, column: 1, documentIndex: 0 }
 */
export function loadText(
  content: string | Uint8Array,
  file = '<input>',
  options: LoadOptions = {},
): LoadResult {
  const objects: LoadedObject[] = [];
  const issues: Issue[] = [];
  const decoded = decodeText(content);
  if ('error' in decoded) {
    issues.push({
      code: IssueCode.InputBinary,
      severity: Severity.Error,
      message: decoded.error,
      path: [],
      source: { file, line: 1, column: 1 },
    });
    return { objects, issues };
  }
  const text = decoded.text;
  const limits = options.limits ?? defaultDecodeLimits;
  const maxBytes = options.maxDocumentBytes ?? MAX_REQUEST_BYTES;
  let documentIndex = -1;
  for (const span of splitDocuments(text)) {
    const chunk = text.slice(span.start, span.end);
    documentIndex++;
    if (chunk.length > maxBytes && utf8Length(chunk) > maxBytes) {
      issues.push({
        code: IssueCode.InputTooLarge,
        severity: Severity.Error,
        message: `the document is ${utf8Length(chunk)} bytes; the API server accepts at most ${maxBytes}`,
        path: [],
        source: { file, line: span.line, column: 1 },
      });
      continue;
    }
    // Most manifests take the fast path; anything it does not handle goes to the general parser.
    const fast = fastParseDocument(chunk, { maxDepth: limits.maxDepth });
    const doc = fast
      ? { value: fast.value, rootOffset: fast.rootOffset, problems: [] }
      : decodeYamlDocument(chunk, { limits });
    const at = (offset: number): SourcePosition => {
      const { line, column } = lineColumn(chunk, offset);
      return { file, line: span.line + line - 1, column };
    };
    for (const problem of doc.problems) {
      issues.push({
        code: YAML_CODES[problem.kind],
        severity: problem.kind === 'unsupported-tag' ? Severity.Warning : Severity.Error,
        message: problem.message,
        path: problem.path,
        source: at(problem.offset),
        ...(doc.value !== undefined ? { object: refOf(doc.value) } : {}),
        ...(problem.hint !== undefined ? { hint: problem.hint } : {}),
      });
    }
    if (doc.value === undefined || doc.value === null) continue; // empty document
    const fatal = doc.problems.some((p) => p.kind !== 'unsupported-tag');
    if (fatal) continue;
    const root = at(doc.rootOffset);
    const record = (
      value: unknown,
      basePath: FieldPath,
      itemIndex: number | undefined,
      where: SourcePosition,
    ) => {
      const source: ObjectSource =
        itemIndex === undefined ? { ...where, documentIndex } : { ...where, documentIndex, itemIndex };
      const shape = checkShape(value, source);
      if (shape.issue) {
        issues.push(shape.issue);
        return;
      }
      SOURCES.set(value as object, { file, text: chunk, line: span.line, basePath, source });
      objects.push({ object: value as KubeObject, source });
    };
    if (isList(doc.value)) {
      const items = (doc.value as { items: unknown[] }).items;
      let listPositions: { positions: PositionIndex; value: unknown } | undefined;
      items.forEach((item, index) => {
        // Items of a List point at their own line, found once per List.
        listPositions ??= decodeWithPositions(chunk, limits) ?? {
          positions: new WeakMap(),
          value: undefined,
        };
        const offset = locatePath(
          listPositions.value,
          listPositions.positions,
          ['items', index],
          doc.rootOffset,
        );
        record(item, ['items', index], index, at(offset));
      });
    } else {
      record(doc.value, [], undefined, root);
    }
  }
  return { objects, issues: issues.map(withHint) };
}

/** Gives an issue its code's default hint, unless it has a sharper one. */
function withHint(issue: Issue): Issue {
  const hint = hintFor(issue.code, issue.hint);
  return hint === undefined || hint === issue.hint ? issue : { ...issue, hint };
}

function isList(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const obj = value as Record<string, unknown>;
  return typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items);
}

function checkShape(value: unknown, source: ObjectSource): { issue?: Issue } {
  const position = positionOf(source);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
    return {
      issue: {
        code: IssueCode.NotAnObject,
        severity: Severity.Error,
        message: `expected a Kubernetes object (a mapping with apiVersion and kind), got ${what}`,
        path: [],
        source: position,
      },
    };
  }
  const obj = value as Record<string, unknown>;
  if (obj.apiVersion === undefined && obj.kind === undefined) {
    return {
      issue: {
        code: IssueCode.Fragment,
        severity: Severity.Warning,
        message:
          'the document has neither apiVersion nor kind; it is read as a patch fragment and not validated',
        path: [],
        source: position,
      },
    };
  }
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') {
    const known = Object.values(KINDS).find((k) => k.kind === obj.kind);
    return {
      issue: {
        code: IssueCode.MissingApiVersion,
        severity: Severity.Error,
        message: "Object 'apiVersion' is missing",
        path: ['apiVersion'],
        source: position,
        object: refOf(value),
        ...(known ? { hint: `add \`apiVersion: ${known.apiVersion}\`` } : {}),
      },
    };
  }
  if (typeof obj.kind !== 'string' || obj.kind === '') {
    return {
      issue: {
        code: IssueCode.MissingKind,
        severity: Severity.Error,
        message: "Object 'Kind' is missing",
        path: ['kind'],
        source: position,
        object: refOf(value),
      },
    };
  }
  if (obj.metadata === undefined) {
    return {
      issue: {
        code: IssueCode.MissingName,
        severity: Severity.Error,
        message: 'Required value: name or generateName is required',
        path: ['metadata'],
        source: position,
        object: refOf(value),
      },
    };
  }
  if (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) {
    return {
      issue: {
        code: IssueCode.InvalidType,
        severity: Severity.Error,
        message: 'metadata must be a mapping',
        path: ['metadata'],
        source: position,
        object: refOf(value),
      },
    };
  }
  return {};
}

/**
 * Loads several sources in order. Issues keep the order of their sources.
 *
 * @example
 * const result = loadSources([{ file: 'a.yaml', content: textA }, { file: 'b.yaml', content: textB }]);
 */
export function loadSources(sources: Iterable<ManifestSource>, options: LoadOptions = {}): LoadResult {
  const objects: LoadedObject[] = [];
  const issues: Issue[] = [];
  for (const source of sources) {
    const result = loadText(source.content, source.file, options);
    objects.push(...result.objects);
    issues.push(...result.issues);
  }
  return { objects, issues };
}

/** Registers a source for an object that vzmc did not load itself (e.g. a derived copy). */
export function rememberSource(object: object, from: object): void {
  const record = SOURCES.get(from);
  if (record) SOURCES.set(object, record);
}
