/**
 * The agent: the loop that runs on a managed cluster (spec §7). Side effects live here and in the
 * adapters; every decision is the core's. Each iteration:
 *
 * 1. reads the agent Secret (`verrazzano-system/verrazzano-cluster-agent`, P1) and connects to the
 *    admin with its kubeconfig; no Secret means not registered: the agent idles (§7.1);
 * 2. deregisters when its VMC is being deleted, or when its VMC is gone or its token Unauthorized
 *    and that is seen again after `deregisterAfterMs` on a new connection (D2);
 * 3. reads the admin and local snapshots, plans (planSync), and executes the plan;
 * 4. reports back: the VMC status of §4.6, and the VMC state of §5.6;
 * 5. keeps the local registration Secret in sync with the admin's (§4.5).
 *
 * Polling is jittered (50–70 s by default). An abort signal stops the loop after the action in flight.
 */
import type { ClusterClient } from '../port/client.js';
import { ClusterErrorReason, errorReason } from '../port/errors.js';
import type { ConfigMap, Secret } from '../types/core.js';
import { Kind } from '../types/kinds.js';
import type { KubeObject } from '../types/meta.js';
import {
  ClusterObjectNames,
  ManagedClusterNames,
  Namespaces,
  WIRING_ANNOTATION,
  Wiring,
} from '../types/names.js';
import { CLUSTERS_API_VERSION, type Condition, type VerrazzanoManagedCluster } from '../types/verrazzano.js';
import { ClusterAccessNames, REPORT_KEY, clusterNamespace } from '../registration/cluster-access.js';
import { decodeReport, encodeReport, mergeReport, reportKey, vmcState } from '../status/index.js';
import type { Snapshot } from '../sync-plan/snapshot.js';
import { agentReport, type ClusterReportFacts } from '../registration/report.js';
import { REGISTRATION_KEYS, agentKubeconfigAsData } from '../registration/objects.js';
import { deregistrationPlan } from '../registration/deregister.js';
import { deleteIfPresent } from './register.js';
import { planSync } from '../sync-plan/plan.js';
import { type PlanOptions, type SyncAction, type SyncPlan } from '../sync-plan/types.js';
import {
  DEFAULT_DELETE_WINDOW,
  limitDeletesInWindow,
  type DeleteWindow,
} from '../sync-plan/delete-window.js';
import { executePlan, Outcome, type ActionResult } from './execute.js';
import { readClusterFacts } from './facts.js';
import { silentLogger, type Logger } from './logger.js';
import { DEFAULT_DEREGISTER_AFTER_MS, revocationWatch } from './revocation.js';
import { DEFAULT_RETRY, realSleep, withRetry, type RetryPolicy, type Sleep } from './retry.js';
import { readAdminSnapshot, readLocalSnapshot, readShareSnapshot } from './snapshots.js';
import {
  placedNamespaces,
  shareUnreadable,
  unreadableNamespaces,
  unreadableSummary,
  withAgentReadCondition,
  withFrozenCondition,
  type UnreadableNamespace,
} from './unreadable.js';
import type { FrozenNamespace } from '../sync-plan/frozen.js';

/** How the agent turns the admin kubeconfig from its Secret into a client. */
export type AdminConnector = (kubeconfig: string, cluster: string) => ClusterClient | Promise<ClusterClient>;

