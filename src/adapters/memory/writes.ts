/**
 * The writes of an in-memory cluster — create, replace, apply, status update, delete — in the
 * order a real apiserver runs its steps: decode and default, field manager, admission, strategy,
 * validation, storage. Every function takes a request body the caller owns (a wire copy).
 *
 * Why the order matters: when a request is wrong in two ways, the server answers with the first
 * check it fails, and callers (vzmc's executor, its retry policy, the contract tests) branch on
 * that answer. The steps of an update (replace, apply, status), after the Kubernetes code each
 * mirrors (genericregistry.Store.Update, rest.BeforeUpdate, the handlers in endpoints/handlers):
 *
 * 1. the stored object, or NotFound (an apply creates instead, as `forceAllowCreate`);
 * 2. preconditions: uid (a storage precondition), then resourceVersion (checkUpdatePreconditions);
 * 3. identity from the request, system fields from the stored object (keepSystemFields);
 * 4. decode and default (defaults.ts): before the field manager for create and replace, after the
 *    merge for apply;
 * 5. the field manager records ownership (managed-fields.ts; apply.ts for apply, which may
 *    refuse with a conflict);
 * 6. the strategy: PrepareForUpdate keeps status (and a namespace's finalizers) as stored; a
 *    status write instead takes only status from the body;
 * 7. generation ({@link generationFor});
 * 8. validation of the object and of the update rules (validation.ts, validation/validate.ts);
 * 9. storage: a no-op when nothing changed, else a new resourceVersion and a watch event.
 *
 * A create (finishCreate) runs decode, field manager, NamespaceLifecycle admission, PrepareForCreate,
 * system fields, validation, then storage (AlreadyExists). A delete checks its preconditions, then
 * marks or removes (deleteStored).
 *
 * Optimistic concurrency: `metadata.resourceVersion` is the only lock. A write that names one
 * must name the stored one, else Conflict (the client re-reads and retries); a PUT that names
 * none is refused for custom resources and taken as "whatever is stored" for built-in kinds
 * ({@link Resource.unconditionalUpdate}). Every stored change takes the cluster's next
 * resourceVersion, and a write that changes nothing keeps the old one and sends no watch event.
 *
 * Ownership (`metadata.managedFields`): every write records who set which fields; an apply may
 * also refuse to take fields another manager owns. Ownership is computed on what the client sent,
 * before the strategy runs, as the apiserver's field manager runs in the handler, before the
 * registry; the main resource never owns status when the kind has a status subresource
 * (trackedView leaves it out).
 *
 * NamespaceLifecycle is a mutating admission plugin, and the create handler (endpoints/handlers
 * create.go) runs mutating admission before the registry's create, which is where the strategy
 * validates: an object that is both invalid and in a missing (or terminating) namespace is NotFound
 * (or Forbidden), as on a real server.
 */
import type { KubeObject } from '../../model/meta.js';
import type { DeleteOptions } from '../../port/client.js';
import {
  applyConflict,
  alreadyExists,
  conflict,
  deletePreconditionFailed,
  forbidden,
  internalError,
  invalid,
  namespaceNotFound,
  notFound,
  preconditionDetail,
  qualifiedResource,
  resourceNotServed,
  STALE_OBJECT,
  updateUidMismatch,
  type FieldProblem,
} from './errors.js';
import { serverSideApply } from './apply.js';
import { canonicalObject, isObject, type Json, type JsonObject } from './canonical.js';
import { fnv1a } from './clock.js';
import { isCustomResource } from './crd-schema.js';
import { establishedStatus, resourcesOf } from './crds.js';
import { decode, prepareForCreate, prepareForUpdate, NAMESPACE_FINALIZER } from './defaults.js';
import {
  readManagedFields,
  recordUpdate,
  trackedView,
  writeManagedFields,
  type Writer,
} from './managed-fields.js';
import { GenerationPolicy, type Resource } from './resources.js';
import { StorageKey, type ClusterState } from './state.js';
import { stored, type StoredObject } from './store.js';
import { rootShape } from './structure.js';
import { updateProblems, validationError } from './validation.js';

