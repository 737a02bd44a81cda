/**
 * The scaling half of bench/plan-sync.bench.ts (issue 16, memory at scale): planSync at 10,000 and
 * 50,000 resources, each size planned in a child process of its own, so that its peak RSS is the
 * plan's and nothing else's. The live objects come from a file (one JSON line each, written once
 * per size from an in-memory cluster the first plan was applied to), read line by line as the
 * agent reads list pages, and kept as the agent keeps them (`slimEntry`), or whole (`full`: the
 * agent before issue 16).
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  adminSnapshotFromObjects,
  isConverged,
  LOCAL_KINDS,
  localSnapshotFromObjects,
  planSync,
  snapshot,
  SyncOp,
  VZMC_MANAGED_SELECTOR,
  type KubeObject,
  type SnapshotEntry,
} from '../src/index.js';
import { createMemoryCluster } from '../src/memory.js';
import { Interner, slimEntry } from '../src/sync-plan/slim.js';
import { syncFleetObjects } from './fixtures.js';
import { ms, report } from './harness.js';

const now = new Date('2026-11-27T10:00:00Z');
const SIZES = [10_000, 50_000] as const;
const DIR = join(tmpdir(), 'vzmc-bench-plan-sync');
/** The admin objects of a fleet of `resources` wrappers (namespaces and projects scaled with them). */
export const scaleFleet = (resources: number, reported: boolean) =>
  syncFleetObjects({
    resources,
    namespaces: resources / 100,
    projects: resources / 1000,
    reported,
  }) as unknown as KubeObject[];

/**
 * The median of 3 timed plans after a warm-up, each started from a collected heap (`--expose-gc`, as
 * `npm run bench` runs): an agent makes one plan per iteration, so the garbage of the plans before it
 * is not this plan's peak.
 */
async function medianOfCollected(fn: () => unknown): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    gc?.();
    const start = performance.now();
    await fn();
    if (i > 0) times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[1]!;
}

/** What one child measured: one kind of plan, median of 3, and the child's peak RSS. */
interface Measured {
  readonly ms: number;
  readonly liveObjects: number;
  readonly peakRssMb: number;
  /** The heap after a full collection with the live snapshot read (steady state only): what it holds. */
  readonly liveHeapMb: number;
}

/**
 * The live objects of managed1 in steady state for `resources`: the first plan applied to an
 * in-memory cluster, then listed kind by kind as the agent lists them.
 */
export async function steadyLive(
  resources: number,
): Promise<{ apiVersion: string; kind: string; items: readonly KubeObject[] }[]> {
  const plan = planSync(
    'managed1',
    adminSnapshotFromObjects(scaleFleet(resources, false)),
    localSnapshotFromObjects([]),
    {
      now,
    },
  );
  const client = createMemoryCluster({ name: 'managed1' }).client();
  for (const action of plan.actions) {
    if (action.op === SyncOp.Create && action.body)
      await client.apply(action.body, { fieldManager: 'vzmc', force: true });
  }
  const lists = [];
  for (const k of LOCAL_KINDS) {
    const list = await client.list(k.apiVersion, k.kind, { labelSelector: VZMC_MANAGED_SELECTOR });
    lists.push({ apiVersion: k.apiVersion, kind: k.kind, items: list.items });
  }
  return lists;
}

/** Writes the live objects of `resources` ({@link steadyLive}) to `file`, one JSON line each. */
async function writeLive(resources: number, file: string): Promise<void> {
  const lines: string[] = [];
  for (const { apiVersion, kind, items } of await steadyLive(resources)) {
    lines.push(JSON.stringify({ apiVersion, kind }));
    for (const item of items) lines.push(JSON.stringify(item));
  }
  writeFileSync(`${file}.tmp`, lines.join('\n') + '\n');
  renameSync(`${file}.tmp`, file);
}

/** Reads the live file back, one object per line, kept whole or slimmed per list as the agent does. */
async function readLive(file: string, slim: boolean): Promise<SnapshotEntry[]> {
  const entries: SnapshotEntry[] = [];
  const interner = new Interner();
  let current: { apiVersion: string; kind: string; items: KubeObject[] } | undefined;
  const flush = () => {
    if (current === undefined) return;
    const entry: SnapshotEntry = {
      apiVersion: current.apiVersion,
      kind: current.kind,
      namespace: '*',
      result: { ok: true, items: current.items },
    };
    entries.push(slim ? slimEntry(entry, interner) : entry);
  };
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === '') continue;
    const value = JSON.parse(line) as KubeObject;
    if (value.metadata === undefined) {
      flush();
      current = { apiVersion: value.apiVersion, kind: value.kind, items: [] };
    } else current?.items.push(value);
  }
  flush();
  return entries;
}

/**
 * The child: `live:<resources>:<file>` writes the live file; `steady:<resources>:<file>:<slim|full>`
 * plans the steady state over it; `empty:<resources>` plans from an empty cluster.
 */
