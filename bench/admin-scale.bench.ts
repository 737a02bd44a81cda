/**
 * Issue 16 goal: the admin API server's CPU per managed cluster per minute in steady state, with
 * `BENCH_RESOURCES` wrappers per cluster (default 1,000), falls to ≤ 1/10 of today's and projects
 * to ≥ 2,000 clusters per admin core (Verrazzano's pattern: about 55). One real admin API server
 * (harness); K = `BENCH_K` agents (default 1,5,20) in this process, each with its own identity
 * (its registration's token; `BENCH_WIRING=verrazzano` for the direct wiring, else the secure one)
 * and an in-memory local cluster. CPU is the admin API server's utime + stime from /proc/<pid>/stat.
 *
 * The set-up converges fully: rounds of (every agent's iteration, an admin pass) until every
 * agent plans nothing (at most 8 rounds, else the bench fails). Then, per K, windows of
 * `BENCH_WINDOW_S` seconds (default 60, a whole number of minutes; 120 or more holds Go's forced
 * collection every 2 minutes in every window alike) alternate with control windows of the same
 * length in which nothing runs (no iteration, no watch, no connection): C E C P C V C. Each
 * window ends with a full collection in the API server (`/debug/pprof/heap?gc=1`), so that it pays
 * for its own garbage and no other's. Each measured window's net CPU is its raw CPU less the mean
 * rate of the two controls beside it.
 * Every cluster iterates once a minute in each measured window, as with the default interval:
 * - E, event-driven (issue 16): the agents run (`Agent.run`) with the default resync (50–70 s), its
 *   jitter fixed at the mean (`random` 0.5: every resync 60 s apart). The window opens 75 s after
 *   the last agent's first iteration (which fills its caches): 30 s, then a collection of the fills'
 *   garbage and 45 s for the scavenger (`settle`), so that it holds one resync per cluster per
 *   minute, and its watches. The start, fills included, is counted apart: paid once per agent start.
 *   Before the first control, the set-up is settled the same way, for 3 minutes (`BENCH_SETTLE_S`).
 * - P, today (poll-only): one `runOnce` per cluster per minute, staggered over the window, each by a
 *   new agent on a new connection (as every iteration connected before issue 16), listing
 *   everything again.
 * - V, Verrazzano (spec §7.2–7.3, replayed): per cluster per minute, staggered likewise, discovery
 *   (/api, /apis), the VMC Get and status update, the VP list, per namespace the lists of Secrets
 *   and the four wrapper kinds, per placed MCAppConfig the Gets of its Secrets and Components, the
 *   deregistration VMC Get and the registration Secret Get; as the admin's identity.
 * The E window holds no watch restarts: the server ends each of an agent's watches 30–60 minutes
 * after it starts (src/adapters/k8s/watch.ts), after the window. `bench/watch-restart.bench.ts`
 * prices them (0.46 ms a restart on 2026-12-07: 0.6 ms per cluster per minute for 62 watches at
 * 30–60 minutes, 3.8 ms at client-go's 5–10), to be added to E.
 * Per cluster per minute = net CPU / K × 60 / window. Clusters per core = 60 s / that.
 *
 * The collector is priced, not timed: its timing (whether Go's forced cycle every 2 minutes falls
 * in a window or just after, how much of a cycle idle workers take) moved the controls by up to
 * 0.6 s a minute, more than the event-driven figure itself. So each window's background marking
 * (`runtime.gcBgMarkWorker` in the window's CPU profile, which runs on past the window to hold its
 * closing collection) is taken out, and the bytes it allocated beyond the controls' rate
 * (`go_gc_heap_allocs_bytes_total`) are charged at what a steadily running server pays per byte:
 * one cycle's marking, from the controls' profiles and cycles, over the bytes allowed between two
 * cycles (heap goal less live heap). The timed figures are printed too.
 * The goal is judged on the priced bound of the event-driven figure (less the quietest control's
 * rate), against the timed poll-only figure: the controls' price per cycle is an idle server's,
 * whose idle workers mark with every free core, and a cycle costs a busy server less (the poll
 * window's 2 cycles took half a control's marking), so pricing poll-only would flatter the ratio.
 *
 * `BENCH_PPROF_DIR=<dir>` keeps the admin API server's CPU profile of every window there
 * (read with `go tool pprof -top -diff_base=<control> <window>`).
 *
 * Run: npm run bench -- admin-scale
 */
