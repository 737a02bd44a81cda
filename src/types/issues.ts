/**
 * Diagnostics as data. Every problem vzmc finds in its input is an {@link Issue}: a stable,
 * namespaced `code`, a severity, the field path inside the object, the spec rule it enforces
 * (when there is one) and the source position. Text is derived from issues by the pure
 * formatters at the bottom of this file, never stored in them.
 */

/** How bad an issue is. `error` makes input invalid; `warning` and `info` do not. */
export const Severity = {
  Error: 'error',
  Warning: 'warning',
  Info: 'info',
} as const;
/** One of {@link Severity}'s values. */
export type Severity = (typeof Severity)[keyof typeof Severity];

/**
 * Stable issue codes. The part before the slash names the area, the part after names the problem.
 * Codes never change meaning; new problems get new codes.
 */
export const IssueCode = {
  // Reading input
  YamlSyntax: 'yaml/syntax',
  YamlDuplicateKey: 'yaml/duplicate-key',
  YamlAliasLimit: 'yaml/alias-limit',
  YamlUnsafeKey: 'yaml/unsafe-key',
  YamlUnsupportedTag: 'yaml/unsupported-tag',
  JsonSyntax: 'json/syntax',
  InputBinary: 'input/binary',
  InputTooLarge: 'input/too-large',
  NotAnObject: 'object/not-an-object',
  Fragment: 'object/fragment',
  MissingApiVersion: 'object/missing-api-version',
  MissingKind: 'object/missing-kind',
  UnknownKind: 'object/unknown-kind',
  MissingName: 'object/missing-name',
  MissingNamespace: 'object/missing-namespace',
  ClusterScopedNamespace: 'object/namespace-not-allowed',
  DuplicateObject: 'object/duplicate',
  // Schema
  InvalidType: 'schema/invalid-type',
  Required: 'schema/required',
  UnknownField: 'schema/unknown-field',
  InvalidValue: 'schema/invalid-value',
  // Rules a Kubernetes API server enforces
  InvalidName: 'k8s/invalid-name',
  InvalidLabelKey: 'k8s/invalid-label-key',
  InvalidLabelValue: 'k8s/invalid-label-value',
  InvalidAnnotationKey: 'k8s/invalid-annotation-key',
  AnnotationsTooLarge: 'k8s/annotations-too-large',
  InvalidBase64: 'secret/invalid-base64',
  InvalidDataKey: 'k8s/invalid-data-key',
  DuplicateDataKey: 'k8s/duplicate-data-key',
  DataTooLarge: 'k8s/data-too-large',
  InvalidSecretType: 'secret/invalid-type',
  // Verrazzano admission rules (spec §6)
  PlacementEmpty: 'placement/empty',
  PlacementUnregistered: 'placement/unregistered-cluster',
  SecretsNotFound: 'mcappconfig/secrets-not-found',
  ProjectNamespace: 'project/wrong-namespace',
  ProjectNoNamespaces: 'project/no-namespaces',
  ProjectNetworkPolicyNamespace: 'project/network-policy-namespace',
  ProjectNamespaceTaken: 'project/namespace-taken',
  ProjectListFailed: 'project/list-failed',
  VmcNamespace: 'vmc/wrong-namespace',
  VerrazzanoNotInstalled: 'vmc/verrazzano-not-installed',
  VerrazzanoInstallIncomplete: 'vmc/install-incomplete',
  VmcCaSecretMissing: 'vmc/ca-secret-missing',
  VmcAdminConfigMapMissing: 'vmc/admin-configmap-missing',
  VmcInvalidServerUrl: 'vmc/invalid-server-url',
  VmcReservedName: 'vmc/reserved-name',
  VmcInvalidName: 'vmc/invalid-name',
  // Registration inputs
  InvalidServerUrl: 'registration/invalid-server-url',
  InsecureServerUrl: 'registration/insecure-server-url',
  InvalidCaBundle: 'registration/invalid-ca-bundle',
  MissingToken: 'registration/missing-token',
  // Placement and references (warnings)
  DanglingComponent: 'reference/dangling-component',
  DanglingSecret: 'reference/dangling-secret',
} as const;
/** One of {@link IssueCode}'s values. */
export type IssueCode = (typeof IssueCode)[keyof typeof IssueCode];

