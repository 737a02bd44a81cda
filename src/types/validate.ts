/**
 * Schema and Kubernetes validation of single objects. A manifest that a real API server would
 * reject fails here, before anything is applied, with the field path and source position.
 */
import type { z } from 'zod';
import { IssueCode, Severity, type FieldPath, type Issue, type IssueCode as Code } from './issues.js';
import {
  DATA_BYTES_MAX,
  TOTAL_ANNOTATION_BYTES_MAX,
  base64DecodedLength,
  base64ErrorOffset,
  decodeBase64Text,
  isConfigMapKey,
  isDns1123Label,
  isDns1123Subdomain,
  isPathSegmentName,
  isQualifiedName,
  isValidLabelValue,
} from './k8s-rules.js';
import { Kind, kindInfo, type KindInfo } from './kinds.js';
import { locate, refOf, sourceOf } from './load.js';
import { utf8Length } from '../internal/utf8.js';

/** A problem before it is placed in a source file. */
export interface Finding {
  /** Stable issue code. */
  readonly code: Code;
  /** How bad it is. */
  readonly severity: Severity;
  /** Human-readable message. */
  readonly message: string;
  /** Where in the object. */
  readonly path: FieldPath;
  /** The spec rule it enforces, if any. */
  readonly ruleId?: string;
}

/** Turns findings about one object into issues with its reference and source positions. */
export function toIssues(object: unknown, findings: readonly Finding[]): Issue[] {
  const ref = refOf(object);
  const isObject = object !== null && typeof object === 'object';
  return findings.map((finding) => {
    const source = isObject ? (locate(object, finding.path) ?? sourceOf(object)) : undefined;
    const issue: Issue = {
      code: finding.code,
      severity: finding.severity,
      message: finding.message,
      path: finding.path,
      object: ref,
      ...(finding.ruleId !== undefined ? { ruleId: finding.ruleId } : {}),
      ...(source ? { source: { file: source.file, line: source.line, column: source.column } } : {}),
    };
    return issue;
  });
}

const error = (code: Code, path: FieldPath, message: string, ruleId?: string): Finding =>
  ruleId === undefined
    ? { code, severity: Severity.Error, message, path }
    : { code, severity: Severity.Error, message, path, ruleId };

const warning = (code: Code, path: FieldPath, message: string): Finding => ({
  code,
  severity: Severity.Warning,
  message,
  path,
});

const GROUPS_VZMC_OWNS = new Set(['clusters.verrazzano.io', 'core.oam.dev']);