import { createMemoryCluster } from '../src/memory.js';
import { createAgent, syncAdmin, type IterationReport } from '../src/agent-entry.js';
import { Wiring, type ClusterClient, type KubeObject } from '../src/index.js';
import type { K8sClusterClient } from '../src/k8s.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adminClient,
  apiGet,
  apiGetToFile,
  counterDelta,
  installCrds,
  serverCounters,
  type CollectorCounters,
} from './clusters.js';
import {
  withOwnClusters,
  clusterFleet,
  connectAs,
  cpuSeconds,
  registerWithFleet,
  synced,
} from './event-fleet.js';
import { loadAverage, report } from './harness.js';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 1_000);
const NAMESPACES = 10;
const KS = (process.env.BENCH_K ?? '1,5,20').split(',').map(Number);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 60);
/** Iterations per cluster in a window: one a minute, as the agents' default interval gives. */
const PER_WINDOW = WINDOW_S / 60;
if (!Number.isInteger(PER_WINDOW) || PER_WINDOW < 1)
  throw new Error(`BENCH_WINDOW_S must be a whole number of minutes, got ${WINDOW_S}`);
/** The agents' default resync (50–70 s); with the jitter fixed at the mean, every 60 s. */
const RESYNC = { min: 50_000, max: 70_000 };
const RESYNC_MEAN_S = 60;
const MAX_ROUNDS = 8;
/**
 * How long {@link settle} waits after its collection: Go's scavenger returns the freed memory to the
 * OS in the background at about 1% of the CPU (0.4 s of `madvise` after the cache fills at K=20).
 */
const SETTLE_MS = 45_000;
/**
 * The same after the set-up, which frees far more (writing K × 1,000 wrappers, converging K agents):
 * 45 s left 1.1 s of `madvise` in the first control at K=20 (5.2 s a minute against 3.5–3.9).
 * 3 minutes (the default) still leave the collector's marking about twice the settled controls' in
 * the first control and in E after it (2026-12-07, fourth session: 3.4 s against 1.5 s per 4
 * minutes at K=20, before any request of E); `BENCH_SETTLE_S` gives more.
 */
const SETUP_SETTLE_MS = Number(process.env.BENCH_SETTLE_S ?? 180) * 1000;
/**
 * Kubernetes 1.34's cache consistency check (feature DetectCacheInconsistency, beta and on) lists
 * every resource from etcd every 5–7.5 minutes per resource, each on its own jitter: about 0.7 s of
 * CPU at K=5 and more with every stored object, with or without a client. It fell into whichever
 * window it fell (a control at 3.8 s a minute beside others at 2.2 s), so it is off here.
 */
const QUIET_SERVER = ['--feature-gates=DetectCacheInconsistency=false'];
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
  readonly local: ClusterClient;
  readonly fleet: KubeObject[];
}

/** CPU seconds of the admin API server over a window, and how long the window was. */
interface Window {
  readonly cpu: number;
  readonly seconds: number;
  /** What the admin API server answered meanwhile, per verb (`apiserver_request_total`). */
  readonly requests: string;
  /** Its collector's counters meanwhile (the window's closing collection included). */
  readonly collector: CollectorCounters;
  /** CPU seconds of the collector's background marking, from the window's profile. */
  readonly marking: number;
}

