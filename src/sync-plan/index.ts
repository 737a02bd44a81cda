export * from './snapshot.js';
export * from './compare.js';
export * from './types.js';
export * from './plan.js';
export * from './format.js';
export * from './from-objects.js';
export * from './delete-window.js';
export type {
  JsonPatchOperation,
  JsonPatchAdd,
  JsonPatchRemove,
  JsonPatchReplace,
} from '../internal/json-patch.js';
export * from './share.js';
export * from './cluster-report.js';
export type { FrozenNamespace } from './frozen.js';
