/**
 * Schema and Kubernetes validation of single objects. A manifest that a real API server would
 * reject fails here, before anything is applied, with the field path and source position.
 *
 * Two callers: manifest checks (`vzmc validate`, loading files, validateManifests.ts), where a
 * finding becomes an Issue with a source position; and the in-memory API server
 * (adapters/memory/resources.ts), where this is the registry strategy's `Validate`: its error
 * findings become the server's Invalid error (adapters/memory/validation.ts).
 *
 * The phases of {@link objectFindings}, in the server's order:
 *
 * 1. the kind: unknown in a group vzmc owns is an error, worded as the scheme's `no kind … is
 *    registered`; elsewhere only a warning, since a kind vzmc does not model may well be served;
 * 2. the schema ({@link schemaFindings}): what decoding catches (wrong types, unknown fields,
 *    values outside an enum);
 * 3. the Kubernetes rules ({@link kubernetesFindings}): what the kind's Go validation checks,
 *    ObjectMeta first (ValidateObjectMeta), then per kind (ValidateSecret, ValidateConfigMap,
 *    ValidateRBACName), and the names and metadata of objects that vzmc will create from a
 *    wrapper or project template, so that they fail here and not on a managed cluster.
 *
 * Rules that need more than the one object live elsewhere: the update rules (old against new,
 * e.g. immutable fields) with the server (adapters/memory/validation.ts), and Verrazzano's
 * admission webhooks (which look up other objects) in admission.ts. Messages follow the server's field.Error wording (`Invalid value: …`, `Required value`),
 * never with a Secret's values.
 */
import type { z } from 'zod';
import { IssueCode, type FieldPath, type Issue } from '../model/issues.js';
import {
  DATA_BYTES_MAX,
  base64DecodedLength,
  base64ErrorOffset,
  decodeBase64Text,
  isConfigMapKey,
  isDns1123Label,
  isDns1123Subdomain,
  isPathSegmentName,
  isQualifiedName,
} from './k8s-rules.js';
import {
  error,
  invalid,
  isObj,
  strings,
  valueAt,
  warning,
  withHint,
  type Finding,
  type Obj,
} from './finding.js';
import { hintFor } from '../manifest/hints.js';
import { KINDS, Kind, kindInfo, type KindInfo } from '../model/kinds.js';
import { locate, refOf, sourceOf } from '../manifest/load.js';
import {
  embeddedFindings,
  labelNameHint,
  metadataFindings,
  namespaceFindings,
  subdomainHint,
} from './metadata-rules.js';
import { embeddedResourcePaths, fieldNamesAt, isOptionalAt } from './schema-walk.js';
import { didYouMean } from './suggest.js';
import { utf8Length } from '../internal/utf8.js';

export type { Finding } from './finding.js';

/** Turns findings about one object into issues with its reference and source positions. */
export function toIssues(object: unknown, findings: readonly Finding[]): Issue[] {
  const ref = refOf(object);
  const isObject = object !== null && typeof object === 'object';
  return findings.map((finding) => {
    const source = isObject ? (locate(object, finding.path) ?? sourceOf(object)) : undefined;
    const hint = hintFor(finding.code, finding.hint);
    const issue: Issue = {
      code: finding.code,
      severity: finding.severity,
      message: finding.message,
      path: finding.path,
      object: ref,
      ...(finding.ruleId !== undefined ? { ruleId: finding.ruleId } : {}),
      ...(source ? { source: { file: source.file, line: source.line, column: source.column } } : {}),
      ...(hint !== undefined ? { hint } : {}),
    };
    return issue;
  });
}

/** Groups whose every kind vzmc knows: an unknown kind there is an error, not a warning. */
const GROUPS_VZMC_OWNS = new Set(['clusters.verrazzano.io', 'core.oam.dev']);