/** The admin API server, once started: its request counters are read around every window. */
let server: Parameters<typeof serverCounters>[0] | undefined;
/**
 * Where the admin API server's CPU profile of every window goes (K<k>-<n>-<window>.pprof):
 * `BENCH_PPROF_DIR`, else a temporary directory. The profiles are how the collector's marking is
 * told apart from the rest (read with `go tool pprof -top -diff_base=<control> <window>`).
 */
const PPROF_DIR = process.env.BENCH_PPROF_DIR ?? mkdtempSync(join(tmpdir(), 'vzmc-admin-scale-pprof-'));
/** The K being measured and the windows so far, for the profiles' names. */
const profiled = { k: 0, n: 0 };
/** A window's profile runs this much longer than the window, so that it holds the closing collection. */
const PROFILE_TAIL_S = 10;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The admin's CPU profile over the next `WINDOW_S` + {@link PROFILE_TAIL_S} seconds; resolves with its file. */
async function profile(label: string): Promise<string | undefined> {
  if (!server) return undefined;
  mkdirSync(PPROF_DIR, { recursive: true });
  const file = join(PPROF_DIR, `K${profiled.k}-${++profiled.n}-${label}.pprof`);
  const seconds = WINDOW_S + PROFILE_TAIL_S;
  await apiGetToFile(server, `/debug/pprof/profile?seconds=${seconds}`, file, (seconds + 60) * 1000);
  return file;
}

/**
 * The CPU seconds a profile holds under the collector's background marking
 * (`runtime.gcBgMarkWorker`: dedicated, fractional and idle workers): sampled CPU, not the
 * runtime's own estimate (`go_cpu_classes_gc_*`). The two agree for an idle control (2.8–3.3 s
 * per window on 2026-12-07), but the estimate gave 2.9 s for a poll-only window whose profile
 * sampled 1.6 s in the next run.
 */
