export * from './snapshot.js';
export * from './compare.js';
export * from './plan.js';
export * from './format.js';
export * from './from-objects.js';
