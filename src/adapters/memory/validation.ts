/**
 * Turns vzmc's findings into the server's Invalid error, and adds the update rules a server
 * enforces between the old and the new object (immutable fields, finalizers while deleting).
 */
import type { ClusterError } from '../../types/cluster-errors.js';
import { IssueCode, Severity } from '../../types/issues.js';
import type { Finding } from '../../types/validate.js';
import { isObject, type JsonObject } from './canonical.js';
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

/** The field problems the server would reject an object for. */
export function objectProblems(resource: Resource, object: JsonObject): FieldProblem[] {
  const shape = rootShape(resource.schema);
  return resource
    .findings(object)
    .filter((f) => f.severity === Severity.Error)
    .map((f) => ({ field: formatFieldPath(f.path, shape), message: f.message, reason: causeType(f) }));
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
): ClusterError | undefined {
  const problems = [...objectProblems(resource, object), ...extra];
  return problems.length === 0 ? undefined : invalid(resource, at, problems);
}

/** The finding type the CRD checks produce. */
export const crdFinding = (path: Finding['path'], message: string): Finding => ({
  code: message.startsWith('Required value') ? IssueCode.Required : IssueCode.InvalidValue,
  severity: Severity.Error,
  message,
  path,
});
