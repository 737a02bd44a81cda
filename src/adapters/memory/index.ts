/**
 * The in-memory cluster adapter: vzmc's embedded default cluster and its fast test double, with
 * the semantics of a real kube-apiserver that vzmc relies on.
 *
 * @packageDocumentation
 */
export { createMemoryCluster, DEFAULT_SERVER_VERSION } from './cluster.js';
export type { MemoryCluster, MemoryClusterOptions } from './cluster.js';
export type { MemoryApplyOptions, MemoryClientOptions, MemoryClusterClient } from './client.js';
export { DEFAULT_EPOCH, fixedClock, manualClock, sequentialIds } from './clock.js';
export type { Clock, IdGenerator, ManualClock } from './clock.js';
export type { FaultError, FaultHandle, FaultMatch, FaultRequest } from './faults.js';
export type { Identity } from './identity.js';
export { GenerationPolicy } from './resources.js';
export type { InstallKindOptions } from './resources.js';
export { parseLabelSelector, SelectorError, SelectorOperator } from './selector.js';
export type { LabelSelector, Requirement } from './selector.js';
export { ClusterVerb } from './verbs.js';
export type { RequestCounts } from './verbs.js';
