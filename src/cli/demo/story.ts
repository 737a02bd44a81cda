/**
 * The demo: Verrazzano's multicluster story, step by step, on any three clusters (in memory by
 * default, or the real harness clusters). Every step prints what it does and the plans it runs.
 */
import type { ClusterClient } from '../../adapters/port.js';
import { createAgent, type IterationReport } from '../../agent/agent.js';
import { syncAdmin } from '../../agent/admin.js';
import { applyManifest, deregisterOnAdmin, getIfPresent, registerOnAdmin } from '../../agent/register.js';
import { applyMergePatch } from '../../internal/merge-patch.js';
import { fleetFromObjects } from '../../placement/fleet.js';
import { placementMatrix } from '../../placement/matrix.js';
import { formatPlan } from '../../sync-plan/format.js';
import type { SyncPlan } from '../../sync-plan/plan.js';
import type { KubeObject } from '../../types/meta.js';
import { CLUSTERS_API_VERSION, type MultiClusterResourceStatus } from '../../types/verrazzano.js';
import { explainTable } from '../commands/explain.js';

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
}

/** The example objects the demo deploys, as loaded from the Verrazzano examples. */
export interface DemoInputs {
  readonly todo: readonly KubeObject[];
  readonly helidon: readonly KubeObject[];
  /** The example's merge patch that moves hello-helidon to the admin (`local`). */
  readonly toAdminPatch: unknown;
}

type Write = (text: string) => void;

const MANAGED = ['managed1', 'managed2'] as const;

