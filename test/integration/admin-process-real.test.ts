/**
 * `vzmc admin` as a process on a real API server, beyond admin-controller-real:
 * - `--once` and SIGTERM: a signal that arrives during the pass stops it from starting further
 *   actions; the action in flight finishes, the pass is reported and the process exits 0 (not
 *   killed by the signal);
 * - drift: an object the admin owns, changed or deleted by hand, is repaired by the pass its watch
 *   event triggers (owned objects are watched through vzmc's label), not by the next resync;
 * - continuous mode and SIGTERM: the first signal lets the pass in flight run all its actions (as
 *   `vzmc sync` does), starts no other, releases the Lease and exits 0.
 * Needs `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease } from '../../src/agent/leader.js';
import { errorReason } from '../../src/port/errors.js';
import type { ClusterClient } from '../../src/index.js';
import { project } from '../support/fleet.js';
import {
  WATCH_DRIVEN_ADMIN_FLAGS,
  startOwnAdminCluster,
  type OwnAdminCluster,
} from '../support/own-admin.js';

const PROJECTS = 25;

let own: OwnAdminCluster | undefined;
let admin: ClusterClient;

beforeAll(async () => {
  own = await startOwnAdminCluster('adminonce');
  admin = own.admin;
  for (let i = 0; i < PROJECTS; i++) {
    await admin.create(project(`p${i}`, [`adminonce-p${i}`], ['managed1', 'managed2']));
  }
}, 300_000);

afterAll(async () => {
  await own?.stop();
});

/** Runs `node <args>`, sends SIGTERM when it logs its first applied action, and waits for its exit. */
async function termAtFirstApply(args: string[]) {
  const child = spawn(process.execPath, args);
  let stdout = '';
  let stderr = '';
  let signalled = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!signalled && /applied/.test(stderr)) {
      signalled = true;
      child.kill('SIGTERM');
    }
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('exit', (c, s) => {
      resolve([c, s]);
    }),
  );
  return { stdout, stderr, code, signal, signalled };
}

describe('vzmc admin --once and SIGTERM', () => {
  it('SIGTERM during the pass stops it after the action in flight, reports the pass and exits 0', async () => {
    const { stdout, stderr, code, signal, signalled } = await termAtFirstApply(own!.adminArgs('--once'));
    expect(signalled).toBe(true);
    expect(signal, stderr).toBeNull();
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('stopping after the pass in flight');
    const summary = /^admin pass \(start\): (\d+) action\(s\), (\d+) applied/m.exec(stdout);
    expect(summary, stdout).not.toBeNull();
    // Interrupted: fewer actions ran than were planned.
    expect(Number(summary![2])).toBeLessThan(Number(summary![1]));
  }, 120_000);
});

describe('vzmc admin repairs drift of what it owns', () => {
  it('a verrazzano-cluster RoleBinding deleted by hand is back within seconds, watch-driven (V2)', async () => {
    const child = spawn(process.execPath, own!.adminArgs(...WATCH_DRIVEN_ADMIN_FLAGS));
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const key = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      namespace: 'adminonce-p0',
      name: 'verrazzano-cluster-managed1',
    };
    const exists = async () => {
      try {
        await admin.get(key);
        return true;
      } catch (error) {
        if (errorReason(error) === 'NotFound') return false;
        throw error;
      }
    };
    try {
      await within(60_000, () => Promise.resolve(/^admin pass \(start\)/m.test(stdout)));
      await within(30_000, exists);
      // Let the passes that the start's own writes trigger go by.
      await new Promise((r) => setTimeout(r, 1_500));
      await admin.delete(key);
      expect(await exists()).toBe(false);
      const took = await within(10_000, exists);
      expect(took).toBeLessThan(10_000);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else
        child.on('exit', (c) => {
          resolve(c);
        });
    });
    expect(code).toBe(0);
  }, 120_000);
});

describe('vzmc admin (continuous) and SIGTERM', () => {
  it('SIGTERM during a pass lets it finish every action, releases the Lease and exits 0', async () => {
    // Work for a long start pass: namespaces and RoleBindings of projects no pass has seen yet.
    for (let i = 0; i < PROJECTS; i++) {
      await admin.create(project(`q${i}`, [`adminterm-q${i}`], ['managed1', 'managed2']));
    }
    const { stdout, stderr, code, signal, signalled } = await termAtFirstApply(
      own!.adminArgs(
        '--resync-period',
        '1h',
        '--leader-election-namespace',
        'verrazzano-mc',
        '--health-address',
        '127.0.0.1:0',
      ),
    );
    expect(signalled).toBe(true);
    expect(signal, stderr).toBeNull();
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('stopping after the pass in flight');
    expect(stderr).toContain('released the leader lease');
    // One pass, the one in flight, and it ran every action it planned.
    const passes = stdout.match(/^admin pass .*$/gm) ?? [];
    expect(passes, stdout).toHaveLength(1);
    const summary =
      /^admin pass \(start\): (\d+) action\(s\), (\d+) applied, (\d+) deleted, (\d+) status, (\d+) failed, (\d+) blocked$/m.exec(
        stdout,
      );
    expect(summary, stdout).not.toBeNull();
    const [actions, applied, deleted, status, failed, blocked] = summary!.slice(1).map(Number);
    expect(actions).toBeGreaterThan(PROJECTS);
    expect(applied! + deleted! + status!, stdout).toBe(actions);
    expect([failed, blocked]).toEqual([0, 0]);
    const last = `adminterm-q${PROJECTS - 1}`;
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespace: last };
    await admin.get({ ...binding, name: 'verrazzano-cluster-managed2' }); // V2: the new projects' bindings are there
    const lease = await admin.get<Lease>({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      namespace: 'verrazzano-mc',
      name: 'vzmc-admin',
    });
    expect(lease.spec?.holderIdentity ?? '').toBe('');
  }, 120_000);
});

/** Polls until `check` holds; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}
