export * from './objects.js';
export * from './validate.js';
export * from './report.js';
export * from './federation.js';
export * from './deregister.js';
export { goYaml } from './go-yaml.js';
export * from './cluster-access.js';
