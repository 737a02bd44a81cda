export * from './snapshot.js';
export * from './compare.js';
export * from './plan.js';
export * from './format.js';
export * from './from-objects.js';
export type {
  JsonPatchOperation,
  JsonPatchAdd,
  JsonPatchRemove,
  JsonPatchReplace,
} from '../internal/json-patch.js';