/** Who writes what, where. */
export interface WriteRequest {
  /** The kind being written, as discovery resolved it. */
  readonly resource: Resource;
  /** `''` for cluster-scoped kinds. */
  readonly namespace: string;
  /** Run every check, store nothing, send no event (`?dryRun=All`). */
  readonly dryRun: boolean;
  /** The field manager the write is recorded under in managedFields. */
  readonly manager: string;
}

/**
 * Metadata only the server sets; whatever a client sends there is replaced: dropped on create
 * (the server fills uid, creationTimestamp and the rest itself), taken from the stored object on
 * an update. managedFields is dropped too: the field manager computes it from the write.
 */
const SYSTEM_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
] as const;

/** Namespaces NamespaceLifecycle admission never lets go. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

/**
 * etcd3's refusal of a create that names a resourceVersion (there is nothing to compare it with),
 * which the apiserver passes on as a 500 without a reason.
 */
const RV_ON_CREATE = 'resourceVersion should not be set on objects to be created';

const NAMESPACE_PURGE =
  'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.';

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function meta(object: JsonObject): JsonObject {
  if (!isObject(object.metadata)) object.metadata = {};
  return object.metadata;
}

const metaOf = (object: JsonObject): JsonObject => (isObject(object.metadata) ? object.metadata : {});
const isDeleting = (object: JsonObject): boolean => metaOf(object).deletionTimestamp !== undefined;
const isNamespace = (resource: Resource) => resource.storageKey === StorageKey.Namespace;

function hasFinalizers(resource: Resource, object: JsonObject): boolean {
  if (strings(metaOf(object).finalizers).length > 0) return true;
  return isNamespace(resource) && isObject(object.spec) && strings(object.spec.finalizers).length > 0;
}

/** What a client gets back: a fresh copy of a stored object, in the apiVersion it asked for. */
export function present(resource: Resource, object: StoredObject): KubeObject {
  const copy = JSON.parse(object.json) as KubeObject;
  copy.apiVersion = resource.apiVersion;
  return copy;
}

/** The same for an object that was not stored (dry runs). */
function presentUnsaved(resource: Resource, object: JsonObject): KubeObject {
  return present(resource, { object, json: JSON.stringify(canonicalObject(object)) });
}

const writer = (state: ClusterState, request: WriteRequest, subresource: string): Writer => ({
  manager: request.manager,
  apiVersion: request.resource.apiVersion,
  subresource,
  time: state.now(),
});

/** generateName's random suffix, derived from the new uid so that it replays exactly. */
function nameSuffix(seed: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < 5; i++) out += alphabet.charAt(fnv1a(`${seed}/${i}`) % alphabet.length);
  return out;
}

/**
 * The new `metadata.generation`, or undefined for kinds without one. It counts changes to what
 * the user asked for, so that a controller can say which one it has seen (observedGeneration):
 * 1 on create, +1 when the object changed by the kind's {@link GenerationPolicy}; never for a
 * metadata-only write, nor for status when the kind has a status subresource. Compared
 * canonically, so key order is no change.
 */
function generationFor(
  resource: Resource,
  old: JsonObject | undefined,
  next: JsonObject,
): number | undefined {
  if (resource.generation === GenerationPolicy.None) return undefined;
  if (!old) return 1;
  const previous = metaOf(old).generation;
  const base = typeof previous === 'number' ? previous : 1;
  const a = canonicalObject(old) as unknown as JsonObject;
  const b = canonicalObject(next) as unknown as JsonObject;
  let changed: boolean;
  if (resource.generation === GenerationPolicy.Spec)
    changed = JSON.stringify(a.spec) !== JSON.stringify(b.spec);
  else {
    const content = (o: JsonObject) => {
      const { metadata: _metadata, apiVersion: _apiVersion, ...rest } = o;
      if (resource.statusSubresource) delete rest.status;
      return JSON.stringify(rest);
    };
    changed = content(a) !== content(b);
  }
  return changed ? base + 1 : base;
}

/**
 * NamespaceLifecycle admission: new content needs a namespace that exists and is not terminating.
 * Only creates are checked (updates and deletes of what is already there go on, as on a server).
 * It runs before validation (see the file comment).
 */
function admitNamespace(state: ClusterState, request: WriteRequest, name: string): void {
  const { resource, namespace } = request;
  if (!resource.namespaced) return;
  const target = state.namespace(namespace);
  if (!target) throw namespaceNotFound(resource, { namespace, name });
  if (isDeleting(target.object)) {
    throw forbidden(
      resource,
      { namespace, name },
      `unable to create new content in namespace ${namespace} because it is being terminated`,
    );
  }
}