/** Options of {@link createAgent}. */
export interface AgentOptions {
  /** The managed cluster the agent runs on. */
  readonly local: ClusterClient;
  /** Builds the admin client from the agent Secret's `admin-kubeconfig` (vzmc/k8s: `createK8sClusterClient({ kubeconfig: { yaml } })`). */
  readonly connectAdmin: AdminConnector;
  /**
   * Accept an `admin-kubeconfig` with `insecure-skip-tls-verify: true` (`vzmc sync
   * --allow-insecure-admin`), warning in the log on every connection. Default false: such a
   * kubeconfig is refused, naming the field.
   */
  readonly allowInsecureAdmin?: boolean;
  /** The time source (VMC report, conditions). Default: the system clock. */
  readonly clock?: () => Date;
  /** Randomness for the polling jitter and retry backoff. Default `Math.random`. */
  readonly random?: () => number;
  /** How to wait between iterations and retries. Default: a timer that an abort signal ends early. */
  readonly sleep?: Sleep;
  /** Where the agent logs. Default: nowhere. */
  readonly logger?: Logger;
  /** Polling interval bounds; the delay is uniform in [min, max). Default 50–70 s (§7.1). */
  readonly intervalMs?: {
    /** The shortest delay between iterations, in ms. */
    readonly min: number;
    /** The longest delay (exclusive), in ms. */
    readonly max: number;
  };
  /** Plan options besides the clock. */
  readonly plan?: Omit<PlanOptions, 'now'>;
  /** Plan and report, but write nothing. */
  readonly dryRun?: boolean;
  /** How reads and writes retry 409, 429 and unavailability. Default {@link DEFAULT_RETRY}. */
  readonly retry?: RetryPolicy;
  /**
   * How long an answer of revocation (the token rejected, or the VMC missing) must persist before
   * the agent deregisters (D2): it deregisters when such an answer comes again at least this long
   * after the first, through a new admin connection. 0 deregisters at once, as Verrazzano does. A
   * VMC being deleted (deletionTimestamp) deregisters at once. Default 30 s.
   */
  readonly deregisterAfterMs?: number;
  /**
   * The delete guard across iterations: at most the larger of `minDeletes` and the plan's
   * `maxDeleteFraction` of vzmc's objects per window; a plan beyond it has its deletes blocked.
   * Default {@link DEFAULT_DELETE_WINDOW} (10 deletes or the fraction, per 10 minutes).
   */
  readonly deleteWindow?: DeleteWindow;
  /** Reads the facts the agent reports; default: Ingresses and versions through the local client. */
  readonly facts?: (local: ClusterClient) => Promise<ClusterReportFacts>;
}

/** What one iteration did. */
export type IterationReport =
  | {
      /** No agent Secret: the cluster is not registered, so nothing was done (§7.1). */
      readonly state: 'idle';
      /** Why. */
      readonly reason: string;
    }
  | {
      /**
       * The iteration stopped early: an invalid agent Secret, an unreachable admin, or a revocation
       * not yet confirmed (D2). Nothing was synced.
       */
      readonly state: 'failed';
      /** The cluster, once the agent Secret named it. */
      readonly cluster?: string;
      /** Why, in Verrazzano's words where it has them. */
      readonly reason: string;
    }
  | {
      /** The VMC is gone or being deleted, or the token is rejected: the local agent and registration Secrets were deleted (D2). */
      readonly state: 'deregistered';
      /** The cluster. */
      readonly cluster: string;
      /** Why. */
      readonly reason: string;
    }
  | {
      /** A full iteration: planned, executed and reported. */
      readonly state: 'synced';
      /** The cluster. */
      readonly cluster: string;
      /** The plan. */
      readonly plan: SyncPlan;
      /** One result per action, in plan order (empty on a dry run). */
      readonly results: readonly ActionResult[];
      /** Whether the VMC status was written (false on a dry run or when the write failed). */
      readonly reportWritten: boolean;
      /**
       * The VMC state §5.6 gives right after this report (`Active` once connected); empty when the
       * report failed. The agent does not write it: the admin pass does (B12).
       */
      readonly vmcState: string;
      /**
       * The placed admin namespaces the agent could not read, with the cause (e.g. a missing
       * `verrazzano-cluster-<C>` RoleBinding). Non-empty means the iteration synced only part of the
       * cluster's share: `vzmc sync --once` exits 1.
       */
      readonly unreadable: readonly UnreadableNamespace[];
    };

/** A running agent. */
export interface Agent {
  /** One iteration. */
  runOnce(signal?: AbortSignal): Promise<IterationReport>;
  /** Iterations until the signal aborts; resolves after the iteration in progress ends. */
  run(signal: AbortSignal, onIteration?: (report: IterationReport) => void): Promise<void>;
}

const AGENT_SECRET = {
  apiVersion: 'v1',
  kind: 'Secret',
  namespace: Namespaces.VerrazzanoSystem,
  name: ManagedClusterNames.AgentSecret,
} as const;
const REGISTRATION_SECRET = { ...AGENT_SECRET, name: ManagedClusterNames.RegistrationSecret } as const;

/** The warning of every connection to the admin without TLS verification (allowInsecureAdmin). */
export const INSECURE_ADMIN_WARNING =
  'INSECURE: TLS verification of the admin cluster is OFF (insecure-skip-tls-verify, allowed by --allow-insecure-admin): ' +
  'anyone on the path can impersonate the admin and take the agent token';

const decode = (value: string | undefined): string | undefined =>
  value === undefined
    ? undefined
    : new TextDecoder().decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));

/**
 * Validates the agent Secret (§7.1), with Verrazzano's message for a missing field (scenario 3).
 * The kubeconfig it returns is rebuilt from the stored one's server, CA data and token
 * ({@link agentKubeconfigAsData}); a stored kubeconfig with anything else (an exec plugin, a file,
 * TLS verification turned off) is an error naming the field, so no connector ever runs code or
 * loosens TLS because of what a cluster holds.
 */
