/**
 * vzmc/agent: the processes that act on clusters through the ClusterClient port: the managed
 * cluster agent, the admin controller, the plan executor, agent-side registration, CRD
 * installation, and what runs them (controller loop, leader election, health, metrics, logging,
 * retries).
 *
 * @example
 * ```ts
 * import { createAgent } from 'vzmc/agent';
 * import { createK8sClusterClient } from 'vzmc/k8s';
 *
 * const agent = createAgent({
 *   local: createK8sClusterClient({ kubeconfig: { inCluster: true }, name: 'managed1' }),
 *   connectAdmin: (yaml) => createK8sClusterClient({ kubeconfig: { yaml }, name: 'admin' }),
 * });
 * await agent.runOnce();
 * ```
 *
 * @packageDocumentation
 * @module vzmc/agent
 */

// agent/: the agent, the admin controller, the executor and their process machinery.
export {
  ADMIN_WATCHED_KINDS,
  adminPassFailed,
  adminUnreadable,
  AGENT_READ_CONDITION,
  applyManifest,
  ControllerDefaults,
  createAdminController,
  createAgent,
  createController,
  createHealth,
  createLeaderElector,
  createMetrics,
  DEFAULT_RETRY,
  DEFAULT_TOKEN_SECONDS,
  deleteIfPresent,
  deregisterOnAdmin,
  executePlan,
  getIfPresent,
  HealthServerDefaults,
  INSECURE_ADMIN_WARNING,
  jsonLinesLogger,
  LeaderElectionDefaults,
  LogLevel,
  MetricName,
  NAMESPACES_FROZEN_CONDITION,
  namespacesToRead,
  Outcome,
  parseListenAddress,
  placedNamespaces,
  readAdminSnapshot,
  readAgentSecret,
  readAgentView,
  readClusterFacts,
  readDeletionLists,
  readFleetSnapshot,
  readLabelled,
  readLocalSnapshot,
  readShareSnapshot,
  realSleep,
  registerOnAdmin,
  scrub,
  shareUnreadable,
  silentLogger,
  startHealthServer,
  syncAdmin,
  textLogger,
  unreadableMessage,
  unreadableNamespaces,
  unreadableSummary,
  withAgentReadCondition,
  withFrozenCondition,
  withRetry,
} from './agent/index.js';
export type {
  ActionResult,
  AdminConnector,
  AdminControllerOptions,
  AdminPassReport,
  AdminPassResult,
  Agent,
  AgentOptions,
  ApiRequest,
  Backoff,
  Controller,
  ControllerOptions,
  ControllerRunOptions,
  ExecuteDeps,
  Health,
  HealthOptions,
  HealthServer,
  HealthServerOptions,
  HealthStatus,
  IterationReport,
  LeaderCallbacks,
  LeaderElector,
  LeaderElectorOptions,
  Lease,
  LeaseSpec,
  ListenAddress,
  LogFields,
  Logger,
  LoggerOptions,
  MetricsOptions,
  PassOutcome,
  PassTrigger,
  Probe,
  ReadOptions,
  RegisterOnAdminOptions,
  RetryPolicy,
  Sleep,
  SyncAdminOptions,
  UnreadableNamespace,
  VzmcMetrics,
  WatchedKind,
} from './agent/index.js';

// install/: CRD installation through a ClusterClient, a use case beside the agent.
export { installCrds } from './install/crds.js';
export type { InstallCrdsOptions } from './install/crds.js';