/** One step of a field path: an object key or an array index. */
export type PathSegment = string | number;
/** A field path inside an object, from its root: `['data', '.dockerconfigjson']`. */
export type FieldPath = readonly PathSegment[];

/** A place in a source file. Lines and columns count from 1. */
export interface SourcePosition {
  /** The file as given by the user, or `<stdin>`. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Identifies a Kubernetes object, as far as it is known. */
export interface ObjectRef {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** A problem found in the input. */
export interface Issue {
  /** Stable, namespaced code, e.g. `secret/invalid-base64`. */
  readonly code: IssueCode;
  readonly severity: Severity;
  /** Human-readable message. For Verrazzano admission rules, Verrazzano's exact text. */
  readonly message: string;
  /** Where in the object the problem is. Empty for the object as a whole. */
  readonly path: FieldPath;
  /** The semantics-spec rule this issue enforces, e.g. `W1`. */
  readonly ruleId?: string;
  /** Where the problem is in the source, when the object came from a file. */
  readonly source?: SourcePosition;
  /** The object the issue is about. */
  readonly object?: ObjectRef;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Renders a field path the way a reader expects it: dots between identifiers, brackets around
 * indexes and around keys that are not identifiers.
 *
 * @example
 * formatPath(['data', '.dockerconfigjson']) //=> 'data[".dockerconfigjson"]'
 * formatPath(['spec', 'placement', 'clusters', 0, 'name']) //=> 'spec.placement.clusters[0].name'
 */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Renders `Kind ns/name`, `Kind name` or `Kind` for an object reference. */
export function formatObjectRef(ref: ObjectRef | undefined): string {
  if (!ref) return '';
  const name = ref.name ?? '';
  const qualified = ref.namespace ? `${ref.namespace}/${name}` : name;
  return [ref.kind ?? '', qualified].filter((part) => part !== '').join(' ');
}

/**
 * One line per issue, the way a compiler prints it:
 * `file:line:col Kind ns/name path: message`.
 *
 * @example
 * formatIssue(issue)
 * //=> 'todo-list/docker-registry-secret.yaml:10:3 Secret mc-todo-list/tododomain-repo-credentials data[".dockerconfigjson"]: illegal base64 data at input byte 0'
 */
export function formatIssue(issue: Issue): string {
  const where = issue.source ? `${issue.source.file}:${issue.source.line}:${issue.source.column}` : '';
  const what = formatObjectRef(issue.object);
  const path = formatPath(issue.path);
  const head = [where, what, path].filter((part) => part !== '').join(' ');
  const severity = issue.severity === Severity.Error ? '' : `${issue.severity}: `;
  return head === '' ? `${severity}${issue.message}` : `${head}: ${severity}${issue.message}`;
}

/** Formats every issue, one per line. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map(formatIssue).join('\n');
}

/** True when at least one issue is an error. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.severity === Severity.Error);
}

/** Orders issues by file, line, column, then code, so that output is deterministic. */
export function compareIssues(a: Issue, b: Issue): number {
  const fa = a.source?.file ?? '';
  const fb = b.source?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.source?.line ?? 0;
  const lb = b.source?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.source?.column ?? 0;
  const cb = b.source?.column ?? 0;
  if (ca !== cb) return ca - cb;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  const pa = formatPath(a.path);
  const pb = formatPath(b.path);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * An error that carries issues. Its message is derived from the issues, so the two never
 * disagree. Identify it by `name === 'VzmcIssuesError'` rather than `instanceof`, which fails
 * across duplicate package copies.
 */
export class VzmcIssuesError extends Error {
  override readonly name = 'VzmcIssuesError';
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    super();
    this.issues = issues;
    Object.defineProperty(this, 'message', { get: () => formatIssues(this.issues), enumerable: false });
  }
}
