export * from './markers.js';
export * from './unwrap.js';
export * from './project.js';