/** kube-apiserver's own etcd prefixes that are not the resource's name (SpecialDefaultResourcePrefixes). */
const SPECIAL_ETCD_PREFIXES: Readonly<Record<string, string>> = {
  '|replicationcontrollers': 'controllers',
  '|endpoints': 'services/endpoints',
  '|nodes': 'minions',
  '|services': 'services/specs',
  'extensions|ingresses': 'ingress',
  'networking.k8s.io|ingresses': 'ingress',
};

/**
 * The etcd key a real server (default `--etcd-prefix`) stores an object under, as storage errors
 * print it: `/registry/configmaps/ns/x`; custom resources and CustomResourceDefinitions, stored by
 * apiextensions-apiserver, under their group: `/registry/clusters.verrazzano.io/verrazzanoprojects/ns/x`.
 */
function etcdKey(resource: Resource, at: { namespace: string; name: string }): string {
  const prefix =
    isCustomResource(resource) || resource.group === 'apiextensions.k8s.io'
      ? `${resource.group}/${resource.plural}`
      : (SPECIAL_ETCD_PREFIXES[`${resource.group}|${resource.plural}`] ?? resource.plural);
  return resource.namespaced
    ? `/registry/${prefix}/${at.namespace}/${at.name}`
    : `/registry/${prefix}/${at.name}`;
}

/**
 * What the registry checks before an update, in its order: the object's uid as a storage
 * precondition, then that a resourceVersion is given (unless the kind allows unconditional
 * updates) and current.
 *
 * This is optimistic concurrency: no lock is held between a client's read and its write; the
 * resourceVersion it read is compared with the stored one, and a stale one is Conflict
 * (`the object has been modified; please apply your changes to the latest version and try
 * again`), which vzmc's retry policy answers by reading again. A uid that differs means the
 * object was deleted and recreated under the same name since the client read it.
 */
function checkUpdatePreconditions(
  resource: Resource,
  at: { namespace: string; name: string },
  body: JsonObject,
  old: JsonObject,
): void {
  const uid = str(body.uid);
  const oldUid = str(old.uid);
  if (uid !== '' && uid !== oldUid) throw updateUidMismatch(resource, at, etcdKey(resource, at), uid, oldUid);
  const version = str(body.resourceVersion);
  if (version === '') {
    if (!resource.unconditionalUpdate) {
      // The registry names the plural here (its qualifiedResource as a GroupKind) and prints the
      // missing resourceVersion as the uint64 it parsed.
      throw invalid(
        resource,
        at,
        [
          {
            field: 'metadata.resourceVersion',
            message: 'Invalid value: 0: must be specified for an update',
            reason: 'FieldValueInvalid',
          },
        ],
        qualifiedResource(resource),
      );
    }
  } else if (version !== str(old.resourceVersion)) {
    throw conflict(resource, at, STALE_OBJECT);
  }
}

/**
 * Makes `object` the request's object: the resource's apiVersion and kind, the name and namespace
 * the request resolved (a cluster-scoped kind drops a namespace), and no system metadata. Returns
 * its metadata, which the caller fills with the system fields.
 */
function setIdentity(resource: Resource, object: JsonObject, namespace: string, name: string): JsonObject {
  object.apiVersion = resource.apiVersion;
  object.kind = resource.kind;
  const m = meta(object);
  for (const key of SYSTEM_METADATA) Reflect.deleteProperty(m, key);
  if (name === '') delete m.name;
  else m.name = name;
  if (resource.namespaced) m.namespace = namespace;
  else delete m.namespace;
  return m;
}

/**
 * Keeps what only the server may change from the stored object (rest.BeforeUpdate's
 * FillObjectMetaSystemFields for updates): a client cannot move uid, creationTimestamp, the
 * deletion fields or generation by sending other values; generation is then recomputed.
 */
function keepSystemFields(m: JsonObject, old: JsonObject): void {
  const oldMeta = metaOf(old);
  for (const key of [
    'uid',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'generation',
  ] as const) {
    if (oldMeta[key] !== undefined) m[key] = clone(oldMeta[key]);
  }
}

