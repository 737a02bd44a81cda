/**
 * One agent iteration (spec §7), step by step: connect (the agent Secret, then the admin), check
 * the registration (D2), read and plan, execute, report back. Each step is a function here; the
 * iteration itself ({@link runIteration}) only chains them.
 */
import type { ClusterClient } from '../port/client.js';
import { ClusterErrorReason, errorReason } from '../port/errors.js';
import type { Secret } from '../model/core.js';
import type { KubeObject } from '../model/meta.js';
import { WIRING_ANNOTATION, Wiring } from '../model/names.js';
import type { Condition, VerrazzanoManagedCluster } from '../model/verrazzano.js';
import { clusterNamespace } from '../registration/cluster-access.js';
import { reportKey } from '../status/index.js';
import { limitDeletesInWindow } from '../sync-plan/delete-window.js';
import { planSync } from '../sync-plan/plan.js';
import type { Snapshot } from '../sync-plan/snapshot.js';
import type { SyncAction, SyncPlan } from '../sync-plan/types.js';
import { checkRegistration, revoked, syncRegistration } from './agent-registration.js';
import { reportVmcStatus, writeClusterReport } from './agent-report.js';
import { AGENT_SECRET, INSECURE_ADMIN_WARNING, readAgentSecret } from './agent-secret.js';
import { recentDeletes, recordDeletes, type AgentContext } from './agent-state.js';
import { adminClient, dropAdmin } from './admin-connection.js';
import type { IterationReport } from './agent-types.js';
import { executePlan, Outcome, type ActionResult } from './execute.js';
import { observedIn, readAdminSnapshot, readLocalSnapshot, readShareSnapshot } from './snapshots.js';
import {
  placedNamespaces,
  shareUnreadable,
  unreadableNamespaces,
  unreadableSummary,
  type UnreadableNamespace,
} from './unreadable.js';

/** The agent Secret read and the admin connected, or why the iteration ends here. */
async function connect(
  context: AgentContext,
): Promise<{ done: IterationReport } | { admin: ClusterClient; cluster: string }> {
  const { options, logger } = context;
  let secret: Secret & KubeObject;
  try {
    secret = await context.local.get<Secret & KubeObject>(AGENT_SECRET);
  } catch (error) {
    if (errorReason(error) === ClusterErrorReason.NotFound) {
      dropAdmin(context);
      return { done: { state: 'idle', reason: 'the agent Secret does not exist: not registered' } };
    }
    return { done: { state: 'failed', reason: `cannot read the agent Secret: ${(error as Error).message}` } };
  }
  const agentSecret = readAgentSecret(secret, { allowInsecure: options.allowInsecureAdmin ?? false });
  if ('error' in agentSecret) {
    logger.log('error', agentSecret.error);
    return { done: { state: 'failed', reason: agentSecret.error } };
  }
  const { cluster, kubeconfig } = agentSecret;
  if (agentSecret.insecure)
    logger.log('warn', INSECURE_ADMIN_WARNING, {
      cluster,
      field: 'admin-kubeconfig insecure-skip-tls-verify',
    });
  try {
    // Kept between iterations; a new one for a new Secret, a suspected revocation (D2), a broken transport.
    return { admin: await adminClient(context, cluster, kubeconfig), cluster };
  } catch (error) {
    if (errorReason(error) === ClusterErrorReason.Unauthorized)
      return { done: await revoked(context, cluster, 'the admin rejects the agent token') };
    return {
      done: {
        state: 'failed',
        cluster,
        reason: `failed to get the client for cluster "${cluster}" with error ${(error as Error).message}`,
      },
    };
  }
}

/** Reads both snapshots (the share under the secure wiring) and plans, within the delete window. */
async function readAndPlan(
  context: AgentContext,
  admin: ClusterClient,
  cluster: string,
  shared: boolean,
): Promise<{ plan: SyncPlan; adminSnapshot: Snapshot }> {
  const { retry, sleep, random, clock } = context;
  const fieldManager = context.options.plan?.fieldManager;
  const read = { retry, sleep, random, ...(fieldManager ? { fieldManager } : {}) };
  const local = context.views?.local ?? context.local;
  const localSnapshot = await readLocalSnapshot(local, read);
  const adminSnapshot = shared
    ? await readShareSnapshot(admin, cluster, localSnapshot, read)
    : await readAdminSnapshot(admin, cluster, localSnapshot, read);
  const planned = planSync(cluster, adminSnapshot, localSnapshot, { ...context.options.plan, now: clock() });
  const plan = limitDeletesInWindow(planned, recentDeletes(context), context.window);
  logPlan(context, cluster, plan);
  return { plan, adminSnapshot };
}

