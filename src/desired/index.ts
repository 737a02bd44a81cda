export * from './render.js';
export * from './copies.js';
export * from './dependents.js';
