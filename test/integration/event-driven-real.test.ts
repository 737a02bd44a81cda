/**
 * Issue 16 item 3 on real API servers of this file's own (they are killed and restarted): the
 * event-driven agent and admin controller, both with an hour's resync so that only events drive
 * them, bring an admin edit to the managed cluster; their watches survive a crash (SIGKILL) and
 * restart of the admin API server and then of the managed one: a later edit still arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterClient, KubeObject } from '../../src/index.js';
import {
  applyManifest,
  createAdminController,
  createAgent,
  installCrds,
  jsonLinesLogger,
  registerOnAdmin,
  syncAdmin,
} from '../../src/agent-entry.js';
import { createK8sClusterClient } from '../../src/k8s.js';
import { generateCrds } from '../../src/model/crds.js';
import { startTestClusters, type TestClusters } from '../../src/testing.js';
import { mccm, project } from '../support/fleet.js';

const ADMIN = 'evadmin';
const MANAGED = 'evmanaged';
const NS = 'ev-ns';
const HOUR = 3_600_000;

let clusters: TestClusters | undefined;
let admin: ClusterClient;
let local: ClusterClient;

const client = (name: string) =>
  createK8sClusterClient({ kubeconfig: { yaml: clusters!.cluster(name).kubeconfig }, name });

beforeAll(async () => {
  clusters = await startTestClusters({ clusters: [ADMIN, MANAGED] });
  admin = client(ADMIN);
  local = client(MANAGED);
  await Promise.all([installCrds(admin, generateCrds()), installCrds(local, generateCrds())]);
  const info = clusters.cluster(ADMIN);
  const manifest = await registerOnAdmin(admin, MANAGED, {
    adminServer: info.server,
    adminCaBundle: info.caPem,
  });
  await applyManifest(local, manifest);
  await admin.apply(project('p', [NS], [MANAGED]), {
    fieldManager: 'kubectl',
    force: true,
  });
  await syncAdmin(admin);
  await edit('v');
}, 300_000);

afterAll(async () => {
  await clusters?.stop();
});

/** Sets the wrapper's data, retrying while the admin API server comes back. */
async function edit(value: string): Promise<void> {
  const base = mccm('cfg', NS, [MANAGED]);
  const wrapper = {
    ...base,
    spec: { ...base.spec!, template: { ...base.spec!.template, data: { k: value } } },
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.apply(wrapper, { fieldManager: 'kubectl', force: true });
      return;
    } catch (error) {
      if (attempt > 60) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The ConfigMap's value on the managed cluster (undefined while absent or unreachable). */
async function managedValue(): Promise<string | undefined> {
  try {
    const cm = await local.get<KubeObject & { data?: Record<string, string> }>({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: NS,
      name: 'cfg',
    });
    return cm.data?.k;
  } catch {
    return undefined;
  }
}

/** What the agent and the admin controller logged (debug and up), shown when an edit does not arrive. */
const logged: string[] = [];
const logger = (who: string) =>
  jsonLinesLogger((line) => logged.push(`${who} ${line.trimEnd()}`), { level: 'debug' });

async function arrives(value: string, ms: number): Promise<number> {
  const start = Date.now();
  while ((await managedValue()) !== value) {
    if (Date.now() - start > ms)
      throw new Error(
        `"${value}" not on ${MANAGED} within ${ms} ms; the last of what the agent and the admin controller logged:\n${logged.slice(-60).join('\n')}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

describe('the event-driven agent and admin controller on real API servers (issue 16)', () => {
  it('an edit arrives in seconds, and still does after the admin and then the managed API server crash and restart', async () => {
    const abort = new AbortController();
    const adminRunning = createAdminController({
      admin,
      resyncPeriodMs: HOUR,
      logger: logger('admin-controller'),
    }).run(abort.signal);
    const agentRunning = createAgent({
      local,
      logger: logger('agent'),
      connectAdmin: (kubeconfig) =>
        createK8sClusterClient({ kubeconfig: { yaml: kubeconfig }, name: 'admin' }),
      intervalMs: { min: HOUR, max: HOUR + 1 },
    }).run(abort.signal);
    try {
      await arrives('v', 60_000);
      await edit('e1');
      expect(await arrives('e1', 10_000)).toBeLessThan(10_000);
      for (const name of [ADMIN, MANAGED]) {
        await clusters!.stopCluster(name, { signal: 'SIGKILL' });
        await new Promise((r) => setTimeout(r, 2_000));
        await clusters!.startCluster(name);
        const value = `after-${name}`;
        await edit(value);
        // Relists back off to 30 s at most; the resync is an hour away.
        expect(await arrives(value, 90_000)).toBeLessThan(90_000);
      }
    } finally {
      abort.abort();
      await Promise.all([adminRunning, agentRunning]);
    }
  }, 400_000);
});
