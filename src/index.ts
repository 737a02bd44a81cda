/**
 * vzmc: Verrazzano's multicluster semantics as a side-effect-free core.
 *
 * @packageDocumentation
 */
export * from './types/index.js';
export {
  DEFAULT_MAX_INPUT_BYTES,
  readManifestSources,
  UnreadableInputError,
  type ReadLimits,
} from './adapters/files.js';
export * from './placement/index.js';
export * from './unwrap/index.js';
export * from './desired/index.js';
export * from './status/index.js';
export * from './registration/index.js';
export * from './sync-plan/index.js';
export * from './agent/index.js';
export {
  createMemoryCluster,
  DEFAULT_SERVER_VERSION,
  DEFAULT_EPOCH,
  fixedClock,
  manualClock,
  sequentialIds,
  GenerationPolicy,
  parseLabelSelector,
  SelectorError,
  SelectorOperator,
  ClusterVerb,
} from './adapters/memory/index.js';
export type {
  MemoryCluster,
  MemoryClusterOptions,
  MemoryClientOptions,
  MemoryClusterClient,
  MemoryApplyOptions,
  Clock,
  IdGenerator,
  ManualClock,
  FaultError,
  FaultHandle,
  FaultMatch,
  FaultRequest,
  Identity,
  InstallKindOptions,
  LabelSelector as ParsedLabelSelector,
  Requirement,
  RequestCounts,
} from './adapters/memory/index.js';
export * from './port/index.js';
export { installCrds, type InstallCrdsOptions } from './install/crds.js';
