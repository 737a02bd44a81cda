/**
 * The validation rules a Kubernetes API server applies to names, labels, annotations and Secret
 * and ConfigMap data, with apimachinery's own messages. Each check returns the list of problems
 * (empty when valid), as `k8s.io/apimachinery/pkg/util/validation` does.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;
const CONFIG_KEY = '[-._a-zA-Z0-9]+';

const dns1123LabelRe = new RegExp(`^${DNS1123_LABEL}$`);
const dns1123SubdomainRe = new RegExp(`^${DNS1123_SUBDOMAIN}$`);
const qualifiedNameRe = new RegExp(`^${QUALIFIED_NAME}$`);
const labelValueRe = new RegExp(`^${LABEL_VALUE}$`);
const configKeyRe = new RegExp(`^${CONFIG_KEY}$`);

/** Longest DNS-1123 label. */
export const DNS1123_LABEL_MAX = 63;
/** Longest DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_MAX = 253;
/** Longest label value and qualified-name name part. */
export const LABEL_VALUE_MAX = 63;
/** Most bytes all annotations of an object may take. */
export const TOTAL_ANNOTATION_BYTES_MAX = 256 * 1024;
/** Most bytes the data of a Secret or ConfigMap may take. */
export const DATA_BYTES_MAX = 1024 * 1024;

function regexError(message: string, regex: string, ...examples: string[]): string {
  let text = message;
  if (examples.length > 0) text += ` (e.g. ${examples.map((e) => `'${e}'`).join(',  or ')}, `;
  else text += ' (';
  return `${text}regex used for validation is '${regex}')`;
}

const maxLen = (n: number): string => `must be no more than ${n} characters`;

/** apimachinery IsDNS1123Label. */
export function isDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) errs.push(maxLen(DNS1123_LABEL_MAX));
  if (!dns1123LabelRe.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL,
        'my-name',
        '123-abc',
      ),
    );
  }
  return errs;
}

/** apimachinery IsDNS1123Subdomain. */
export function isDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLen(DNS1123_SUBDOMAIN_MAX));
  if (!dns1123SubdomainRe.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  }
  return errs;
}

/** apimachinery ValidatePathSegmentName (RBAC object names). */
export function isPathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const errs: string[] = [];
  for (const illegal of ['/', '%']) {
    if (value.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  }
  return errs;
}

/** apimachinery IsQualifiedName (label and annotation keys). */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const msg of isDns1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [
      regexError(
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME,
        'MyName',
        'my.name',
        '123-abc',
      ) + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > LABEL_VALUE_MAX) errs.push(`name part ${maxLen(LABEL_VALUE_MAX)}`);
  if (name.length > 0 && !qualifiedNameRe.test(name)) {
    errs.push(
      'name part ' +
        regexError(
          "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
          QUALIFIED_NAME,
          'MyName',
          'my.name',
          '123-abc',
        ),
    );
  }
  return errs;
}

/** apimachinery IsValidLabelValue. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX) errs.push(maxLen(LABEL_VALUE_MAX));
  if (!labelValueRe.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** apimachinery IsConfigMapKey (Secret and ConfigMap data keys). */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLen(DNS1123_SUBDOMAIN_MAX));
  if (!configKeyRe.test(value)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_KEY,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

const B64 = new Int16Array(128).fill(-1);
const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let i = 0; i < B64_ALPHABET.length; i++) B64[B64_ALPHABET.charCodeAt(i)] = i;

/**
 * Checks base64 the way Go's `encoding/json` decodes a `[]byte` (base64.StdEncoding, padding
 * required, CR and LF ignored). Returns the byte offset Go would report, or -1 when valid.
 *
 * @example
 * base64ErrorOffset('aGVsbG8=') //=> -1
 * base64ErrorOffset('<BASE 64 ENCODED DOCKER CONFIG JSON>') //=> 0
 */
export function base64ErrorOffset(src: string): number {
  let si = 0;
  const n = src.length;
  const isNewline = (i: number) => src.charCodeAt(i) === 10 || src.charCodeAt(i) === 13;
  for (;;) {
    let j = 0;
    for (; j < 4; j++) {
      if (si === n) {
        if (j === 0) return -1;
        return si - j; // incomplete quantum without padding
      }
      const code = src.charCodeAt(si);
      si++;
      if (code < 128 && (B64[code] ?? -1) >= 0) continue;
      if (code === 10 || code === 13) {
        j--;
        continue;
      }
      if (code !== 61 /* = */) return si - 1;
      // padding
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < n && isNewline(si)) si++;
        if (si === n) return n;
        if (src.charCodeAt(si) !== 61) return si - 1;
        si++;
      }
      while (si < n && isNewline(si)) si++;
      if (si < n) return si;
      return -1;
    }
  }
}

/** The number of bytes a valid base64 string decodes to. */
export function base64DecodedLength(src: string): number {
  let chars = 0;
  let padding = 0;
  for (let i = 0; i < src.length; i++) {
    const code = src.charCodeAt(i);
    if (code === 61) padding++;
    else if (code !== 10 && code !== 13) chars++;
  }
  return Math.floor(((chars + padding) * 3) / 4) - padding;
}

/** Decodes base64 to UTF-8 text (used for type-specific Secret checks). */
export function decodeBase64Text(src: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(src.replace(/[\r\n]/g, '')), (c) => c.charCodeAt(0)));
}
