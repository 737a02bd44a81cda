/**
 * Hints: how to fix each kind of issue, where a fix is known. Issues carry their hint as data
 * (`Issue.hint`); this table gives the hint a code has whatever the input, and producers that know
 * more (a close field name, a valid spelling of a name) give their own.
 */
import { IssueCode } from '../model/issues.js';

/**
 * The fix for each code whose fix does not depend on the input. Producers may give a sharper hint
 * (a close field name, a valid spelling of a name); {@link hintFor} prefers theirs. Codes absent here
 * have no general fix (the message says all there is), and a unit test keeps that list explicit.
 */
export const DEFAULT_HINTS: Readonly<Partial<Record<IssueCode, string>>> = {
  [IssueCode.YamlDuplicateKey]:
    'keep one of the two keys: the API server refuses both, and kubectl would silently keep the last',
  [IssueCode.YamlAliasLimit]: 'write the repeated values out instead of expanding aliases this many times',
  [IssueCode.YamlUnsafeKey]: 'rename the key; `__proto__` cannot be a field name',
  [IssueCode.YamlUnsupportedTag]: 'remove the tag; quote the value to keep it a string',
  [IssueCode.YamlInexactInteger]:
    'quote it to keep it as a string; vzmc keeps integers exactly only up to 2^53 - 1 (9007199254740991)',
  [IssueCode.InputBinary]: 'save the file as UTF-8 text',
  [IssueCode.InputTooLarge]: 'split the document: the API server refuses requests over 3 MiB',
  [IssueCode.NotAnObject]: 'each document must be a mapping with apiVersion, kind and metadata',
  [IssueCode.Fragment]: 'add apiVersion and kind if this document is meant to be an object',
  [IssueCode.MissingApiVersion]: 'add `apiVersion:`, e.g. `apiVersion: v1` for core kinds',
  [IssueCode.MissingKind]: 'add `kind:`, e.g. `kind: Secret`',
  [IssueCode.MissingName]: 'add `metadata.name`',
  [IssueCode.ClusterScopedNamespace]: 'remove `metadata.namespace`',
  [IssueCode.DuplicateObject]: 'remove one of the copies, or give them different names',
  [IssueCode.UnknownField]: 'remove the field: the API server refuses it with strict field validation',
  [IssueCode.InvalidLabelValue]: 'label values are short identifiers; put free text in an annotation instead',
  [IssueCode.AnnotationsTooLarge]: 'move large values into a ConfigMap and reference it',
  [IssueCode.InvalidBase64]: 'use stringData for plain text; data values must be base64',
  [IssueCode.DuplicateDataKey]: 'keep each key in data or in binaryData, not in both',
  [IssueCode.DataTooLarge]: 'split the data over several objects, or keep large files out of the cluster',
  [IssueCode.InvalidSecretType]:
    'generate the Secret with `kubectl create secret docker-registry|tls|generic … --dry-run=client -o yaml`',
  [IssueCode.PlacementEmpty]: 'name at least one cluster under `placement.clusters`',
  [IssueCode.PlacementUnregistered]:
    'add a VerrazzanoManagedCluster with that name to the input, or pass --registered with it',
  [IssueCode.SecretsNotFound]: 'add the Secret to the input, in the same namespace',
  [IssueCode.ProjectNamespace]: 'set `metadata.namespace: verrazzano-mc`',
  [IssueCode.ProjectNoNamespaces]: 'list at least one namespace under `spec.template.namespaces`',
  [IssueCode.ProjectNetworkPolicyNamespace]:
    "set the NetworkPolicy's namespace to one of the project's namespaces",
  [IssueCode.ProjectNamespaceTaken]: 'a namespace belongs to one project: remove it from one of the two',
  [IssueCode.ProjectListFailed]: 'check that the credentials can list verrazzanoprojects in verrazzano-mc',
  [IssueCode.VmcNamespace]: 'set `metadata.namespace: verrazzano-mc`',
  [IssueCode.VerrazzanoNotInstalled]: 'install Verrazzano on the admin cluster before registering clusters',
  [IssueCode.VerrazzanoInstallIncomplete]: 'wait until the Verrazzano install on the admin cluster completes',
  [IssueCode.VmcCaSecretMissing]:
    "create the Secret in verrazzano-mc with the managed cluster's CA under `cacrt`, or drop `spec.caSecret`",
  [IssueCode.VmcAdminConfigMapMissing]:
    'create the ConfigMap verrazzano-admin-cluster in verrazzano-mc with `server:` the admin API server URL',
  [IssueCode.VmcInvalidServerUrl]: "set the ConfigMap's `server` to an https:// URL with a host",
  [IssueCode.VmcReservedName]: 'choose another name: `local` always means the admin cluster',
  [IssueCode.VmcInvalidName]: 'use lower-case letters, digits and `-`, at most 63 characters',
  [IssueCode.InvalidServerUrl]: 'give an absolute URL, e.g. https://admin.example.com:6443',
  [IssueCode.InsecureServerUrl]:
    'use https://, or allow http explicitly (--allow-insecure-http) on a trusted network',
  [IssueCode.InvalidCaBundle]: 'pass the CA certificate as PEM (-----BEGIN CERTIFICATE----- …)',
  [IssueCode.MissingToken]: 'pass the token of the agent ServiceAccount',
  [IssueCode.DanglingComponent]:
    'add a Component or MultiClusterComponent with that name to the namespace, or fix the name',
  [IssueCode.DanglingSecret]: "add the Secret to the app's namespace, or remove it from spec.secrets",
};

/** A producer's own hint if it has one, else the code's default hint. */
export function hintFor(code: IssueCode, own?: string): string | undefined {
  return own ?? DEFAULT_HINTS[code];
}
