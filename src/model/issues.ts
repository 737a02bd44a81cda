/**
 * Diagnostics as data. Every problem vzmc finds in its input is an {@link Issue}: a stable,
 * namespaced `code`, a severity, the field path inside the object, the spec rule it enforces
 * (when there is one) and the source position. Text is derived from issues by the pure
 * formatters at the bottom of this file, never stored in them.
 */

/** How bad an issue is. `error` makes input invalid; `warning` and `info` do not. */
export const Severity = {
  /** Makes the input invalid. */
  Error: 'error',
  /** Worth attention; the input stays valid. */
  Warning: 'warning',
  /** For information. */
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
  /** The YAML does not parse. */
  YamlSyntax: 'yaml/syntax',
  /** A mapping has the same key twice (kubectl's strict decoding rejects it too). */
  YamlDuplicateKey: 'yaml/duplicate-key',
  /** Aliases expand past the budget (an alias bomb). */
  YamlAliasLimit: 'yaml/alias-limit',
  /** A `__proto__` key, which is never assigned. */
  YamlUnsafeKey: 'yaml/unsafe-key',
  /** A YAML tag vzmc does not decode. */
  YamlUnsupportedTag: 'yaml/unsupported-tag',
  /** An integer a JavaScript number cannot carry exactly (beyond ±(2^53 - 1) and not a double's own digits). */
  YamlInexactInteger: 'yaml/inexact-integer',
  /** The JSON does not parse. */
  JsonSyntax: 'json/syntax',
  /** The input is not UTF-8 text (invalid UTF-8 or control characters). */
  InputBinary: 'input/binary',
  /** A document over 3 MiB, the API server's request limit. */
  InputTooLarge: 'input/too-large',
  /** A document that is not a mapping. */
  NotAnObject: 'object/not-an-object',
  /** A document with neither apiVersion nor kind, read as a patch fragment and not validated (a warning). */
  Fragment: 'object/fragment',
  /** An object without `apiVersion`. */
  MissingApiVersion: 'object/missing-api-version',
  /** An object without `kind`. */
  MissingKind: 'object/missing-kind',
  /** A kind vzmc does not know: an error in `clusters.verrazzano.io` and `core.oam.dev`, else a warning. */
  UnknownKind: 'object/unknown-kind',
  /** An object without `metadata.name`. */
  MissingName: 'object/missing-name',
  /** A cluster-scoped object with `metadata.namespace`, which is ignored (a warning). */
  ClusterScopedNamespace: 'object/namespace-not-allowed',
  /** The same object (kind, namespace, name) twice in the input. */
  DuplicateObject: 'object/duplicate',
  // Schema
  /** A field has the wrong type. */
  InvalidType: 'schema/invalid-type',
  /** A required field is missing. */
  Required: 'schema/required',
  /** A field the schema does not have, where the API server would prune it. */
  UnknownField: 'schema/unknown-field',
  /** A field's value is not allowed. */
  InvalidValue: 'schema/invalid-value',
  // Rules a Kubernetes API server enforces
  /** A name or namespace that is not a valid DNS name for its kind. */
  InvalidName: 'k8s/invalid-name',
  /** A label key that is not a qualified name. */
  InvalidLabelKey: 'k8s/invalid-label-key',
  /** A label value over 63 characters or with characters labels cannot hold. */
  InvalidLabelValue: 'k8s/invalid-label-value',
  /** An annotation key that is not a qualified name. */
  InvalidAnnotationKey: 'k8s/invalid-annotation-key',
  /** Annotations over 256 KiB in total. */
  AnnotationsTooLarge: 'k8s/annotations-too-large',
  /** Secret or binary data that is not valid base64. */
  InvalidBase64: 'secret/invalid-base64',
  /** A Secret or ConfigMap key with characters keys cannot hold. */
  InvalidDataKey: 'k8s/invalid-data-key',
  /** The same key in a ConfigMap's `data` and `binaryData`. */
  DuplicateDataKey: 'k8s/duplicate-data-key',
  /** Secret or ConfigMap data over 1 MiB. */
  DataTooLarge: 'k8s/data-too-large',
  /** Data that does not fit the Secret's type, e.g. `kubernetes.io/dockerconfigjson` without valid JSON. */
  InvalidSecretType: 'secret/invalid-type',
  // Verrazzano admission rules (spec §6)
  /** W1: a placement with no cluster. */
  PlacementEmpty: 'placement/empty',
  /** W2: a placement naming a cluster that has no VMC on the admin. */
  PlacementUnregistered: 'placement/unregistered-cluster',
  /** W3: `spec.secrets` names Secrets that are not in the namespace. */
  SecretsNotFound: 'mcappconfig/secrets-not-found',
  /** W4: a VerrazzanoProject outside `verrazzano-mc`. */
  ProjectNamespace: 'project/wrong-namespace',
  /** W5: a VerrazzanoProject without namespaces. */
  ProjectNoNamespaces: 'project/no-namespaces',
  /** W6: a NetworkPolicy in a namespace that is not the project's. */
  ProjectNetworkPolicyNamespace: 'project/network-policy-namespace',
  /** W7: a namespace that another project already lists. */
  ProjectNamespaceTaken: 'project/namespace-taken',
  /** W7: the existing projects could not be listed. */
  ProjectListFailed: 'project/list-failed',
  /** W9: a VMC outside `verrazzano-mc`. */
  VmcNamespace: 'vmc/wrong-namespace',
  /** W10: Verrazzano is not installed on the admin. */
  VerrazzanoNotInstalled: 'vmc/verrazzano-not-installed',
  /** W10: the Verrazzano install has not completed. */
  VerrazzanoInstallIncomplete: 'vmc/install-incomplete',
  /** W11: the VMC's `spec.caSecret` does not exist. */
  VmcCaSecretMissing: 'vmc/ca-secret-missing',
  /** W11: the `verrazzano-admin-cluster` ConfigMap does not exist. */
  VmcAdminConfigMapMissing: 'vmc/admin-configmap-missing',
  /** W11: the ConfigMap's `server` is not a valid URL. */
  VmcInvalidServerUrl: 'vmc/invalid-server-url',
  /** B33: a VMC named `local`, the admin's own name. */
  VmcReservedName: 'vmc/reserved-name',
  /** A VMC name that is not a DNS-1123 label. */
  VmcInvalidName: 'vmc/invalid-name',
  // Registration inputs
  /** The admin server URL given for registration is not an absolute URL with a host. */
  InvalidServerUrl: 'registration/invalid-server-url',
  /** The admin server URL is `http://`, so the agent token would travel in clear text. */
  InsecureServerUrl: 'registration/insecure-server-url',
  /** The admin CA bundle is not PEM. */
  InvalidCaBundle: 'registration/invalid-ca-bundle',
  /** The agent token is empty. */
  MissingToken: 'registration/missing-token',
  // Placement and references (warnings)
  /**
   * An app config references a component that is neither a Component nor a MultiClusterComponent in its
   * namespace (P11).
   */
  DanglingComponent: 'reference/dangling-component',
  /** `spec.secrets` names a Secret that does not exist in the namespace (P10). */
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
  /** Line, from 1. */
  readonly line: number;
  /** Column, from 1. */
  readonly column: number;
}

