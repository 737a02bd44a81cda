/**
 * Real API servers for the benchmarks: the test harness, started in a state directory of their
 * own (never the test suite's), always stopped; plus what the benchmarks read from a server
 * itself (its /metrics) and a ClusterClient wrapper that counts calls.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { generateCrds, type ClusterClient, type KubeObject, type ObjectKey } from '../src/index.js';
import { createK8sClusterClient, K8sDefaults, type K8sClusterClient } from '../src/k8s.js';
import {
  defaultCacheDir,
  startTestClusters,
  type TestClusterInfo,
  type TestClusters,
} from '../src/testing/harness/index.js';

/**
 * The benchmarks' own harness state directory, apart from the test suite's; `VZMC_BENCH_STATE_DIR`
 * gives another, so that two checkouts sharing one cache can run benchmarks at the same time.
 */
export const BENCH_STATE_DIR = process.env.VZMC_BENCH_STATE_DIR ?? join(defaultCacheDir(), 'state', 'bench');

/** Starts `names` on real API servers, runs `fn`, and stops them whatever happens. */
export async function withClusters<T>(
  names: readonly string[],
  fn: (clusters: TestClusters) => Promise<T>,
): Promise<T> {
  const clusters = await startTestClusters({ clusters: names, stateDir: BENCH_STATE_DIR });
  try {
    return await fn(clusters);
  } finally {
    await clusters.stop();
  }
}

/** One GET to the API server with its CA and a token, on a connection of its own: the response. */
function openGet(
  cluster: TestClusterInfo,
  path: string,
  token: string,
  timeoutMs: number,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${cluster.server}${path}`,
      {
        ca: cluster.caPem,
        headers: { authorization: `Bearer ${token}`, accept: 'text/plain, application/json' },
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        res.on('error', reject);
        resolve(res);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: timeout`)));
    req.on('error', reject);
    req.end();
  });
}

/** One GET to the API server with its CA and a token; the body as text. */
export async function apiGet(cluster: TestClusterInfo, path: string, token = cluster.token): Promise<string> {
  const res = await openGet(cluster, path, token, 30_000);
  res.setEncoding('utf8');
  let body = '';
  for await (const chunk of res) body += chunk as string;
  if ((res.statusCode ?? 0) >= 300) throw new Error(`GET ${path}: HTTP ${res.statusCode}: ${body}`);
  return body;
}

/** One GET to the API server, its body written to `file` as it comes (e.g. a pprof profile). */
export async function apiGetToFile(
  cluster: TestClusterInfo,
  path: string,
  file: string,
  timeoutMs: number,
): Promise<void> {
  const res = await openGet(cluster, path, cluster.token, timeoutMs);
  if ((res.statusCode ?? 0) >= 300) {
    res.resume();
    throw new Error(`GET ${path}: HTTP ${res.statusCode}`);
  }
  await pipeline(res, createWriteStream(file));
}

/** One sample of a Prometheus text exposition: name, labels, value. */
interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    out.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return out;
}

/** The API server's own request counters, read from /metrics. */
export interface ServerCounters {
  /** `apiserver_request_total`, summed per verb (GET, LIST, PATCH, …), excluding `resourceFilter`. */
  readonly byVerb: Readonly<Record<string, number>>;
  /** Requests answered 429 (`apiserver_request_total{code="429"}`). */
  readonly tooManyRequests: number;
  /** Requests API Priority and Fairness rejected (`apiserver_flowcontrol_rejected_requests_total`). */
  readonly rejected: number;
  /** The Go runtime's collector, from its own metrics (`go_cpu_classes_gc_*`, `go_gc_*`). */
  readonly collector: CollectorCounters;
}

/** What the server's Go runtime says of its collector (counters, and the heap at the last cycle). */
export interface CollectorCounters {
  /** Bytes allocated on the heap. */
  readonly allocBytes: number;
  /** Completed cycles. */
  readonly cycles: number;
  /** The heap live at the last cycle's end. */
  readonly liveBytes: number;
  /** The heap size at which the next cycle starts. */
  readonly goalBytes: number;
}

const COLLECTOR_METRICS: Readonly<Record<string, keyof CollectorCounters>> = {
  go_gc_heap_allocs_bytes_total: 'allocBytes',
  go_gc_cycles_total_gc_cycles_total: 'cycles',
  go_gc_heap_live_bytes: 'liveBytes',
  go_gc_heap_goal_bytes: 'goalBytes',
};

/**
 * Reads the server's counters. Requests to leases (the API server's own heartbeat) and to
 * /metrics itself are left out, so deltas show what a client did.
 */
