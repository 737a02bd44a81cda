/**
 * The errors of a real kube-apiserver, as {@link ClusterError}s with the server's message shapes
 * (k8s.io/apimachinery/pkg/api/errors), so that code and tests written against the in-memory
 * cluster read the same text a real cluster would give them.
 */
import { ClusterError, ClusterErrorReason, type ClusterErrorCause } from '../../port/errors.js';
import type { Resource } from './resources.js';

/** The parts of a resource that error messages name. */
export type ResourceNames = Pick<Resource, 'apiVersion' | 'group' | 'kind' | 'plural'>;

interface Target {
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
}

/** `secrets`, `verrazzanoprojects.clusters.verrazzano.io` (schema.GroupResource.String). */
export function qualifiedResource(resource: Pick<ResourceNames, 'group' | 'plural'>): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}

/** `Secret`, `VerrazzanoProject.clusters.verrazzano.io` (schema.GroupKind.String). */
export function qualifiedKind(resource: Pick<ResourceNames, 'group' | 'kind'>): string {
  return resource.group === '' ? resource.kind : `${resource.kind}.${resource.group}`;
}

function target(resource: ResourceNames | undefined, at: Target): ClusterError['target'] {
  return {
    ...(resource ? { apiVersion: resource.apiVersion, kind: resource.kind } : {}),
    ...(at.namespace ? { namespace: at.namespace } : {}),
    ...(at.name ? { name: at.name } : {}),
  };
}

/** 404: `secrets "x" not found`. */
export function notFound(resource: ResourceNames, at: Target): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.NotFound,
    status: 404,
    message: `${qualifiedResource(resource)} "${at.name ?? ''}" not found`,
    target: target(resource, at),
  });
}

/** 404 from NamespaceLifecycle admission: `namespaces "x" not found`. */
export function namespaceNotFound(resource: ResourceNames, at: Target & { namespace: string }): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.NotFound,
    status: 404,
    message: `namespaces "${at.namespace}" not found`,
    target: target(resource, at),
  });
}

/**
 * A kind discovery does not list, worded as the Kubernetes adapter (and kubectl's REST mapper)
 * word it. No request reaches a server, so there is no HTTP status.
 */
export function noKindMatch(apiVersion: string, kind: string, at: Target = {}): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.NotFound,
    message: `no matches for kind "${kind}" in version "${apiVersion}"`,
    target: { apiVersion, kind, ...target(undefined, at) },
  });
}

/** 404 for a path the server has no route for (an unserved resource or subresource). */
export function resourceNotServed(apiVersion: string, kind: string, at: Target = {}): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.NotFound,
    status: 404,
    message: 'the server could not find the requested resource',
    target: { apiVersion, kind, ...target(undefined, at) },
  });
}

/** 409: `secrets "x" already exists`. */
export function alreadyExists(resource: ResourceNames, at: Target): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.AlreadyExists,
    status: 409,
    message: `${qualifiedResource(resource)} "${at.name ?? ''}" already exists`,
    target: target(resource, at),
  });
}

/** 409: `Operation cannot be fulfilled on secrets "x": <detail>` (errors.NewConflict). */
export function conflict(resource: ResourceNames, at: Target, detail: string): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.Conflict,
    status: 409,
    message: `Operation cannot be fulfilled on ${qualifiedResource(resource)} "${at.name ?? ''}": ${detail}`,
    target: target(resource, at),
  });
}

/** The optimistic-concurrency detail of a stale resourceVersion. */
export const STALE_OBJECT =
  'the object has been modified; please apply your changes to the latest version and try again';

/**
 * The detail of a failed precondition in the storage layer's words (storage.Preconditions.Check),
 * which the Namespace registry's delete also uses.
 */
export function preconditionDetail(field: 'UID' | 'ResourceVersion', wanted: string, actual: string): string {
  return `Precondition failed: ${field} in precondition: ${wanted}, ${field} in object meta: ${actual}`;
}

/**
 * 409 from a failed delete precondition, as rest.BeforeDelete words it, naming the kind
 * (`GroupResource{Resource: Kind}`): `Operation cannot be fulfilled on ConfigMap "x": the UID in
 * the precondition (a) does not match the UID in record (b). The object might have been deleted
 * and then recreated`.
 */
export function deletePreconditionFailed(
  resource: ResourceNames,
  at: Target,
  field: 'UID' | 'ResourceVersion',
  wanted: string,
  actual: string,
): ClusterError {
  const consequence = field === 'UID' ? 'deleted and then recreated' : 'modified';
  return new ClusterError({
    reason: ClusterErrorReason.Conflict,
    status: 409,
    message:
      `Operation cannot be fulfilled on ${qualifiedKind(resource)} "${at.name ?? ''}": ` +
      `the ${field} in the precondition (${wanted}) does not match the ${field} in record (${actual}). ` +
      `The object might have been ${consequence}`,
    target: target(resource, at),
  });
}

/**
 * 409 from an update whose object carries another uid: the registry turns the uid into a storage
 * precondition, and the failed check comes back as a StorageError (storage.NewInvalidObjError,
 * code 4) on the object's etcd key: `Operation cannot be fulfilled on configmaps "x": StorageError:
 * invalid object, Code: 4, Key: /registry/configmaps/ns/x, ResourceVersion: 0, AdditionalErrorMsg:
 * Precondition failed: UID in precondition: a, UID in object meta: b`.
 */
