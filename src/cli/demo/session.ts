/**
 * One run of the demo: the clusters it runs on, and the few things every step does (print, check,
 * apply on the admin, reconcile, run the agents, look objects up).
 */
import type { ClusterClient } from '../../port/client.js';
import { createAgent, type Agent, type IterationReport } from '../../agent/agent.js';
import { syncAdmin } from '../../agent/admin.js';
import { getIfPresent } from '../../agent/register.js';
import { formatPlan } from '../../sync-plan/format.js';
import type { SyncPlan } from '../../sync-plan/types.js';
import type { KubeObject } from '../../model/meta.js';
import { CLUSTERS_API_VERSION } from '../../model/verrazzano.js';

/** The clusters a demo runs on. */
export interface DemoEnvironment {
  /** `in memory` or `real API servers`. */
  readonly description: string;
  readonly admin: ClusterClient;
  readonly managed: Readonly<Record<string, ClusterClient>>;
  /** The admin API server URL managed clusters reach, and its CA. */
  readonly adminServer: string;
  readonly adminCaBundle: string;
  /** Builds the admin client an agent gets from its kubeconfig. */
  connectAdmin(kubeconfig: string): ClusterClient | Promise<ClusterClient>;
  /** The clock agents and plans use. */
  now(): Date;
  /** Lets time pass (the in-memory clock moves; real time just goes on). */
  advance(seconds: number): void;
  /** Waits: the in-memory clock moves at once; on real servers, a timer. */
  pause(seconds: number): Promise<void>;
}

/** The managed clusters of every demo environment. */
export const MANAGED = ['managed1', 'managed2'] as const;

/** An object by namespace and name. */
export interface ObjectName {
  readonly namespace: string;
  readonly name: string;
}

/** The admin kinds the demo lists to explain placement and to show status. */
const ADMIN_KINDS = [
  'VerrazzanoProject',
  'MultiClusterApplicationConfiguration',
  'MultiClusterComponent',
  'MultiClusterConfigMap',
  'MultiClusterSecret',
  'VerrazzanoManagedCluster',
] as const;

/** What every step of the demo uses. */
export interface DemoSession {
  readonly env: DemoEnvironment;
  /** Whether every check so far passed and no agent action failed. */
  readonly ok: boolean;
  readonly heading: (title: string) => void;
  readonly note: (text: string) => void;
  readonly write: (text: string) => void;
  readonly check: (condition: boolean, what: string) => void;
  /** Applies objects on the admin, as a user with kubectl would. */
  readonly apply: (objects: readonly KubeObject[]) => Promise<void>;
  /** One admin reconcile (project namespaces and RoleBindings, local unwrapping), its plan printed. */
  readonly adminReconcile: () => Promise<void>;
  /** One agent iteration on `cluster`, its plan printed. */
  readonly iterate: (cluster: string, quiet?: boolean) => Promise<IterationReport>;
  /** The admin reconcile, then one iteration of each agent, then a minute passes. */
  readonly syncAll: () => Promise<void>;
  /** The projects, MC wrappers and VMCs on the admin. */
  readonly adminObjects: () => Promise<KubeObject[]>;
  readonly has: (
    client: ClusterClient,
    apiVersion: string,
    kind: string,
    object: ObjectName,
  ) => Promise<boolean>;
  /** Whether the ApplicationConfiguration `app` exists on `client`. */
  readonly appOn: (client: ClusterClient, app: ObjectName) => Promise<boolean>;
}

/**
 * How long the demo's agents wait for a revocation to be confirmed (D2): shorter than the 30 s
 * default, so the demo on real API servers is not kept waiting.
 */
export const DEMO_DEREGISTER_AFTER_MS = 5_000;

/** A session on `env`, printing through `write`. */
export function demoSession(env: DemoEnvironment, write: (text: string) => void): DemoSession {
  let ok = true;
  let step = 0;
  // One agent per cluster for the whole run: it remembers a suspected revocation (D2).
  const agents = new Map<string, Agent>();
  const agentOf = (cluster: string): Agent => {
    const agent =
      agents.get(cluster) ??
      createAgent({
        local: env.managed[cluster]!,
        connectAdmin: (k) => env.connectAdmin(k),
        clock: () => env.now(),
        deregisterAfterMs: DEMO_DEREGISTER_AFTER_MS,
        // The story removes every app from small clusters within minutes, on purpose: as a user
        // would with --max-delete-fraction 1, it lets the delete guard allow whole removals.
        plan: { maxDeleteFraction: 1 },
      });
    agents.set(cluster, agent);
    return agent;
  };
  const note = (text: string) => {
    write(`${text}\n`);
  };
  const printPlan = (plan: SyncPlan, label: string) => {
    write(`\n[${label}] `);
    write(formatPlan(plan));
  };
  const has = async (client: ClusterClient, apiVersion: string, kind: string, object: ObjectName) =>
    (await getIfPresent(client, { apiVersion, kind, namespace: object.namespace, name: object.name })) !==
    undefined;
  const session: DemoSession = {
    env,
    get ok() {
      return ok;
    },
    heading: (title) => {
      write(`\n━━ Step ${++step}: ${title} ━━\n`);
    },
    note,
    write,
    check: (condition, what) => {
      note(`${condition ? '✓' : '✗'} ${what}`);
      if (!condition) ok = false;
    },
    apply: async (objects) => {
      for (const object of objects) await env.admin.apply(object, { fieldManager: 'demo-user', force: true });
    },
    adminReconcile: async () => {
      const { plan } = await syncAdmin(env.admin, { clock: () => env.now() });
      printPlan(plan, 'admin reconcile (local)');
    },
    iterate: async (cluster, quiet = false) => {
      const report = await agentOf(cluster).runOnce();
      if (report.state === 'synced') {
        printPlan(report.plan, `agent on ${cluster}`);
        const failed = report.results.filter((r) => r.outcome === 'failed');
        for (const f of failed)
          note(`  ✗ ${f.op} ${f.kind} ${f.namespace}/${f.name}: ${f.error?.message ?? ''}`);
        if (failed.length > 0) ok = false;
      } else if (!quiet) {
        note(`\n[agent on ${cluster}] ${report.state}: ${report.reason}`);
      }
      return report;
    },
    syncAll: async () => {
      await session.adminReconcile();
      for (const cluster of MANAGED) await session.iterate(cluster);
      // Under the 60 s after which the admin pass, the VMC state's only writer, calls a cluster
      // whose agent is silent Inactive (B12): the next round's pass still sees them connected.
      env.advance(30);
    },
    adminObjects: async () => {
      const lists = await Promise.all(ADMIN_KINDS.map((k) => env.admin.list(CLUSTERS_API_VERSION, k)));
      return lists.flatMap((l) => l.items);
    },
    has,
    appOn: (client, app) => has(client, 'core.oam.dev/v1alpha2', 'ApplicationConfiguration', app),
  };
  return session;
}