function markingSeconds(file: string): number {
  const top = execFileSync('go', ['tool', 'pprof', '-top', '-cum', '-nodecount=100000', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const seconds = (text: string): number => {
    const m = /^([\d.]+)(ms|s|min)$/.exec(text);
    if (!m) return 0;
    const n = Number(m[1]);
    return m[2] === 'ms' ? n / 1000 : m[2] === 'min' ? n * 60 : n;
  };
  const line = top.split('\n').find((l) => / runtime\.gcBgMarkWorker$/.test(l));
  return line ? seconds(line.trim().split(/\s+/)[3] ?? '') : 0;
}

/**
 * A full collection in the admin API server, now (`runtime.GC()`, through its pprof heap endpoint).
 * Every window ends with one, so that it pays for its own garbage: left alone, Go collects the
 * garbage of a heavy window (the cache fills, the poll's lists) in whichever window comes next, and
 * its forced collection every 2 minutes falls where it falls.
 */
async function collect(): Promise<void> {
  if (server) await apiGet(server, '/debug/pprof/heap?gc=1');
}

/** After a one-off (the set-up, the agents' cache fills): a collection, then time for the scavenger. */
async function settle(ms = SETTLE_MS): Promise<void> {
  await collect();
  await sleep(ms);
}

/** CPU seconds of `pid` while `fn` runs, and how long it ran; `label` names its profile. */
async function cpuOf(pid: number, label: string, fn: () => Promise<unknown>): Promise<Window> {
  const counted = server;
  const counters = counted ? await serverCounters(counted) : undefined;
  const before = cpuSeconds(pid);
  const started = performance.now();
  const profiling = profile(label);
  await fn();
  await collect(); // the window's own garbage is collected in it
  const file = await profiling; // its tail holds the collection
  const marking = file === undefined ? 0 : markingSeconds(file);
  const cpu = cpuSeconds(pid) - before;
  const seconds = (performance.now() - started) / 1000;
  const counts = counted && counters ? counterDelta(counters, await serverCounters(counted)) : undefined;
  const delta = counts?.byVerb ?? {};
  const collector = counts?.collector ?? {
    allocBytes: 0,
    cycles: 0,
    liveBytes: 0,
    goalBytes: 0,
  };
  const requests = Object.entries(delta)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([verb, n]) => `${n} ${verb}`)
    .join(', ');
  return { cpu, seconds, requests: requests || 'none', collector, marking };
}

/** A connector whose clients are closed by `closeAll` (a poll-only agent's connection ends with it). */
function closingConnector() {
  const opened: K8sClusterClient[] = [];
  return {
    connect: (kubeconfig: string, cluster: string): ClusterClient => {
      const client = connectAs(kubeconfig, cluster) as K8sClusterClient;
      opened.push(client);
      return client;
    },
    closeAll: () => {
      for (const c of opened.splice(0)) c.close();
    },
  };
}

/** What an iteration left to do, for the failure message. */
const leftOf = (name: string, result: Extract<IterationReport, { state: 'synced' }>) =>
  result.plan.actions
    .slice(0, 3)
    .map((a) => `${name}: ${a.op} ${a.kind} ${a.namespace ?? ''}/${a.name}`)
    .join('; ');

/** Rounds of (every agent's iteration, an admin pass) until every agent plans nothing. */
async function converge(admin: ClusterClient, members: readonly Member[]): Promise<number> {
  const { connect, closeAll } = closingConnector();
  const agents = members.map((m) => ({ m, agent: createAgent({ local: m.local, connectAdmin: connect }) }));
  let left = '';
  try {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const results = await Promise.all(agents.map(async (a) => synced(await a.agent.runOnce(), a.m.name)));
      await syncAdmin(admin); // folds the reports
      const busy = results.map((r, i) => leftOf(agents[i]!.m.name, r)).filter((x) => x !== '');
      if (busy.length === 0) return round;
      left = busy.slice(0, 3).join('; ');
    }
  } finally {
    closeAll();
  }
  throw new Error(`admin-scale: no steady state after ${MAX_ROUNDS} rounds; still planned: ${left}`);
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

/**
 * {@link PER_WINDOW} calls of `fn` per member (one a minute, as each cluster polls), spread evenly
 * over the first 5/6 of the window; the window lasts at least `seconds`.
 */
async function staggered(
  members: readonly Member[],
  seconds: number,
  fn: (m: Member) => Promise<unknown>,
): Promise<void> {
  const spread = (seconds * 1000 * 5) / 6;
  const all = Array.from({ length: PER_WINDOW }, () => members).flat();
  const calls = all.map(async (m, i) => {
    await sleep((i * spread) / all.length);
    await fn(m);
  });
  await Promise.all([...calls, sleep(seconds * 1000)]);
}

/** Today's poll-only agents: one iteration per cluster, each by a new agent on a new connection. */
async function pollOnly(members: readonly Member[], pid: number): Promise<Window> {
  const { connect, closeAll } = closingConnector();
  try {
    return await cpuOf(pid, 'poll', () =>
      staggered(members, WINDOW_S, async (m) =>
        synced(await createAgent({ local: m.local, connectAdmin: connect }).runOnce(), m.name),
      ),
    );
  } finally {
    closeAll();
  }
}

/**
 * The event-driven agents with the default resync, every 60 s: the window opens half a resync after
 * the last first iteration, so that it holds {@link PER_WINDOW} resyncs of each agent.
 */
async function eventDriven(
  members: readonly Member[],
  pid: number,
): Promise<Window & { iterations: number; startUp: { cpu: number; seconds: number } }> {
  const startCpu = cpuSeconds(pid);
  const started = performance.now();
  const abort = new AbortController();
  const firstDone = new Map<string, number>();
  const failed: string[] = [];
  let iterations = 0;
  const running = members.map((m) =>
    createAgent({ local: m.local, connectAdmin: connectAs, intervalMs: RESYNC, random: () => 0.5 }).run(
      abort.signal,
      (r) => {
        if (r.state !== 'synced') failed.push(`${m.name}: ${JSON.stringify(r)}`);
        if (firstDone.has(m.name)) iterations++;
        else firstDone.set(m.name, performance.now());
      },
    ),
  );
  while (firstDone.size < members.length) await sleep(50);
  const spread = (Math.max(...firstDone.values()) - Math.min(...firstDone.values())) / 1000;
  // Beyond half a resync, a resync may fall before the window, or one too many in it.
  if (spread > RESYNC_MEAN_S * 0.5) console.log(`  (first iterations spread over ${spread.toFixed(1)} s)`);
  await sleep(RESYNC_MEAN_S * 500);
  // The caches' fill is a start-up cost, paid once per agent start: collected here, and counted apart.
  await settle();
  const startUp = { cpu: cpuSeconds(pid) - startCpu, seconds: (performance.now() - started) / 1000 };
  const before = iterations;
  const window = await cpuOf(pid, 'event', () => sleep(WINDOW_S * 1000));
  const counted = iterations - before;
  abort.abort();
  await Promise.all(running);
  if (failed.length > 0) throw new Error(`admin-scale: an event-driven iteration failed: ${failed[0]}`);
  return { ...window, iterations: counted, startUp };
}

/** A control window: nothing runs. */
const control = (pid: number) => cpuOf(pid, 'control', () => sleep(WINDOW_S * 1000));

/** Raw and net CPU per cluster per minute of a measured window between two controls. */
function perClusterMinute(w: Window, before: Window, after: Window, k: number) {
  const rate = (before.cpu + after.cpu) / (before.seconds + after.seconds);
  const scale = 60 / WINDOW_S / k;
  // How far the two controls differ: what the net figure may be off by.
  const noise = (Math.abs(before.cpu / before.seconds - after.cpu / after.seconds) / 2) * w.seconds * scale;
  return { raw: w.cpu * scale, net: (w.cpu - rate * w.seconds) * scale, noise };
}

/**
 * The collector's CPU per byte allocated, as a server running steadily pays it: one cycle's
 * marking (the controls' profiles over their cycles; they mark the same live heap and little
 * else) over the bytes the pacer lets be allocated between two cycles (goal less live heap, after
 * each control's closing collection).
 */
function collectorPrice(controls: readonly Window[]): { perByte: number; perCycle: number; budget: number } {
  const cycles = controls.reduce((n, c) => n + c.collector.cycles, 0);
  const marking = controls.reduce((n, c) => n + c.marking, 0);
  const budget =
    controls.reduce((n, c) => n + (c.collector.goalBytes - c.collector.liveBytes), 0) / controls.length;
  const perCycle = cycles > 0 ? marking / cycles : 0;
  return { perByte: budget > 0 ? perCycle / budget : 0, perCycle, budget };
}

/**
 * Per cluster per minute with the collector priced, not timed: the window's CPU less its
 * collector's (whose timing, a forced cycle more or less, varies between controls by more than
 * the figure), less the controls' rate of the same, plus the bytes the window allocated beyond the
 * controls' rate at `perByte`. `bound` takes the quietest control's rate instead of the two beside.
 */
function pricedPerClusterMinute(
  w: Window,
  before: Window,
  after: Window,
  controls: readonly Window[],
  k: number,
  perByte: number,
) {
  const scale = 60 / WINDOW_S / k;
  const nonGc = (c: Window) => (c.cpu - c.marking) / c.seconds;
  const rate =
    (nonGc(before) * before.seconds + nonGc(after) * after.seconds) / (before.seconds + after.seconds);
  const allocRate =
    (before.collector.allocBytes + after.collector.allocBytes) / (before.seconds + after.seconds);
  const priced = (w.collector.allocBytes - allocRate * w.seconds) * perByte;
  const own = w.cpu - w.marking;
  return {
    net: (own - rate * w.seconds + priced) * scale,
    noise: (Math.abs(nonGc(before) - nonGc(after)) / 2) * w.seconds * scale,
    bound: (own - Math.min(...controls.map(nonGc)) * w.seconds + priced) * scale,
    collector: priced * scale,
  };
}

const msOf = (s: number) => `${(s * 1000).toFixed(1)} ms`;
/** The bound on the event-driven figure: per cluster per minute, clusters per core, share of poll-only. */
const bound = (s: number, poll: number) =>
  `${msOf(s)}, ${perCore(Math.max(s, 0))} clusters/core, ${((Math.max(s, 0) / poll) * 100).toFixed(1)}% of poll-only`;
const perCore = (perMin: number) => (perMin > 0 ? Math.round(60 / perMin) : Infinity);
/** A priced figure: net ± noise, its bound, and its collector share. */
const priced = (f: { net: number; noise: number; bound: number; collector: number }) =>
  `${msOf(f.net)} ± ${msOf(f.noise)} (bound ${msOf(f.bound)}, collector ${msOf(f.collector)}), ${perCore(f.net)} clusters/core (${perCore(f.bound)} at the bound)`;
/** A per-minute figure: net ± noise (raw), and clusters per core from the net and from net + noise. */
const figure = (f: { raw: number; net: number; noise: number }) =>
  `${msOf(f.net)} ± ${msOf(f.noise)} (raw ${msOf(f.raw)}), ${perCore(f.net)} clusters/core (${perCore(f.net + f.noise)} at +noise)`;

/** C E C P C V C for `members`: per cluster per minute, raw and net, of each. */
async function measure(
  members: readonly Member[],
  pid: number,
  admin: ClusterClient,
  info: Parameters<typeof apiGet>[0],
) {
  const k = members.length;
  await settle(SETUP_SETTLE_MS); // the set-up's garbage, before the first control
  const c0 = await control(pid);
  const e = await eventDriven(members, pid);
  const c1 = await control(pid);
  const p = await pollOnly(members, pid);
  const c2 = await control(pid);
  const v = await cpuOf(pid, 'verrazzano', () => staggered(members, WINDOW_S, (m) => replay(admin, info, m)));
  const c3 = await control(pid);
  const controls = [c0, c1, c2, c3].map((c) => msOf((c.cpu / c.seconds) * 60));
  // The bound: E less the quietest control of the run (the background at its lowest).
  const lowest = Math.min(...[c0, c1, c2, c3].map((c) => c.cpu / c.seconds));
  const price = collectorPrice([c0, c1, c2, c3]);
  const pricedOf = (w: Window, before: Window, after: Window) =>
    pricedPerClusterMinute(w, before, after, [c0, c1, c2, c3], k, price.perByte);
  const gc = [c0, e, c1, p, c2, v, c3].map(
    (w) =>
      `${w.marking.toFixed(2)} s/${w.collector.cycles}/${(w.collector.allocBytes / 2 ** 20).toFixed(0)} MB`,
  );
  return {
    price,
    pricedEvent: pricedOf(e, c0, c1),
    pricedPoll: pricedOf(p, c1, c2),
    pricedVerrazzano: pricedOf(v, c2, c3),
    collector: `C E C P C V C: ${gc.join(' | ')} (marking CPU from the profile/cycles/allocated)`,
    event: perClusterMinute(e, c0, c1, k),
    eventBound: (e.cpu - lowest * e.seconds) * (60 / WINDOW_S / k),
    poll: perClusterMinute(p, c1, c2, k),
    verrazzano: perClusterMinute(v, c2, c3, k),
    iterations: e.iterations,
    // The agents' start (cache fills), net of c0's rate, per cluster: paid once per start.
    startUpMs: ((e.startUp.cpu - (c0.cpu / c0.seconds) * e.startUp.seconds) / k) * 1000,
    controls: controls.join(', '),
    requests: `C ${c0.requests} | E ${e.requests} | C ${c1.requests} | P ${p.requests} | C ${c2.requests} | V ${v.requests} | C ${c3.requests}`,
  };
}

await withOwnClusters(
  WIRING ? 'admin-scale-direct' : 'admin-scale',
  ['admin'],
  async (clusters) => {
    const info = clusters.cluster('admin');
    server = info;
    const admin = adminClient(info, 32);
    await installCrds(admin);
    const pid = () => clusters.cluster('admin').pid!;
    const members: Member[] = [];
    let last: Awaited<ReturnType<typeof measure>> | undefined;
    for (const k of KS) {
      // Grow the fleet to k clusters, each registered, its share rendered, synced and converged.
      const setUp = performance.now();
      while (members.length < k) {
        const name = `c${members.length + 1}`;
        const local = createMemoryCluster({ name }).client();
        const fleet = clusterFleet(name, RESOURCES, NAMESPACES);
        await registerWithFleet(admin, info, local, name, fleet, WIRING);
        members.push({ name, local, fleet });
      }
      await syncAdmin(admin); // renders every share
      profiled.k = k;
      const rounds = await converge(admin, members);
      const setUpS = ((performance.now() - setUp) / 1000).toFixed(0);
      last = await measure(members, pid(), admin, info);
      const { event, poll, verrazzano } = last;
      console.log(
        `  K=${k} (set-up ${setUpS} s, converged in ${rounds} rounds), per cluster per minute, net ± noise:\n` +
          `    event-driven     ${figure(event)}; ${last.iterations} resyncs in the window; start-up (cache fills) ${last.startUpMs.toFixed(0)} ms per cluster, once\n` +
          `    event-driven, bound (less the quietest control): ${bound(last.eventBound, poll.net)}\n` +
          `    poll-only        ${figure(poll)}\n` +
          `    Verrazzano       ${figure(verrazzano)}\n` +
          `    event/poll ${(event.net / poll.net).toFixed(3)}; controls ${last.controls} per minute; load ${await loadAverage()}\n` +
          `    requests per window: ${last.requests}\n` +
          `    collector priced by allocation (${(last.price.perCycle * 1000).toFixed(0)} ms a cycle over ${(last.price.budget / 2 ** 20).toFixed(0)} MB between cycles): ` +
          `event-driven ${priced(last.pricedEvent)}; poll-only ${priced(last.pricedPoll)}; Verrazzano ${priced(last.pricedVerrazzano)}; ` +
          `event/poll (timed: a busy server's cycles cost less than the idle controls' price) ${(last.pricedEvent.net / last.poll.net).toFixed(3)} (bound ${(last.pricedEvent.bound / last.poll.net).toFixed(3)})\n` +
          `    collector per window: ${last.collector}`,
      );
    }
    const { event, eventBound, poll, verrazzano, pricedEvent, pricedPoll, pricedVerrazzano } = last!;
    report({
      bench: `admin-scale: admin API-server CPU per managed cluster per minute, steady state, ${RESOURCES} resources each, K=${KS.at(-1)}, ${WIRING ? 'direct (Verrazzano) wiring' : 'secure wiring'}, ${WINDOW_S} s windows, net of control windows, the collector priced by allocation`,
      figure: `event-driven ${priced(pricedEvent)} per cluster per minute (timed, collector included: ${figure(event)}, bound ${bound(eventBound, poll.net)}); watch restarts (30–60 min each) not in the window (bench/watch-restart)`,
      baseline: `poll-only ${priced(pricedPoll)} (timed: ${figure(poll)}); Verrazzano replay ${priced(pricedVerrazzano)} (timed: ${figure(verrazzano)})`,
      goal: '≤ 1/10 of poll-only (timed) and ≥ 2,000 clusters per admin core, for the bound with the collector priced',
      // Judged on the bound: a net figure near zero is within the background's drift, not a result.
      met:
        poll.net > 0 &&
        pricedEvent.bound <= poll.net / 10 &&
        perCore(Math.max(pricedEvent.bound, 0)) >= 2_000,
    });
  },
  QUIET_SERVER,
);
