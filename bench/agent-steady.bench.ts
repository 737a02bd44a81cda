/**
 * Issue #6 goal: a steady-state agent iteration on a real API server (harness admin + managed1,
 * k8s adapter) with 1,000 MC resources placed on managed1 (in 10 namespaces of one project)
 * makes reads only: zero writes to resources. The one expected write is the VMC status heartbeat
 * (§4.6), reported apart. Calls are counted by a proxy around each ClusterClient (HTTP requests:
 * a list takes one per page of 500), and cross-checked against the API servers' own
 * apiserver_request_total. Baseline: the calls Verrazzano's agent makes for the same state,
 * computed from spec §7 (per namespace and kind an admin list and a local list, plus a Get per
 * object it upserts). The same iteration on in-memory clusters (`requestCounts()`) is the
 * cross-check of the counts.
 *
 * Run: npm run bench -- agent-steady
 */
import { parseAgentKubeconfig, type ClusterClient, type KubeObject } from '../src/index.js';
import { applyManifest, createAgent, registerOnAdmin, syncAdmin, type Agent } from '../src/agent-entry.js';
import { createMemoryCluster, fixedClock } from '../src/memory.js';
import { createK8sClusterClient, type K8sClusterClient } from '../src/k8s.js';
import type { TestClusterInfo, TestClusters } from '../src/testing/harness/index.js';
import {
  adminClient,
  counterDelta,
  countingClient,
  installCrds,
  newCounts,
  serverCounters,
  withClusters,
  type CallCounts,
} from './clusters.js';
import { registerWithFleet, synced } from './event-fleet.js';
import { projectFleet } from './fixtures.js';
import { loadAverage, mb, medianMs, ms, report } from './harness.js';

const RESOURCES = 1_000;
const NAMESPACES = 10;
const CLUSTER = 'managed1';
const ITERATIONS = 5;

const { objects, projects, content } = projectFleet(RESOURCES, NAMESPACES);

interface Wrapper {
  kind: string;
  metadata: { name: string; namespace: string };
  spec: {
    placement: { clusters: { name: string }[] };
    secrets?: string[];
    template: { spec?: { components?: { componentName?: string }[] } };
  };
}

/**
 * What Verrazzano's agent calls in one steady-state iteration for this fleet (spec §7.2–7.3):
 * syncVerrazzanoProjects lists VPs on the admin and locally and CreateOrUpdates (Get) each placed
 * VP; then for each namespace, for each of Secrets, MCSecrets, MCConfigMaps, MCComponents and
 * MCAppConfigs, an admin List and a local List; a CreateOrUpdate (Get, no Update when unchanged,
 * §3) per placed wrapper; per Secret named in a placed MCAppConfig's spec.secrets an admin Get
 * and a local CreateOrUpdate (P10); per componentName an admin Get of the OAM Component and, as
 * it is a MultiClusterComponent here, a local Get of that (P11). The iteration's fixed calls (agent
 * Secret, mc-agent-state, VMC status, registration Secret) are left out on both sides' "sync" lines.
 */
function verrazzanoCalls() {
  const wrappers = objects.filter((o) => o.kind.startsWith('MultiCluster')) as unknown as Wrapper[];
  const placed = wrappers.filter((w) => w.spec.placement.clusters.some((c) => c.name === CLUSTER));
  const apps = placed.filter((w) => w.kind === 'MultiClusterApplicationConfiguration');
  const secretRefs = apps.reduce((n, a) => n + (a.spec.secrets?.length ?? 0), 0);
  const componentRefs = apps.reduce((n, a) => n + (a.spec.template.spec?.components?.length ?? 0), 0);
  const namespaces = new Set(placed.map((w) => w.metadata.namespace)).size;
  const lines = {
    'VP lists (admin + local)': 2,
    'VP Gets (CreateOrUpdate)': projects.length,
    [`Lists: ${namespaces} namespaces × 5 kinds × (admin + local)`]: namespaces * 5 * 2,
    [`wrapper Gets (CreateOrUpdate of ${placed.length})`]: placed.length,
    [`spec.secrets: admin Get + local Get × ${secretRefs}`]: 2 * secretRefs,
    [`componentName: admin Get + local Get × ${componentRefs}`]: 2 * componentRefs,
  };
  const admin = 1 + namespaces * 5 + secretRefs + componentRefs;
  const total = Object.values(lines).reduce((a, b) => a + b, 0);
  return { lines, total, admin, local: total - admin };
}

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
const verbs = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([verb, n]) => `${n} ${verb}`)
    .join(', ');

/**
 * Runs setup iterations (status forwarding unbounded) until the plan is empty. Each is preceded by
 * an admin controller pass, as on a running fleet: under the secure wiring (issue 13) the agent
 * reads its share, which the admin renders, and its status reports reach the admin objects only
 * when the admin folds its cluster report in.
 */
