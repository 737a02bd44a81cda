/**
 * `vzmc admin` as a process on a real API server: the built CLI (`node dist/cli.js admin`) against
 * an admin cluster of this file's own (the controller acts on every project of its cluster, so it
 * must not meet the other files' objects; it talks to the admin only, so no managed cluster runs:
 * managed1 and managed2 exist as VMCs). A long resync proves the passes are watch-driven.
 * Needs `npm run build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterClient, KubeObject } from '../../src/index.js';
import { errorReason } from '../../src/port/errors.js';
import { mccm, mcsecret, project } from '../support/fleet.js';
import {
  WATCH_DRIVEN_ADMIN_FLAGS,
  startOwnAdminCluster,
  type OwnAdminCluster,
} from '../support/own-admin.js';

const V = 'clusters.verrazzano.io/v1alpha1';

let own: OwnAdminCluster | undefined;
let admin: ClusterClient;

beforeAll(async () => {
  own = await startOwnAdminCluster('adminctl');
  admin = own.admin;
}, 300_000);

afterAll(async () => {
  await own?.stop();
});

/** Runs `vzmc admin` to completion. */
function runAdmin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, own!.adminArgs(...args));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

const exists = async (kind: string, namespace: string, name: string, apiVersion = 'v1') => {
  try {
    await admin.get({ apiVersion, kind, ...(namespace ? { namespace } : {}), name });
    return true;
  } catch (error) {
    if (errorReason(error) === 'NotFound') return false;
    throw error;
  }
};
const rbac = 'rbac.authorization.k8s.io/v1';

/** Polls until `check` holds; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

describe('vzmc admin on a real API server', () => {
  it('--once --dry-run prints the plan and writes nothing; --once writes it and exits 0 (P13)', async () => {
    await admin.create(project('p0', ['adminctl-p0'], ['managed1']));
    const dry = await runAdmin(['--once', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^admin pass \(start\): \d+ action\(s\)/);
    expect(dry.stdout).toContain('create Namespace adminctl-p0');
    expect(await exists('Namespace', '', 'adminctl-p0')).toBe(false);
    const once = await runAdmin(['--once', '-o', 'json']);
    expect(once.code, once.stderr).toBe(0);
    expect(JSON.parse(once.stdout.trim().split('\n')[0]!)).toMatchObject({ pass: 'start', failed: 0 });
    expect(await exists('Namespace', '', 'adminctl-p0')).toBe(true);
    expect(await exists('RoleBinding', 'adminctl-p0', 'verrazzano-cluster-managed1', rbac)).toBe(true);
  }, 120_000);

  describe('running', () => {
    let child: ChildProcess;
    let stdout = '';
    let stderr = '';

    beforeAll(async () => {
      child = spawn(process.execPath, own!.adminArgs(...WATCH_DRIVEN_ADMIN_FLAGS));
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      await within(60_000, () => Promise.resolve(/^admin pass \(start\)/m.test(stdout)));
    }, 90_000);

    afterAll(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });

    it('a new project gets its namespace and verrazzano-cluster bindings within seconds, watch-driven (P13, V2)', async () => {
      await admin.create(project('p1', ['adminctl-p1'], ['managed1', 'managed2']));
      const took = await within(10_000, async () => {
        const [ns, m1, m2] = await Promise.all([
          exists('Namespace', '', 'adminctl-p1'),
          exists('RoleBinding', 'adminctl-p1', 'verrazzano-cluster-managed1', rbac),
          exists('RoleBinding', 'adminctl-p1', 'verrazzano-cluster-managed2', rbac),
        ]);
        return ns && m1 && m2;
      });
      expect(took).toBeLessThan(10_000);
      // The resync period is an hour: every pass after the start pass is event-driven.
      await within(5_000, () => Promise.resolve(/^admin pass \(event\)/m.test(stdout)));
    }, 30_000);

    it('a wrapper placed on local is unwrapped on the admin (P15)', async () => {
      await admin.create(project('plocal', ['adminctl-local'], ['local']));
      await within(10_000, () => exists('Namespace', '', 'adminctl-local'));
      await admin.create(mccm('cm1', 'adminctl-local', ['local']));
      await within(10_000, () => exists('ConfigMap', 'adminctl-local', 'cm1'));
    }, 30_000);

    it("removing a cluster from a project's placement removes its verrazzano-cluster binding (V3)", async () => {
      const stored = await admin.get<KubeObject & { spec: { placement: object } }>({
        apiVersion: V,
        kind: 'VerrazzanoProject',
        namespace: 'verrazzano-mc',
        name: 'p1',
      });
      await admin.replace({
        ...stored,
        spec: { ...stored.spec, placement: { clusters: [{ name: 'managed2' }] } },
      });
      await within(
        10_000,
        async () => !(await exists('RoleBinding', 'adminctl-p1', 'verrazzano-cluster-managed1', rbac)),
      );
      expect(await exists('RoleBinding', 'adminctl-p1', 'verrazzano-cluster-managed2', rbac)).toBe(true);
    }, 30_000);

    it('after the API server restarts, the broken watches restart and a new project is handled without a resync', async () => {
      await own!.clusters.stopCluster('adminctl');
      await own!.clusters.startCluster('adminctl');
      await within(30_000, () => Promise.resolve(/watch broke; restarting/.test(stderr)));
      await admin.create(project('p2', ['adminctl-p2'], ['managed1']));
      await within(40_000, () => exists('RoleBinding', 'adminctl-p2', 'verrazzano-cluster-managed1', rbac));
      expect(child.exitCode).toBeNull();
    }, 120_000);

    it('SIGTERM stops it promptly with exit 0', async () => {
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => {
          resolve(code);
        }),
      );
      const start = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - start).toBeLessThan(10_000);
      expect(stderr).toContain('stopping after the pass in flight');
    }, 30_000);
  });
});

describe('vzmc admin --once with a failing action', () => {
  it('exits 1 when an action failed, and its summary line counts the failure', async () => {
    // A Secret's type is immutable: the unwrapped MultiClusterSecret (Opaque) cannot replace it.
    await admin.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'typed', namespace: 'adminctl-local' },
      type: 'kubernetes.io/basic-auth',
      stringData: { username: 'u', password: 'p' },
    });
    await admin.create(mcsecret('typed', 'adminctl-local', ['local']));
    const once = await runAdmin(['--once']);
    expect(once.code, once.stderr).toBe(1);
    expect(once.stdout).toMatch(/[1-9]\d* failed/);
    expect(once.stderr).not.toContain(btoa('pw'));
  }, 60_000);
});
