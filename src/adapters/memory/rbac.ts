/**
 * A small but real RBAC authorizer (k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac) over the
 * Roles, ClusterRoles, RoleBindings and ClusterRoleBindings stored in the cluster. Like the real
 * one it only allows (no deny rules), walks ClusterRoleBindings then the request namespace's
 * RoleBindings, and reports bindings whose role is missing in the Forbidden message.
 */
import { isObject, type JsonObject } from './canonical.js';
import { MASTERS, type UserInfo } from './identity.js';

/** What a request asks to do (authorizer.Attributes for resource requests). */
export interface RequestAttributes {
  readonly user: UserInfo;
  /** get, list, watch, create, update, patch, delete. */
  readonly verb: string;
  readonly apiGroup: string;
  /** The plural resource, e.g. `secrets`. */
  readonly resource: string;
  /** E.g. `status`, `token`; `''` for the main resource. */
  readonly subresource: string;
  /** `''` for cluster-scoped requests and lists across all namespaces. */
  readonly namespace: string;
  /** `''` for list, watch and create, which name no object. */
  readonly name: string;
}

/** Reads the RBAC objects of a cluster. */
export interface RbacObjects {
  clusterRoleBindings(): Iterable<JsonObject>;
  roleBindings(namespace: string): Iterable<JsonObject>;
  clusterRole(name: string): JsonObject | undefined;
  role(namespace: string, name: string): JsonObject | undefined;
}

