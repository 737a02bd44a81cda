/**
 * Issue 16 goal: the admin API server's CPU per managed cluster per minute in steady state, with
 * `BENCH_RESOURCES` wrappers per cluster (default 1,000), falls to ≤ 1/10 of today's and projects
 * to ≥ 2,000 clusters per admin core (Verrazzano's pattern: about 55). One real admin API server
 * (harness); K = `BENCH_K` agents (default 1,5,20) in this process, each with its own identity
 * (its registration's token, secure wiring) and an in-memory local cluster. CPU is the admin API
 * server's utime + stime from /proc/<pid>/stat, less its idle CPU over the same time.
 * - event-driven (issue 16): the agents run (`Agent.run`) once their caches are filled, first with
 *   a 2–3 s resync for `BENCH_WINDOW_S` seconds (default 30): the CPU per iteration served from
 *   the caches; then with the default resync (50–70 s) for as long: the watches' CPU per minute.
 *   Per cluster per minute: one cached iteration plus the watches.
 * - today (poll-only): every iteration lists again (`runOnce`, 3 per agent); CPU per iteration,
 *   one iteration a minute (the mean of 50–70 s).
 * - Verrazzano (spec §7.2–7.3, replayed): per iteration discovery (/api, /apis), the VMC Get and
 *   status update, the VP list, per namespace the lists of Secrets and the four wrapper kinds, per
 *   placed MCAppConfig the Gets of its Secrets and Components, the deregistration VMC Get and the
 *   registration Secret Get; 3 per cluster, as the admin's identity.
 *
 * Run: npm run bench -- admin-scale
 */
import { createMemoryCluster } from '../src/memory.js';
import { createAgent, syncAdmin, type Agent } from '../src/agent-entry.js';
import { Wiring, type ClusterClient, type KubeObject } from '../src/index.js';
import { adminClient, apiGet, installCrds } from './clusters.js';
import { withOwnClusters, clusterFleet, connectAs, cpuSeconds, registerWithFleet } from './event-fleet.js';
import { loadAverage, report } from './harness.js';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 1_000);
const NAMESPACES = 10;
const KS = (process.env.BENCH_K ?? '1,5,20').split(',').map(Number);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 30);
const POLLS = 3;
/** `BENCH_WIRING=verrazzano`: the agents read the project namespaces directly (the wiring of the 190–450 ms); default the secure wiring (one share list). */
const WIRING = process.env.BENCH_WIRING === 'verrazzano' ? Wiring.Verrazzano : undefined;
const V = 'clusters.verrazzano.io/v1alpha1';
const WRAPPER_KINDS = [
  'MultiClusterSecret',
  'MultiClusterConfigMap',
  'MultiClusterComponent',
  'MultiClusterApplicationConfiguration',
];