/**
 * Finishes a new object (admission, strategy, system fields, validation) and stores it. The order
 * is the server's: NamespaceLifecycle (mutating admission, in the create handler), then
 * genericregistry.Store.create: PrepareForCreate, the system fields, the strategy's validation,
 * and only then storage, whose key clash is AlreadyExists. So an invalid object in a missing
 * namespace is NotFound, an invalid object that also exists already is Invalid, and a dry run goes
 * through every check but the write.
 */
function finishCreate(
  state: ClusterState,
  request: WriteRequest,
  object: JsonObject,
  uid: string,
  managed: Json[],
): KubeObject {
  const { resource, namespace } = request;
  const m = meta(object);
  const name = str(m.name);
  admitNamespace(state, request, name);
  // Status a client may not set goes; a Namespace starts Active with the `kubernetes` finalizer.
  prepareForCreate(resource, object);
  // A real server's CRD controllers set NamesAccepted and Established shortly after; here at once.
  if (resource.storageKey === StorageKey.CustomResourceDefinition)
    object.status = establishedStatus(object, state.now());
  m.uid = uid;
  m.creationTimestamp = state.now();
  const generation = generationFor(resource, undefined, object);
  if (generation !== undefined) m.generation = generation;
  const at = { namespace, name };
  const error = validationError(resource, object, at);
  if (error) throw error;
  if (state.store.get(resource.storageKey, namespace, name)) throw alreadyExists(resource, at);
  m.managedFields = managed;
  // A dry run answers with what would be stored, without a resourceVersion: none was taken.
  if (request.dryRun) return presentUnsaved(resource, object);
  m.resourceVersion = state.store.nextResourceVersion();
  const saved = stored(canonicalObject(object) as unknown as JsonObject);
  state.store.set(resource.storageKey, namespace, name, saved);
  state.watches.publish(resource.storageKey, undefined, saved);
  // A CRD starts serving its kinds as soon as it is stored.
  afterWrite(state, resource, saved);
  return present(resource, saved);
}

/**
 * Stores a changed object. An unchanged one is a no-op that keeps its resourceVersion; one
 * whose last finalizer went while it was being deleted is removed.
 *
 * "Unchanged" is byte equality of the canonical JSON, managedFields included, as etcd3's
 * GuaranteedUpdate compares the encoded object: a no-op write takes no resourceVersion and sends
 * no watch event, which is what keeps vzmc's steady-state iterations free of writes. It works
 * because the field manager leaves an entry (and its time) alone when the writer took no fields.
 * The removal of a deleting object whose finalizers are gone is the registry's
 * ShouldDeleteDuringUpdate.
 */
function commitUpdate(
  state: ClusterState,
  request: WriteRequest,
  before: StoredObject,
  object: JsonObject,
): KubeObject {
  const { resource } = request;
  // Objects stay in the version they were stored in; clients see the version they ask for.
  // The stored resourceVersion goes in for the comparison; a stored change takes a new one below.
  object.apiVersion = before.object.apiVersion!;
  meta(object).resourceVersion = str(metaOf(before.object).resourceVersion);
  const candidate = canonicalObject(object) as unknown as JsonObject;
  if (JSON.stringify(candidate) === before.json) return present(resource, before);
  if (isDeleting(candidate) && !hasFinalizers(resource, candidate))
    return removeObject(state, request, before, candidate);
  if (request.dryRun) return presentUnsaved(resource, candidate);
  meta(candidate).resourceVersion = state.store.nextResourceVersion();
  const saved = stored(candidate);
  state.store.set(resource.storageKey, request.namespace, str(metaOf(candidate).name), saved);
  state.watches.publish(resource.storageKey, before, saved);
  afterWrite(state, resource, saved);
  return present(resource, saved);
}

/**
 * Removes an object for good; the DELETED event carries its last state at a new resourceVersion
 * (as etcd's delete revision). Removing a CRD stops serving its kinds; removing the last object of
 * a terminating namespace lets the namespace controller (when simulated) finish it.
 */
