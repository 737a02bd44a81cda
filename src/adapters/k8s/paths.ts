/**
 * REST paths and query strings for the Kubernetes API. Pure: the resource coordinates come from the
 * `KINDS` table or from discovery (see `discovery.ts`).
 */

/** Where a kind lives in the REST API. */
export interface RestResource {
  readonly apiVersion: string;
  readonly kind: string;
  /** API group; `''` for the core group. */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

/** Splits `group/version` (or a core `version`) into its parts. */
export function splitApiVersion(apiVersion: string): { readonly group: string; readonly version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(apiVersion: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return group === '' ? `/api/${seg(version)}` : `/apis/${seg(group)}/${seg(version)}`;
}

/**
 * The collection path of a resource: all namespaces when `namespace` is undefined, one namespace
 * otherwise. Cluster-scoped resources ignore `namespace`, as the API server does with the field.
 */
export function collectionPath(resource: RestResource, namespace?: string): string {
  const base = groupVersionPath(resource.apiVersion);
  const scope = resource.namespaced && namespace !== undefined ? `/namespaces/${seg(namespace)}` : '';
  return `${base}${scope}/${seg(resource.plural)}`;
}

/** The path of one object, or of one of its subresources (`status`). */
export function objectPath(
  resource: RestResource,
  namespace: string | undefined,
  name: string,
  subresource?: string,
): string {
  const path = `${collectionPath(resource, namespace)}/${seg(name)}`;
  return subresource === undefined ? path : `${path}/${seg(subresource)}`;
}

/**
 * A query string (with its `?`), skipping undefined values; `''` when there is none. Encoded as
 * `URLSearchParams` encodes (`application/x-www-form-urlencoded`), without building one per request.
 */
export function queryString(params: Readonly<Record<string, string | number | boolean | undefined>>): string {
  let text = '';
  for (const key in params) {
    const value = params[key];
    if (value === undefined) continue;
    text += `${text === '' ? '?' : '&'}${formEncode(key)}=${formEncode(String(value))}`;
  }
  return text;
}

/** What form encoding leaves as it is: letters, digits and `*-._`. */
const FORM_SAFE = /^[A-Za-z0-9*._-]*$/;

/** One name or value, form-encoded exactly as `URLSearchParams` does (space as `+`). */
function formEncode(text: string): string {
  if (FORM_SAFE.test(text)) return text;
  // A lone surrogate becomes U+FFFD, as in URLSearchParams (encodeURIComponent would throw).
  return encodeURIComponent((text as unknown as { toWellFormed(): string }).toWellFormed()).replace(
    /%20|[!'()~]/g,
    (c) => (c === '%20' ? '+' : `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  );
}

// Names are DNS labels in practice, but a path segment must never be able to climb or add a query.
function seg(text: string): string {
  return encodeURIComponent(text);
}
