/**
 * Leader election on a real kube-apiserver (issue #12 item 3), with client-go's default timings:
 * two replicas as separate processes; the leader is SIGKILLed; the standby, which watches the
 * Lease, takes over a lease duration after the last renewal, so within the lease duration of the
 * kill (plus the requests' time: the bound asserted is 15 s + one retry period, 2 s), and not
 * before the lease could have expired. Also: SIGTERM with release hands
 * over at the standby's next try. Measured times are printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LeaderElectionDefaults, type Lease } from '../../src/agent/leader.js';
import { createK8sClusterClient, type K8sClusterClient } from '../../src/k8s.js';

const CHILD = resolve(import.meta.dirname, '../support/elector-child.ts');
const { leaseDurationMs, retryPeriodMs } = LeaderElectionDefaults;
const MAX_JITTERED_RETRY_MS = 2.2 * retryPeriodMs;

interface ChildEvent {
  readonly event: string;
  readonly identity: string;
  readonly atMs: number;
  readonly leader?: string;
}

/** A replica process and the events it printed. */
class Replica {
  readonly events: ChildEvent[] = [];
  readonly process: ChildProcess;
  readonly #waiters: { match: (e: ChildEvent) => boolean; resolve: (e: ChildEvent) => void }[] = [];

  constructor(kubeconfig: string, namespace: string, lease: string, identity: string, release: boolean) {
    this.process = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, kubeconfig, namespace, lease, identity],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, VZMC_RELEASE: release ? '1' : '0' },
      },
    );
    createInterface({ input: this.process.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as ChildEvent;
      this.events.push(event);
      for (const waiter of this.#waiters.filter((w) => w.match(event))) waiter.resolve(event);
    });
  }

  /** Resolves with the first event (past or future) that matches; rejects after `timeoutMs`. */
  next(what: string, match: (e: ChildEvent) => boolean, timeoutMs: number): Promise<ChildEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolveEvent, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(`${what} did not happen within ${timeoutMs} ms; events: ${JSON.stringify(this.events)}`),
        );
      }, timeoutMs);
      this.#waiters.push({
        match,
        resolve: (event) => {
          clearTimeout(timer);
          resolveEvent(event);
        },
      });
    });
  }

  /** Kills the process by its own PID (if still running) and waits for it to exit. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((r) => this.process.once('close', r));
    this.process.kill(signal);
    await exited;
  }
}

let admin: K8sClusterClient;
let kubeconfigPath: string;
const namespace = `vzmc-leader-${Date.now().toString(36)}`;
const replicas: Replica[] = [];

beforeAll(async () => {
  const info = inject('vzmcTestClusters');
  const cluster = info.clusters.find((c) => c.name === 'admin');
  if (cluster === undefined) throw new Error('the integration globalSetup provided no admin cluster');
  kubeconfigPath = cluster.kubeconfigPath;
  admin = createK8sClusterClient({ kubeconfig: { file: kubeconfigPath }, name: 'admin' });
  await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
});
afterAll(async () => {
  for (const replica of replicas) await replica.kill('SIGKILL');
  await admin.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace });
  admin.close();
});

const replica = (lease: string, identity: string, release = false) => {
  const started = new Replica(kubeconfigPath, namespace, lease, identity, release);
  replicas.push(started);
  return started;
};
const leaseOf = (name: string) =>
  admin.get<Lease>({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace, name });

describe('leader election between two processes on a real API server', () => {
  it('the leader is SIGKILLed: the standby takes over within the lease duration (+ a retry period), and not before', async () => {
    const one = replica('failover', 'replica-one');
    await one.next('replica-one leading', (e) => e.event === 'leading', 60_000);
    const two = replica('failover', 'replica-two');
    await two.next('replica-two seeing replica-one lead', (e) => e.leader === 'replica-one', 60_000);
    // Let it renew a few times, so the kill lands at an arbitrary point of the renewal cycle.
    await new Promise((r) => setTimeout(r, 5_000));
    const before = await leaseOf('failover');

    const killedAtMs = Date.now();
    await one.kill('SIGKILL');
    const took = await two.next('replica-two leading', (e) => e.event === 'leading', 60_000);
    const takeoverMs = took.atMs - killedAtMs;
    console.log(
      `failover: the standby led ${(takeoverMs / 1000).toFixed(2)} s after SIGKILL (lease ${leaseDurationMs / 1000} s, retry ${retryPeriodMs / 1000} s)`,
    );

    // Not before the lease could have expired: the last renewal was at most a retry period before the kill.
    expect(takeoverMs).toBeGreaterThanOrEqual(leaseDurationMs - retryPeriodMs - 1_000);
    expect(takeoverMs).toBeLessThanOrEqual(leaseDurationMs + retryPeriodMs);
    const after = await leaseOf('failover');
    expect(after.spec).toMatchObject({
      holderIdentity: 'replica-two',
      leaseDurationSeconds: 15,
      leaseTransitions: (before.spec?.leaseTransitions ?? 0) + 1,
    });
    // The API server stores the stamps as MicroTime, exactly as written.
    expect(after.spec?.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(before.spec?.holderIdentity).toBe('replica-one');
  }, 120_000);

  it('the leader gets SIGTERM with release on: it clears the Lease and the standby leads at its next try', async () => {
    const one = replica('handover', 'replica-three', true);
    await one.next('replica-three leading', (e) => e.event === 'leading', 60_000);
    const two = replica('handover', 'replica-four');
    await two.next('replica-four seeing replica-three lead', (e) => e.leader === 'replica-three', 60_000);

    const termAtMs = Date.now();
    await one.kill('SIGTERM');
    expect(one.events.map((e) => e.event)).toEqual([
      'campaigning',
      'new-leader',
      'leading',
      'stopped',
      'exited',
    ]);
    const took = await two.next('replica-four leading', (e) => e.event === 'leading', 30_000);
    const handoverMs = took.atMs - termAtMs;
    console.log(`handover: the standby led ${(handoverMs / 1000).toFixed(2)} s after SIGTERM (released)`);
    expect(handoverMs).toBeLessThanOrEqual(MAX_JITTERED_RETRY_MS + 1_000);
    expect((await leaseOf('handover')).spec).toMatchObject({
      holderIdentity: 'replica-four',
      leaseTransitions: 1,
    });
  }, 120_000);
});