function removeObject(
  state: ClusterState,
  request: WriteRequest,
  before: StoredObject,
  last: JsonObject,
): KubeObject {
  const { resource, namespace } = request;
  const final = canonicalObject(last) as unknown as JsonObject;
  if (request.dryRun) return presentUnsaved(resource, final);
  meta(final).resourceVersion = state.store.nextResourceVersion();
  const saved = stored(final);
  state.store.delete(resource.storageKey, namespace, str(metaOf(before.object).name));
  state.watches.publish(resource.storageKey, saved, undefined);
  if (resource.storageKey === StorageKey.CustomResourceDefinition) dropCrd(state, saved.object);
  if (namespace !== '') reconcileNamespace(state, namespace);
  return present(resource, saved);
}

/**
 * After a CRD is stored: the kinds it now defines are served, and kinds it no longer defines stop
 * being served (their objects stay stored until the CRD itself goes, see dropCrd).
 */
function afterWrite(state: ClusterState, resource: Resource, saved: StoredObject): void {
  if (resource.storageKey !== StorageKey.CustomResourceDefinition) return;
  const next = resourcesOf(saved.object);
  const name = str(metaOf(saved.object).name);
  for (const old of state.registry.installedBy(name)) {
    if (!next.some((r) => r.apiVersion === old.apiVersion && r.kind === old.kind))
      state.registry.uninstall(old);
  }
  for (const resourceOfCrd of next) state.registry.install(resourceOfCrd);
}

/** A CRD went: its kinds stop being served and their objects go with them. */
function dropCrd(state: ClusterState, crd: JsonObject): void {
  const removed = state.registry.installedBy(str(metaOf(crd).name));
  for (const resource of removed) state.registry.uninstall(resource);
  for (const storageKey of new Set(removed.map((r) => r.storageKey))) {
    if (state.resourceFor(storageKey)) continue;
    const sample = removed.find((r) => r.storageKey === storageKey)!;
    for (const object of state.store.list(storageKey)) {
      const m = metaOf(object.object);
      const final = clone(object.object);
      meta(final).resourceVersion = state.store.nextResourceVersion();
      state.store.delete(storageKey, str(m.namespace), str(m.name));
      state.watches.publish(storageKey, stored(final), undefined);
    }
    state.watches.closeKind(storageKey, resourceNotServed(sample.apiVersion, sample.kind));
  }
}

/**
 * Creates an object (POST). The steps before finishCreate are the handler's: refuse a
 * resourceVersion (etcd3 would), name it (generateName gets a suffix derived from the new uid, so
 * runs replay exactly), set its identity, decode and default, then record the creator as the
 * Update owner of every field it set.
 */
export function createObject(state: ClusterState, request: WriteRequest, body: JsonObject): KubeObject {
  const { resource, namespace } = request;
  const bodyMeta = meta(body);
  if (str(bodyMeta.resourceVersion) !== '') {
    throw internalError(RV_ON_CREATE, resource, { namespace, name: str(bodyMeta.name) });
  }
  const uid = state.settings.ids();
  let name = str(bodyMeta.name);
  if (name === '' && str(bodyMeta.generateName) !== '')
    name = `${str(bodyMeta.generateName)}${nameSuffix(uid)}`;
  setIdentity(resource, body, namespace, name);
  decode(resource, body);
  const view = trackedView(body, '', resource.statusSubresource);
  const entries = recordUpdate([], {}, view, rootShape(resource.schema), writer(state, request, ''));
  return finishCreate(state, request, body, uid, writeManagedFields(entries));
}

/**
 * Replaces an object (PUT). In the registry's order: NotFound, the preconditions (uid, then
 * resourceVersion: optimistic concurrency), the body with identity and system fields from the
 * stored object, decoding, the field manager (against the stored ownership: fields this write
 * changed move to its manager), PrepareForUpdate (status stays as stored when the kind has a
 * status subresource), generation, then validation of the object and of the update rules
 * (immutable fields, no new finalizers while deleting; see validation.ts), and the commit.
 */
