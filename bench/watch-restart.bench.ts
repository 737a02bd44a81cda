/**
 * What a watch costs the admin API server when it restarts (issue 16, admin-scale's blind spot).
 *
 * An agent keeps one watch per list it makes (62 for 1,000 resources in 10 namespaces), and the
 * server ends each after its `timeoutSeconds`: 30 to 60 minutes (src/adapters/k8s/watch.ts), so in
 * steady state an agent restarts 62 / 45 = 1.4 watches a minute (8.3 at client-go's 5 to 10
 * minutes, which the adapter asked for until 2026-12-07, 12.4 at the fixed 5 minutes before). `admin-scale` opens its event-driven window 45 s after the agents start, before any
 * watch's first restart: its figure leaves them out. This bench prices one restart.
 *
 * On one real admin API server, `WATCHES` watches of MultiClusterConfigMaps (bookmarks asked for,
 * HTTP/1.1 on kept-alive connections, as the adapter's watches are) run in three windows of
 * `WINDOW_S` seconds: none (a control), held open, and restarting every `RESTART_S` seconds from
 * the last resourceVersion seen. The restarting window's CPU less the held one's, per restart, is
 * the price; times 1.4 it is the steady cost per cluster per minute that `admin-scale` leaves out.
 * The watches are the harness admin's (a static token), not an agent's ServiceAccount token.
 *
 * Run: VZMC_CACHE_DIR=… node --import tsx bench/watch-restart.bench.ts
 */
import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { adminClient, installCrds } from './clusters.js';
import { cpuSeconds, withOwnClusters } from './event-fleet.js';
import { loadAverage, report } from './harness.js';
import type { TestClusterInfo } from '../src/testing/harness/index.js';

const WATCHES = Number(process.env.BENCH_WATCHES ?? 200);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 60);
const RESTART_S = 5;
const NAMESPACES = 20;
/** An agent's watches (1,000 resources in 10 namespaces: 6 kinds each, projects and VMCs). */
const AGENT_WATCHES = 62;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One watch that restarts from its last resourceVersion whenever the server ends it, until stopped. */
function keepWatching(info: TestClusterInfo, agent: Agent, path: string, timeoutS: () => number) {
  let stopped = false;
  let current: IncomingMessage | undefined;
  let resourceVersion = '';
  let restarts = -1;
  const open = () => {
    if (stopped) return;
    restarts++;
    const query = `watch=true&allowWatchBookmarks=true&timeoutSeconds=${timeoutS()}${resourceVersion ? `&resourceVersion=${resourceVersion}` : ''}`;
    const req = request(
      `${info.server}${path}?${query}`,
      {
        agent,
        ca: info.caPem,
        headers: { authorization: `Bearer ${info.token}`, accept: 'application/json' },
      },
      (res) => {
        current = res;
        res.setEncoding('utf8');
        let buffered = '';
        res.on('data', (chunk: string) => {
          buffered += chunk;
          for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
            const rv = /"resourceVersion":"(\d+)"/.exec(buffered.slice(0, nl))?.[1];
            if (rv) resourceVersion = rv;
            buffered = buffered.slice(nl + 1);
          }
        });
        res.on('end', open);
        res.on('error', () => undefined);
      },
    );
    req.on('error', () => setTimeout(open, 500));
    req.end();
  };
  open();
  return {
    restarts: () => restarts,
    stop() {
      stopped = true;
      current?.destroy();
    },
  };
}

/** CPU seconds of the admin API server while `fn` runs `WINDOW_S` seconds. */
async function windowCpu(pid: number, fn: () => Promise<void>): Promise<number> {
  const before = cpuSeconds(pid);
  await fn();
  return cpuSeconds(pid) - before;
}

await withOwnClusters('watch-restart', ['admin'], async (clusters) => {
  const info = clusters.cluster('admin');
  const admin = adminClient(info, 16);
  await installCrds(admin);
  for (let n = 0; n < NAMESPACES; n++)
    await admin.apply(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } },
      { fieldManager: 'bench', force: true },
    );
  const pid = info.pid!;
  const agent = new Agent({ keepAlive: true, maxSockets: WATCHES + 10, ca: info.caPem });
  const paths = Array.from(
    { length: WATCHES },
    (_, i) => `/apis/clusters.verrazzano.io/v1alpha1/namespaces/ns-${i % NAMESPACES}/multiclusterconfigmaps`,
  );
  const watching = (timeoutS: () => number) => paths.map((p) => keepWatching(info, agent, p, timeoutS));
  await sleep(30_000); // the set-up settles
  const control = await windowCpu(pid, () => sleep(WINDOW_S * 1000));
  const held = watching(() => 3_600);
  await sleep(15_000); // the watches open
  const heldCpu = await windowCpu(pid, () => sleep(WINDOW_S * 1000));
  held.forEach((w) => {
    w.stop();
  });
  await sleep(5_000);
  const restarting = watching(() => RESTART_S);
  await sleep(15_000);
  const counted = restarting.reduce((n, w) => n + w.restarts(), 0);
  const restartCpu = await windowCpu(pid, () => sleep(WINDOW_S * 1000));
  const restarts = restarting.reduce((n, w) => n + w.restarts(), 0) - counted;
  restarting.forEach((w) => {
    w.stop();
  });
  agent.destroy();
  admin.close();
  const perRestartMs = ((restartCpu - heldCpu) * 1000) / restarts;
  /** Per cluster per minute, when each watch lasts `minutes` on average. */
  const perClusterMinute = (minutes: number) => ((perRestartMs * AGENT_WATCHES) / minutes).toFixed(1);
  report({
    bench: `one watch restart on the admin API server (${WATCHES} watches, ${WINDOW_S} s windows, ${restarts} restarts)`,
    figure: `${perRestartMs.toFixed(3)} ms of API-server CPU per restart → ${perClusterMinute(45)} ms per cluster per minute at 30–60 min per watch (${AGENT_WATCHES} watches); load ${await loadAverage()}`,
    baseline: `the same watches held open: ${heldCpu.toFixed(2)} s per window, no watches ${control.toFixed(2)} s; restarting ${restartCpu.toFixed(2)} s; at client-go's 5–10 min: ${perClusterMinute(7.5)} ms per cluster per minute`,
    goal: 'a price, for admin-scale (timed only)',
    met: Number.isFinite(perRestartMs),
  });
});
