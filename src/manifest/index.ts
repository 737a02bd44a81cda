/**
 * manifest/: reading and writing YAML and JSON manifests (one scalar table shared by the general
 * reader and the fast path), source positions and hints, and redaction for printing. Imports model/
 * only.
 */
export { defaultDecodeLimits } from './yaml.js';
export type { DecodeLimits } from './yaml.js';
export { resolvePlainScalar, type PlainScalarValue } from './yaml-scalars.js';
export { toJson, toYaml, toYamlDocument } from './serialize.js';
export type { ToYamlOptions } from './serialize.js';
export { loadSources, loadText, locate, MAX_REQUEST_BYTES, refOf, rememberSource, sourceOf } from './load.js';
export type { LoadedObject, LoadOptions, LoadResult, ManifestSource, ObjectSource } from './load.js';
export { holdsSecretData, LAST_APPLIED, REDACTED, redactSecretData } from './redact.js';
