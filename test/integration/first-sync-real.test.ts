/**
 * Issue 16 items 1 and 2 on real API servers: the agent's first sync runs concurrently and still
 * in the order a cluster needs (P32, P33): the project namespace before everything in it, the
 * Secret an app config lists and the OAM Component it uses (custom resources of the OAM CRDs)
 * before the app config, each wrapper copy before the object unwrapped from it. With no retries at
 * all, every action succeeds at the first attempt. And the admin shows managed1's status on all
 * of the 61 wrappers after that one iteration (more than the 50 reports a plan used to carry).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClusterClient, KubeObject } from '../../src/index.js';
import { createAgent, syncAdmin } from '../../src/agent-entry.js';
import { component, mcapp, mccm, project, secret } from '../support/fleet.js';
import { connectHarnessAdmin, harnessClient, registerOnHarnessAdmin } from '../support/harness.js';

const admin = harnessClient('admin');
const managed1: ClusterClient = harnessClient('managed1');
const suffix = Date.now().toString(36);
const NS = `h25c-first-${suffix}`;
const API = 'clusters.verrazzano.io/v1alpha1';
const WRAPPERS = 60;
const NO_RETRY = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

type WithStatus = KubeObject & { status?: { state?: string; clusters?: { name: string; state: string }[] } };

beforeAll(async () => {
  await registerOnHarnessAdmin(admin, { managed1 });
}, 120_000);

describe('a first sync on real API servers (issue 16)', () => {
  it('P32, P33, S4: namespace, Secret, OAM Component, app config and 60 ConfigMaps in one concurrent first sync, no retries; the admin shows all 61 wrappers after it', async () => {
    const apply = (o: KubeObject) => admin.apply(o, { fieldManager: 'kubectl', force: true });
    await apply(project(NS, [NS], ['managed1']));
    await syncAdmin(admin); // the project's namespace on the admin (P13)
    const objects = [
      secret('registry', NS),
      component('web', NS),
      mcapp('app', NS, ['managed1'], { secrets: ['registry'], components: ['web'] }),
      ...Array.from({ length: WRAPPERS }, (_, i) => mccm(`cm-${i}`, NS, ['managed1'])),
    ] as unknown as KubeObject[];
    for (const o of objects) await apply(o);

    const agent = createAgent({
      local: managed1,
      connectAdmin: connectHarnessAdmin(20_000),
      retry: NO_RETRY,
    });
    const report = await agent.runOnce();
    if (report.state !== 'synced') throw new Error(`not synced: ${report.state} ${report.reason}`);
    expect(report.results.filter((r) => r.outcome !== 'applied' && r.outcome !== 'reported')).toEqual([]);
    const kinds = report.results.filter((r) => r.op === 'create').map((r) => r.kind);
    for (const kind of ['Namespace', 'Secret', 'Component', 'ApplicationConfiguration', 'ConfigMap'])
      expect(kinds).toContain(kind);
    expect(report.plan.deferredStatus).toBe(0);

    const get = (apiVersion: string, kind: string, name: string) =>
      managed1.get({ apiVersion, kind, namespace: NS, name });
    await expect(get('core.oam.dev/v1alpha2', 'ApplicationConfiguration', 'app')).resolves.toBeDefined();
    await expect(get('core.oam.dev/v1alpha2', 'Component', 'web')).resolves.toBeDefined();
    await expect(get('v1', 'ConfigMap', `cm-${WRAPPERS - 1}`)).resolves.toBeDefined();

    const shown = async (kind: string) =>
      (await admin.list<WithStatus>(API, kind, { namespace: NS })).items.filter((w) =>
        w.status?.clusters?.some((c) => c.name === 'managed1' && c.state === 'Succeeded'),
      ).length;
    expect(await shown('MultiClusterConfigMap')).toBe(WRAPPERS);
    expect(await shown('MultiClusterApplicationConfiguration')).toBe(1);

    // Steady state: the next iteration plans nothing.
    const next = await agent.runOnce();
    if (next.state !== 'synced') throw new Error(`not synced: ${next.state} ${next.reason}`);
    expect(next.plan.actions.map((a) => `${a.op} ${a.kind} ${a.name}`)).toEqual([]);
  }, 300_000);
});