/** Runs the whole story and returns whether every step did what it should. */
export async function runDemo(env: DemoEnvironment, inputs: DemoInputs, write: Write): Promise<boolean> {
  let ok = true;
  let step = 0;
  const heading = (title: string) => {
    write(`\n━━ Step ${++step}: ${title} ━━\n`);
  };
  const note = (text: string) => {
    write(`${text}\n`);
  };
  const check = (condition: boolean, what: string) => {
    note(`${condition ? '✓' : '✗'} ${what}`);
    if (!condition) ok = false;
  };
  const apply = async (objects: readonly KubeObject[]) => {
    for (const object of objects) await env.admin.apply(object, { fieldManager: 'demo-user', force: true });
  };
  const adminReconcile = async () => {
    const { plan } = await syncAdmin(env.admin, { clock: () => env.now() });
    printPlan(plan, 'admin reconcile (local)');
  };
  const printPlan = (plan: SyncPlan, label: string) => {
    write(`\n[${label}] `);
    write(formatPlan(plan));
  };
  const iterate = async (cluster: string, quiet = false): Promise<IterationReport> => {
    const agent = createAgent({
      local: env.managed[cluster]!,
      connectAdmin: (k) => env.connectAdmin(k),
      clock: () => env.now(),
    });
    const report = await agent.runOnce();
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
  };
  const syncAll = async () => {
    await adminReconcile();
    for (const cluster of MANAGED) await iterate(cluster);
    env.advance(60);
  };
  const adminObjects = async () => {
    const kinds = ['VerrazzanoProject', 'MultiClusterApplicationConfiguration', 'VerrazzanoManagedCluster'];
    const lists = await Promise.all(kinds.map((k) => env.admin.list(CLUSTERS_API_VERSION, k)));
    return lists.flatMap((l) => l.items);
  };
  const has = async (
    client: ClusterClient,
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
  ) => (await getIfPresent(client, { apiVersion, kind, namespace, name })) !== undefined;
  const appOn = (client: ClusterClient, namespace: string, name: string) =>
    has(client, 'core.oam.dev/v1alpha2', 'ApplicationConfiguration', namespace, name);

  note(
    `vzmc demo — Verrazzano multicluster semantics on three clusters (${env.description}): admin, managed1, managed2`,
  );

  heading('register managed1 and managed2 (step 1 on the admin, step 2 on the managed cluster)');
  for (const cluster of MANAGED) {
    const manifest = await registerOnAdmin(env.admin, cluster, {
      adminServer: env.adminServer,
      adminCaBundle: env.adminCaBundle,
    });
    note(
      `${cluster}: VerrazzanoManagedCluster, ServiceAccount, token, RoleBinding and the -agent, -registration, -manifest Secrets created on the admin`,
    );
    note(
      `${cluster}: applying the ${manifest.split('---\n').filter(Boolean).length}-document registration manifest (verrazzano-system/verrazzano-cluster-agent, …-registration) on ${cluster}`,
    );
    await applyManifest(env.managed[cluster]!, manifest);
  }

  heading('deploy ToDo (placement managed1) and hello-helidon (placement managed1 + managed2)');
  const bothClusters = { spec: { placement: { clusters: [{ name: 'managed1' }, { name: 'managed2' }] } } };
  const helidon = inputs.helidon.map((o) =>
    o.kind === 'VerrazzanoProject' || o.kind === 'MultiClusterApplicationConfiguration'
      ? (applyMergePatch(o, bothClusters) as KubeObject)
      : o,
  );
  const projects = [...inputs.todo, ...helidon].filter((o) => o.kind === 'VerrazzanoProject');
  await apply(projects);
  await adminReconcile(); // the admin creates project namespaces first (P13)
  await apply([...inputs.todo, ...helidon].filter((o) => o.kind !== 'VerrazzanoProject'));
  const fleet = fleetFromObjects(await adminObjects());
  const matrix = placementMatrix(fleet);
  write(
    `\nPlacement (vzmc explain):\n${explainTable(matrix.clusters, matrix.resources, [...matrix.decisions()])}`,
  );
  await syncAll();
  check(await appOn(env.managed.managed1!, 'mc-todo-list', 'todo-appconf'), 'ToDo runs on managed1');
  check(
    !(await appOn(env.managed.managed2!, 'mc-todo-list', 'todo-appconf')),
    'ToDo is not on managed2 (its placement does not name it)',
  );
  check(
    await appOn(env.managed.managed1!, 'hello-helidon', 'hello-helidon'),
    'hello-helidon runs on managed1',
  );
  check(
    await appOn(env.managed.managed2!, 'hello-helidon', 'hello-helidon'),
    'hello-helidon runs on managed2',
  );
  check(
    !(await appOn(env.admin, 'hello-helidon', 'hello-helidon')),
    'hello-helidon is not unwrapped on the admin (no local in its placement, P15)',
  );

  heading('per-cluster status on the admin, and the VMC reports');
  await syncAll(); // the second iteration brings the VMCs from Pending to Active
  for (const object of await adminObjects()) {
    const status = object.status as
      | (MultiClusterResourceStatus & {
          state?: string;
          lastAgentConnectTime?: string;
          kubernetes?: { version?: string };
        })
      | undefined;
    if (object.kind === 'VerrazzanoManagedCluster') {
      note(
        `VMC ${object.metadata.name}: state ${status?.state ?? ''}, lastAgentConnectTime ${status?.lastAgentConnectTime ?? ''}, Kubernetes ${status?.kubernetes?.version ?? ''}`,
      );
      check(status?.state === 'Active', `VMC ${object.metadata.name} is Active`);
    } else {
      const clusters = (status?.clusters ?? []).map((c) => `${c.name}=${c.state}`).join(', ');
      note(
        `${object.kind} ${object.metadata.namespace}/${object.metadata.name}: state ${status?.state ?? '(none)'} [${clusters}]`,
      );
      if (object.kind === 'MultiClusterApplicationConfiguration')
        check(status?.state === 'Succeeded', `${object.metadata.name} is Succeeded on every placed cluster`);
    }
  }

  heading('move hello-helidon to the admin (local) with the example patch, then back');
  const moved = helidon
    .filter((o) => o.kind !== 'Component')
    .map((o) => applyMergePatch(o, inputs.toAdminPatch) as KubeObject);
  await apply(moved);
  await syncAll();
  check(
    await appOn(env.admin, 'hello-helidon', 'hello-helidon'),
    'hello-helidon is unwrapped on the admin (P15, P19)',
  );
  check(
    !(await appOn(env.managed.managed1!, 'hello-helidon', 'hello-helidon')),
    'hello-helidon left managed1',
  );
  check(
    !(await appOn(env.managed.managed2!, 'hello-helidon', 'hello-helidon')),
    'hello-helidon left managed2',
  );
  await apply(helidon.filter((o) => o.kind !== 'Component'));
  await syncAll();
  check(!(await appOn(env.admin, 'hello-helidon', 'hello-helidon')), 'hello-helidon left the admin again');
  check(
    await appOn(env.managed.managed1!, 'hello-helidon', 'hello-helidon'),
    'hello-helidon is back on managed1',
  );
  check(
    await appOn(env.managed.managed2!, 'hello-helidon', 'hello-helidon'),
    'hello-helidon is back on managed2',
  );

  heading('undeploy: delete the MC app configs and their Components on the admin');
  for (const object of [...inputs.todo, ...helidon].filter(
    (o) => o.kind === 'MultiClusterApplicationConfiguration' || o.kind === 'Component',
  )) {
    await env.admin.delete({
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.metadata.namespace ?? '',
      name: object.metadata.name ?? '',
    });
  }
  await syncAll();
  check(!(await appOn(env.managed.managed1!, 'mc-todo-list', 'todo-appconf')), 'ToDo is gone from managed1');
  check(
    !(await has(env.managed.managed1!, 'v1', 'Secret', 'mc-todo-list', 'tododomain-jdbc-tododb')),
    "ToDo's Secrets are gone from managed1",
  );
  check(
    !(await appOn(env.managed.managed2!, 'hello-helidon', 'hello-helidon')),
    'hello-helidon is gone from managed2',
  );
  check(await has(env.managed.managed1!, 'v1', 'Namespace', '', 'mc-todo-list'), 'the namespace stays (P25)');

  heading('deregister managed1 and managed2');
  for (const cluster of MANAGED) {
    const plan = await deregisterOnAdmin(env.admin, cluster);
    note(
      `${cluster}: admin removed the VMC and ${plan.admin.length} objects (${plan.admin.filter((s) => s.ruleId === 'B18').length} leaked RoleBindings, B18)`,
    );
    // A real API server notices the deleted ServiceAccount a moment later (its lookup is cached); until
    // then the agent is Forbidden, which is not a reason to deregister (D2), so a later iteration is.
    let report = await iterate(cluster);
    for (let attempt = 0; attempt < 30 && report.state === 'failed'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      report = await iterate(cluster, true);
    }
    check(
      report.state === 'deregistered',
      `${cluster}'s agent deregistered: its agent and registration Secrets are gone (D2)`,
    );
  }

  write(
    `\n${ok ? 'The demo finished: every check passed.' : 'The demo finished with failed checks (see ✗ above).'}\n`,
  );
  return ok;
}
