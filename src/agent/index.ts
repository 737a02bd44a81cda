export * from './agent.js';
export * from './execute.js';
export * from './logger.js';
export * from './retry.js';
export * from './snapshots.js';
export { readClusterFacts } from './facts.js';
export * from './admin.js';
export * from './register.js';
