export * from './markers.js';
export * from './unwrap.js';
export * from './copies.js';
export * from './project.js';
export * from './render.js';
