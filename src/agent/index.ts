export * from './agent.js';
export * from './execute.js';
export * from './logger.js';
export * from './retry.js';
export * from './snapshots.js';
export * from './unreadable.js';
export { readClusterFacts } from './facts.js';
export * from './admin.js';
export * from './register.js';
export { createLeaderElector, LeaderElectionDefaults } from './leader.js';
export type { LeaderCallbacks, LeaderElector, LeaderElectorOptions, Lease, LeaseSpec } from './leader.js';
export { createMetrics, MetricName } from './metrics.js';
export type { AdminPassResult, ApiRequest, MetricsOptions, PassOutcome, VzmcMetrics } from './metrics.js';
export { createHealth, HealthServerDefaults, parseListenAddress, startHealthServer } from './health.js';
export type {
  Health,
  HealthOptions,
  HealthServer,
  HealthServerOptions,
  HealthStatus,
  ListenAddress,
  Probe,
} from './health.js';
export { createController, ControllerDefaults } from './controller.js';
export type {
  Backoff,
  Controller,
  ControllerOptions,
  ControllerRunOptions,
  PassTrigger,
  WatchedKind,
} from './controller.js';
export { ADMIN_WATCHED_KINDS, adminPassFailed, createAdminController } from './admin-controller.js';
export type { AdminControllerOptions, AdminPassReport } from './admin-controller.js';
