/**
 * The status algebra of MC resources and managed clusters (spec §5), as pure functions with an
 * injected clock, shared by the planner, the executor, the admin controller and the agent's report.
 * Imports only downwards (src/model).
 *
 * Local status follows Verrazzano (§5.1–§5.4), with two safer details: an exact condition match is
 * looked for among every same-type entry, and an appended cluster entry is stamped with the current
 * time. Admin-side aggregation keeps one condition per cluster instead of appending every forwarded
 * condition without bound (B10/S3). All three are deliberate deviations; see docs/deviations.md.
 */
export { rfc3339 } from './time.js';
export { OperationResult, MessagePrefix, conditionFromResult, clusterLevelStatus } from './condition.js';
export { computeEffectiveState } from './effective-state.js';
export {
  statusNeedsUpdate,
  addOrUpdateCondition,
  setClusterLevelStatus,
  updateLocalStatus,
  type StatusUpdate,
} from './local.js';
export { aggregateClusterStatus, aggregateChanges } from './aggregate.js';
export { stateOf, type StatefulObject } from './state.js';
export { VMC_AGENT_POLLING_SECONDS, MAX_TIMES_VMC_AGENT_POLLING, vmcState } from './vmc-state.js';
export { reportKey, decodeReport, encodeReport, mergeReport, type ReportEntries } from './report.js';