export function replaceObject(state: ClusterState, request: WriteRequest, body: JsonObject): KubeObject {
  const { resource, namespace } = request;
  const bodyMeta = meta(body);
  const name = str(bodyMeta.name);
  const at = { namespace, name };
  const before = state.store.get(resource.storageKey, namespace, name);
  if (!before) throw notFound(resource, at);
  const old = before.object;
  checkUpdatePreconditions(resource, at, bodyMeta, metaOf(old));
  const m = setIdentity(resource, body, namespace, name);
  keepSystemFields(m, old);
  decode(resource, body);
  const shape = rootShape(resource.schema);
  const entries = recordUpdate(
    readManagedFields(old.metadata),
    trackedView(old, '', resource.statusSubresource),
    trackedView(body, '', resource.statusSubresource),
    shape,
    writer(state, request, ''),
  );
  prepareForUpdate(resource, body, old);
  const generation = generationFor(resource, old, body);
  if (generation !== undefined) m.generation = generation;
  const error = validationError(resource, body, at, updateProblems(resource, body, old));
  if (error) throw error;
  m.managedFields = writeManagedFields(entries);
  return commitUpdate(state, request, before, body);
}

/**
 * Rebuilds a full object from an applied view: identity and system fields from the server. The
 * view (trackedView) holds only the fields ownership is tracked for; everything else comes from
 * the request (identity) or the stored object (system fields and generateName).
 */
function fromView(
  resource: Resource,
  view: JsonObject,
  namespace: string,
  name: string,
  old: JsonObject | undefined,
): JsonObject {
  const object: JsonObject = {};
  const m = setIdentity(resource, object, namespace, name);
  if (old) {
    keepSystemFields(m, old);
    const generateName = metaOf(old).generateName;
    if (generateName !== undefined) m.generateName = clone(generateName);
  }
  const viewMeta = isObject(view.metadata) ? view.metadata : {};
  for (const [key, value] of Object.entries(viewMeta)) m[key] = value;
  for (const [key, value] of Object.entries(view)) if (key !== 'metadata') object[key] = value;
  return object;
}

/**
 * Server-side apply (PATCH of type apply); creates the object when it does not exist, as the
 * patch handler's `forceAllowCreate` does.
 *
 * The merge runs on the tracked views: the applied configuration is merged into the live object,
 * fields this manager applied before and no longer applies are removed (unless another manager
 * owns them too), and fields whose value another manager owns are a conflict (409, listing each
 * field and its owner) unless `force` takes them over. Only then is the result decoded and
 * defaulted, as on a server, where the field manager works on the patched object before the
 * registry sees it. The rest is an update: PrepareForUpdate, generation, validation, commit.
 */
export function applyObject(
  state: ClusterState,
  request: WriteRequest,
  body: JsonObject,
  force: boolean,
): KubeObject {
  const { resource, namespace } = request;
  const bodyMeta = meta(body);
  const name = str(bodyMeta.name);
  const at = { namespace, name };
  const shape = rootShape(resource.schema);
  const config = trackedView(body, '', resource.statusSubresource);
  const before = state.store.get(resource.storageKey, namespace, name);
  if (!before) {
    const uid = str(bodyMeta.uid);
    if (uid !== '') {
      throw conflict(
        resource,
        at,
        `uid mismatch: the provided object specified uid ${uid}, and no existing object was found`,
      );
    }
    if (str(bodyMeta.resourceVersion) !== '') throw internalError(RV_ON_CREATE, resource, at);
    // Nothing live and no owners: an apply that creates never conflicts.
    const outcome = serverSideApply({
      live: {},
      config,
      entries: [],
      shape,
      writer: writer(state, request, ''),
      force,
    });
    if (!outcome.ok) throw applyConflict(resource, at, outcome.conflicts);
    const object = fromView(resource, outcome.view, namespace, name, undefined);
    decode(resource, object);
    return finishCreate(state, request, object, state.settings.ids(), writeManagedFields(outcome.entries));
  }
  const old = before.object;
  const oldMeta = metaOf(old);
  const uid = str(bodyMeta.uid);
  // An apply is a patch: no uid precondition, the patched object just carries another uid, which
  // update validation refuses. BeforeUpdate and the strategy both validate ObjectMeta, so the
  // server lists the cause twice.
  const uidProblems: FieldProblem[] =
    uid !== '' && uid !== str(oldMeta.uid)
      ? Array.from({ length: 2 }, () => ({
          field: 'metadata.uid',
          message: `Invalid value: ${JSON.stringify(uid)}: field is immutable`,
          reason: 'FieldValueInvalid',
        }))
      : [];
  // An applied resourceVersion is an optional precondition (the client adapter drops it unless asked
  // to keep it): a stale one is Conflict, as for a PUT; none means "whatever is stored".
  const version = str(bodyMeta.resourceVersion);
  if (version !== '' && version !== str(oldMeta.resourceVersion)) throw conflict(resource, at, STALE_OBJECT);
  const outcome = serverSideApply({
    live: trackedView(old, '', resource.statusSubresource),
    config,
    entries: readManagedFields(old.metadata),
    shape,
    writer: writer(state, request, ''),
    force,
  });
  if (!outcome.ok) throw applyConflict(resource, at, outcome.conflicts);
  const object = fromView(resource, outcome.view, namespace, name, old);
  decode(resource, object);
  prepareForUpdate(resource, object, old);
  const m = meta(object);
  const generation = generationFor(resource, old, object);
  if (generation !== undefined) m.generation = generation;
  const error = validationError(resource, object, at, [
    ...uidProblems,
    ...updateProblems(resource, object, old),
  ]);
  if (error) throw error;
  m.managedFields = writeManagedFields(outcome.entries);
  return commitUpdate(state, request, before, object);
}