async function converge(agent: Agent, what: string, adminPass: () => Promise<unknown>): Promise<number> {
  for (let i = 1; i <= 5; i++) {
    await adminPass();
    const result = synced(await agent.runOnce(), what);
    if (result.plan.actions.length === 0) return i;
  }
  throw new Error(`${what}: no steady state after 5 iterations`);
}

// ---------------------------------------------------------------------------------------------
// In memory: the cross-check of the counts.

async function inMemory() {
  const clock = fixedClock(new Date('2026-11-27T10:00:00Z'));
  const admin = createMemoryCluster({ name: 'admin', clock });
  const managed = createMemoryCluster({ name: CLUSTER, clock });
  const manifest = await registerOnAdmin(admin.client(), CLUSTER, {
    adminServer: 'https://admin.example.com:6443',
    adminCaBundle: '',
  });
  await applyManifest(managed.client(), manifest);
  const apply = (o: KubeObject) => admin.client().apply(o, { fieldManager: 'kubectl', force: true });
  for (const o of projects) await apply(o);
  const adminPass = () =>
    syncAdmin(admin.client(), { clock, random: () => 0.5, sleep: () => Promise.resolve() });
  await adminPass();
  for (const o of content) await apply(o);
  const options = (maxStatusUpdates?: number) => ({
    local: managed.client(),
    connectAdmin: (kubeconfig: string) => admin.client({ token: parseAgentKubeconfig(kubeconfig).token }),
    clock,
    random: () => 0.5,
    sleep: () => Promise.resolve(),
    ...(maxStatusUpdates ? { plan: { maxStatusUpdates } } : {}),
  });
  await converge(createAgent(options(100_000)), 'in memory', adminPass);
  await adminPass();
  const agent = createAgent(options());
  admin.resetRequestCounts();
  managed.resetRequestCounts();
  const result = synced(await agent.runOnce(), 'in memory, steady');
  const counts = { admin: admin.requestCounts(), local: managed.requestCounts() };
  const time = await medianMs(async () => synced(await agent.runOnce(), 'in memory, steady'), ITERATIONS, 0);
  return { counts, actions: result.plan.actions.length, time };
}

// ---------------------------------------------------------------------------------------------
// On real API servers.

const memory = await inMemory();
const verrazzano = verrazzanoCalls();

/** The admin and managed1 clients, with vzmc's CRDs, managed1 registered and the fleet applied. */
async function setUp(clusters: TestClusters) {
  const adminInfo = clusters.cluster('admin');
  const managedInfo = clusters.cluster(CLUSTER);
  const admin = adminClient(adminInfo);
  const local = adminClient(managedInfo);
  await Promise.all([installCrds(admin), installCrds(local)]);
  await registerWithFleet(admin, adminInfo, local, CLUSTER, objects);
  return { adminInfo, managedInfo, admin, local };
}

/** The steady iteration, counted by the client proxies and by both API servers, then timed. */
async function steadyState(
  connect: (kubeconfig: string, counts?: CallCounts) => ClusterClient,
  local: ClusterClient,
  adminInfo: TestClusterInfo,
  managedInfo: TestClusterInfo,
) {
  const adminCounts = newCounts();
  const localCounts = newCounts();
  const agent = createAgent({
    local: countingClient(local, localCounts),
    connectAdmin: (kubeconfig) => connect(kubeconfig, adminCounts),
  });
  const [adminBefore, localBefore] = await Promise.all([
    serverCounters(adminInfo),
    serverCounters(managedInfo),
  ]);
  const steady = synced(await agent.runOnce(), 'real clusters, steady');
  const [adminAfter, localAfter] = await Promise.all([
    serverCounters(adminInfo),
    serverCounters(managedInfo),
  ]);
  const adminServer = counterDelta(adminBefore, adminAfter).byVerb;
  const localServer = counterDelta(localBefore, localAfter).byVerb;
  // The counted iteration's numbers, before the timed iterations add to the same counters.
  const adminCounted = structuredClone(adminCounts);
  const localCounted = structuredClone(localCounts);
  const load = await loadAverage();
  const cpuBefore = process.cpuUsage();
  const iterationMs = await medianMs(
    async () => synced(await agent.runOnce(), 'real clusters, steady'),
    ITERATIONS,
    0,
  );
  const cpu = process.cpuUsage(cpuBefore);
  // The agent's own CPU per iteration (its clients, the planner): steadier than wall time on a busy machine.
  const cpuMs = (cpu.user + cpu.system) / 1000 / ITERATIONS;
  return {
    steady,
    adminServer,
    localServer,
    adminCounted,
    localCounted,
    adminCounts,
    localCounts,
    load,
    iterationMs,
    cpuMs,
  };
}

type Steady = Awaited<ReturnType<typeof steadyState>>;

