/**
 * The rules the API server applies to ObjectMeta wherever it appears (labels, annotations,
 * timestamps) and to embedded resources (OAM workloads and traits), with hints that spell an
 * invalid DNS name validly.
 */
import { error, invalid, isObj, strings, withHint, type Finding, type Obj } from './finding.js';
import { IssueCode, type FieldPath } from '../model/issues.js';
import {
  DNS1123_LABEL_MAX,
  DNS1123_SUBDOMAIN_MAX,
  TOTAL_ANNOTATION_BYTES_MAX,
  isDns1123Label,
  isPathSegmentName,
  isQualifiedName,
  isValidLabelValue,
} from './k8s-rules.js';
import { dnsSpelling } from './suggest.js';
import { utf8Length } from '../internal/utf8.js';

/** `try \`my-app\`` for an invalid DNS name, when a valid spelling exists. */
const spellingHint = (name: string, maxLength: number, allowDots: boolean) => (): string | undefined => {
  const valid = dnsSpelling(name, maxLength, allowDots);
  return valid === undefined ? undefined : `try \`${valid}\``;
};
export const labelNameHint = (name: string) => spellingHint(name, DNS1123_LABEL_MAX, false);
export const subdomainHint = (name: string) => spellingHint(name, DNS1123_SUBDOMAIN_MAX, true);

/** A namespace, where one is given, must be a DNS-1123 label. */
export function namespaceFindings(namespace: unknown, path: FieldPath): Finding[] {
  if (typeof namespace !== 'string' || namespace === '') return [];
  return invalid(IssueCode.InvalidName, path, namespace, isDns1123Label(namespace), labelNameHint(namespace));
}

// RFC 3339 as Go's time.Parse reads it (metav1.Time), fractional seconds allowed.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function timeFindings(value: unknown, path: FieldPath): Finding[] {
  if (typeof value !== 'string' || value === '' || RFC3339.test(value)) return [];
  return [
    withHint(
      error(
        IssueCode.InvalidValue,
        path,
        `Invalid value: ${JSON.stringify(value)}: must be an RFC 3339 time`,
      ),
      'write it as 2006-01-02T15:04:05Z, or leave it out: the server sets it',
    ),
  ];
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
        `Too long: may not be more than ${TOTAL_ANNOTATION_BYTES_MAX} bytes`,
      ),
    );
  }
  return out;
}

export function metadataFindings(meta: unknown, path: FieldPath): Finding[] {
  if (!isObj(meta)) return [];
  const out = [
    ...labelFindings(meta.labels, [...path, 'labels']),
    ...annotationFindings(meta.annotations, [...path, 'annotations']),
    ...timeFindings(meta.creationTimestamp, [...path, 'creationTimestamp']),
    ...timeFindings(meta.deletionTimestamp, [...path, 'deletionTimestamp']),
  ];
  if (Array.isArray(meta.managedFields)) {
    meta.managedFields.forEach((entry, i) => {
      if (isObj(entry)) out.push(...timeFindings(entry.time, [...path, 'managedFields', i, 'time']));
    });
  }
  return out;
}

const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035LabelRe = new RegExp(`^${DNS1035_LABEL}$`);

/** apimachinery IsDNS1035Label, which the server applies to an embedded resource's kind (lower-cased). */
function isDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) errs.push(`must be no more than ${DNS1123_LABEL_MAX} characters`);
  if (!dns1035LabelRe.test(value)) {
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errs;
}

/**
 * An embedded resource (OAM workload or trait), as the API server validates one: apiVersion a
 * group/version, kind a DNS-1035 label in any case, and metadata as ObjectMeta with path-segment
 * names (apiextensions' validateEmbeddedResource). Its other fields are kept unchecked.
 */
export function embeddedFindings(resource: Obj, at: FieldPath): Finding[] {
  const out: Finding[] = [];
  const { apiVersion, kind, metadata } = resource;
  if (apiVersion === '')
    out.push(error(IssueCode.InvalidValue, [...at, 'apiVersion'], 'Invalid value: "": must not be empty'));
  else if (typeof apiVersion === 'string' && apiVersion.split('/').length > 2)
    out.push(
      error(
        IssueCode.InvalidValue,
        [...at, 'apiVersion'],
        `Invalid value: ${JSON.stringify(apiVersion)}: unexpected GroupVersion string: ${apiVersion}`,
      ),
    );
  if (kind === '')
    out.push(error(IssueCode.InvalidValue, [...at, 'kind'], 'Invalid value: "": must not be empty'));
  else if (typeof kind === 'string') {
    const problems = isDns1035Label(kind.toLowerCase());
    if (problems.length > 0)
      out.push(
        error(
          IssueCode.InvalidValue,
          [...at, 'kind'],
          `Invalid value: ${JSON.stringify(kind)}: may have mixed case, but should otherwise match: ${problems.join(',')}`,
        ),
      );
  }
  if (!isObj(metadata)) return out;
  const path = [...at, 'metadata'];
  for (const field of ['name', 'generateName'] as const) {
    const value = metadata[field];
    if (typeof value === 'string' && value !== '')
      out.push(...invalid(IssueCode.InvalidName, [...path, field], value, isPathSegmentName(value)));
  }
  out.push(...namespaceFindings(metadata.namespace, [...path, 'namespace']));
  out.push(...metadataFindings(metadata, path));
  return out;
}