/** Identifies a Kubernetes object, as far as it is known. */
export interface ObjectRef {
  /** The object's apiVersion. */
  readonly apiVersion?: string;
  /** The object's kind. */
  readonly kind?: string;
  /** The object's namespace. */
  readonly namespace?: string;
  /** The object's name. */
  readonly name?: string;
}

/** A problem found in the input. */
export interface Issue {
  /** Stable, namespaced code, e.g. `secret/invalid-base64`. */
  readonly code: IssueCode;
  /** How bad it is. */
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
  /**
   * How to fix it, where a fix is known: `did you mean \`labels\`?`, `use stringData for plain text`.
   * Never quotes Secret values.
   */
  readonly hint?: string;
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
 * One line per issue, the way a compiler prints it: `file:line:col Kind ns/name path: message`;
 * a hint, when the issue has one, follows on its own indented line (`  hint: …`), so tools that
 * read the first line keep working.
 *
 * @example
 * formatIssue(issue)
 * //=> 'todo-list/docker-registry-secret.yaml:10:3 Secret mc-todo-list/tododomain-repo-credentials data[".dockerconfigjson"]: illegal base64 data at input byte 0\n  hint: use stringData for plain text; data values must be base64'
 */
export function formatIssue(issue: Issue): string {
  const where = issue.source ? `${issue.source.file}:${issue.source.line}:${issue.source.column}` : '';
  const what = formatObjectRef(issue.object);
  const path = formatPath(issue.path);
  const head = [where, what, path].filter((part) => part !== '').join(' ');
  const severity = issue.severity === Severity.Error ? '' : `${issue.severity}: `;
  const line = head === '' ? `${severity}${issue.message}` : `${head}: ${severity}${issue.message}`;
  return issue.hint === undefined ? line : `${line}\n  hint: ${issue.hint}`;
}

/** Formats every issue, one per line (plus a hint line where there is a hint). */
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
  /** Always `VzmcIssuesError`. */
  override readonly name = 'VzmcIssuesError';
  /** The issues, in the order given. */
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    super();
    this.issues = issues;
    Object.defineProperty(this, 'message', { get: () => formatIssues(this.issues), enumerable: false });
  }
}
