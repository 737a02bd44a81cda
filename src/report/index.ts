export * from './model.js';
export * from './html.js';
export * from './graph.js';
export * from './impact-section.js';