async function child(mode: string): Promise<void> {
  const [what, size, file, keep] = mode.split(':');
  const resources = Number(size);
  if (what === 'live') return writeLive(resources, file!);
  let planMs: number;
  let liveObjects = 0;
  let liveHeapMb = 0;
  const heapMb = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed / 1024 / 1024;
  };
  if (what === 'steady') {
    const before = heapMb();
    const live = snapshot(await readLive(file!, keep === 'slim'));
    liveHeapMb = heapMb() - before;
    liveObjects = live.entries.reduce((n, e) => n + (e.result.ok ? e.result.items.length : 0), 0);
    const reported = scaleFleet(resources, true);
    planMs = await medianOfCollected(() => {
      const plan = planSync(
        'managed1',
        adminSnapshotFromObjects(reported),
        { entries: live.entries },
        { now },
      );
      if (!isConverged(plan)) throw new Error('steady state must plan nothing');
    });
  } else {
    const fresh = scaleFleet(resources, false);
    planMs = await medianOfCollected(() =>
      planSync('managed1', adminSnapshotFromObjects(fresh), localSnapshotFromObjects([]), { now }),
    );
  }
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ms: planMs, liveObjects, peakRssMb, liveHeapMb } satisfies Measured));
}

function inChild(mode: string): string {
  return execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, mode], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

const ROUNDS = Number(process.env['VZMC_BENCH_PLAN_SCALE_ROUNDS'] ?? 3);

/**
 * Plans each size in children (steady state kept both ways, and from empty), and reports. The
 * machine's speed drifts by a third within minutes, so the sizes alternate (10k, 50k, 10k, …) for
 * `ROUNDS` rounds and each figure is the median child: a ratio is never taken between two lone
 * children minutes apart.
 */
function run(load: string): void {
  mkdirSync(DIR, { recursive: true });
  const measured = new Map<string, Measured>();
  const rounds = new Map<string, Measured[]>();
  const measure = (mode: string, key: string): void => {
    const m = JSON.parse(inChild(mode).trim().split('\n').at(-1)!) as Measured;
    rounds.set(key, [...(rounds.get(key) ?? []), m]);
    console.log(
      `  ${key}: ${ms(m.ms)}, ${m.liveObjects} live objects, peak RSS ${m.peakRssMb.toFixed(0)} MB`,
    );
  };
  for (const resources of SIZES) {
    const file = join(DIR, `live-${resources}.jsonl`);
    if (!existsSync(file)) inChild(`live:${resources}:${file}`);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const resources of SIZES) {
      const file = join(DIR, `live-${resources}.jsonl`);
      for (const keep of ['full', 'slim'] as const)
        measure(`steady:${resources}:${file}:${keep}`, `steady ${resources} ${keep}`);
      measure(`empty:${resources}`, `from empty ${resources}`);
    }
  }
  for (const [key, runs] of rounds) {
    const byTime = [...runs].sort((a, b) => a.ms - b.ms);
    const median = byTime[Math.floor(byTime.length / 2)]!;
    // The time is the median child's; the peak RSS the largest any child reached.
    measured.set(key, { ...median, peakRssMb: Math.max(...runs.map((m) => m.peakRssMb)) });
  }
  const get = (key: string, n: number) => measured.get(key.replace('#', String(n)))!;
  const ratio = (key: string) => get(key, 50_000).ms / get(key, 10_000).ms;
  const rss = (key: string) => `${get(key, 50_000).peakRssMb.toFixed(0)} MB`;
  const [slim, full, empty] = ['steady # slim', 'steady # full', 'from empty #'];
  report({
    bench: `planSync at 50,000 vs 10,000 resources, each plan in a child process (steady state: ${get(slim, 50_000).liveObjects} live objects kept as the agent keeps them)`,
    figure: `steady ${ms(get(slim, 50_000).ms)} = ${ratio(slim).toFixed(2)}× the 10k, peak RSS ${rss(slim)}, live snapshot ${get(slim, 50_000).liveHeapMb.toFixed(0)} MB of heap; from empty ${ms(get(empty, 50_000).ms)} = ${ratio(empty).toFixed(2)}× the 10k, peak RSS ${rss(empty)}; load ${load}`,
    baseline: `live objects kept whole (before issue 16): steady ${ms(get(full, 50_000).ms)} = ${ratio(full).toFixed(2)}× the 10k, peak RSS ${rss(full)}, live snapshot ${get(full, 50_000).liveHeapMb.toFixed(0)} MB of heap`,
    goal: '50k ≤ 5× the 10k time, peak RSS < 1 GB',
    met:
      ratio(slim) <= 5 &&
      ratio(empty) <= 5 &&
      get(slim, 50_000).peakRssMb < 1024 &&
      get(empty, 50_000).peakRssMb < 1024,
  });
}

export const scaling = { child, run };
