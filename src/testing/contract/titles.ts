/**
 * The contract's tests by id, with the title each runs under. The titles are the suite's public
 * face: reports, skip reasons and docs cite them, so a title changes only with its behaviour.
 */
/**
 * The contract's tests: an id (for skip lists) and the title the test runs under, which states the
 * behaviour it proves.
 *
 * @example
 * ```ts
 * import { ContractTest } from 'vzmc/testing';
 * console.log(ContractTest.applyIsIdempotent);
 * //=> 'apply creates the object, and a second identical apply changes nothing and keeps the resourceVersion'
 * ```
 */
export const ContractTest = {
  /** `serverVersion()` answers `vMAJOR.MINOR.PATCH`. */
  serverVersion: 'serverVersion answers the Kubernetes version as vMAJOR.MINOR.PATCH',
  /** create, get and list, with namespace and label selectors. */
  createGetList:
    'create returns the stored object, get reads it back, and list filters by namespace and label selector in key order',
  /** Creating an existing object is AlreadyExists. */
  createExisting: 'create of an object that exists is AlreadyExists (409) and changes nothing',
  /** Writes into a missing namespace are NotFound. */
  missingNamespace:
    'a write into a missing namespace is NotFound naming the namespace; a get there is NotFound and a list is empty',
  /** A get of any version (`resourceVersion: '0'`, the watch cache) reads what a get of the latest does, at most a moment later. */
  getAnyVersion:
    "get with resourceVersion '0' reads the object as the latest get does (a watch cache may take a moment), and a missing object is NotFound",
  /** A kind the server does not serve is NotFound. */
  unknownKind: 'a kind the server does not serve is NotFound: no matches for kind',
  /** Server-side apply creates, and a repeated apply changes nothing. */
  applyIsIdempotent:
    'apply creates the object, and a second identical apply changes nothing and keeps the resourceVersion',
  /** Apply conflicts with another field manager unless forced. */
  applyConflict:
    'apply of a field another manager owns is a Conflict (409) naming manager and field; with force it succeeds and takes the field over',
  /** Lists carry managedFields: who applied a label, and who merely copied it. */
  listOwnership:
    'list items carry managedFields: the Apply entry of the manager that applied a label owns it; a copy created by another manager records that manager instead',
  /** Replace needs the current resourceVersion. */
  replaceStale:
    'replace with the current resourceVersion succeeds and moves it; with a stale one it is a Conflict (409); without one a custom resource is Invalid (422)',
  /** Apply refuses another uid. */
  applyForeignUid:
    'apply carrying another uid is Invalid (422), metadata.uid being immutable; creating by apply with a uid is a Conflict (409)',
  /** Delete, then NotFound; preconditions hold. */
  deleteThenNotFound:
    'delete removes the object: a get is then NotFound, a second delete is NotFound, and a failed precondition is a Conflict (409)',
  /** Precondition failures in the server's words. */
  preconditionWording:
    'precondition failures are worded as the server words them: delete names the kind, an update without resourceVersion prints 0, a replace with another uid is a StorageError',
  /** Dry-run writes nothing. */
  dryRun: 'dry-run create, replace, apply and delete answer with the outcome and write nothing',
  /** Main and status writes touch only their part. */
  statusSubresource:
    'with a status subresource, writes to the main resource leave status untouched and updateStatus changes only status',
  /** CRD schema violations are Invalid, one cause per field. */
  crdSchemaInvalid:
    'an object that violates its CRD schema is Invalid (422) with one cause per field, in the server’s words',
  /** Fields a CRD schema does not declare are pruned. */
  unknownFieldsPruned:
    'fields a CRD schema does not declare are dropped (pruned) from the stored object, not rejected',
  /** Nulls in non-nullable CRD fields are pruned. */
  nullsPruned:
    'a null in a field its CRD schema does not declare nullable is dropped, as if the field were absent',
  /** Secret data that is not base64 is refused. */
  invalidBase64Refused:
    'Secret data that is not base64 is refused, naming the decoding error, and nothing is stored',
  /** Secret data that is not base64 is a BadRequest. */
  invalidBase64IsBadRequest:
    'Secret data that is not base64 is a BadRequest (400): the body cannot be decoded, so no field validation runs',
  /** Create with a resourceVersion is refused. */
  createWithResourceVersion:
    'create carrying a resourceVersion is refused with HTTP 500 in the storage layer’s words, and nothing is stored',
  /** A 500 without a reason is Unavailable. */
  reasonlessServerErrorIsUnavailable:
    'a 500 without a Status reason is Unavailable (retryable), as etcd failures reach clients the same way',
  /** NamespaceLifecycle admission runs before validation. */
  invalidInMissingNamespace:
    'an invalid object in a missing namespace is NotFound naming the namespace: NamespaceLifecycle admission runs before validation',
  /** A Secret's type is free-form. */
  secretTypeFreeForm:
    'a Secret type that is not a qualified name (`foo bar`) is accepted and stored as given',
  /** basic-auth needs username or password. */
  basicAuthRequired:
    'a basic-auth Secret with neither username nor password is Invalid (422) with two Required values, at data[username] and data[password]; an empty password is enough',
  /** Required keys of dockercfg, dockerconfigjson and ssh-auth; the ConfigMap size limit. */
  secretTypeKeys:
    'dockercfg, dockerconfigjson and ssh-auth Secrets without their key are Invalid (422) with a Required value at data[key], a registry config must be a JSON object, and a ConfigMap over 1 MiB is Invalid naming the whole object',
  /** A narrow Role's token is Forbidden outside it. */
  narrowRoleForbidden:
    'a token bound to a narrow Role can do what the Role allows and is Forbidden (403) for anything else',
  /** An apply that creates is authorized as a create too. */
  applyCreateNeedsCreate:
    'a server-side apply that creates an object needs create besides patch: with patch alone it is Forbidden (403) naming create, while applying to an existing object goes through',
  /** TokenRequest tokens authenticate; made-up tokens are Unauthorized. */
  requestToken:
    'requestToken returns a token that authenticates as the ServiceAccount; a made-up token is Unauthorized (401)',
  /** TokenRequest refusals: missing ServiceAccount, too short a lifetime. */
  requestTokenRefusals:
    'requestToken for a missing ServiceAccount is NotFound, and a lifetime under 10 minutes is Invalid (422)',
  /** A stopped server fails calls as Unavailable or Timeout; a restart recovers. */
  unavailable:
    'while the server is stopped every call fails as Unavailable or Timeout within the timeout and open watches end with an error; after a restart the same client works and the data is intact',
  /** Watch events, in order, with the label selector. */
  watch:
    'watch sends ADDED for existing objects, then ADDED, MODIFIED and DELETED in order, honouring the label selector',
} as const;

/**
 * The id of one contract test (a key of {@link ContractTest}).
 *
 * @example
 * ```ts
 * const id: ContractTestId = 'watch';
 * console.log(ContractTest[id]);
 * ```
 */
export type ContractTestId = keyof typeof ContractTest;

/**
 * Contract tests an adapter does not meet, each with the reason why. Listed tests still appear in
 * the report (as skipped, reason in the title).
 *
 * @example
 * ```ts
 * const skip: ContractSkipList = {
 *   unknownFieldsPruned: 'rejects unknown fields as Invalid (422), stricter than a real server',
 * };
 * ```
 */
export type ContractSkipList = { readonly [Id in ContractTestId]?: string };