/** Logs the plan's size, and what it leaves alone: foreign objects (P20, P21), frozen namespaces (P30, P5). */
function logPlan(context: AgentContext, cluster: string, plan: SyncPlan): void {
  const { logger } = context;
  logger.log('info', 'planned', {
    cluster,
    actions: plan.actions.length,
    unknown: plan.unknown.length,
    guard: plan.guard.tripped ? 'tripped' : 'ok',
  });
  // Labelled objects vzmc does not own (P20, P21): left alone, and said so.
  for (const f of plan.foreign ?? [])
    logger.log('warn', "not vzmc's: left alone", {
      cluster,
      kind: f.kind,
      namespace: f.namespace,
      name: f.name,
      why: f.reason,
    });
  // Namespaces left as they are (P30, P5): nothing updated or deleted there, and said so.
  for (const f of plan.frozen ?? [])
    logger.log('warn', 'namespace frozen: objects kept as they are', {
      cluster,
      namespace: f.namespace,
      rule: f.ruleId,
      objects: f.objects,
      why: f.reason,
    });
}

/** The placed admin namespaces the agent could not read, logged when there are any. */
function findUnreadable(
  context: AgentContext,
  cluster: string,
  shared: boolean,
  plan: SyncPlan,
  adminSnapshot: Snapshot,
): readonly UnreadableNamespace[] {
  const unreadable = shared
    ? shareUnreadable(cluster, clusterNamespace(cluster), adminSnapshot)
    : unreadableNamespaces(cluster, plan.unknown, placedNamespaces(cluster, adminSnapshot));
  if (unreadable.length > 0) {
    context.logger.log('error', unreadableSummary(unreadable), {
      cluster,
      namespaces: unreadable.map((u) => u.namespace).join(','),
    });
  }
  return unreadable;
}

/** Runs the plan (nothing on a dry run); under the secure wiring, status goes into `reported`. */
async function execute(
  context: AgentContext,
  admin: ClusterClient,
  plan: SyncPlan,
  reported: Map<string, Condition> | undefined,
  signal: AbortSignal | undefined,
  adminSnapshot: Snapshot,
): Promise<readonly ActionResult[]> {
  const { options, local, clock, random, sleep, logger, retry } = context;
  if (options.dryRun) return [];
  return executePlan(plan, {
    local,
    admin,
    clock,
    random,
    sleep,
    logger,
    retry,
    // Status writes (Verrazzano's wiring) fold into the wrapper as the plan read it, re-read on Conflict.
    observed: observedIn(adminSnapshot),
    ...(options.plan?.fieldManager ? { fieldManager: options.plan.fieldManager } : {}),
    ...(signal ? { signal } : {}),
    ...(reported
      ? {
          reportStatus: (action: SyncAction, condition: Condition) => {
            reported.set(reportKey(action.kind, action.namespace, action.name), condition);
            return Outcome.Reported;
          },
        }
      : {}),
  });
}

/** Reports back: the cluster's report (secure wiring), the VMC status, the registration Secret. */
async function reportBack(
  context: AgentContext,
  admin: ClusterClient,
  cluster: string,
  step: {
    vmc: VerrazzanoManagedCluster & KubeObject;
    plan: SyncPlan;
    adminSnapshot: Snapshot;
    unreadable: readonly UnreadableNamespace[];
  },
  reported: ReadonlyMap<string, Condition> | undefined,
): Promise<{ reportWritten: boolean; state: string }> {
  const { logger, options } = context;
  if (reported && step.unreadable.length === 0 && !options.dryRun) {
    try {
      await writeClusterReport(context, admin, cluster, reported, step.adminSnapshot);
    } catch (error) {
      logger.log('error', 'cluster report not written', { cluster, reason: errorReason(error) });
    }
  }
  let reportWritten = false;
  let state = '';
  try {
    const { unreadable, plan, vmc } = step;
    const written = await reportVmcStatus(context, admin, cluster, unreadable, plan.frozen, vmc);
    reportWritten = written.written;
    state = written.state;
  } catch (error) {
    logger.log('error', 'VMC status update failed', { cluster, error: (error as Error).message });
  }
  try {
    await syncRegistration(context, admin, cluster);
  } catch (error) {
    logger.log('warn', 'registration secret not synced', { cluster, reason: errorReason(error) });
  }
  return { reportWritten, state };
}

/** One iteration. */
export async function runIteration(context: AgentContext, signal?: AbortSignal): Promise<IterationReport> {
  const connected = await connect(context);
  if ('done' in connected) return connected.done;
  const { admin, cluster } = connected;
  // Event-driven (issue 16): the snapshots come from list caches; gets and writes go to the admin.
  const view = context.views?.admin(admin) ?? admin;
  const registration = await checkRegistration(context, admin, cluster);
  if ('done' in registration) return registration.done;
  // The secure wiring (issue 13): the admin renders this cluster's share into its own namespace.
  const shared = registration.vmc.metadata.annotations?.[WIRING_ANNOTATION] === Wiring.ClusterNamespace;
  const { plan, adminSnapshot } = await readAndPlan(context, view, cluster, shared);
  const unreadable = findUnreadable(context, cluster, shared, plan, adminSnapshot);
  // Under the secure wiring status goes into the cluster's report, one write per iteration.
  const reported = shared ? new Map<string, Condition>() : undefined;
  const results = await execute(context, admin, plan, reported, signal, adminSnapshot);
  recordDeletes(context, results);
  const { reportWritten, state } = await reportBack(
    context,
    admin,
    cluster,
    { vmc: registration.vmc, plan, adminSnapshot, unreadable },
    reported,
  );
  return { state: 'synced', cluster, plan, results, reportWritten, vmcState: state, unreadable };
}