/**
 * Replaces the status subresource (PUT …/status): only `status` changes, and never the
 * generation. The rest of the body is ignored, as the status strategy copies everything but
 * status from the stored object; preconditions are those of any update. Ownership is recorded
 * under the `status` subresource, so a status write never takes ownership of other fields, and
 * validation errors name custom-resource paths as the status endpoint does (below `status`).
 */
export function updateStatusObject(state: ClusterState, request: WriteRequest, body: JsonObject): KubeObject {
  const { resource, namespace } = request;
  const bodyMeta = meta(body);
  const name = str(bodyMeta.name);
  const at = { namespace, name };
  if (!resource.statusSubresource) throw resourceNotServed(resource.apiVersion, resource.kind, at);
  const before = state.store.get(resource.storageKey, namespace, name);
  if (!before) throw notFound(resource, at);
  const old = before.object;
  checkUpdatePreconditions(resource, at, bodyMeta, metaOf(old));
  const object = clone<JsonObject>(old);
  if (body.status === undefined) delete object.status;
  else object.status = body.status;
  decode(resource, object);
  const entries = recordUpdate(
    readManagedFields(old.metadata),
    trackedView(old, 'status', true),
    trackedView(object, 'status', true),
    rootShape(resource.schema),
    writer(state, request, 'status'),
  );
  const error = validationError(resource, object, at, [], 'status');
  if (error) throw error;
  meta(object).managedFields = writeManagedFields(entries);
  return commitUpdate(state, request, before, object);
}

/**
 * The finalizers the garbage collector's deletion policies add (it never runs to remove them):
 * Orphan adds `orphan`, Foreground `foregroundDeletion`, Background removes both, as the
 * registry's deletionFinalizersForGarbageCollection. No policy keeps what the object has.
 */
function gcFinalizers(existing: readonly string[], policy: DeleteOptions['propagationPolicy']): string[] {
  let out = [...existing];
  const ensure = (finalizer: string) => {
    if (!out.includes(finalizer)) out.push(finalizer);
  };
  if (policy === 'Orphan') {
    out = out.filter((f) => f !== 'foregroundDeletion');
    ensure('orphan');
  } else if (policy === 'Foreground') {
    out = out.filter((f) => f !== 'orphan');
    ensure('foregroundDeletion');
  } else if (policy === 'Background') {
    out = out.filter((f) => f !== 'orphan' && f !== 'foregroundDeletion');
  }
  return out;
}

/**
 * Deletes a stored object: marks it while finalizers hold it, removes it otherwise. Marking is an
 * update (a new resourceVersion and a MODIFIED event); the object goes when its last finalizer is
 * removed by a later write (commitUpdate). A second delete keeps the first deletionTimestamp.
 */
function deleteStored(
  state: ClusterState,
  request: WriteRequest,
  before: StoredObject,
  policy: DeleteOptions['propagationPolicy'],
): void {
  const object = clone<JsonObject>(before.object);
  const m = meta(object);
  const finalizers = gcFinalizers(strings(m.finalizers), policy);
  if (finalizers.length === 0) {
    removeObject(state, request, before, object);
    return;
  }
  m.finalizers = finalizers;
  if (m.deletionTimestamp === undefined) {
    // markAsDeleting: the first deletion request bumps a generation that exists.
    if (typeof m.generation === 'number' && m.generation > 0) m.generation += 1;
    m.deletionTimestamp = state.now();
  }
  m.deletionGracePeriodSeconds = 0;
  commitUpdate(state, request, before, object);
}

