/**
 * vzmc: Verrazzano's multicluster semantics as a side-effect-free core.
 *
 * @packageDocumentation
 */
export * from './types/index.js';
export { readManifestSources, UnreadableInputError } from './adapters/files.js';
export * from './placement/index.js';
export * from './unwrap/index.js';
export * from './registration/index.js';
export * from './sync-plan/index.js';