function typeName(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function toPath(path: readonly PropertyKey[]): FieldPath {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** A sharper hint for a wrong type: YAML 1.1 reads some unquoted words as booleans or numbers. */
function typeHint(expected: string, actual: unknown): string | undefined {
  if (expected !== 'string' || (typeof actual !== 'boolean' && typeof actual !== 'number')) return undefined;
  return 'quote the value: unquoted, YAML reads yes/no/on/off/y/n as booleans and 010 or 1e3 as numbers';
}

/**
 * Maps zod's issues to vzmc's, with Kubernetes-style messages. A null where the field is optional is
 * no issue: the API server drops it as if the field were absent (for built-in kinds the decoder
 * leaves the zero value; for custom resources the schema's nulls are pruned).
 *
 * This is the decoding phase. The schemas are strict, so an unknown field is an error, as with
 * kubectl's strict field validation (a server without it prunes the field silently; see
 * docs/deviations.md, "Stricter input handling"). A wrong scalar type gets a hint when YAML 1.1
 * is the likely cause (`yes`, `010`).
 */
export function schemaFindings(schema: z.ZodType, object: unknown): Finding[] {
  const result = schema.safeParse(object);
  if (result.success) return [];
  const findings: Finding[] = [];
  for (const issue of result.error.issues) {
    const path = toPath(issue.path);
    switch (issue.code) {
      case 'invalid_type': {
        const actual = valueAt(object, issue.path);
        // Nulls are pruned from object fields only: a null list item or map value stays a type error.
        const prunedNull = actual === null && typeof path[path.length - 1] === 'string';
        if (prunedNull && isOptionalAt(schema, path)) break;
        if (actual === undefined || prunedNull)
          findings.push(error(IssueCode.Required, path, 'Required value'));
        else
          findings.push(
            withHint(
              error(
                IssueCode.InvalidType,
                path,
                `Invalid value: expected ${issue.expected}, got ${typeName(actual)}`,
              ),
              typeHint(issue.expected, actual),
            ),
          );
        break;
      }
      case 'unrecognized_keys': {
        const known = fieldNamesAt(schema, path);
        for (const key of issue.keys) {
          findings.push(
            withHint(
              error(IssueCode.UnknownField, [...path, key], `unknown field ${JSON.stringify(key)}`),
              didYouMean(key, known),
            ),
          );
        }
        break;
      }
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
  return findings;
}

/**
 * Rules of Secret and ConfigMap data: keys, base64 in the byte map, total size. ConfigMaps forbid
 * a key in both maps; a Secret's stringData overrides its data. Values never appear in messages.
 *
 * As ValidateSecret and ValidateConfigMap: every key a config-map key (IsConfigMapKey), and at
 * most 1 MiB of decoded bytes (MaxSecretSize, for both kinds). The byte map is still base64 text
 * here, so bad base64 is reported with Go's decoder message (on a server, decoding the body fails
 * with it) and counts nothing toward the size. A manifest Secret's stringData counts toward its
 * size here; on the server, decoding has already folded it into data. A Secret over the size is
 * reported at `data`, a ConfigMap at the whole object (an empty path: Go's `field.NewPath("")`,
 * which the server prints as `[]`), both as field.TooLong words it in v1.34.
 */
function dataFindings(
  bytes: unknown,
  text: unknown,
  path: FieldPath,
  names: {
    readonly bytes: string;
    readonly text: string;
    readonly forbidDuplicates: boolean;
    readonly sizeAtObject: boolean;
  },
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
      out.push(
        withHint(
          error(IssueCode.InvalidBase64, at, `illegal base64 data at input byte ${offset}`),
          `use ${names.text} for plain text; ${names.bytes} values must be base64`,
        ),
      );
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
        names.sizeAtObject ? path : [...path, names.bytes],
        `Too long: may not be more than ${DATA_BYTES_MAX} bytes`,
      ),
    );
  }
  return out;
}

const SECRET_DATA = {
  bytes: 'data',
  text: 'stringData',
  forbidDuplicates: false,
  sizeAtObject: false,
} as const;
const CONFIGMAP_DATA = {
  bytes: 'binaryData',
  text: 'data',
  forbidDuplicates: true,
  sizeAtObject: true,
} as const;

/** The key a registry-credentials Secret type needs, and the hint that writes one. */
const DOCKER_KEYS: Readonly<Record<string, string>> = {
  'kubernetes.io/dockercfg': '.dockercfg',
  'kubernetes.io/dockerconfigjson': '.dockerconfigjson',
};

/**
 * Go's json.Unmarshal error for a value that is JSON but not an object (ValidateSecret decodes into
 * a `map[string]interface{}`; `null` decodes to a nil map), or `undefined` when it decodes. A
 * syntax error is reported without the parser's message, which can quote part of the secret.
 */
function dockerJsonError(json: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return 'invalid JSON';
  }
  if (value === null || (typeof value === 'object' && !Array.isArray(value))) return undefined;
  const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/**
 * Type-specific Secret rules: the switch of Go's ValidateSecret (pkg/apis/core/validation), each
 * missing key a `Required value` at `data[key]`: `dockercfg` and `dockerconfigjson` (the key, and
 * its value a JSON object), `service-account-token` (the annotation naming the ServiceAccount),
 * `basic-auth` (`username` or `password`; neither is two findings), `ssh-auth` (a non-empty
 * `ssh-privatekey`), `tls` (`tls.crt` and `tls.key`). Any other type, `Opaque` or free-form, is
 * accepted, as the server accepts it; a type that is not a qualified name (`my type`) is only a
 * warning, as it is likely a typo. A broken registry config is reported without the JSON parser's
 * message (the server adds it), which can quote part of the secret.
 */
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
  const required = (key: string, hint: string) =>
    withHint(error(IssueCode.InvalidSecretType, [...path, 'data', key], 'Required value'), hint);
  if (typeof type !== 'string') return [];
  const dockerKey = DOCKER_KEYS[type];
  if (dockerKey !== undefined) {
    if (!has(dockerKey)) return [required(dockerKey, DOCKER_HINT)];
    const json = text(dockerKey);
    const problem = json === undefined ? undefined : dockerJsonError(json);
    if (problem === undefined) return [];
    const message = `Invalid value: "<secret contents redacted>": ${problem}`;
    return [withHint(error(IssueCode.InvalidSecretType, [...path, 'data', dockerKey], message), DOCKER_HINT)];
  }
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      const annotations = valueAt(secret, [...metaPath, 'annotations']);
      const name = isObj(annotations) ? annotations['kubernetes.io/service-account.name'] : undefined;
      if (typeof name === 'string' && name !== '') return [];
      const at = [...metaPath, 'annotations', 'kubernetes.io/service-account.name'];
      return [
        withHint(
          error(IssueCode.InvalidSecretType, at, 'Required value'),
          'name the ServiceAccount in the annotation `kubernetes.io/service-account.name`',
        ),
      ];
    }
    case 'kubernetes.io/tls':
      return ['tls.crt', 'tls.key'].filter((key) => !has(key)).map((key) => required(key, TLS_HINT));
    case 'kubernetes.io/basic-auth':
      if (has('username') || has('password')) return [];
      return ['username', 'password'].map((key) =>
        required(key, 'add `username` or `password` under stringData'),
      );
    case 'kubernetes.io/ssh-auth':
      if (text('ssh-privatekey') !== '' && has('ssh-privatekey')) return [];
      return [required('ssh-privatekey', 'put the private key under stringData, key `ssh-privatekey`')];
    default:
      if (type === '' || isQualifiedName(type).length === 0) return [];
      return [
        withHint(
          warning(
            IssueCode.InvalidSecretType,
            [...path, 'type'],
            `type ${JSON.stringify(type)} is not a qualified name; the API server accepts it, but no Kubernetes component reads it`,
          ),
          'use `Opaque` for a generic Secret',
        ),
      ];
  }
}

