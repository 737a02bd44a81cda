/**
 * The one place vzmc touches fast-json-patch. It is imported through its default export, because
 * its named exports fail under Node's ESM loader (the package is CommonJS without an exports map),
 * and its `applyPatch` mutates unless told otherwise. Everything here is pure.
 */
import jsonpatch from 'fast-json-patch';

/** An RFC 6902 operation, as vzmc emits them (add, remove, replace; never move or copy). */
export type JsonPatchOperation = JsonPatchAdd | JsonPatchRemove | JsonPatchReplace;

/** Adds `value` at `path` (a JSON pointer). */
export interface JsonPatchAdd {
  /** The operation. */
  readonly op: 'add';
  /** A JSON pointer, e.g. `/metadata/labels/app`. */
  readonly path: string;
  /** The value added. */
  readonly value: unknown;
}

/** Removes what is at `path`. */
export interface JsonPatchRemove {
  /** The operation. */
  readonly op: 'remove';
  /** A JSON pointer. */
  readonly path: string;
}

/** Replaces what is at `path` with `value`. */
export interface JsonPatchReplace {
  /** The operation. */
  readonly op: 'replace';
  /** A JSON pointer. */
  readonly path: string;
  /** The new value. */
  readonly value: unknown;
}

/**
 * The RFC 6902 patch that turns `from` into `to`. Arrays are compared by index, which is fine for
 * reading a plan; writes use server-side apply, never this patch.
 *
 * @example
 * diff({ a: 1 }, { a: 2 }) //=> [{ op: 'replace', path: '/a', value: 2 }]
 */
export function diff(from: unknown, to: unknown): JsonPatchOperation[] {
  return jsonpatch.compare(from as object, to as object) as JsonPatchOperation[];
}

/** Applies a patch to a copy of `document`; the input is never mutated. */
export function applyPatch<T>(document: T, patch: readonly JsonPatchOperation[]): T {
  return jsonpatch.applyPatch(structuredClone(document), patch as jsonpatch.Operation[], false, false)
    .newDocument;
}
