/**
 * The demo: Verrazzano's multicluster story, step by step, on any three clusters (in memory by
 * default, or the real harness clusters). Every step prints what it does and the plans it runs, and
 * checks what it should have done. The names it checks come from its inputs (see cast.ts).
 */
import { applyManifest, deregisterOnAdmin, registerOnAdmin } from '../../agent/register.js';
import { applyMergePatch } from '../../internal/merge-patch.js';
import { fleetFromObjects } from '../../placement/fleet.js';
import { placementMatrix } from '../../placement/matrix.js';
import type { KubeObject } from '../../model/meta.js';
import { Wiring } from '../../model/names.js';
import type { MultiClusterResourceStatus } from '../../model/verrazzano.js';
import { explainTable } from '../support/explain-table.js';
import { castOf, type DemoCast, type PlacedObject } from './cast.js';
import type { DemoInputs } from './inputs.js';
import { demoSession, MANAGED, type DemoEnvironment, type DemoSession } from './session.js';

export type { DemoEnvironment } from './session.js';
export type { DemoInputs } from './inputs.js';

const ref = (o: PlacedObject) => `${o.namespace}/${o.name}`;
const clusterList = (clusters: readonly string[]) => clusters.join(' + ');
const and = (items: readonly string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;

async function register(run: DemoSession): Promise<void> {
  const { env, note } = run;
  run.heading('register managed1 and managed2 (step 1 on the admin, step 2 on the managed cluster)');
  for (const cluster of MANAGED) {
    const manifest = await registerOnAdmin(env.admin, cluster, {
      adminServer: env.adminServer,
      adminCaBundle: env.adminCaBundle,
      wiring: Wiring.ClusterNamespace,
    });
    note(
      `${cluster}: VerrazzanoManagedCluster, ServiceAccount, token, the -agent, -registration, -manifest Secrets and the cluster's own namespace vzmc-cluster-${cluster} (its Roles read only that namespace and its own VMC) created on the admin`,
    );
    note(
      `${cluster}: applying the ${manifest.split('---\n').filter(Boolean).length}-document registration manifest (verrazzano-system/verrazzano-cluster-agent, …-registration) on ${cluster}`,
    );
    await applyManifest(env.managed[cluster]!, manifest);
  }
}

/**
 * Checks that the ConfigMap of each Helidon MultiClusterConfigMap exists exactly where `on` says
 * (`local` is the admin), by default where its placement says.
 */
async function checkConfigMaps(run: DemoSession, cast: DemoCast, why: string, on?: readonly string[]) {
  const clusters = { local: run.env.admin, ...run.env.managed };
  for (const configMap of cast.helidonConfigMaps) {
    const expected = on ?? configMap.clusters;
    const where: string[] = [];
    for (const [name, client] of Object.entries(clusters))
      if (await run.has(client, 'v1', 'ConfigMap', configMap)) where.push(name);
    const places = expected.map((c) => (c === 'local' ? 'the admin' : c));
    run.check(
      [...where].sort().join() === [...expected].sort().join(),
      `ConfigMap ${ref(configMap)} is ${places.length === 0 ? 'on no cluster' : `unwrapped on ${places.join(' and ')} only`} (${why})`,
    );
  }
}

async function deploy(run: DemoSession, cast: DemoCast): Promise<void> {
  const { env, note } = run;
  const { todoApp, helidonApp } = cast;
  run.heading(
    `deploy ToDo (placement ${clusterList(todoApp.clusters)}) and hello-helidon (placement ${clusterList(helidonApp.clusters)})`,
  );
  note(
    `ToDo is ${todoApp.kind} ${ref(todoApp)} (Secrets ${todoApp.secrets.join(', ')}); hello-helidon is ${helidonApp.kind} ${ref(helidonApp)}`,
  );
  if (cast.widened.length > 0) {
    note(
      `The input places ${and(cast.widened.map((w) => `${w.kind} ${ref(w)} on ${clusterList(w.clusters)}`))}; the demo widens them to ${clusterList(MANAGED)}`,
    );
  }
  const all = [...cast.todo, ...cast.helidon];
  await run.apply(all.filter((o) => o.kind === 'VerrazzanoProject'));
  await run.adminReconcile(); // the admin creates project namespaces first (P13)
  await run.apply(all.filter((o) => o.kind !== 'VerrazzanoProject'));
  const matrix = placementMatrix(fleetFromObjects(await run.adminObjects()));
  run.write(
    `\nPlacement (vzmc explain):\n${explainTable(matrix.clusters, matrix.resources, [...matrix.decisions()])}`,
  );
  await run.syncAll();
  for (const cluster of MANAGED) {
    const placed = todoApp.clusters.includes(cluster);
    const on = await run.appOn(env.managed[cluster]!, todoApp);
    run.check(
      on === placed,
      placed ? `ToDo runs on ${cluster}` : `ToDo is not on ${cluster} (its placement does not name it)`,
    );
  }
  const firstTodoCluster = todoApp.clusters.find((c) => c in env.managed) ?? MANAGED[0];
  const secretsOn = await Promise.all(
    todoApp.secrets.map((name) =>
      run.has(env.managed[firstTodoCluster]!, 'v1', 'Secret', { namespace: todoApp.namespace, name }),
    ),
  );
  run.check(secretsOn.every(Boolean), `ToDo's Secrets are copied to ${firstTodoCluster} with it (P10)`);
  for (const cluster of MANAGED)
    run.check(await run.appOn(env.managed[cluster]!, helidonApp), `hello-helidon runs on ${cluster}`);
  run.check(
    !(await run.appOn(env.admin, helidonApp)),
    'hello-helidon is not unwrapped on the admin (no local in its placement, P15)',
  );
  await checkConfigMaps(run, cast, 'U1');
}

async function status(run: DemoSession): Promise<void> {
  run.heading('per-cluster status on the admin, and the VMC reports');
  // The admin pass writes the VMC state (B12): Pending at its first evaluation after the agents
  // connected, Active at the next.
  await run.syncAll();
  await run.adminReconcile();
  for (const object of await run.adminObjects()) {
    const status = object.status as
      | (MultiClusterResourceStatus & {
          state?: string;
          lastAgentConnectTime?: string;
          kubernetes?: { version?: string };
        })
      | undefined;
    if (object.kind === 'VerrazzanoManagedCluster') {
      run.note(
        `VMC ${object.metadata.name}: state ${status?.state ?? ''}, lastAgentConnectTime ${status?.lastAgentConnectTime ?? ''}, Kubernetes ${status?.kubernetes?.version ?? ''}`,
      );
      run.check(status?.state === 'Active', `VMC ${object.metadata.name} is Active`);
      continue;
    }
    const clusters = (status?.clusters ?? []).map((c) => `${c.name}=${c.state}`).join(', ');
    run.note(
      `${object.kind} ${object.metadata.namespace}/${object.metadata.name}: state ${status?.state ?? '(none)'} [${clusters}]`,
    );
    if (object.kind.startsWith('MultiCluster'))
      run.check(
        status?.state === 'Succeeded',
        `${object.kind} ${object.metadata.name} is Succeeded on every placed cluster`,
      );
  }
}

async function moveToAdminAndBack(run: DemoSession, cast: DemoCast): Promise<void> {
  const { env } = run;
  const app = cast.helidonApp;
  run.heading('move hello-helidon to the admin (local) with the example patch, then back');
  const wrappers = cast.helidon.filter((o) => o.kind !== 'Component');
  await run.apply(wrappers.map((o) => applyMergePatch(o, cast.toAdminPatch) as KubeObject));
  await run.syncAll();
  run.check(await run.appOn(env.admin, app), 'hello-helidon is unwrapped on the admin (P15, P19)');
  for (const cluster of MANAGED)
    run.check(!(await run.appOn(env.managed[cluster]!, app)), `hello-helidon left ${cluster}`);
  await checkConfigMaps(run, cast, 'P15, P19, P20', ['local']);
  await run.apply(wrappers);
  await run.syncAll();
  run.check(!(await run.appOn(env.admin, app)), 'hello-helidon left the admin again');
  for (const cluster of MANAGED)
    run.check(await run.appOn(env.managed[cluster]!, app), `hello-helidon is back on ${cluster}`);
  await checkConfigMaps(run, cast, 'P15, P19');
}

async function undeploy(run: DemoSession, cast: DemoCast): Promise<void> {
  const { env } = run;
  const { todoApp, helidonApp } = cast;
  run.heading('undeploy: delete the MC wrappers and their Components on the admin');
  for (const object of [...cast.todo, ...cast.helidon].filter(
    (o) => o.kind.startsWith('MultiCluster') || o.kind === 'Component',
  )) {
    await env.admin.delete({
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.metadata.namespace ?? '',
      name: object.metadata.name ?? '',
    });
  }
  await run.syncAll();
  for (const cluster of todoApp.clusters.filter((c) => c in env.managed)) {
    const managed = env.managed[cluster]!;
    run.check(!(await run.appOn(managed, todoApp)), `ToDo is gone from ${cluster}`);
    const left = await Promise.all(
      todoApp.secrets.map((name) => run.has(managed, 'v1', 'Secret', { namespace: todoApp.namespace, name })),
    );
    run.check(!left.some(Boolean), `ToDo's Secrets are gone from ${cluster} (P23)`);
  }
  for (const cluster of MANAGED)
    run.check(!(await run.appOn(env.managed[cluster]!, helidonApp)), `hello-helidon is gone from ${cluster}`);
  await checkConfigMaps(run, cast, 'P20, P26', []);
  const first = todoApp.clusters.find((c) => c in env.managed) ?? MANAGED[0];
  run.check(
    await run.has(env.managed[first]!, 'v1', 'Namespace', { namespace: '', name: todoApp.namespace }),
    `the namespace ${todoApp.namespace} stays on ${first} (P25)`,
  );
}

async function deregister(run: DemoSession): Promise<void> {
  run.heading('deregister managed1 and managed2');
  for (const cluster of MANAGED) {
    const plan = await deregisterOnAdmin(run.env.admin, cluster);
    run.note(
      `${cluster}: admin removed the VMC and ${plan.admin.length} objects (${plan.admin.filter((s) => s.ruleId === 'B18').length} leaked RoleBindings, B18)`,
    );
    // A real API server notices the deleted ServiceAccount a moment later (its lookup is cached); until
    // then the agent is Forbidden, which is not a reason to deregister (D2). The rejected token is one,
    // once it is seen again a few seconds later on a new connection: a later iteration deregisters.
    let report = await run.iterate(cluster);
    for (let attempt = 0; attempt < 40 && report.state === 'failed'; attempt++) {
      await run.env.pause(0.5);
      report = await run.iterate(cluster, true);
    }
    run.check(
      report.state === 'deregistered',
      `${cluster}'s agent deregistered: its agent and registration Secrets are gone (D2)`,
    );
  }
}

/** Runs the whole story on `inputs` and returns whether every step did what it should. */
export async function runDemo(
  env: DemoEnvironment,
  inputs: DemoInputs,
  write: (text: string) => void,
): Promise<boolean> {
  const cast = castOf(inputs);
  const run = demoSession(env, write);
  run.note(
    `vzmc demo — Verrazzano multicluster semantics on three clusters (${env.description}): admin, managed1, managed2`,
  );
  run.note(`Inputs: ${inputs.description}`);
  await register(run);
  await deploy(run, cast);
  await status(run);
  await moveToAdminAndBack(run, cast);
  await undeploy(run, cast);
  await deregister(run);
  write(
    `\n${run.ok ? 'The demo finished: every check passed.' : 'The demo finished with failed checks (see ✗ above).'}\n`,
  );
  return run.ok;
}