const TLS_HINT =
  'generate it with `kubectl create secret tls NAME --cert=FILE --key=FILE --dry-run=client -o yaml`';

const DOCKER_HINT =
  'generate it with `kubectl create secret docker-registry NAME --docker-server=… --docker-username=… --docker-password=… --dry-run=client -o yaml`';

/**
 * A valid spelling of an invalid object name, for the kinds whose names are DNS names (RBAC names
 * are path segments, which have no useful respelling).
 */
function nameHint(info: KindInfo, name: string): () => string | undefined {
  switch (info.kind) {
    case Kind.Namespace:
      return labelNameHint(name);
    case Kind.RoleBinding:
    case Kind.ClusterRole:
      return () => undefined;
    default:
      return subdomainHint(name);
  }
}

/**
 * The name rule of a kind, as its Go validation passes to ValidateObjectMeta: a DNS-1123 label for
 * a Namespace (ValidateNamespaceName), a path segment for the RBAC kinds (ValidateRBACName), and a
 * DNS-1123 subdomain for the rest (NameIsDNSSubdomain, which custom resources use too).
 */
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

/**
 * The Kubernetes rules for one object of a known kind: ObjectMeta first, as Go's validation
 * (name or generateName, namespace, labels, annotations and the rest), then embedded objects,
 * then the kind's own rules. A namespace on a cluster-scoped kind is only a warning: the
 * server clears it (EnsureObjectNamespaceMatchesRequestNamespace). The wrappers' templates and a
 * project's namespaces and NetworkPolicies become objects on managed clusters, so their metadata
 * (and a template Secret's or ConfigMap's data) is checked by the same rules now.
 */
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
    out.push(
      ...invalid(
        IssueCode.InvalidName,
        ['metadata', 'name'],
        name,
        nameRule(info)(name),
        nameHint(info, name),
      ),
    );
  }
  const namespace = meta.namespace;
  if (info.namespaced) {
    out.push(...namespaceFindings(namespace, ['metadata', 'namespace']));
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
  for (const at of embeddedResourcePaths(info.schema, object)) {
    const resource = valueAt(object, at);
    if (isObj(resource)) out.push(...embeddedFindings(resource, at));
  }

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

/**
 * A project emits namespaces and NetworkPolicies; their names must be valid where they land: a
 * Namespace name is a DNS-1123 label, a NetworkPolicy's a DNS-1123 subdomain.
 */
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
    else
      out.push(
        ...invalid(IssueCode.InvalidName, [...path, 'name'], name, isDns1123Label(name), labelNameHint(name)),
      );
    out.push(...metadataFindings(ns.metadata, path));
  });
  const policies = Array.isArray(template.networkPolicies) ? template.networkPolicies : [];
  policies.forEach((policy, i) => {
    if (!isObj(policy) || !isObj(policy.metadata)) return;
    const path = [...at, 'networkPolicies', i, 'metadata'];
    const name = policy.metadata.name;
    if (typeof name !== 'string' || name === '')
      out.push(error(IssueCode.MissingName, [...path, 'name'], 'Required value'));
    else
      out.push(
        ...invalid(
          IssueCode.InvalidName,
          [...path, 'name'],
          name,
          isDns1123Subdomain(name),
          subdomainHint(name),
        ),
      );
    out.push(...namespaceFindings(policy.metadata.namespace, [...path, 'namespace']));
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

/**
 * A kind vzmc knows under another apiVersion (`use apiVersion: rbac.authorization.k8s.io/v1`), a
 * close kind name in the same group (`did you mean \`MultiClusterSecret\`?`), or the group's kinds.
 */
function unknownKindHint(kind: string, group: string): string | undefined {
  const known = Object.values(KINDS);
  const sameKind = known.find((k) => k.kind === kind);
  if (sameKind) return `use \`apiVersion: ${sameKind.apiVersion}\` for ${kind}`;
  const inGroup = known.filter((k) => k.group === group).map((k) => k.kind);
  if (inGroup.length === 0) return undefined;
  const close = didYouMean(kind, inGroup);
  if (close !== undefined) return close;
  if (!GROUPS_VZMC_OWNS.has(group)) return undefined;
  const version = known.find((k) => k.group === group)!.apiVersion;
  return `the kinds of ${version} are ${inGroup.sort().join(', ')}`;
}

/** The findings of {@link validateObject}, before positions are attached. */
export function objectFindings(object: unknown): Finding[] {
  if (!isObj(object)) return [error(IssueCode.NotAnObject, [], 'expected a Kubernetes object')];
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const info = kindInfo(apiVersion, kind);
  if (!info) {
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const hint = unknownKindHint(kind, group);
    if (GROUPS_VZMC_OWNS.has(group)) {
      return [
        withHint(
          error(
            IssueCode.UnknownKind,
            ['kind'],
            `no kind "${kind}" is registered for version "${apiVersion}"`,
          ),
          hint,
        ),
      ];
    }
    return [
      withHint(
        warning(
          IssueCode.UnknownKind,
          ['kind'],
          `vzmc does not know ${apiVersion} ${kind}; it is not checked`,
        ),
        hint,
      ),
    ];
  }
  return [...schemaFindings(info.schema, object), ...kubernetesFindings(object, info)];
}