interface Member {
  readonly name: string;
  readonly agent: Agent;
  readonly local: ClusterClient;
  readonly fleet: KubeObject[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds of `pid` while `fn` runs, and how long it ran. */
async function cpuOf(pid: number, fn: () => Promise<unknown>): Promise<{ cpu: number; seconds: number }> {
  const before = cpuSeconds(pid);
  const started = performance.now();
  await fn();
  return { cpu: cpuSeconds(pid) - before, seconds: (performance.now() - started) / 1000 };
}

/** One replayed Verrazzano iteration for `member` (§7.2–7.3). */
async function replay(
  admin: ClusterClient,
  info: Parameters<typeof apiGet>[0],
  member: Member,
): Promise<void> {
  await Promise.all([apiGet(info, '/api'), apiGet(info, '/apis')]);
  const vmcKey = {
    apiVersion: V,
    kind: 'VerrazzanoManagedCluster',
    namespace: 'verrazzano-mc',
    name: member.name,
  };
  const vmc = await admin.get(vmcKey);
  await admin.updateStatus(vmc).catch(() => undefined); // the heartbeat (a conflict is as costly)
  await admin.list(V, 'VerrazzanoProject', { namespace: 'verrazzano-mc' });
  const namespaces = [
    ...new Set(member.fleet.map((o) => o.metadata.namespace).filter((n) => n !== undefined)),
  ];
  for (const namespace of namespaces) {
    await admin.list('v1', 'Secret', { namespace });
    for (const kind of WRAPPER_KINDS) await admin.list(V, kind, { namespace });
  }
  const get = (key: Parameters<ClusterClient['get']>[0]) => admin.get(key).catch(() => undefined);
  for (const app of member.fleet.filter((o) => o.kind === 'MultiClusterApplicationConfiguration')) {
    const spec = (
      app as unknown as {
        spec: { secrets?: string[]; template: { spec?: { components?: { componentName: string }[] } } };
      }
    ).spec;
    const namespace = app.metadata.namespace!;
    for (const name of spec.secrets ?? []) await get({ apiVersion: 'v1', kind: 'Secret', namespace, name });
    for (const c of spec.template.spec?.components ?? [])
      await get({ apiVersion: 'core.oam.dev/v1alpha2', kind: 'Component', namespace, name: c.componentName });
  }
  await get(vmcKey);
  await get({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: 'verrazzano-mc',
    name: `verrazzano-cluster-${member.name}-registration`,
  });
}

/** Runs the agents with `interval` for `seconds` once each has iterated once: CPU, time, iterations. */
async function eventDriven(
  members: readonly Member[],
  pid: number,
  interval: { min: number; max: number },
  seconds: number,
): Promise<{ cpu: number; seconds: number; iterations: number }> {
  const abort = new AbortController();
  const started = new Set<string>();
  let iterations = 0;
  const running = members.map((m) =>
    createAgent({ local: m.local, connectAdmin: connectAs, intervalMs: interval }).run(abort.signal, () => {
      started.add(m.name);
      iterations++;
    }),
  );
  while (started.size < members.length) await sleep(100);
  await sleep(1_000);
  const before = iterations;
  const window = await cpuOf(pid, () => sleep(seconds * 1000));
  const counted = iterations - before;
  abort.abort();
  await Promise.all(running);
  return { ...window, iterations: counted };
}

await withOwnClusters(WIRING ? 'admin-scale-direct' : 'admin-scale', ['admin'], async (clusters) => {
  const info = clusters.cluster('admin');
  const admin = adminClient(info, 32);
  await installCrds(admin);
  const pid = () => clusters.cluster('admin').pid!;
  const members: Member[] = [];
  const rows: string[] = [];
  let last = { event: 0, poll: 0, verrazzano: 0 };
  for (const k of KS) {
    // Grow the fleet to k clusters, each registered, its share rendered and synced.
    while (members.length < k) {
      const name = `c${members.length + 1}`;
      const local = createMemoryCluster({ name }).client();
      const fleet = clusterFleet(name, RESOURCES, NAMESPACES);
      await registerWithFleet(admin, info, local, name, fleet, WIRING);
      members.push({ name, local, fleet, agent: createAgent({ local, connectAdmin: connectAs }) });
    }
    await syncAdmin(admin); // renders every share
    for (let round = 0; round < 2; round++) {
      await Promise.all(members.map((m) => m.agent.runOnce()));
      await syncAdmin(admin); // folds the reports
    }
    const idle = await cpuOf(pid(), () => sleep(10_000));
    const idlePerS = idle.cpu / idle.seconds;
    const net = (r: { cpu: number; seconds: number }) => Math.max(0, r.cpu - idlePerS * r.seconds);

    // Today: every iteration lists again.
    const poll = await cpuOf(pid(), () =>
      Promise.all(
        members.map(async (m) => {
          for (let i = 0; i < POLLS; i++) await m.agent.runOnce();
        }),
      ),
    );
    const pollPerMin = net(poll) / (k * POLLS); // one iteration a minute

    // Verrazzano's pattern, replayed.
    const vz = await cpuOf(pid(), () =>
      Promise.all(
        members.map(async (m) => {
          for (let i = 0; i < POLLS; i++) await replay(admin, info, m);
        }),
      ),
    );
    const vzPerMin = net(vz) / (k * POLLS);

    // Event-driven: the agents run; a window starts once every cache is filled.
    const steady = await eventDriven(members, pid(), { min: 2_000, max: 3_000 }, WINDOW_S);
    const perIteration = steady.iterations > 0 ? net(steady) / steady.iterations : 0;
    const quiet = await eventDriven(members, pid(), { min: 50_000, max: 70_000 }, WINDOW_S);
    const watchPerMin = net(quiet) / k / (quiet.seconds / 60);
    // One resync iteration a minute (served from the caches), plus the watches (and any
    // iteration that fell in the quiet window).
    const eventPerMin = perIteration + watchPerMin;
    const inWindow = steady.iterations;
    last = { event: eventPerMin, poll: pollPerMin, verrazzano: vzPerMin };
    const perCore = (x: number) => (x > 0 ? Math.round(60 / x) : Infinity);
    rows.push(
      `  K=${k}: per cluster per minute: event-driven ${(eventPerMin * 1000).toFixed(1)} ms CPU (${perCore(eventPerMin)} clusters/core), ` +
        `poll-only ${(pollPerMin * 1000).toFixed(1)} ms (${perCore(pollPerMin)}), Verrazzano replay ${(vzPerMin * 1000).toFixed(1)} ms (${perCore(vzPerMin)}); ` +
        `[event-driven: ${(perIteration * 1000).toFixed(1)} ms per cached iteration (${inWindow} in ${WINDOW_S} s at a 2–3 s resync) + ${(watchPerMin * 1000).toFixed(1)} ms/min of watches at the default resync]; idle ${(idlePerS * 60 * 1000).toFixed(0)} ms/min subtracted; load ${await loadAverage()}`,
    );
    console.log(rows.at(-1));
  }
  const perCore = (x: number) => (x > 0 ? Math.round(60 / x) : Infinity);
  const ratio = last.poll > 0 ? last.event / last.poll : 0;
  report({
    bench: `admin-scale: admin API-server CPU per managed cluster per minute, ${RESOURCES} resources each, K=${KS.at(-1)}, ${WIRING ? 'direct (Verrazzano) wiring' : 'secure wiring'}`,
    figure: `event-driven ${(last.event * 1000).toFixed(1)} ms/min (${(ratio * 100).toFixed(1)}% of poll-only), ${perCore(last.event)} clusters per admin core`,
    baseline: `poll-only ${(last.poll * 1000).toFixed(1)} ms/min (${perCore(last.poll)} clusters/core); Verrazzano replay ${(last.verrazzano * 1000).toFixed(1)} ms/min (${perCore(last.verrazzano)} clusters/core)`,
    goal: '≤ 1/10 of poll-only and ≥ 2,000 clusters per admin core',
    met: ratio <= 0.1 && perCore(last.event) >= 2_000,
  });
});