/** The authorizer's answer; `reason` explains broken bindings met on the way. */
export interface Decision {
  readonly allowed: boolean;
  readonly reason: string;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function ruleAllows(rule: unknown, a: RequestAttributes): boolean {
  if (!isObject(rule)) return false;
  const verbs = strings(rule.verbs);
  if (!verbs.includes('*') && !verbs.includes(a.verb)) return false;
  const groups = strings(rule.apiGroups);
  if (!groups.includes('*') && !groups.includes(a.apiGroup)) return false;
  const combined = a.subresource === '' ? a.resource : `${a.resource}/${a.subresource}`;
  const resources = strings(rule.resources);
  const resourceMatch = resources.some(
    (r) => r === '*' || r === combined || (a.subresource !== '' && r === `*/${a.subresource}`),
  );
  if (!resourceMatch) return false;
  const names = strings(rule.resourceNames);
  return names.length === 0 || names.includes(a.name);
}

function appliesTo(user: UserInfo, subject: unknown, bindingNamespace: string): boolean {
  if (!isObject(subject) || typeof subject.name !== 'string') return false;
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace =
        typeof subject.namespace === 'string' && subject.namespace !== ''
          ? subject.namespace
          : bindingNamespace;
      return namespace !== '' && user.name === `system:serviceaccount:${namespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

function rulesOf(
  binding: JsonObject,
  bindingNamespace: string,
  objects: RbacObjects,
): { rules: unknown[] } | { error: string } {
  const ref = isObject(binding.roleRef) ? binding.roleRef : {};
  const name = typeof ref.name === 'string' ? ref.name : '';
  if (ref.kind === 'ClusterRole') {
    const role = objects.clusterRole(name);
    if (!role) return { error: `clusterrole.rbac.authorization.k8s.io "${name}" not found` };
    return { rules: Array.isArray(role.rules) ? role.rules : [] };
  }
  if (ref.kind === 'Role') {
    const role = bindingNamespace === '' ? undefined : objects.role(bindingNamespace, name);
    if (!role) return { error: `role.rbac.authorization.k8s.io "${name}" not found` };
    return { rules: Array.isArray(role.rules) ? role.rules : [] };
  }
  return { error: `unsupported role reference kind: ${JSON.stringify(ref.kind ?? '')}` };
}

/**
 * Decides a request. `system:masters` passes everything, as the real server's privileged-group
 * authorizer lets it; everyone else needs a binding.
 */
export function authorize(objects: RbacObjects, a: RequestAttributes): Decision {
  if (a.user.groups.includes(MASTERS)) return { allowed: true, reason: '' };
  const errors: string[] = [];
  const visit = (binding: JsonObject, bindingNamespace: string): boolean => {
    const subjects = Array.isArray(binding.subjects) ? binding.subjects : [];
    if (!subjects.some((s) => appliesTo(a.user, s, bindingNamespace))) return false;
    const found = rulesOf(binding, bindingNamespace, objects);
    if ('error' in found) {
      errors.push(found.error);
      return false;
    }
    return found.rules.some((rule) => ruleAllows(rule, a));
  };
  for (const binding of objects.clusterRoleBindings())
    if (visit(binding, '')) return { allowed: true, reason: '' };
  if (a.namespace !== '') {
    for (const binding of objects.roleBindings(a.namespace))
      if (visit(binding, a.namespace)) return { allowed: true, reason: '' };
  }
  const reason =
    errors.length === 0 ? '' : `RBAC: ${errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`}`;
  return { allowed: false, reason };
}

/** The Forbidden detail the server writes (responsewriters.forbiddenMessage), with the RBAC reason. */
export function forbiddenDetail(a: RequestAttributes, reason: string): string {
  const resource = a.subresource === '' ? a.resource : `${a.resource}/${a.subresource}`;
  const where = a.namespace === '' ? 'at the cluster scope' : `in the namespace "${a.namespace}"`;
  const message = `User "${a.user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${where}`;
  return reason === '' ? message : `${message}: ${reason}`;
}

/** The answer of {@link bindingEscalation}. */
export type EscalationDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly missingRole: string }
  | { readonly allowed: false; readonly notHeld: readonly string[] };

/** Every (group, resource, verb, name) a rule grants, as request attributes in `namespace`. */
function grants(rule: unknown, user: UserInfo, namespace: string): RequestAttributes[] {
  if (!isObject(rule)) return [];
  const names = strings(rule.resourceNames);
  const out: RequestAttributes[] = [];
  for (const apiGroup of strings(rule.apiGroups))
    for (const combined of strings(rule.resources))
      for (const verb of strings(rule.verbs))
        for (const name of names.length > 0 ? names : ['']) {
          const [resource = '', subresource = ''] = combined.split('/');
          out.push({ user, verb, apiGroup, resource, subresource, namespace, name });
        }
  return out;
}

/**
 * The escalation check of a RoleBinding or ClusterRoleBinding write
 * (k8s.io/kubernetes/pkg/registry/rbac/rolebinding/policybased): allowed with `bind` on the role it
 * references; else the role is looked up (missing: the server answers NotFound) and the user must
 * already hold every permission it grants, where the binding grants it. `namespace` is the
 * RoleBinding's, `''` for a ClusterRoleBinding. Non-resource URLs count as not held.
 */
export function bindingEscalation(
  objects: RbacObjects,
  user: UserInfo,
  binding: JsonObject,
  namespace: string,
): EscalationDecision {
  if (user.groups.includes(MASTERS)) return { allowed: true };
  const ref = isObject(binding.roleRef) ? binding.roleRef : {};
  const name = typeof ref.name === 'string' ? ref.name : '';
  const kind = ref.kind === 'Role' ? 'roles' : 'clusterroles';
  const bind = {
    user,
    verb: 'bind',
    apiGroup: 'rbac.authorization.k8s.io',
    resource: kind,
    subresource: '',
    namespace,
    name,
  };
  if (authorize(objects, bind).allowed) return { allowed: true };
  const role =
    ref.kind === 'Role'
      ? namespace === ''
        ? undefined
        : objects.role(namespace, name)
      : objects.clusterRole(name);
  if (!role) return { allowed: false, missingRole: name };
  const notHeld: string[] = [];
  for (const rule of Array.isArray(role.rules) ? role.rules : []) {
    if (isObject(rule) && strings(rule.nonResourceURLs).length > 0)
      notHeld.push(`{NonResourceURLs:${JSON.stringify(strings(rule.nonResourceURLs))}}`);
    for (const a of grants(rule, user, namespace)) {
      if (authorize(objects, a).allowed) continue;
      const resource = a.subresource === '' ? a.resource : `${a.resource}/${a.subresource}`;
      notHeld.push(
        `{APIGroups:["${a.apiGroup}"], Resources:["${resource}"], Verbs:["${a.verb}"]${a.name ? `, ResourceNames:["${a.name}"]` : ''}}`,
      );
    }
  }
  return notHeld.length === 0 ? { allowed: true } : { allowed: false, notHeld };
}
