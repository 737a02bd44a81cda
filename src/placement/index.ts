export * from './fleet.js';
export * from './explain.js';
export * from './matrix.js';
