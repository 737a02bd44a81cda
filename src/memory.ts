/**
 * vzmc/memory: the in-memory cluster, vzmc's embedded default cluster and its fast test double,
 * with the semantics of a real kube-apiserver that vzmc relies on: clocks, id generators, label
 * selectors, identities and fault injection.
 *
 * @example
 * ```ts
 * import { createMemoryCluster, manualClock } from 'vzmc/memory';
 *
 * const clock = manualClock(new Date('2026-01-01T00:00:00Z'));
 * const cluster = createMemoryCluster({ name: 'managed1', clock });
 * const client = cluster.client();
 * ```
 *
 * @packageDocumentation
 * @module vzmc/memory
 */

// adapters/memory/: the cluster, its clients, clocks, faults, identities, selectors and verbs.
export {
  ClusterVerb,
  createMemoryCluster,
  DEFAULT_EPOCH,
  DEFAULT_SERVER_VERSION,
  fixedClock,
  GenerationPolicy,
  manualClock,
  parseLabelSelector,
  SelectorError,
  SelectorOperator,
  sequentialIds,
} from './adapters/memory/index.js';
export type {
  Clock,
  FaultError,
  FaultHandle,
  FaultMatch,
  FaultRequest,
  Identity,
  IdGenerator,
  InstallKindOptions,
  LabelSelector as ParsedLabelSelector,
  ManualClock,
  MemoryApplyOptions,
  MemoryClientOptions,
  MemoryCluster,
  MemoryClusterClient,
  MemoryClusterOptions,
  RequestCounts,
  Requirement,
} from './adapters/memory/index.js';
