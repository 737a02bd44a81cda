/**
 * Issue #6 goal: `planSync` for one cluster with 10,000 MC resources in 100 namespaces in under
 * 300 ms, both from an empty cluster (everything to create) and in steady state (the cluster
 * already holds what the plan wants: the planner must compare 20,000 live objects and find
 * nothing to do). The steady-state live objects are real: the first plan is applied to an
 * in-memory cluster with server-side apply (so they carry managedFields, uids and
 * resourceVersions as on a real server) and read back as the agent reads them. Baseline:
 * `renderCluster` alone on the same fleet, the part of a plan that is not comparing.
 *
 * Issue 16 adds scaling: the steady state and the plan from empty at 10,000 and 50,000 resources
 * (namespaces and projects scaled with them), each in a child process of its own that reads the
 * live objects from a file, one JSON line each, as the agent reads list pages, keeps them as the
 * agent does (`slimEntry`, or whole with `full`, the code before issue 16), plans, and reports its
 * peak RSS (`process.resourceUsage().maxRSS`). Goal: 50k in ≤ 5× the 10k time, peak RSS < 1 GB.
 * `VZMC_BENCH_PLAN_SCALE=0` skips the scaling; the live files are cached in the OS temp directory.
 *
 * Run: npm run bench -- plan-sync
 */
import {
  adminSnapshotFromObjects,
  fleetFromObjects,
  isConverged,
  localSnapshotFromObjects,
  planSync,
  renderCluster,
  SyncOp,
  type KubeObject,
} from '../src/index.js';
import { readLocalSnapshot } from '../src/agent-entry.js';
import { createMemoryCluster } from '../src/memory.js';
import { syncFleetObjects } from './fixtures.js';
import { loadAverage, medianMs, ms, report } from './harness.js';
import { scaling } from './plan-sync-scale.js';

const mode = process.argv[2];
if (mode !== undefined) {
  await scaling.child(mode);
  process.exit(0);
}

const RESOURCES = 10_000;
const NAMESPACES = 100;
const now = new Date('2026-11-27T10:00:00Z');
const fleetOptions = { resources: RESOURCES, namespaces: NAMESPACES, projects: 10 };
const fresh = syncFleetObjects(fleetOptions) as unknown as KubeObject[];
const reported = syncFleetObjects({ ...fleetOptions, reported: true }) as unknown as KubeObject[];

// Steady state: apply the plan from empty to an in-memory managed1, then read it back.
const emptyPlan = planSync('managed1', adminSnapshotFromObjects(fresh), localSnapshotFromObjects([]), {
  now,
});
const managed1 = createMemoryCluster({ name: 'managed1' });
const client = managed1.client();
for (const action of emptyPlan.actions) {
  if (action.op === SyncOp.Create && action.body)
    await client.apply(action.body, { fieldManager: 'vzmc', force: true });
}
const live = await readLocalSnapshot(client);
const steadyAdmin = adminSnapshotFromObjects(reported);
const steadyCheck = planSync('managed1', steadyAdmin, live, { now });
if (!isConverged(steadyCheck)) {
  const ops = steadyCheck.actions.slice(0, 5).map((a) => `${a.op} ${a.kind} ${a.namespace}/${a.name}`);
  throw new Error(
    `the steady-state input is not converged: ${steadyCheck.actions.length} actions, e.g. ${ops.join('; ')}`,
  );
}
const liveObjects = live.entries.reduce((n, e) => n + (e.result.ok ? e.result.items.length : 0), 0);

const load = await loadAverage();
let actions = 0;
// Snapshots are built inside the timing: their indexes are cached per snapshot object.
const fromEmpty = await medianMs(() => {
  actions = planSync('managed1', adminSnapshotFromObjects(fresh), localSnapshotFromObjects([]), {
    now,
  }).actions.length;
}, 5);
const steady = await medianMs(() => {
  const local = { entries: live.entries };
  const plan = planSync('managed1', adminSnapshotFromObjects(reported), local, { now });
  if (!isConverged(plan)) throw new Error('steady state must plan nothing');
}, 5);
const baseline = await medianMs(() => renderCluster(fleetFromObjects(fresh), 'managed1'), 5);

const what = `${RESOURCES} MC resources in ${NAMESPACES} namespaces on managed1`;
report({
  bench: `planSync from empty: ${what} (${actions} actions)`,
  figure: `${ms(fromEmpty)}; load ${load}`,
  baseline: `${ms(baseline)} for renderCluster alone (fleet + render, no comparison)`,
  goal: '< 300 ms',
  met: fromEmpty < 300,
});
report({
  bench: `planSync steady state: ${what}, ${liveObjects} live objects already matching (0 actions)`,
  figure: `${ms(steady)}; load ${load}`,
  baseline: `${ms(baseline)} for renderCluster alone (fleet + render, no comparison)`,
  goal: '< 300 ms',
  met: steady < 300,
});

if (process.env['VZMC_BENCH_PLAN_SCALE'] !== '0') scaling.run(load);
