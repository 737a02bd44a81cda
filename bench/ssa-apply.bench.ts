/**
 * Issue #3 goal: server-side apply of 1,000 ConfigMaps through the k8s adapter at least 3× as fast
 * as `kubectl apply --server-side -f` of the same objects, on the same real API server, with
 * bounded concurrency and no 429. Also the no-op re-apply of the same 1,000 with both.
 *
 * Fairness: one harness API server; both sides use the same kubeconfig, a ServiceAccount token
 * (so API Priority and Fairness classifies the requests as a workload would be: system:masters,
 * the harness admin, is exempt and could never see a 429), the same field manager and the same
 * objects, each run in a fresh namespace; runs alternate which side goes first; kubectl's
 * discovery cache is warm (a warm-up run of each side is not counted). 429s are counted on the
 * adapter's side (ClusterErrors with status 429) and on the server's (apiserver_request_total
 * with code 429, and APF rejections), which also catches the 429s kubectl retries silently.
 *
 * Issue 16 adds a third side: client-go (bench/ssa-peer/main.go, built into the cache), applying the
 * same objects with the same field manager and the adapter's concurrency through its typed
 * clientset, one process per phase; its own wall time and CPU time (getrusage) of the phase are
 * read from its report. The vzmc/client-go ratios of wall time and of client CPU per 1,000
 * applies are reported beside kubectl's, and so is Node's own floor: the same applies through bare
 * `node:http2` with nothing of the adapter's (bench/node-floor.ts). `VZMC_BENCH_SSA_SWEEP=0` skips the concurrency sweep.
 *
 * Run: npm run bench -- ssa-apply
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isClusterError, toYaml, type KubeObject } from '../src/index.js';
import type { TestClusterInfo, TestClusters } from '../src/testing/harness/index.js';
import { createK8sClusterClient, K8sDefaults } from '../src/k8s.js';
import { ensureControlPlaneBinaries } from '../src/testing/harness/index.js';
import {
  adminClient,
  BENCH_STATE_DIR,
  childrenCpuMs,
  counterDelta,
  ownCpuMs,
  processCpuMs,
  serverCounters,
  withClusters,
} from './clusters.js';
import { configMaps } from './fixtures.js';
import { loadAverage, ms, report } from './harness.js';
import { http2ApplyFloor } from './node-floor.js';
import { ensureSsaPeer } from './ssa-peer.js';

const COUNT = Number(process.env['VZMC_BENCH_SSA_COUNT'] ?? 1_000);
const RUNS = Number(process.env['VZMC_BENCH_SSA_RUNS'] ?? 5);
const SWEEP = process.env['VZMC_BENCH_SSA_SWEEP'] !== '0';
const FIELD_MANAGER = 'vzmc-bench';
const CONCURRENCY: number = K8sDefaults.maxConcurrency;
const run = promisify(execFile);

const verbs = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([verb, n]) => `${n} ${verb}`)
    .join(' + ');
const describe = (t: Timing): string =>
  `${ms(t.apply.ms)} / re-apply ${ms(t.reapply.ms)} (apply: server CPU ${ms(t.apply.serverCpuMs)}, client CPU ${ms(t.apply.clientCpuMs)}; server saw ${verbs(t.serverRequests)})`;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One timed phase: wall time, and the CPU the server (API server + etcd) and the client used. */
interface Phase {
  readonly ms: number;
  readonly serverCpuMs: number;
  readonly clientCpuMs: number;
}

interface Timing {
  readonly apply: Phase;
  readonly reapply: Phase;
  /** 429 answers the client saw (the adapter only; kubectl retries them without saying). */
  readonly client429: number;
  /** 429 answers and APF rejections the server counted during the run. */
  readonly server429: number;
  /** Requests the server counted during the run (apply and re-apply), per verb. */
  readonly serverRequests: Readonly<Record<string, number>>;
}

