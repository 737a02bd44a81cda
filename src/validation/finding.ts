/**
 * Findings: problems found in one object before they are placed in a source file, and the small
 * constructors the rule modules build them with.
 */
import { Severity, type FieldPath, type IssueCode as Code } from '../model/issues.js';

/** A problem before it is placed in a source file. */
export interface Finding {
  /** Stable issue code. */
  readonly code: Code;
  /** How bad it is. */
  readonly severity: Severity;
  /** Human-readable message. */
  readonly message: string;
  /** Where in the object. */
  readonly path: FieldPath;
  /** The spec rule it enforces, if any. */
  readonly ruleId?: string;
  /** How to fix it, when this finding knows better than its code's default hint. */
  readonly hint?: string;
}

/** An error finding. */
export const error = (code: Code, path: FieldPath, message: string, ruleId?: string): Finding =>
  ruleId === undefined
    ? { code, severity: Severity.Error, message, path }
    : { code, severity: Severity.Error, message, path, ruleId };

/** The finding with a sharper hint than its code's default, if there is one. */
export const withHint = (finding: Finding, hint: string | undefined): Finding =>
  hint === undefined ? finding : { ...finding, hint };

/** A warning finding. */
export const warning = (code: Code, path: FieldPath, message: string): Finding => ({
  code,
  severity: Severity.Warning,
  message,
  path,
});

/** The value at `path` inside `root`, or `undefined`. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** A JSON object. */
export type Obj = Record<string, unknown>;
/** Whether a value is a JSON object (not null, not an array). */
export const isObj = (value: unknown): value is Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
/** The string-valued entries of a map (labels, annotations, data). */
export const strings = (value: unknown): [string, string][] =>
  isObj(value) ? Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string') : [];

/** One `Invalid value: "x": …` error per message of a k8s-rules check; `hint` is asked only on failure. */
export function invalid(
  code: Code,
  path: FieldPath,
  value: string,
  messages: readonly string[],
  hint?: () => string | undefined,
): Finding[] {
  if (messages.length === 0) return [];
  const sharper = hint?.();
  return messages.map((m) =>
    withHint(error(code, path, `Invalid value: ${JSON.stringify(value)}: ${m}`), sharper),
  );
}
