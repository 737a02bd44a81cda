/**
 * The Kubernetes API's wire strings the adapter sends, as `as const` objects with derived unions,
 * so a typo is a compile error and tests can assert against the same names.
 */

/** Request and response media types. */
export const ContentType = {
  Json: 'application/json',
  /** Server-side apply. The body is JSON, which is valid YAML, one member per line (see `encodeBody`). */
  ApplyPatch: 'application/apply-patch+yaml',
} as const;
/** One of {@link ContentType}'s values. */
export type ContentType = (typeof ContentType)[keyof typeof ContentType];

/** Field managers vzmc records on writes. */
export const FieldManager = {
  /** Used when the caller names none. */
  Default: 'vzmc',
} as const;
/** One of {@link FieldManager}'s values. */
export type FieldManager = (typeof FieldManager)[keyof typeof FieldManager];

/** Query parameter names. */
export const QueryParam = {
  FieldManager: 'fieldManager',
  Force: 'force',
  DryRun: 'dryRun',
  LabelSelector: 'labelSelector',
  Limit: 'limit',
  Continue: 'continue',
  Watch: 'watch',
  ResourceVersion: 'resourceVersion',
  AllowWatchBookmarks: 'allowWatchBookmarks',
  TimeoutSeconds: 'timeoutSeconds',
} as const;
/** One of {@link QueryParam}'s values. */
export type QueryParam = (typeof QueryParam)[keyof typeof QueryParam];

/** The only dry-run mode the API server has. */
export const DRY_RUN_ALL = 'All';

/** HTTP methods the adapter uses. */
export const HttpMethod = {
  Get: 'GET',
  Post: 'POST',
  Put: 'PUT',
  Patch: 'PATCH',
  Delete: 'DELETE',
} as const;
/** One of {@link HttpMethod}'s values. */
export type HttpMethod = (typeof HttpMethod)[keyof typeof HttpMethod];

/** Watch event types, including the two the port does not surface. */
export const WatchEventType = {
  Added: 'ADDED',
  Modified: 'MODIFIED',
  Deleted: 'DELETED',
  Bookmark: 'BOOKMARK',
  Error: 'ERROR',
} as const;
/** One of {@link WatchEventType}'s values. */
export type WatchEventType = (typeof WatchEventType)[keyof typeof WatchEventType];