export function readAgentSecret(
  secret: Secret,
  options: { readonly allowInsecure?: boolean } = {},
):
  | {
      /** `managed-cluster-name`: the cluster's name (P1). */
      cluster: string;
      /** `admin-kubeconfig` reduced to data: server, CA data and token only. */
      kubeconfig: string;
      /** It keeps `insecure-skip-tls-verify: true` (only with `options.allowInsecure`). */
      insecure: boolean;
    }
  | {
      /** Verrazzano's message for the missing field. */
      error: string;
    } {
  const data = secret.data ?? {};
  for (const field of ['managed-cluster-name', 'admin-kubeconfig']) {
    if (!data[field]) {
      return {
        error: `Agent secret validation failed: the secret named ${ManagedClusterNames.AgentSecret} in namespace ${Namespaces.VerrazzanoSystem} is missing the required field ${field}`,
      };
    }
  }
  // A kubeconfig stored in a cluster is data, never code: only its server, CA and token are kept.
  const kubeconfig = agentKubeconfigAsData(decode(data['admin-kubeconfig']) ?? '', options);
  if ('error' in kubeconfig) {
    return {
      error: `Agent secret validation failed: the secret named ${ManagedClusterNames.AgentSecret} in namespace ${Namespaces.VerrazzanoSystem}: ${kubeconfig.error}`,
    };
  }
  return {
    cluster: decode(data['managed-cluster-name']) ?? '',
    kubeconfig: kubeconfig.kubeconfig,
    insecure: kubeconfig.insecure,
  };
}

/**
 * Creates an agent.
 *
 * @example
 * const agent = createAgent({ local, connectAdmin: (yaml) => createK8sClusterClient({ kubeconfig: { yaml } }) });
 * const report = await agent.runOnce();
 */
