/**
 * What the server does to an object besides storing it: decode-time conversion and defaulting
 * (Secret `stringData` folded into `data`, nulls a CRD schema does not allow dropped, schema
 * defaults, built-in defaults), and the strategies' PrepareForCreate / PrepareForUpdate (status
 * reset, namespace phase and finalizers).
 */
import { isObject, type Json, type JsonObject } from './canonical.js';
import { pruneNonNullableNulls } from './crd-schema.js';
import { CRD_API_VERSION, defaultCrd } from './crds.js';
import type { Resource } from './resources.js';
import { applyDefaults, rootShape } from './structure.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Stored objects are frozen; whatever moves into a new object is copied. */
const clone = <T extends Json>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The label every namespace carries with its own name (SetDefaults_Namespace). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** The finalizer a namespace's content controller removes (spec.finalizers). */
export const NAMESPACE_FINALIZER = 'kubernetes';

const is = (resource: Resource, apiVersion: string, kind: string) =>
  resource.apiVersion === apiVersion && resource.kind === kind;

function metadataOf(object: JsonObject): JsonObject {
  if (!isObject(object.metadata)) object.metadata = {};
  return object.metadata;
}

/**
 * Conversion and defaulting, as decoding a request body does. Mutates `object`, which the caller
 * owns. Runs before the field manager for create and replace, after it for apply, as on a server.
 */
export function decode(resource: Resource, object: JsonObject): void {
  if (is(resource, 'v1', 'Secret')) {
    // v1 → internal conversion: stringData overwrites data and never reaches storage.
    if (isObject(object.stringData)) {
      const data: JsonObject = isObject(object.data) ? object.data : {};
      for (const [key, value] of Object.entries(object.stringData)) {
        if (typeof value === 'string') data[key] = Buffer.from(value, 'utf8').toString('base64');
      }
      object.data = data;
    }
    delete object.stringData;
    if (object.type === undefined || object.type === '') object.type = 'Opaque';
  }
  if (is(resource, 'v1', 'Namespace')) {
    const metadata = metadataOf(object);
    if (typeof metadata.name === 'string' && metadata.name !== '') {
      const labels: JsonObject = isObject(metadata.labels) ? metadata.labels : {};
      labels[NAMESPACE_NAME_LABEL] = metadata.name;
      metadata.labels = labels;
    }
  }
  if (
    resource.group === RBAC_GROUP &&
    (resource.kind === 'RoleBinding' || resource.kind === 'ClusterRoleBinding')
  ) {
    // SetDefaults_Subject: users and groups are RBAC subjects, service accounts core ones.
    for (const subject of Array.isArray(object.subjects) ? object.subjects : []) {
      if (!isObject(subject) || (subject.apiGroup !== undefined && subject.apiGroup !== '')) continue;
      if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = RBAC_GROUP;
      else if (subject.kind === 'ServiceAccount') subject.apiGroup = '';
    }
  }
  if (is(resource, 'networking.k8s.io/v1', 'NetworkPolicy') && isObject(object.spec)) {
    const spec = object.spec;
    if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
      spec.policyTypes = ['Ingress'];
      if (Array.isArray(spec.egress) && spec.egress.length > 0) spec.policyTypes.push('Egress');
    }
  }
  if (is(resource, CRD_API_VERSION, 'CustomResourceDefinition')) defaultCrd(object);
  // Pruning before defaulting: a null the schema does not allow becomes the default, or nothing.
  pruneNonNullableNulls(resource, object);
  if (resource.schema) applyDefaults(object, rootShape(resource.schema));
}

/** PrepareForCreate: status a client may not set, and the namespace's starting state. */
export function prepareForCreate(resource: Resource, object: JsonObject): void {
  if (is(resource, 'v1', 'Namespace')) {
    const spec: JsonObject = isObject(object.spec) ? object.spec : {};
    const finalizers: Json[] = Array.isArray(spec.finalizers) ? spec.finalizers : [];
    if (!finalizers.includes(NAMESPACE_FINALIZER)) finalizers.push(NAMESPACE_FINALIZER);
    spec.finalizers = finalizers;
    object.spec = spec;
    object.status = { phase: 'Active' };
    return;
  }
  if (resource.statusSubresource) delete object.status;
}

/** PrepareForUpdate of the main resource: status (and a namespace's finalizers) stay as they were. */
export function prepareForUpdate(resource: Resource, object: JsonObject, old: JsonObject): void {
  if (resource.statusSubresource) {
    if (old.status === undefined) delete object.status;
    else object.status = clone(old.status);
  }
  if (is(resource, 'v1', 'Namespace')) {
    const oldSpec = isObject(old.spec) ? old.spec : {};
    const spec: JsonObject = isObject(object.spec) ? object.spec : {};
    if (oldSpec.finalizers === undefined) delete spec.finalizers;
    else spec.finalizers = clone(oldSpec.finalizers);
    object.spec = spec;
  }
}
