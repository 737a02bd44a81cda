/**
 * The admin controller on an in-memory admin cluster and virtual time: watch-driven passes of
 * syncAdmin (P13, V2, V3, P15), retried with backoff without Secret data in the logs.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryCluster, type MemoryCluster } from '../../../src/adapters/memory/index.js';
import { ClusterError } from '../../../src/port/errors.js';
import {
  ADMIN_WATCHED_KINDS,
  createAdminController,
  type AdminPassReport,
} from '../../../src/agent/admin-controller.js';
import { textLogger } from '../../../src/agent/logger.js';
import { mcsecret, project, vmc } from '../../support/fleet.js';
import { virtualTime } from '../../support/virtual-time.js';

const V = 'clusters.verrazzano.io/v1alpha1';

const has = (cluster: MemoryCluster, kind: string, namespace: string, name: string) =>
  cluster
    .snapshot()
    .some((o) => o.kind === kind && (o.metadata.namespace ?? '') === namespace && o.metadata.name === name);

async function start() {
  const time = virtualTime();
  const admin = createMemoryCluster({ name: 'admin', clock: time.clock });
  const client = admin.client();
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'verrazzano-mc' } });
  await client.create(vmc('managed1'));
  const reports: AdminPassReport[] = [];
  const lines: string[] = [];
  const abort = new AbortController();
  const controller = createAdminController({
    admin: client,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 1,
    logger: textLogger((line) => lines.push(line)),
    resyncPeriodMs: 3_600_000,
  });
  const finished = controller.run(abort.signal, (report) => reports.push(report));
  await time.settle();
  return { time, admin, client, reports, lines, abort, finished };
}

describe('admin controller', () => {
  it('watches projects and VMCs in verrazzano-mc, wrappers everywhere, and its own objects by label only', () => {
    const secret = ADMIN_WATCHED_KINDS.find((k) => k.kind === 'Secret');
    expect(secret).toEqual({ apiVersion: 'v1', kind: 'Secret', labelSelector: 'vzmc.dev/managed=true' });
    expect(ADMIN_WATCHED_KINDS.find((k) => k.kind === 'VerrazzanoProject')?.namespace).toBe('verrazzano-mc');
    expect(ADMIN_WATCHED_KINDS.find((k) => k.kind === 'MultiClusterSecret')).toEqual({
      apiVersion: V,
      kind: 'MultiClusterSecret',
    });
    const keys = ADMIN_WATCHED_KINDS.map((k) => `${k.apiVersion}/${k.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a new project gets its namespace and verrazzano-cluster bindings from a watch-driven pass, and losing a placement removes the binding (P13, V2, V3)', async () => {
    const t = await start();
    expect(t.reports.map((r) => r.trigger)).toEqual(['start']);
    await t.client.create(project('p1', ['app1'], ['managed1']));
    await t.time.advance(1_000);
    expect(t.reports.at(-1)?.trigger).toBe('event');
    expect(has(t.admin, 'Namespace', '', 'app1')).toBe(true);
    expect(has(t.admin, 'RoleBinding', 'app1', 'verrazzano-cluster-managed1')).toBe(true);
    const stored = await t.client.get({
      apiVersion: V,
      kind: 'VerrazzanoProject',
      namespace: 'verrazzano-mc',
      name: 'p1',
    });
    await t.client.replace({
      ...stored,
      spec: { ...(stored as unknown as { spec: object }).spec, placement: { clusters: [] } },
    });
    await t.time.advance(1_000);
    expect(has(t.admin, 'RoleBinding', 'app1', 'verrazzano-cluster-managed1')).toBe(false);
    expect(t.reports.length).toBeLessThanOrEqual(6);
    t.abort.abort();
    await t.finished;
  });

  it('a wrapper placed on local is unwrapped on the admin by the pass its creation triggers (P15)', async () => {
    const t = await start();
    await t.client.create(project('p1', ['app1'], ['local']));
    await t.time.advance(1_000);
    await t.client.create(mcsecret('s1', 'app1', ['local']));
    await t.time.advance(1_000);
    expect(has(t.admin, 'Secret', 'app1', 's1')).toBe(true);
    t.abort.abort();
    await t.finished;
  });

  it('a pass with failed actions is retried with backoff, and no Secret data reaches the log', async () => {
    const t = await start();
    await t.client.create(project('p1', ['app1'], ['local']));
    await t.time.advance(1_000);
    const fault = t.admin.injectFault(
      { verb: 'apply', kind: 'Secret', times: 4 },
      new ClusterError({ reason: 'Unavailable', status: 503, message: 'etcd is slow' }),
    );
    await t.client.create(mcsecret('s1', 'app1', ['local']));
    await t.time.advance(1_000);
    expect(has(t.admin, 'Secret', 'app1', 's1')).toBe(false);
    expect(t.reports.at(-1)?.results.some((r) => r.outcome === 'failed')).toBe(true);
    await t.time.advance(30_000);
    expect(fault.hits).toBe(4);
    expect(has(t.admin, 'Secret', 'app1', 's1')).toBe(true);
    const firstFailed = t.reports.findIndex((r) => r.results.some((x) => x.outcome === 'failed'));
    expect(t.reports.slice(firstFailed + 1).some((r) => r.results.some((x) => x.outcome === 'applied'))).toBe(
      true,
    );
    const log = t.lines.join('');
    expect(log).toContain('pass will be retried');
    expect(log).not.toContain('pw');
    expect(log).not.toContain(btoa('pw'));
    t.abort.abort();
    await t.finished;
  });
});