/** The details behind the figure: memory, setup, calls per side and per server, the cross-checks. */
function printDetails(clusters: TestClusters, run: Steady, setup: { iterations: number; ms: number }): void {
  const { adminCounted, localCounted, adminServer, localServer } = run;
  const stats = clusters.stats();
  console.log(
    `  API server memory after the run: ${stats.clusters.map((c) => `${c.name} RSS ${mb(c.rssBytes ?? 0)} (peak ${mb(c.peakRssBytes ?? 0)})`).join(', ')}; etcd ${mb(stats.etcd.rssBytes ?? 0)}`,
  );
  console.log(`  setup: first sync to steady state took ${setup.iterations} iterations, ${ms(setup.ms)}`);
  console.log(`  admin calls: ${verbs(adminCounted.calls)} (${adminCounted.requests} HTTP requests)`);
  console.log(`  local calls: ${verbs(localCounted.calls)} (${localCounted.requests} HTTP requests)`);
  console.log(`  admin API server counted: ${verbs(adminServer)}`);
  console.log(`  managed1 API server counted: ${verbs(localServer)}`);
  console.log(
    `  in memory: admin ${verbs(memory.counts.admin)}; local ${verbs(memory.counts.local)}; ${ms(memory.time)} per iteration`,
  );
  console.log(
    `  Verrazzano (spec §7): ${Object.entries(verrazzano.lines)
      .map(([what, n]) => `${what}: ${n}`)
      .join('; ')}`,
  );
}

/** The report line: the steady iteration's calls and writes (the VMC heartbeat apart) against Verrazzano's. */
function reportSteady(run: Steady): void {
  const { steady, adminCounted, localCounted, adminCounts, localCounts, load, iterationMs, cpuMs } = run;
  const localWrites = localCounted.writes;
  const adminWrites = adminCounted.writes;
  const resourceWrites = [
    ...localWrites,
    ...adminWrites.filter((w) => !w.startsWith('updateStatus VerrazzanoManagedCluster')),
  ];
  const heartbeat = adminWrites.length - (resourceWrites.length - localWrites.length);
  // Over every steady iteration (the counted one and the timed ones), not just the counted one.
  const allResourceWrites = [
    ...localCounts.writes,
    ...adminCounts.writes.filter((w) => !w.startsWith('updateStatus VerrazzanoManagedCluster')),
  ];
  const calls = sum(adminCounted.calls) + sum(localCounted.calls);
  const memoryCalls = sum(memory.counts.admin) + sum(memory.counts.local);
  const memoryWrites =
    memory.counts.admin.create +
    memory.counts.admin.replace +
    memory.counts.admin.apply +
    memory.counts.admin.delete +
    memory.counts.local.create +
    memory.counts.local.replace +
    memory.counts.local.apply +
    memory.counts.local.delete +
    memory.counts.local.updateStatus;
  report({
    bench: `steady-state agent iteration, real API servers, ${RESOURCES} MC resources placed on ${CLUSTER} (${NAMESPACES} namespaces, ${steady.plan.actions.length} actions)`,
    figure: `${ms(iterationMs)} per iteration (median of ${ITERATIONS}; agent CPU ${ms(cpuMs)} per iteration); ${calls} calls = ${adminCounted.requests + localCounted.requests} HTTP requests (admin ${adminCounted.requests}, managed1 ${localCounted.requests}); resource writes ${resourceWrites.length}${resourceWrites.length > 0 ? ` (${resourceWrites.slice(0, 3).join('; ')})` : ''}; VMC status heartbeat writes ${heartbeat}; in memory ${memoryCalls} calls, ${memoryWrites} resource writes; load ${load}`,
    baseline: `${verrazzano.total} calls for Verrazzano's agent (spec §7: ${verrazzano.admin} to the admin, ${verrazzano.local} local, which its informer cache serves), plus its fixed per-iteration calls`,
    goal: 'reads only: zero resource writes (the VMC status heartbeat apart)',
    met:
      resourceWrites.length === 0 &&
      allResourceWrites.length === 0 &&
      memoryWrites === 0 &&
      steady.plan.actions.length === 0,
  });
}

await withClusters(['admin', CLUSTER], async (clusters) => {
  const { adminInfo, managedInfo, admin, local } = await setUp(clusters);
  const opened: K8sClusterClient[] = [];
  const connect = (kubeconfig: string, counts?: CallCounts): ClusterClient => {
    const client = createK8sClusterClient({ kubeconfig: { yaml: kubeconfig }, name: 'admin' });
    opened.push(client);
    return counts ? countingClient(client, counts) : client;
  };
  const setupStart = performance.now();
  const setupIterations = await converge(
    createAgent({
      local,
      connectAdmin: (kubeconfig) => connect(kubeconfig),
      plan: { maxStatusUpdates: 100_000 },
    }),
    'real clusters',
    () => syncAdmin(admin),
  );
  await syncAdmin(admin);
  const setupMs = performance.now() - setupStart;

  // Steady state: one counted iteration, then the timing of further ones.
  const run = await steadyState(connect, local, adminInfo, managedInfo);
  for (const client of opened) client.close();
  admin.close();
  local.close();

  printDetails(clusters, run, { iterations: setupIterations, ms: setupMs });
  reportSteady(run);
});
