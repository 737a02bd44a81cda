/**
 * Turns vzmc's findings into the server's Invalid error, and adds the update rules a server
 * enforces between the old and the new object (immutable fields, finalizers while deleting).
 */
import type { ClusterError } from '../../port/errors.js';
import type { JSONSchemaProps } from '../../model/crds.js';
import { IssueCode, Severity, type FieldPath } from '../../model/issues.js';
import type { Finding } from '../../validation/validate.js';
import { isObject, type JsonObject } from './canonical.js';
import { crdFieldPath, schemaAt, structuralSchemaOf } from './crd-schema.js';
import { invalid, type FieldProblem } from './errors.js';
import type { Resource } from './resources.js';
import { formatFieldPath, rootShape } from './structure.js';

/** The metav1.CauseType of a finding, from its code and message. */
function causeType(finding: Finding): string {
  if (finding.code === IssueCode.DuplicateDataKey) return 'FieldValueDuplicate';
  if (finding.code === IssueCode.InvalidType) return 'FieldValueTypeInvalid';
  if (finding.message.startsWith('Required value')) return 'FieldValueRequired';
  if (finding.message.startsWith('Unsupported value')) return 'FieldValueNotSupported';
  if (finding.message.startsWith('Too long')) return 'FieldValueTooLong';
  if (finding.message.startsWith('Forbidden')) return 'FieldValueForbidden';
  return 'FieldValueInvalid';
}

const TYPE_FINDING = /^Invalid value: expected (\S+), got (\S+)$/;

function valueAt(object: unknown, path: FieldPath): unknown {
  let current = object;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/**
 * A problem in a custom resource's own fields, worded as apiextensions-apiserver words it: paths
 * from kube-openapi (`spec.template.data.key`, map keys after a dot), and type errors as
 * validate.InvalidType (`Invalid value: "integer": spec.x in body must be of type string:
 * "integer"`) with the type the CRD declares (`integer`, not zod's `number`; `byte` for base64
 * fields). A status write validates the status alone, so there the path in the text starts below
 * `status`.
 */
function crdProblem(
  schema: JSONSchemaProps,
  finding: Finding,
  object: JsonObject,
  subresource: string,
): FieldProblem {
  const field = crdFieldPath(finding.path);
  const validated =
    subresource !== '' && finding.path[0] === subresource ? finding.path.slice(1) : finding.path;
  const inBody = (got: string, type: string) =>
    `Invalid value: "${got}": ${crdFieldPath(validated)} in body must be of type ${type}: "${got}"`;
  const declared = schemaAt(schema, finding.path);
  const typeError = finding.code === IssueCode.InvalidType ? TYPE_FINDING.exec(finding.message) : null;
  if (typeError !== null) {
    const got = typeError[2]!;
    return { field, message: inBody(got, declared?.type ?? typeError[1]!), reason: 'FieldValueTypeInvalid' };
  }
  const value = valueAt(object, finding.path);
  if (finding.code === IssueCode.InvalidBase64 && declared?.format === 'byte' && typeof value === 'string') {
    return { field, message: inBody(value, 'byte'), reason: 'FieldValueTypeInvalid' };
  }
  return { field, message: finding.message, reason: causeType(finding) };
}

/**
 * A built-in kind's field path as the server prints it. The whole object (an empty path, as
 * ValidateConfigMap's size limit names it with `field.NewPath("")`) prints as `[]`: Go's
 * Path.String writes a step without a name as an index, and this one has none.
 */
const builtinField = (path: FieldPath, shape: ReturnType<typeof rootShape>): string =>
  path.length === 0 ? '[]' : formatFieldPath(path, shape);

/** The field problems the server would reject an object for; `subresource` is `status` for status writes. */
export function objectProblems(resource: Resource, object: JsonObject, subresource = ''): FieldProblem[] {
  const shape = rootShape(resource.schema);
  // ObjectMeta is validated by the API server's own Go code for every kind, with its own paths.
  const schema = structuralSchemaOf(resource);
  return resource
    .findings(object)
    .filter((f) => f.severity === Severity.Error)
    .map((f) =>
      schema !== undefined && f.path[0] !== 'metadata'
        ? crdProblem(schema, f, object, subresource)
        : { field: builtinField(f.path, shape), message: f.message, reason: causeType(f) },
    );
}

/** Go's `%#v` of a []string, as update errors print lists. */
const goStrings = (values: readonly string[]) =>
  `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The rules between the stored object and its replacement. */
export function updateProblems(resource: Resource, object: JsonObject, old: JsonObject): FieldProblem[] {
  const out: FieldProblem[] = [];
  const meta = isObject(object.metadata) ? object.metadata : {};
  const oldMeta = isObject(old.metadata) ? old.metadata : {};
  if (oldMeta.deletionTimestamp !== undefined) {
    const before = new Set(stringList(oldMeta.finalizers));
    const added = stringList(meta.finalizers).filter((f) => !before.has(f));
    if (added.length > 0) {
      out.push({
        field: 'metadata.finalizers',
        message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${goStrings(added)}`,
        reason: 'FieldValueForbidden',
      });
    }
  }
  const core = resource.group === '';
  if ((core && resource.kind === 'Secret') || (core && resource.kind === 'ConfigMap')) {
    if (old.immutable === true) {
      const data = resource.kind === 'Secret' ? ['data'] : ['data', 'binaryData'];
      for (const field of data) {
        if (JSON.stringify(object[field] ?? {}) !== JSON.stringify(old[field] ?? {})) {
          out.push({
            field,
            message: 'Forbidden: field is immutable when `immutable` is set',
            reason: 'FieldValueForbidden',
          });
        }
      }
      if (object.immutable !== true) {
        out.push({
          field: 'immutable',
          message: 'Forbidden: field is immutable when `immutable` is set',
          reason: 'FieldValueForbidden',
        });
      }
    }
    if (resource.kind === 'Secret' && object.type !== old.type) {
      out.push({
        field: 'type',
        message: `Invalid value: ${JSON.stringify(object.type)}: field is immutable`,
        reason: 'FieldValueInvalid',
      });
    }
  }
  if (
    resource.group === 'rbac.authorization.k8s.io' &&
    (resource.kind === 'RoleBinding' || resource.kind === 'ClusterRoleBinding')
  ) {
    if (JSON.stringify(object.roleRef) !== JSON.stringify(old.roleRef)) {
      const ref = isObject(object.roleRef) ? object.roleRef : {};
      const text = (key: string) => JSON.stringify(typeof ref[key] === 'string' ? ref[key] : '');
      out.push({
        field: 'roleRef',
        message: `Invalid value: rbac.RoleRef{APIGroup:${text('apiGroup')}, Kind:${text('kind')}, Name:${text('name')}}: cannot change roleRef`,
        reason: 'FieldValueInvalid',
      });
    }
  }
  return out;
}

/** The Invalid error for an object, or undefined when the server would accept it. */
export function validationError(
  resource: Resource,
  object: JsonObject,
  at: { namespace?: string; name: string },
  extra: readonly FieldProblem[] = [],
  subresource = '',
): ClusterError | undefined {
  const problems = [...objectProblems(resource, object, subresource), ...extra];
  return problems.length === 0 ? undefined : invalid(resource, at, problems);
}

/** The finding type the CRD checks produce. */
export const crdFinding = (path: Finding['path'], message: string): Finding => ({
  code: message.startsWith('Required value') ? IssueCode.Required : IssueCode.InvalidValue,
  severity: Severity.Error,
  message,
  path,
});