export async function serverCounters(cluster: TestClusterInfo): Promise<ServerCounters> {
  const samples = parseMetrics(await apiGet(cluster, '/metrics'));
  const byVerb: Record<string, number> = {};
  let tooManyRequests = 0;
  let rejected = 0;
  const collector = { allocBytes: 0, cycles: 0, liveBytes: 0, goalBytes: 0 };
  for (const s of samples) {
    const field = COLLECTOR_METRICS[s.name];
    if (field !== undefined) collector[field] = s.value;
    if (s.name === 'apiserver_request_total') {
      if (s.labels['code'] === '429') tooManyRequests += s.value;
      if (s.labels['resource'] === 'leases' || s.labels['resource'] === '') continue;
      const verb = s.labels['verb'] ?? '?';
      byVerb[verb] = (byVerb[verb] ?? 0) + s.value;
    } else if (s.name === 'apiserver_flowcontrol_rejected_requests_total') {
      rejected += s.value;
    }
  }
  return { byVerb, tooManyRequests, rejected, collector };
}

/** `after - before`, verb by verb (only verbs that moved). */
export function counterDelta(before: ServerCounters, after: ServerCounters): ServerCounters {
  const byVerb: Record<string, number> = {};
  for (const [verb, n] of Object.entries(after.byVerb)) {
    const d = n - (before.byVerb[verb] ?? 0);
    if (d !== 0) byVerb[verb] = d;
  }
  const a = after.collector;
  const b = before.collector;
  return {
    byVerb,
    tooManyRequests: after.tooManyRequests - before.tooManyRequests,
    rejected: after.rejected - before.rejected,
    // Counters as differences; the heap as it stands after.
    collector: {
      allocBytes: a.allocBytes - b.allocBytes,
      cycles: a.cycles - b.cycles,
      liveBytes: a.liveBytes,
      goalBytes: a.goalBytes,
    },
  };
}

/** Installs vzmc's CRDs and waits until the server serves every one of them. */
export async function installCrds(client: K8sClusterClient): Promise<void> {
  const crds = generateCrds() as unknown as KubeObject[];
  await Promise.all(crds.map((crd) => client.apply(crd, { fieldManager: 'vzmc-bench', force: true })));
  const deadline = Date.now() + 60_000;
  for (const crd of crds) {
    const key: ObjectKey = { apiVersion: crd.apiVersion, kind: crd.kind, name: crd.metadata.name ?? '' };
    for (;;) {
      const live = await client.get<
        KubeObject & { status?: { conditions?: { type: string; status: string }[] } }
      >(key);
      if (live.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${key.name} not established within 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A k8s adapter client for a harness cluster's admin kubeconfig. */
export function adminClient(cluster: TestClusterInfo, maxConcurrency?: number): K8sClusterClient {
  return createK8sClusterClient({
    kubeconfig: { yaml: cluster.kubeconfig },
    name: cluster.name,
    ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
  });
}

/** ClusterClient calls per method, and the HTTP requests they took (a list takes one per page). */
export interface CallCounts {
  readonly calls: Record<string, number>;
  /** HTTP requests: a list of n items takes ceil(n / listPageSize) pages, at least one. */
  requests: number;
  /** Calls that wrote (create, replace, apply, delete, updateStatus), as `verb Kind ns/name`. */
  readonly writes: string[];
}

const WRITES = new Set(['create', 'replace', 'apply', 'delete', 'updateStatus']);

export const newCounts = (): CallCounts => ({ calls: {}, requests: 0, writes: [] });

/** The ClusterClient methods that send requests. */
const PORT_METHODS = new Set([
  'get',
  'list',
  'create',
  'replace',
  'apply',
  'delete',
  'updateStatus',
  'serverVersion',
  'requestToken',
  'watch',
]);

/** A ClusterClient that counts every call into `counts`, then forwards it. */
export function countingClient(
  client: ClusterClient,
  counts: CallCounts,
  pageSize: number = K8sDefaults.listPageSize,
): ClusterClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || !PORT_METHODS.has(property))
        return value;
      return async (...args: unknown[]) => {
        counts.calls[property] = (counts.calls[property] ?? 0) + 1;
        if (WRITES.has(property)) {
          const first = args[0] as Partial<KubeObject & ObjectKey> | undefined;
          const ns = first?.metadata?.namespace ?? first?.namespace;
          const name = first?.metadata?.name ?? first?.name;
          counts.writes.push(`${property} ${first?.kind ?? '?'} ${ns ? `${ns}/` : ''}${name ?? '?'}`);
        }
        let pages = 1;
        try {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (property === 'list')
            pages = Math.max(1, Math.ceil((result as { items: unknown[] }).items.length / pageSize));
          return result;
        } finally {
          counts.requests += pages;
        }
      };
    },
  });
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function statFields(path: string): string[] | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc; 0 when unreadable. */
export function processCpuMs(pid: number | undefined): number {
  const fields = pid === undefined ? undefined : statFields(`/proc/${pid}/stat`);
  // After the name: state is index 0, so utime (field 14) is index 11 and stime index 12.
  return fields ? (Number(fields[11]) + Number(fields[12])) * TICK_MS : 0;
}

/** CPU time used by this process's children that it has waited for (kubectl runs), in ms. */
export function childrenCpuMs(): number {
  const fields = statFields('/proc/self/stat');
  // cutime (field 16) and cstime (field 17).
  return fields ? (Number(fields[13]) + Number(fields[14])) * TICK_MS : 0;
}

/** CPU time this process has used, in ms. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