export function createAgent(options: AgentOptions): Agent {
  const clock = options.clock ?? (() => new Date());
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? realSleep;
  const logger = options.logger ?? silentLogger;
  const retry = options.retry ?? DEFAULT_RETRY;
  const local = options.local;
  const revocation = revocationWatch(options.deregisterAfterMs ?? DEFAULT_DEREGISTER_AFTER_MS, clock);
  let connections = 0;
  const window = options.deleteWindow ?? DEFAULT_DELETE_WINDOW;
  // When this agent's deletes ran (ms), those of the last window only.
  let deletedAt: number[] = [];

  /** How many deletes this agent ran in the window ending now. */
  function recentDeletes(): number {
    const since = clock().getTime() - window.windowMs;
    deletedAt = deletedAt.filter((t) => t > since);
    return deletedAt.length;
  }

  function recordDeletes(results: readonly ActionResult[]): void {
    const now = clock().getTime();
    for (const r of results) if (r.op === 'delete' && r.outcome === Outcome.Deleted) deletedAt.push(now);
  }

  /** D2: an answer of revocation deregisters once confirmed; until then the iteration ends, nothing deleted. */
  async function revoked(cluster: string, reason: string): Promise<IterationReport> {
    const verdict = revocation.suspect(cluster, connections);
    if (verdict.confirmed) return deregister(cluster, reason);
    const pending = `${reason}; deregistering if that is still so on a new connection from ${verdict.confirmAt.toISOString()} (D2)`;
    logger.log('warn', 'revocation suspected; nothing synced', { cluster, reason });
    return { state: 'failed', cluster, reason: pending };
  }

  async function deregister(cluster: string, reason: string): Promise<IterationReport> {
    logger.log('warn', 'deregistering', { cluster, reason });
    if (!options.dryRun) {
      for (const step of deregistrationPlan(cluster, [], []).managed) await deleteIfPresent(local, step);
    }
    return { state: 'deregistered', cluster, reason };
  }

  async function report(
    admin: ClusterClient,
    cluster: string,
    unreadable: readonly UnreadableNamespace[],
    frozen: readonly FrozenNamespace[] = [],
  ): Promise<{ written: boolean; state: string }> {
    const facts = await (options.facts ?? readClusterFacts)(local);
    let state = '';
    await withRetry(
      async () => {
        const vmc = await admin.get<VerrazzanoManagedCluster & KubeObject>({
          apiVersion: CLUSTERS_API_VERSION,
          kind: 'VerrazzanoManagedCluster',
          namespace: Namespaces.VerrazzanoMc,
          name: cluster,
        });
        const now = clock();
        // The report keeps status.state as read: the admin's VMC pass is its only writer (B12), as
        // in Verrazzano (mcagent_syncer.go l.164–215 sets no state; update_status.go l.34–79 does).
        const status = agentReport(vmc.status, facts, now);
        // For the iteration report only: the state that pass computes right after this report
        // (§5.6), which reaches Active on its second evaluation.
        state = vmcState(
          now,
          status.lastAgentConnectTime,
          vmcState(now, status.lastAgentConnectTime, status.state),
        );
        const conditions = withFrozenCondition(
          withAgentReadCondition(status.conditions, unreadable, now),
          frozen,
          now,
        );
        const withConditions =
          conditions.length > 0 || status.conditions ? { ...status, conditions } : status;
        if (!options.dryRun) await admin.updateStatus({ ...vmc, status: withConditions });
      },
      retry,
      { sleep, random },
    );
    return { written: !options.dryRun, state };
  }

  /** §4.5: copy the admin's registration keys (all but managed-cluster-name) into the local Secret when they differ. */
  async function syncRegistration(admin: ClusterClient, cluster: string): Promise<void> {
    const [theirs, ours] = await Promise.all([
      admin.get<Secret & KubeObject>({
        ...REGISTRATION_SECRET,
        namespace: Namespaces.VerrazzanoMc,
        name: ClusterObjectNames.registrationSecret(cluster),
      }),
      local.get<Secret & KubeObject>(REGISTRATION_SECRET),
    ]);
    const keys = REGISTRATION_KEYS.filter((k) => k !== 'managed-cluster-name');
    const trimmed = (v: string | undefined) => (decode(v) ?? '').trim();
    const changed = keys.filter((k) => trimmed(theirs.data?.[k]) !== trimmed(ours.data?.[k]));
    if (changed.length === 0 || options.dryRun) return;
    const data = { ...ours.data };
    for (const key of changed) data[key] = theirs.data?.[key] ?? '';
    await local.replace({ ...ours, data });
    logger.log('info', 'registration secret synced', { keys: changed.join(',') });
  }

  /**
   * D2: a VMC being deleted deregisters at once; one that is gone, or a token that died with its
   * ServiceAccount, once confirmed; an unreachable admin ends the iteration (`done`). Else the VMC.
   */
  async function checkRegistration(
    admin: ClusterClient,
    cluster: string,
  ): Promise<{ done: IterationReport } | { vmc: VerrazzanoManagedCluster & KubeObject }> {
    let gone: string | undefined;
    try {
      const vmc = await admin.get<VerrazzanoManagedCluster & KubeObject>({
        apiVersion: CLUSTERS_API_VERSION,
        kind: 'VerrazzanoManagedCluster',
        namespace: Namespaces.VerrazzanoMc,
        name: cluster,
      });
      revocation.clear();
      if (!vmc.metadata.deletionTimestamp) return { vmc };
    } catch (error) {
      const reason = errorReason(error);
      if (reason === ClusterErrorReason.NotFound) gone = 'the VMC no longer exists';
      else if (reason === ClusterErrorReason.Unauthorized) gone = 'the admin rejects the agent token';
      else {
        logger.log('error', 'admin unreachable; nothing synced', {
          cluster,
          reason,
          error: (error as Error).message,
        });
        return {
          done: {
            state: 'failed',
            cluster,
            reason: `the admin cluster is unreachable: ${(error as Error).message}`,
          },
        };
      }
    }
    return { done: await (gone ? revoked(cluster, gone) : deregister(cluster, 'the VMC is being deleted')) };
  }

  /** The secure wiring's report: this iteration's conditions merged into the cluster's ConfigMap. */
  async function writeReport(
    admin: ClusterClient,
    cluster: string,
    reported: ReadonlyMap<string, Condition>,
    adminSnapshot: Snapshot,
  ): Promise<void> {
    const keep = new Set(
      adminSnapshot.entries.flatMap((e) =>
        e.result.ok && e.kind !== Kind.Secret && e.kind !== Kind.Component
          ? e.result.items.map((o) => reportKey(o.kind, o.metadata.namespace ?? '', o.metadata.name ?? ''))
          : [],
      ),
    );
    await withRetry(
      async () => {
        const current = await admin.get<ConfigMap & KubeObject>({
          apiVersion: 'v1',
          kind: Kind.ConfigMap,
          namespace: clusterNamespace(cluster),
          name: ClusterAccessNames.Report,
        });
        const previous = current.data?.[REPORT_KEY];
        const next = encodeReport(mergeReport(decodeReport(previous), reported, keep));
        if (next !== previous)
          await admin.replace({ ...current, data: { ...current.data, [REPORT_KEY]: next } });
      },
      retry,
      { sleep, random },
    );
  }

  async function runOnce(signal?: AbortSignal): Promise<IterationReport> {
    let secret: Secret & KubeObject;
    try {
      secret = await local.get<Secret & KubeObject>(AGENT_SECRET);
    } catch (error) {
      if (errorReason(error) === ClusterErrorReason.NotFound)
        return { state: 'idle', reason: 'the agent Secret does not exist: not registered' };
      return { state: 'failed', reason: `cannot read the agent Secret: ${(error as Error).message}` };
    }
    const agentSecret = readAgentSecret(secret, { allowInsecure: options.allowInsecureAdmin ?? false });
    if ('error' in agentSecret) {
      logger.log('error', agentSecret.error);
      return { state: 'failed', reason: agentSecret.error };
    }
    const { cluster, kubeconfig } = agentSecret;
    if (agentSecret.insecure)
      logger.log('warn', INSECURE_ADMIN_WARNING, {
        cluster,
        field: 'admin-kubeconfig insecure-skip-tls-verify',
      });
    let admin: ClusterClient;
    try {
      connections += 1; // a new connection every iteration: a revocation is confirmed on another one
      admin = await options.connectAdmin(kubeconfig, cluster);
    } catch (error) {
      if (errorReason(error) === ClusterErrorReason.Unauthorized)
        return revoked(cluster, 'the admin rejects the agent token');
      return {
        state: 'failed',
        cluster,
        reason: `failed to get the client for cluster "${cluster}" with error ${(error as Error).message}`,
      };
    }
    const registration = await checkRegistration(admin, cluster);
    if ('done' in registration) return registration.done;
    // The secure wiring (issue 13): the admin renders this cluster's share into its own namespace.
    const shared = registration.vmc.metadata.annotations?.[WIRING_ANNOTATION] === Wiring.ClusterNamespace;
    const read = { retry, sleep, random };
    const localSnapshot = await readLocalSnapshot(local, read);
    const adminSnapshot = shared
      ? await readShareSnapshot(admin, cluster, localSnapshot, read)
      : await readAdminSnapshot(admin, cluster, localSnapshot, read);
    const planned = planSync(cluster, adminSnapshot, localSnapshot, { ...options.plan, now: clock() });
    const plan = limitDeletesInWindow(planned, recentDeletes(), window);
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
    const unreadable = shared
      ? shareUnreadable(cluster, clusterNamespace(cluster), adminSnapshot)
      : unreadableNamespaces(cluster, plan.unknown, placedNamespaces(cluster, adminSnapshot));
    // Under the secure wiring status goes into the cluster's report, one write per iteration.
    const reported = new Map<string, Condition>();
    if (unreadable.length > 0) {
      logger.log('error', unreadableSummary(unreadable), {
        cluster,
        namespaces: unreadable.map((u) => u.namespace).join(','),
      });
    }
    const results = options.dryRun
      ? []
      : await executePlan(plan, {
          local,
          admin,
          clock,
          random,
          sleep,
          logger,
          retry,
          ...(options.plan?.fieldManager ? { fieldManager: options.plan.fieldManager } : {}),
          ...(signal ? { signal } : {}),
          ...(shared
            ? {
                reportStatus: (action: SyncAction, condition: Condition) => {
                  reported.set(reportKey(action.kind, action.namespace, action.name), condition);
                  return Outcome.Reported;
                },
              }
            : {}),
        });
    recordDeletes(results);
    if (shared && unreadable.length === 0 && !options.dryRun) {
      try {
        await writeReport(admin, cluster, reported, adminSnapshot);
      } catch (error) {
        logger.log('error', 'cluster report not written', { cluster, reason: errorReason(error) });
      }
    }
    let reportWritten = false;
    let state = '';
    try {
      const written = await report(admin, cluster, unreadable, plan.frozen);
      reportWritten = written.written;
      state = written.state;
    } catch (error) {
      logger.log('error', 'VMC status update failed', { cluster, error: (error as Error).message });
    }
    try {
      await syncRegistration(admin, cluster);
    } catch (error) {
      logger.log('warn', 'registration secret not synced', { cluster, reason: errorReason(error) });
    }
    return { state: 'synced', cluster, plan, results, reportWritten, vmcState: state, unreadable };
  }

  async function run(signal: AbortSignal, onIteration?: (report: IterationReport) => void): Promise<void> {
    const interval = options.intervalMs ?? { min: 50_000, max: 70_000 };
    while (!signal.aborted) {
      const result = await runOnce(signal);
      onIteration?.(result);
      if (signal.aborted) break;
      await sleep(interval.min + random() * (interval.max - interval.min), signal);
    }
  }

  return { runOnce, run };
}