/** What both sides of a run share: the cluster, its admin, and the applier's kubeconfig. */
interface Bench {
  readonly clusters: TestClusters;
  readonly info: TestClusterInfo;
  readonly admin: ReturnType<typeof adminClient>;
  /** The applier's kubeconfig (a ServiceAccount token), in memory and on disk for kubectl. */
  readonly kubeconfig: string;
  readonly kubeconfigPath: string;
  readonly kubectlCache: string;
  /** The applier's token, for the bare `node:http2` floor. */
  readonly token: string;
}

const binaries = await ensureControlPlaneBinaries({ kubectl: true });
const kubectl = binaries.kubectl!;
const clientGo = await ensureSsaPeer();
const clientGoVersion = clientGo.clientGoVersion;
const workDir = join(BENCH_STATE_DIR, '..', 'bench-work');
mkdirSync(workDir, { recursive: true, mode: 0o700 });

/** A non-exempt identity allowed to apply ConfigMaps anywhere, used by both sides. */
async function applierIdentity(clusters: TestClusters): Promise<Bench> {
  const info = clusters.cluster('ssa');
  const admin = adminClient(info);
  const identity = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench-identity' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'applier', namespace: 'bench-identity' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'bench-applier' },
      rules: [{ apiGroups: [''], resources: ['configmaps', 'namespaces'], verbs: ['*'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'bench-applier' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'bench-applier' },
      subjects: [{ kind: 'ServiceAccount', name: 'applier', namespace: 'bench-identity' }],
    },
  ];
  for (const object of identity) await admin.apply(object, { fieldManager: FIELD_MANAGER, force: true });
  const token = await admin.requestToken('bench-identity', 'applier', { expirationSeconds: 3600 });
  const kubeconfig = clusters.kubeconfigFor('ssa', token, { user: 'applier' });
  const kubeconfigPath = join(workDir, 'ssa-applier.kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
  // The token dies with the cluster, but the file need not outlive the run.
  process.once('exit', () => {
    rmSync(kubeconfigPath, { force: true });
  });
  const kubectlCache = join(workDir, 'kubectl-cache');
  return { clusters, info, admin, kubeconfig, kubeconfigPath, kubectlCache, token };
}

const namespace = async (bench: Bench, name: string) =>
  bench.admin.apply(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    { fieldManager: FIELD_MANAGER },
  );

/** The CPU time of the API server and etcd so far. */
const serverCpu = (bench: Bench) =>
  processCpuMs(bench.clusters.cluster('ssa').pid) + processCpuMs(bench.clusters.stats().etcd.pid);

async function phase(bench: Bench, fn: () => Promise<unknown>, clientCpu: () => number): Promise<Phase> {
  const [server0, client0] = [serverCpu(bench), clientCpu()];
  const start = performance.now();
  await fn();
  const elapsed = performance.now() - start;
  return { ms: elapsed, serverCpuMs: serverCpu(bench) - server0, clientCpuMs: clientCpu() - client0 };
}

async function withServer429<T extends Omit<Timing, 'server429' | 'serverRequests'>>(
  bench: Bench,
  fn: () => Promise<T>,
): Promise<Timing> {
  const before = await serverCounters(bench.info);
  const result = await fn();
  const delta = counterDelta(before, await serverCounters(bench.info));
  return { ...result, server429: delta.tooManyRequests + delta.rejected, serverRequests: delta.byVerb };
}

/** The adapter's side: apply, then re-apply, `count` ConfigMaps in a fresh namespace. */
async function adapterRun(
  bench: Bench,
  ns: string,
  count: number,
  maxConcurrency = CONCURRENCY,
): Promise<Timing> {
  await namespace(bench, ns);
  const objects = configMaps(count, ns) as unknown as KubeObject[];
  // A fresh client per run: new connections, as a new process would have.
  const client = createK8sClusterClient({ kubeconfig: { yaml: bench.kubeconfig }, maxConcurrency });
  let client429 = 0;
  const applyAll = () =>
    phase(
      bench,
      async () => {
        const results = await Promise.allSettled(
          objects.map((o) => client.apply(o, { fieldManager: FIELD_MANAGER })),
        );
        for (const r of results) {
          if (r.status === 'rejected') {
            if (isClusterError(r.reason) && r.reason.status === 429) client429++;
            else throw r.reason;
          }
        }
      },
      ownCpuMs,
    );
  try {
    return await withServer429(bench, async () => ({
      apply: await applyAll(),
      reapply: await applyAll(),
      client429,
    }));
  } finally {
    client.close();
  }
}

/** kubectl's side: `kubectl apply --server-side -f` of the same objects, twice. */
async function kubectlRun(bench: Bench, ns: string, count: number): Promise<Timing> {
  await namespace(bench, ns);
  const file = join(workDir, `${ns}.yaml`);
  writeFileSync(file, toYaml(configMaps(count, ns)));
  const args = [
    'apply',
    '--server-side',
    `--field-manager=${FIELD_MANAGER}`,
    `--kubeconfig=${bench.kubeconfigPath}`,
    `--cache-dir=${bench.kubectlCache}`,
    '-o',
    'name',
    '-f',
    file,
  ];
  const applyOnce = () =>
    phase(
      bench,
      async () => {
        const { stdout } = await run(kubectl, args, { maxBuffer: 64 * 1024 * 1024 });
        const applied = stdout.split('\n').filter((l) => l.startsWith('configmap/')).length;
        if (applied !== count) throw new Error(`kubectl applied ${applied} of ${count}`);
      },
      childrenCpuMs,
    );
  return withServer429(bench, async () => ({
    apply: await applyOnce(),
    reapply: await applyOnce(),
    client429: 0,
  }));
}

/** What the client-go peer prints for one phase. */
interface PeerReport {
  readonly applied: number;
  readonly errors: number;
  readonly tooManyRequests: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly firstError?: string;
}

/** client-go's side: the peer applies the same objects at the adapter's concurrency, twice. */
async function clientGoRun(bench: Bench, ns: string, count: number): Promise<Timing> {
  await namespace(bench, ns);
  const file = join(workDir, `${ns}.json`);
  writeFileSync(file, JSON.stringify(configMaps(count, ns)));
  const args = [
    `-kubeconfig=${bench.kubeconfigPath}`,
    `-file=${file}`,
    `-concurrency=${CONCURRENCY}`,
    `-field-manager=${FIELD_MANAGER}`,
  ];
  let client429 = 0;
  const applyOnce = async (): Promise<Phase> => {
    const server0 = serverCpu(bench);
    const { stdout } = await run(clientGo.path, args, { maxBuffer: 16 * 1024 * 1024 });
    const serverCpuMs = serverCpu(bench) - server0;
    const peer = JSON.parse(stdout.trim().split('\n').at(-1)!) as PeerReport;
    client429 += peer.tooManyRequests;
    if (peer.applied + peer.tooManyRequests !== count)
      throw new Error(`client-go applied ${peer.applied} of ${count}: ${peer.firstError ?? ''}`);
    return { ms: peer.wallMs, serverCpuMs, clientCpuMs: peer.cpuMs };
  };
  return withServer429(bench, async () => ({
    apply: await applyOnce(),
    reapply: await applyOnce(),
    client429,
  }));
}

/** Node's floor: bare `node:http2` (bench/node-floor.ts), the same objects, token and concurrency. */
async function floorRun(bench: Bench, ns: string, count: number): Promise<Timing> {
  await namespace(bench, ns);
  const objects = configMaps(count, ns) as unknown as { metadata: { name: string; namespace: string } }[];
  const target = {
    server: bench.info.server,
    caPem: bench.info.caPem,
    token: bench.token,
    fieldManager: FIELD_MANAGER,
    concurrency: CONCURRENCY,
  };
  const once = async (): Promise<Phase> => {
    const server0 = serverCpu(bench);
    const floor = await http2ApplyFloor(target, objects);
    return { ...floor, serverCpuMs: serverCpu(bench) - server0 };
  };
  return withServer429(bench, async () => ({ apply: await once(), reapply: await once(), client429: 0 }));
}

/** Every side's timings, one per run. */
interface Sides {
  readonly adapter: Timing[];
  readonly cli: Timing[];
  readonly clientGo: Timing[];
  readonly floor: Timing[];
}

/** The counted runs, rotating which side goes first. */
async function alternatingRuns(bench: Bench): Promise<Sides> {
  const runs: Sides = { adapter: [], cli: [], clientGo: [], floor: [] };
  for (let i = 0; i < RUNS; i++) {
    const sides = [
      async () => runs.adapter.push(await adapterRun(bench, `ssa-adapter-${i}`, COUNT)),
      async () => runs.cli.push(await kubectlRun(bench, `ssa-kubectl-${i}`, COUNT)),
      async () => runs.clientGo.push(await clientGoRun(bench, `ssa-client-go-${i}`, COUNT)),
      async () => runs.floor.push(await floorRun(bench, `ssa-floor-${i}`, COUNT)),
    ];
    for (let k = 0; k < i % sides.length; k++) sides.push(sides.shift()!);
    for (const side of sides) await side();
    const [a, k, g, f] = [runs.adapter.at(-1)!, runs.cli.at(-1)!, runs.clientGo.at(-1)!, runs.floor.at(-1)!];
    console.log(
      `  run ${i + 1}: ${(k.apply.ms / a.apply.ms).toFixed(1)}× kubectl (re-apply ${(k.reapply.ms / a.reapply.ms).toFixed(1)}×), vzmc/client-go wall ${(a.apply.ms / g.apply.ms).toFixed(2)}, client CPU ${(a.apply.clientCpuMs / g.apply.clientCpuMs).toFixed(2)} (Node's floor ${(f.apply.clientCpuMs / g.apply.clientCpuMs).toFixed(2)}): adapter ${describe(a)}; kubectl ${describe(k)}; client-go ${describe(g)}; bare node:http2 ${describe(f)}`,
    );
  }
  return runs;
}

/** Where the ceiling is: the adapter alone at other concurrency limits (one run each). */
async function concurrencySweep(bench: Bench): Promise<void> {
  const sweep: string[] = [];
  for (const limit of [1, 4, 16, 32, 64]) {
    const t = await adapterRun(bench, `ssa-sweep-${limit}`, COUNT, limit);
    sweep.push(
      `${limit}: ${ms(t.apply.ms)} (server CPU ${ms(t.apply.serverCpuMs)}, 429s ${t.client429} seen / ${t.server429} on the server)`,
    );
  }
  console.log(`  adapter apply by maxConcurrency: ${sweep.join(', ')}`);
}

/** The client-go lines: vzmc/client-go ratios of wall time and of client CPU per 1,000 applies. */
function reportClientGo({ adapter, clientGo, floor }: Sides, load: string): void {
  for (const which of ['apply', 'reapply'] as const) {
    const wall = median(adapter.map((t) => t[which].ms)) / median(clientGo.map((t) => t[which].ms));
    const perK = (ts: readonly Timing[]) => median(ts.map((t) => t[which].clientCpuMs)) * (1000 / COUNT);
    const [a, g, f] = [perK(adapter), perK(clientGo), perK(floor)];
    const cpuRatio = a / g;
    const perRun = adapter.map((t, i) => (t[which].clientCpuMs / clientGo[i]![which].clientCpuMs).toFixed(2));
    const server = (ts: readonly Timing[]) => ms(median(ts.map((t) => t[which].serverCpuMs)));
    const what = which === 'apply' ? 'server-side apply' : 'no-op re-apply';
    report({
      bench: `${what} of ${COUNT} ConfigMaps: k8s adapter vs client-go ${clientGoVersion} (both ${CONCURRENCY} in flight), median of ${RUNS}`,
      figure: `client CPU ${ms(a)} per 1,000 applies = ${cpuRatio.toFixed(2)}× client-go (per run ${perRun.join(', ')}); wall ${wall.toFixed(2)}× client-go; server CPU ${server(adapter)}; load ${load}`,
      baseline: `client-go: client CPU ${ms(g)} per 1,000 applies, wall ${ms(median(clientGo.map((t) => t[which].ms)))}; server CPU ${server(clientGo)}; Node's own floor (bare node:http2, no adapter): ${ms(f)} = ${(f / g).toFixed(2)}× client-go`,
      goal: 'client CPU per 1,000 applies ≤ 1.0× client-go',
      met: cpuRatio <= 1,
    });
  }
}

/** The two report lines: apply and no-op re-apply, medians of the runs. */
function reportResults(adapter: readonly Timing[], cli: readonly Timing[], load: string): void {
  const rate = (n: number, msValue: number) => `${((n * 1000) / msValue).toFixed(0)} objects/s`;
  const a = median(adapter.map((t) => t.apply.ms));
  const k = median(cli.map((t) => t.apply.ms));
  const ra = median(adapter.map((t) => t.reapply.ms));
  const rk = median(cli.map((t) => t.reapply.ms));
  const cpu = (ts: readonly Timing[], which: 'apply' | 'reapply') =>
    `server CPU ${ms(median(ts.map((t) => t[which].serverCpuMs)))}, client CPU ${ms(median(ts.map((t) => t[which].clientCpuMs)))}`;
  const client429 = adapter.reduce((n, t) => n + t.client429, 0);
  const adapter429 = adapter.reduce((n, t) => n + t.server429, 0);
  const kubectl429 = cli.reduce((n, t) => n + t.server429, 0);
  const counts = `429s: adapter ${client429} seen / ${adapter429} on the server; kubectl ${kubectl429} on the server`;
  report({
    bench: `server-side apply of ${COUNT} ConfigMaps: k8s adapter (maxConcurrency ${CONCURRENCY}) vs kubectl ${binaries.kubernetesVersion}, median of ${RUNS}`,
    figure: `${ms(a)} (${rate(COUNT, a)}), ${(k / a).toFixed(1)}× kubectl; ${cpu(adapter, 'apply')}; ${counts}; load ${load}`,
    baseline: `${ms(k)} (${rate(COUNT, k)}) for kubectl apply --server-side -f; ${cpu(cli, 'apply')}`,
    goal: '≥ 3× kubectl, no 429',
    met: k / a >= 3 && client429 + adapter429 === 0,
  });
  report({
    bench: `no-op re-apply of the same ${COUNT} ConfigMaps, median of ${RUNS}`,
    figure: `${ms(ra)} (${rate(COUNT, ra)}), ${(rk / ra).toFixed(1)}× kubectl; ${cpu(adapter, 'reapply')}`,
    baseline: `${ms(rk)} (${rate(COUNT, rk)}) for kubectl apply --server-side -f; ${cpu(cli, 'reapply')}`,
    // Issue #3 only asks for this to be timed; 3× is our own bar for it.
    goal: '≥ 3× kubectl, no 429 (our own bar: the issue only asks to time the re-apply)',
    met: rk / ra >= 3 && client429 + adapter429 === 0,
  });
}

await withClusters(['ssa'], async (clusters) => {
  const bench = await applierIdentity(clusters);

  // Warm-up, not counted: kubectl fills its discovery cache, every side warms the server, and the
  // two sides in this process run a whole run's applies first, so that V8 has compiled their hot
  // paths as a long-running agent's are (client-go's are compiled ahead of time).
  await adapterRun(bench, 'ssa-warmup-adapter', COUNT);
  await kubectlRun(bench, 'ssa-warmup-kubectl', 50);
  await clientGoRun(bench, 'ssa-warmup-client-go', 50);
  await floorRun(bench, 'ssa-warmup-floor', COUNT);

  // The server's own background work, so that its CPU during a run can be read net of it.
  const idle0 = serverCpu(bench);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const idleCpuPerSecond = (serverCpu(bench) - idle0) / 3;
  console.log(`  idle API server + etcd: ${ms(idleCpuPerSecond)} CPU per second`);

  const load = await loadAverage();
  const sides = await alternatingRuns(bench);
  if (SWEEP) await concurrencySweep(bench);
  bench.admin.close();
  reportResults(sides.adapter, sides.cli, load);
  reportClientGo(sides, load);
});