/**
 * Delete preconditions, uid first: rest.BeforeDelete words a failure naming the kind; the Namespace
 * registry checks them itself, in the storage layer's words.
 */
function checkDeletePreconditions(
  resource: Resource,
  at: { namespace: string; name: string },
  options: DeleteOptions,
  oldMeta: JsonObject,
): void {
  const checks = [
    ['UID', options.preconditions?.uid, str(oldMeta.uid)],
    ['ResourceVersion', options.preconditions?.resourceVersion, str(oldMeta.resourceVersion)],
  ] as const;
  for (const [field, wanted, actual] of checks) {
    if (wanted === undefined || wanted === actual) continue;
    throw isNamespace(resource)
      ? conflict(resource, at, preconditionDetail(field, wanted, actual))
      : deletePreconditionFailed(resource, at, field, wanted, actual);
  }
}

/**
 * Deletes an object, honouring preconditions, finalizers and the namespace lifecycle. A
 * Namespace is special: `default`, `kube-system` and `kube-public` are refused (NamespaceLifecycle
 * admission); the first delete only marks it Terminating (the namespace registry's Delete), and a
 * delete while its spec.finalizers still hold it is Conflict, with the server's words.
 */
export function deleteObject(
  state: ClusterState,
  request: WriteRequest,
  name: string,
  options: DeleteOptions,
): void {
  const { resource, namespace } = request;
  const at = { namespace, name };
  const before = state.store.get(resource.storageKey, namespace, name);
  if (!before) throw notFound(resource, at);
  const oldMeta = metaOf(before.object);
  checkDeletePreconditions(resource, at, options, oldMeta);
  if (isNamespace(resource)) {
    if (IMMORTAL_NAMESPACES.has(name)) throw forbidden(resource, at, 'this namespace may not be deleted');
    if (!isDeleting(before.object)) {
      // The first delete only starts termination; the namespace controller finishes it.
      const object = clone<JsonObject>(before.object);
      const m = meta(object);
      m.deletionTimestamp = state.now();
      m.finalizers = gcFinalizers(strings(m.finalizers), options.propagationPolicy);
      object.status = { ...(isObject(object.status) ? object.status : {}), phase: 'Terminating' };
      commitUpdate(state, request, before, object);
      if (!request.dryRun) reconcileNamespace(state, name);
      return;
    }
    if (isObject(before.object.spec) && strings(before.object.spec.finalizers).length > 0) {
      throw conflict(resource, at, NAMESPACE_PURGE);
    }
  }
  deleteStored(state, request, before, options.propagationPolicy);
}

/**
 * The namespace controller, when the cluster simulates one: deletes everything in a terminating
 * namespace, then finalizes and removes the namespace once it is empty. Without it (the default,
 * like a harness cluster without kube-controller-manager) namespaces stay Terminating.
 */
export function reconcileNamespace(state: ClusterState, namespace: string): void {
  if (!state.settings.namespaceController || state.reconciling.has(namespace)) return;
  const target = state.namespace(namespace);
  if (!target || !isDeleting(target.object)) return;
  state.reconciling.add(namespace);
  try {
    for (const { storageKey, object } of state.store.inNamespace(namespace)) {
      if (isDeleting(object.object)) continue;
      const resource = state.resourceFor(storageKey);
      if (!resource) continue;
      deleteStored(
        state,
        { resource, namespace, dryRun: false, manager: 'namespace-controller' },
        object,
        undefined,
      );
    }
  } finally {
    state.reconciling.delete(namespace);
  }
  if (state.store.inNamespace(namespace).length > 0) return;
  const current = state.namespace(namespace);
  const resource = state.resourceFor(StorageKey.Namespace);
  if (!current || !resource) return;
  const object = clone<JsonObject>(current.object);
  if (isObject(object.spec))
    object.spec.finalizers = strings(object.spec.finalizers).filter((f) => f !== NAMESPACE_FINALIZER);
  commitUpdate(
    state,
    { resource, namespace: '', dryRun: false, manager: 'namespace-controller' },
    current,
    object,
  );
}