export function updateUidMismatch(
  resource: ResourceNames,
  at: Target,
  key: string,
  wanted: string,
  actual: string,
): ClusterError {
  return conflict(
    resource,
    at,
    `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: ${preconditionDetail('UID', wanted, actual)}`,
  );
}

/** A field-level problem, as a metav1.StatusCause. */
export interface FieldProblem {
  /** The Kubernetes field path, e.g. `spec.placement.clusters` or `data[.dockerconfigjson]`. */
  readonly field: string;
  /** The error body, e.g. `Required value`. */
  readonly message: string;
  /** The cause type, e.g. `FieldValueRequired`. */
  readonly reason: string;
}

/**
 * 422: `VerrazzanoProject.clusters.verrazzano.io "x" is invalid: spec.template: Required value`,
 * several problems as `[a: …, b: …]` (errors.NewInvalid with an aggregate). `subject` is what
 * the message names, the qualified kind unless the server names something else there.
 */
export function invalid(
  resource: ResourceNames,
  at: Target,
  problems: readonly FieldProblem[],
  subject: string = qualifiedKind(resource),
): ClusterError {
  const texts = [...new Set(problems.map((p) => `${p.field}: ${p.message}`))];
  const detail = texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
  const causes: ClusterErrorCause[] = problems.map((p) => ({
    reason: p.reason,
    message: p.message,
    field: p.field,
  }));
  return new ClusterError({
    reason: ClusterErrorReason.Invalid,
    status: 422,
    message: `${subject} "${at.name ?? ''}" is invalid: ${detail}`,
    causes,
    target: target(resource, at),
  });
}

/** 400 with a free-form message (malformed requests). */
export function badRequest(message: string, resource?: ResourceNames, at: Target = {}): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.BadRequest,
    status: 400,
    message,
    target: target(resource, at),
  });
}

/** 403: `secrets "x" is forbidden: <detail>`; without a name, `secrets is forbidden: <detail>`. */
export function forbidden(
  resource: Pick<ResourceNames, 'group' | 'plural'> & Partial<ResourceNames>,
  at: Target,
  detail: string,
): ClusterError {
  const subject = at.name ? `${qualifiedResource(resource)} "${at.name}"` : qualifiedResource(resource);
  return new ClusterError({
    reason: ClusterErrorReason.Forbidden,
    status: 403,
    message: `${subject} is forbidden: ${detail}`,
    target: {
      ...(resource.apiVersion !== undefined ? { apiVersion: resource.apiVersion } : {}),
      ...(resource.kind !== undefined ? { kind: resource.kind } : {}),
      ...target(undefined, at),
    },
  });
}

/**
 * 500 without a reason, as the server answers errors it has no status for (for example a create
 * that carries a resourceVersion). No ClusterErrorReason fits, and it is not worth retrying.
 */
export function internalError(message: string, resource: ResourceNames, at: Target): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.Unknown,
    status: 500,
    message,
    target: target(resource, at),
  });
}

/** 401, exactly as the server words it. */
export function unauthorized(): ClusterError {
  return new ClusterError({ reason: ClusterErrorReason.Unauthorized, status: 401, message: 'Unauthorized' });
}

/** No HTTP answer at all: the API server is down (connection refused). */
export function unavailable(cluster: string): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.Unavailable,
    message: `connect ECONNREFUSED: the in-memory cluster "${cluster}" is not available`,
  });
}

/** One server-side apply conflict: another manager owns a field this apply would change. */
export interface ApplyConflict {
  /** As the server prints the manager: `"kubectl"`, or `"m" using v1 at <time>` for Update owners. */
  readonly manager: string;
  /** The field path in structured-merge-diff's notation, e.g. `.spec.replicas`. */
  readonly path: string;
}

/**
 * 409 from server-side apply, worded as the apiserver's fieldmanager words it:
 * `Apply failed with 1 conflict: conflict with "m": .spec.x`, or for several,
 * `Apply failed with 2 conflicts: conflicts with "m":\n- .a\n- .b`.
 */
export function applyConflict(
  resource: ResourceNames,
  at: Target,
  conflicts: readonly ApplyConflict[],
): ClusterError {
  let message: string;
  if (conflicts.length === 1) {
    const only = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with ${only.manager}: ${only.path}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.path]);
    const lines: string[] = [];
    for (const manager of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${manager}:`);
      for (const path of byManager.get(manager) ?? []) lines.push(`- ${path}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ClusterError({
    reason: ClusterErrorReason.Conflict,
    status: 409,
    message,
    causes: conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${c.manager}`,
      field: c.path,
    })),
    target: target(resource, at),
  });
}

/** 410: `too old resource version: 5 (812)`, a watch asked to start before what the server keeps. */
export function expired(requested: string, oldest: number): ClusterError {
  return new ClusterError({
    reason: ClusterErrorReason.Expired,
    status: 410,
    message: `too old resource version: ${requested} (${oldest})`,
  });
}