function typeName(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function toPath(path: readonly PropertyKey[]): FieldPath {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** Maps zod's issues to vzmc's, with Kubernetes-style messages. */
export function schemaFindings(schema: z.ZodType, object: unknown): Finding[] {
  const result = schema.safeParse(object);
  if (result.success) return [];
  const findings: Finding[] = [];
  const visit = (issues: readonly z.core.$ZodIssue[]) => {
    for (const issue of issues) {
      const path = toPath(issue.path);
      switch (issue.code) {
        case 'invalid_type': {
          const actual = valueAt(object, issue.path);
          if (actual === undefined) findings.push(error(IssueCode.Required, path, 'Required value'));
          else
            findings.push(
              error(
                IssueCode.InvalidType,
                path,
                `Invalid value: expected ${issue.expected}, got ${typeName(actual)}`,
              ),
            );
          break;
        }
        case 'unrecognized_keys':
          for (const key of issue.keys) {
            findings.push(
              error(IssueCode.UnknownField, [...path, key], `unknown field ${JSON.stringify(key)}`),
            );
          }
          break;
        case 'invalid_union': {
          const actual = valueAt(object, issue.path);
          findings.push(
            error(
              IssueCode.InvalidType,
              path,
              `Invalid value: expected an integer or a string, got ${typeName(actual)}`,
            ),
          );
          break;
        }
        case 'invalid_value':
          findings.push(
            error(
              IssueCode.InvalidValue,
              path,
              `Unsupported value: ${JSON.stringify(valueAt(object, issue.path))}: supported values: ${issue.values
                .map((v) => JSON.stringify(v))
                .join(', ')}`,
            ),
          );
          break;
        default:
          findings.push(error(IssueCode.InvalidValue, path, `Invalid value: ${issue.message}`));
      }
    }
  };
  visit(result.error.issues);
  return findings;
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const strings = (value: unknown): [string, string][] =>
  isObj(value) ? Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string') : [];

function invalid(code: Code, path: FieldPath, value: string, messages: readonly string[]): Finding[] {
  return messages.map((m) => error(code, path, `Invalid value: ${JSON.stringify(value)}: ${m}`));
}

/** Label rules for a label map at `path`. */
function labelFindings(labels: unknown, path: FieldPath): Finding[] {
  const out: Finding[] = [];
  for (const [key, value] of strings(labels)) {
    out.push(...invalid(IssueCode.InvalidLabelKey, [...path, key], key, isQualifiedName(key)));
    out.push(...invalid(IssueCode.InvalidLabelValue, [...path, key], value, isValidLabelValue(value)));
  }
  return out;
}

/** Annotation rules for an annotation map at `path`. */
function annotationFindings(annotations: unknown, path: FieldPath): Finding[] {
  const out: Finding[] = [];
  let total = 0;
  for (const [key, value] of strings(annotations)) {
    out.push(
      ...invalid(IssueCode.InvalidAnnotationKey, [...path, key], key, isQualifiedName(key.toLowerCase())),
    );
    total += utf8Length(key) + utf8Length(value);
  }
  if (total > TOTAL_ANNOTATION_BYTES_MAX) {
    out.push(
      error(
        IssueCode.AnnotationsTooLarge,
        path,
        `Too long: must have at most ${TOTAL_ANNOTATION_BYTES_MAX} bytes`,
      ),
    );
  }
  return out;
}

function metadataFindings(meta: unknown, path: FieldPath): Finding[] {
  if (!isObj(meta)) return [];
  return [
    ...labelFindings(meta.labels, [...path, 'labels']),
    ...annotationFindings(meta.annotations, [...path, 'annotations']),
  ];
}

/**
 * Rules of Secret and ConfigMap data: keys, base64 in the byte map, total size. ConfigMaps forbid
 * a key in both maps; a Secret's stringData overrides its data. Values never appear in messages.
 */
function dataFindings(
  bytes: unknown,
  text: unknown,
  path: FieldPath,
  names: { readonly bytes: string; readonly text: string; readonly forbidDuplicates: boolean },
): Finding[] {
  const out: Finding[] = [];
  let total = 0;
  const seen = new Set<string>();
  for (const [key, value] of strings(bytes)) {
    const at = [...path, names.bytes, key];
    out.push(...invalid(IssueCode.InvalidDataKey, at, key, isConfigMapKey(key)));
    seen.add(key);
    const offset = base64ErrorOffset(value);
    if (offset >= 0)
      out.push(error(IssueCode.InvalidBase64, at, `illegal base64 data at input byte ${offset}`));
    else total += base64DecodedLength(value);
  }
  for (const [key, value] of strings(text)) {
    const at = [...path, names.text, key];
    out.push(...invalid(IssueCode.InvalidDataKey, at, key, isConfigMapKey(key)));
    if (names.forbidDuplicates && seen.has(key)) {
      out.push(
        error(
          IssueCode.DuplicateDataKey,
          at,
          `Invalid value: ${JSON.stringify(key)}: duplicate of key present in ${names.bytes}`,
        ),
      );
    }
    total += utf8Length(value);
  }
  if (total > DATA_BYTES_MAX) {
    out.push(
      error(
        IssueCode.DataTooLarge,
        [...path, names.bytes],
        `Too long: must have at most ${DATA_BYTES_MAX} bytes`,
      ),
    );
  }
  return out;
}

const SECRET_DATA = { bytes: 'data', text: 'stringData', forbidDuplicates: false } as const;
const CONFIGMAP_DATA = { bytes: 'binaryData', text: 'data', forbidDuplicates: true } as const;

/** Type-specific Secret rules, for the types vzmc itself reads or writes. */
function secretTypeFindings(secret: Obj, path: FieldPath, metaPath: FieldPath): Finding[] {
  const type = secret.type;
  const data = isObj(secret.data) ? secret.data : {};
  const stringData = isObj(secret.stringData) ? secret.stringData : {};
  const has = (key: string) => key in data || key in stringData;
  const text = (key: string): string | undefined => {
    if (typeof stringData[key] === 'string') return stringData[key];
    const raw = data[key];
    if (typeof raw !== 'string' || base64ErrorOffset(raw) >= 0) return undefined;
    return decodeBase64Text(raw);
  };
  const out: Finding[] = [];
  const typePath = [...path, 'type'];
  switch (type) {
    case 'kubernetes.io/dockerconfigjson': {
      if (!has('.dockerconfigjson')) {
        out.push(
          error(IssueCode.InvalidSecretType, [...path, 'data', '.dockerconfigjson'], 'Required value'),
        );
        break;
      }
      const json = text('.dockerconfigjson');
      if (json !== undefined) {
        try {
          JSON.parse(json);
        } catch {
          out.push(
            error(
              IssueCode.InvalidSecretType,
              [...path, 'data', '.dockerconfigjson'],
              'Invalid value: "<secret contents redacted>": invalid JSON',
            ),
          );
        }
      }
      break;
    }
    case 'kubernetes.io/service-account-token': {
      const annotations = isObj(valueAt(secret, [...metaPath, 'annotations']))
        ? (valueAt(secret, [...metaPath, 'annotations']) as Obj)
        : {};
      if (typeof annotations['kubernetes.io/service-account.name'] !== 'string') {
        out.push(
          error(
            IssueCode.InvalidSecretType,
            [...metaPath, 'annotations', 'kubernetes.io/service-account.name'],
            'Required value',
          ),
        );
      }
      break;
    }
    case 'kubernetes.io/tls':
      for (const key of ['tls.crt', 'tls.key']) {
        if (!has(key)) out.push(error(IssueCode.InvalidSecretType, [...path, 'data', key], 'Required value'));
      }
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        out.push(
          error(
            IssueCode.InvalidSecretType,
            [...path, 'data'],
            'Required value: either username or password is required',
          ),
        );
      }
      break;
    default:
      if (type !== undefined && typeof type === 'string' && type !== '' && !isQualifiedNameType(type)) {
        out.push(...invalid(IssueCode.InvalidSecretType, typePath, type, isQualifiedName(type)));
      }
  }
  return out;
}

const isQualifiedNameType = (type: string): boolean => isQualifiedName(type).length === 0;

function nameRule(info: KindInfo): (value: string) => string[] {
  switch (info.kind) {
    case Kind.Namespace:
      return isDns1123Label;
    case Kind.RoleBinding:
    case Kind.ClusterRole:
      return isPathSegmentName;
    default:
      return isDns1123Subdomain;
  }
}

/** The Kubernetes rules for one object of a known kind. */
export function kubernetesFindings(object: Obj, info: KindInfo): Finding[] {
  const out: Finding[] = [];
  const meta = isObj(object.metadata) ? object.metadata : {};
  const name = meta.name;
  if (typeof name !== 'string' || name === '') {
    if (typeof meta.generateName !== 'string') {
      out.push(
        error(
          IssueCode.MissingName,
          ['metadata', 'name'],
          'Required value: name or generateName is required',
        ),
      );
    }
  } else {
    out.push(...invalid(IssueCode.InvalidName, ['metadata', 'name'], name, nameRule(info)(name)));
  }
  const namespace = meta.namespace;
  if (info.namespaced) {
    if (typeof namespace === 'string' && namespace !== '') {
      out.push(
        ...invalid(IssueCode.InvalidName, ['metadata', 'namespace'], namespace, isDns1123Label(namespace)),
      );
    }
  } else if (typeof namespace === 'string' && namespace !== '') {
    out.push(
      warning(
        IssueCode.ClusterScopedNamespace,
        ['metadata', 'namespace'],
        `${info.kind} is cluster-scoped; metadata.namespace is ignored`,
      ),
    );
  }
  out.push(...metadataFindings(meta, ['metadata']));

  const spec = isObj(object.spec) ? object.spec : undefined;
  const template = spec && isObj(spec.template) ? spec.template : undefined;
  switch (info.kind) {
    case Kind.Secret:
      out.push(...dataFindings(object.data, object.stringData, [], SECRET_DATA));
      out.push(...secretTypeFindings(object, [], ['metadata']));
      break;
    case Kind.ConfigMap:
      out.push(...dataFindings(object.binaryData, object.data, [], CONFIGMAP_DATA));
      break;
    case Kind.MultiClusterSecret:
      if (template) {
        const at = ['spec', 'template'];
        out.push(...metadataFindings(template.metadata, [...at, 'metadata']));
        out.push(...dataFindings(template.data, template.stringData, at, SECRET_DATA));
        out.push(...secretTypeFindings(template, at, [...at, 'metadata']));
      }
      break;
    case Kind.MultiClusterConfigMap:
      if (template) {
        const at = ['spec', 'template'];
        out.push(...metadataFindings(template.metadata, [...at, 'metadata']));
        out.push(...dataFindings(template.binaryData, template.data, at, CONFIGMAP_DATA));
      }
      break;
    case Kind.MultiClusterApplicationConfiguration:
    case Kind.MultiClusterComponent:
      if (template) out.push(...metadataFindings(template.metadata, ['spec', 'template', 'metadata']));
      break;
    case Kind.VerrazzanoProject:
      if (template) out.push(...projectFindings(template));
      break;
    default:
      break;
  }
  return out;
}

/** A project emits namespaces and NetworkPolicies; their names must be valid where they land. */
function projectFindings(template: Obj): Finding[] {
  const out: Finding[] = [];
  const at = ['spec', 'template'];
  const namespaces = Array.isArray(template.namespaces) ? template.namespaces : [];
  namespaces.forEach((ns, i) => {
    if (!isObj(ns) || !isObj(ns.metadata)) return;
    const path = [...at, 'namespaces', i, 'metadata'];
    const name = ns.metadata.name;
    if (typeof name !== 'string' || name === '')
      out.push(error(IssueCode.MissingName, [...path, 'name'], 'Required value'));
    else out.push(...invalid(IssueCode.InvalidName, [...path, 'name'], name, isDns1123Label(name)));
    out.push(...metadataFindings(ns.metadata, path));
  });
  const policies = Array.isArray(template.networkPolicies) ? template.networkPolicies : [];
  policies.forEach((policy, i) => {
    if (!isObj(policy) || !isObj(policy.metadata)) return;
    const path = [...at, 'networkPolicies', i, 'metadata'];
    const name = policy.metadata.name;
    if (typeof name !== 'string' || name === '')
      out.push(error(IssueCode.MissingName, [...path, 'name'], 'Required value'));
    else out.push(...invalid(IssueCode.InvalidName, [...path, 'name'], name, isDns1123Subdomain(name)));
    const namespace = policy.metadata.namespace;
    if (typeof namespace === 'string' && namespace !== '') {
      out.push(
        ...invalid(IssueCode.InvalidName, [...path, 'namespace'], namespace, isDns1123Label(namespace)),
      );
    }
    out.push(...metadataFindings(policy.metadata, path));
  });
  return out;
}

/**
 * Validates one object: its kind, its schema, and the rules a Kubernetes API server enforces.
 * Issues carry the object's reference and, when it was loaded by vzmc, source positions.
 *
 * @example
 * const issues = validateObject(secret);
 * // [{ code: 'secret/invalid-base64', path: ['data', '.dockerconfigjson'], source: { line: 10, column: 3, … }, … }]
 */
export function validateObject(object: unknown): Issue[] {
  return toIssues(object, objectFindings(object));
}

/** The findings of {@link validateObject}, before positions are attached. */
export function objectFindings(object: unknown): Finding[] {
  if (!isObj(object)) return [error(IssueCode.NotAnObject, [], 'expected a Kubernetes object')];
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const info = kindInfo(apiVersion, kind);
  if (!info) {
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    if (GROUPS_VZMC_OWNS.has(group)) {
      return [
        error(IssueCode.UnknownKind, ['kind'], `no kind "${kind}" is registered for version "${apiVersion}"`),
      ];
    }
    return [
      warning(IssueCode.UnknownKind, ['kind'], `vzmc does not know ${apiVersion} ${kind}; it is not checked`),
    ];
  }
  return [...schemaFindings(info.schema, object), ...kubernetesFindings(object, info)];
}
