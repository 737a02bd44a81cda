/**
 * Leader election through a Lease (issue #12 item 3), on the in-memory API server in virtual time.
 * With `random: () => 0.5` an acquire attempt follows the last after 2 s × (1 + 1.2 × 0.5) = 3.2 s,
 * unless the observed record expires sooner; the leader renews every 2 s.
 */
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createLeaderElector, LeaderElectionDefaults, microTime } from '../../../src/agent/leader.js';
import { ClusterError } from '../../../src/port/errors.js';
import { arena, LEASE, LEASE_KEY, NAMESPACE, type Candidate } from './leader-support.js';

const at = (seconds: number) => microTime(new Date(Date.parse('2026-01-01T00:00:00Z') + seconds * 1000));
const leaders = (candidates: readonly Candidate[]) =>
  candidates.filter((c) => c.elector.isLeader()).map((c) => c.name);

describe('leader election: acquire and renew', () => {
  it('creates the Lease as client-go writes it: holder, whole-second duration, MicroTime stamps, 0 transitions', async () => {
    const { vt, start, lease, ready } = arena();
    await ready();
    const one = start('one');
    await vt.settle();
    expect(one.elector.isLeader()).toBe(true);
    expect((await lease()).spec).toEqual({
      holderIdentity: 'one',
      leaseDurationSeconds: 15,
      acquireTime: '2026-01-01T00:00:00.000000Z',
      renewTime: '2026-01-01T00:00:00.000000Z',
      leaseTransitions: 0,
    });
    expect(one.events).toEqual(['leader=one@0', 'started@0']);
    expect(one.leaderSignals[0]!.aborted).toBe(false);
  });

  it('renews every retry period: renewTime moves, acquireTime and leaseTransitions stay, the resourceVersion changes', async () => {
    const { vt, start, lease, ready } = arena();
    await ready();
    start('one');
    await vt.settle();
    const first = await lease();
    await vt.advance(2_000);
    const second = await lease();
    expect(second.spec).toEqual({ ...first.spec, renewTime: at(2) });
    expect(second.metadata.resourceVersion).not.toBe(first.metadata.resourceVersion);
    await vt.advance(60_000);
    expect((await lease()).spec).toMatchObject({
      holderIdentity: 'one',
      acquireTime: at(0),
      renewTime: at(62),
    });
  });

  it('formats MicroTime with six fractional digits in UTC', () => {
    expect(microTime(new Date('2026-03-04T05:06:07.089+02:00'))).toBe('2026-03-04T03:06:07.089000Z');
  });
});

describe('leader election: standbys', () => {
  it('a standby waits while the leader renews, and reports the leader it sees', async () => {
    const { vt, start, lease, ready } = arena();
    await ready();
    const one = start('one');
    await vt.settle();
    const two = start('two');
    await vt.advance(120_000, () => {
      expect(leaders([one, two])).toEqual(['one']);
    });
    expect(two.events).toEqual(['leader=one@0']);
    expect((await lease()).spec?.holderIdentity).toBe('one');
  });

  it('takes over once the record has not changed for a lease duration of its own clock, as a new term', async () => {
    const { vt, start, lease, ready } = arena();
    await ready();
    const one = start('one');
    await vt.settle();
    const two = start('two'); // tries at 0, 3.2, 6.4, 9.6, 12.8 s…
    await vt.advance(10_500); // one renewed at 2, 4, …, 10 s
    one.client.link = 'frozen'; // as if SIGKILLed: it never writes again
    // two first saw the 10 s record at 12.8 s; it expires for two at 12.8 + 15 = 27.8 s.
    await vt.advance(27_799 - 10_500);
    expect(two.elector.isLeader()).toBe(false);
    await vt.advance(1);
    expect(two.elector.isLeader()).toBe(true);
    expect(two.events).toEqual(['leader=one@0', 'leader=two@27800', 'started@27800']);
    expect((await lease()).spec).toEqual({
      holderIdentity: 'two',
      leaseDurationSeconds: 15,
      acquireTime: at(27.8),
      renewTime: at(27.8),
      leaseTransitions: 1,
    });
  });

  it('a standby that watches the Lease sees each renewal when it happens, and takes over exactly a lease duration after the last', async () => {
    const { vt, start, lease, ready } = arena();
    await ready();
    const one = start('one');
    await vt.settle();
    const two = start('two', { watchable: true });
    await vt.advance(10_500);
    one.client.link = 'frozen';
    // The renewal at 10 s arrived on the watch at 10 s: expiry at 25 s, not 27.8 s as by polling.
    await vt.advance(25_000 - 1 - 10_500);
    expect(two.elector.isLeader()).toBe(false);
    await vt.advance(1);
    expect(two.events).toEqual(['leader=one@0', 'leader=two@25000', 'started@25000']);
    expect((await lease()).spec).toMatchObject({ holderIdentity: 'two', leaseTransitions: 1 });
  });

  it('a standby whose watch is refused polls instead, and says so in the log', async () => {
    const { vt, cluster, start, ready } = arena();
    await ready();
    cluster.injectFault(
      { verb: 'watch', kind: 'Lease' },
      new ClusterError({ reason: 'Forbidden', status: 403, message: 'leases is forbidden' }),
    );
    const one = start('one');
    await vt.settle();
    const lines: string[] = [];
    const two = start('two', {
      watchable: true,
      logger: {
        log: (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`),
      },
    });
    await vt.advance(10_500);
    one.client.link = 'frozen';
    await vt.advance(27_800 - 10_500);
    expect(two.events).toEqual(['leader=one@0', 'leader=two@27800', 'started@27800']);
    expect(lines).toContain(
      'info not watching the lease; polling {"lease":"verrazzano-system/vzmc-agent","identity":"two","reason":"Forbidden"}',
    );
  });

  it('a standby whose watch failed once starts another at its next attempt, and is back to watching', async () => {
    const { vt, cluster, start, ready } = arena();
    await ready();
    const refused = cluster.injectFault(
      { verb: 'watch', kind: 'Lease', times: 1 },
      new ClusterError({ reason: 'Unavailable', message: 'connection reset' }),
    );
    const one = start('one');
    await vt.settle();
    const two = start('two', { watchable: true });
    await vt.advance(10_500);
    expect(refused.hits).toBe(1);
    one.client.link = 'frozen';
    await vt.advance(25_000 - 10_500);
    expect(two.events).toEqual(['leader=one@0', 'leader=two@25000', 'started@25000']);
  });

  it.each([
    ['an hour behind', -3_600_000],
    ['an hour ahead', 3_600_000],
  ])(
    "judges expiry by its own clock, not the record's renewTime: a leader whose clock is %s",
    async (_label, skewMs) => {
      const { vt, start, lease, ready } = arena();
      await ready();
      const one = start('one', { clock: () => new Date(vt.clock().getTime() + skewMs) });
      await vt.settle();
      const two = start('two');
      await vt.advance(120_000, () => {
        expect(leaders([one, two])).toEqual(['one']); // a renewTime an hour old does not mean expired
      });
      one.client.link = 'frozen';
      // Last renewal at 120 s; two sees it at its next try, and takes over a lease duration later.
      await vt.advance(15_000 + 3_200);
      expect(leaders([one, two])).toEqual(['two']);
      expect((await lease()).spec?.holderIdentity).toBe('two');
    },
  );
});

describe('leader election: losing the lease', () => {
  it('a leader that cannot renew stops leading renewDeadline after its last good renewal began, before anyone may take over', async () => {
    const { vt, start, ready } = arena();
    await ready();
    const one = start('one');
    await vt.settle();
    const two = start('two');
    await vt.advance(10_500);
    one.client.link = 'frozen'; // its requests hang (until a 30 s timeout)
    let oneStoppedAt: number | undefined;
    let twoStartedAt: number | undefined;
    await vt.advance(40_000, () => {
      expect(leaders([one, two]).length).toBeLessThanOrEqual(1);
      if (!one.elector.isLeader()) oneStoppedAt ??= vt.elapsedMs();
      if (two.elector.isLeader()) twoStartedAt ??= vt.elapsedMs();
    });
    // The renewal that began at 10 s was the last to succeed: the timer fires at 20 s although a request hangs.
    expect(oneStoppedAt).toBe(20_000);
    expect(one.leaderSignals[0]!.aborted).toBe(true);
    expect(twoStartedAt).toBe(27_800);
    expect(twoStartedAt! - oneStoppedAt!).toBeGreaterThanOrEqual(
      LeaderElectionDefaults.leaseDurationMs - LeaderElectionDefaults.renewDeadlineMs,
    );
  });

  it('a leader that finds another holder in the Lease stops at once', async () => {
    const { vt, cluster, start, ready } = arena();
    await ready();
    const one = start('one');
    await vt.settle();
    const admin = cluster.client();
    const live = await admin.get(LEASE_KEY);
    await admin.replace({ ...live, spec: { ...(live.spec as object), holderIdentity: 'intruder' } });
    await vt.advance(2_000);
    expect(one.elector.isLeader()).toBe(false);
    expect(one.leaderSignals[0]!.aborted).toBe(true);
    await vt.settle();
    expect(one.finished()).toBe(true);
    expect(one.events).toEqual(['leader=one@0', 'started@0', 'leader=intruder@2000', 'stopped@2000']);
  });

  it('a renewal refused for a while is retried: leadership survives failures that end before the renew deadline', async () => {
    const { vt, start, ready } = arena();
    await ready();
    const one = start('one');
    await vt.advance(1_000);
    one.client.link = 'down';
    await vt.advance(6_000); // the renewals at 2, 4 and 6 s fail; the deadline is 0 + 10 s
    expect(one.elector.isLeader()).toBe(true);
    one.client.link = 'up'; // the one at 8 s succeeds, and moves the deadline to 18 s
    await vt.advance(60_000);
    expect(one.elector.isLeader()).toBe(true);
    expect(one.leaderSignals).toHaveLength(1);
    expect(one.client.refused).toEqual(['get:NotFound']); // 'down' failed before reaching the server
  });
});

describe('leader election: races', () => {
  it('two candidates taking over the same expired Lease: one wins, the other gets Conflict', async () => {
    const { vt, cluster, start, lease, ready } = arena();
    await ready();
    const spec = {
      holderIdentity: 'gone',
      leaseDurationSeconds: 15,
      acquireTime: at(0),
      renewTime: at(0),
      leaseTransitions: 4,
    };
    await cluster.client().create({ ...LEASE_KEY, metadata: { namespace: NAMESPACE, name: LEASE }, spec });
    const a = start('a');
    const b = start('b');
    // Both saw the record at 0 s and wake at 15 s; both read it, then both write with that resourceVersion.
    await vt.advance(15_000, () => {
      expect(leaders([a, b]).length).toBeLessThanOrEqual(1);
    });
    expect(leaders([a, b])).toHaveLength(1);
    const [winner] = leaders([a, b]);
    const loser = winner === 'a' ? b : a;
    expect(loser.client.refused).toEqual(['replace:Conflict']);
    expect((await lease()).spec).toMatchObject({ holderIdentity: winner, leaseTransitions: 5 });
    await vt.advance(60_000, () => {
      expect(leaders([a, b])).toEqual([winner]);
    });
  });

  it('two candidates creating the Lease at once: one create wins, the other gets AlreadyExists', async () => {
    const { vt, start, lease, ready } = arena();
    await ready();
    const a = start('a');
    const b = start('b');
    await vt.advance(30_000, () => {
      expect(leaders([a, b]).length).toBeLessThanOrEqual(1);
    });
    expect(leaders([a, b])).toEqual(['a']);
    // Both read NotFound before either created.
    expect(a.client.refused).toEqual(['get:NotFound']);
    expect(b.client.refused).toEqual(['get:NotFound', 'create:AlreadyExists']);
    expect((await lease()).spec).toMatchObject({ holderIdentity: 'a', leaseTransitions: 0 });
  });
});

describe('leader election: stopping', () => {
  it('releaseOnCancel: on SIGTERM the leader stops its work, clears the holder, and a standby takes over at its next try', async () => {
    const { vt, start, lease, ready } = arena();
    await ready();
    let workEndedAt: number | undefined;
    const one = start('one', {
      releaseOnCancel: true,
      work: (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            workEndedAt = vt.elapsedMs();
            resolve();
          });
        }),
    });
    await vt.settle();
    const two = start('two');
    await vt.advance(10_500);
    one.stop();
    await vt.settle();
    await one.done;
    expect(workEndedAt).toBe(10_500);
    expect(one.events).toEqual(['leader=one@0', 'started@0', 'stopped@10500']);
    expect((await lease()).spec).toEqual({
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: at(10.5),
      renewTime: at(10.5),
      leaseTransitions: 0,
    });
    await vt.advance(3_200);
    // two's tries: 0, 3.2, 6.4, 9.6, 12.8 s: the released Lease is taken at once, not 15 s later.
    expect(two.events).toEqual(['leader=one@0', 'leader=two@12800', 'started@12800']);
    expect((await lease()).spec).toMatchObject({ holderIdentity: 'two', leaseTransitions: 1 });
  });

  it('without releaseOnCancel the Lease keeps its holder after SIGTERM', async () => {
    const { vt, start, lease, ready } = arena();
    await ready();
    const one = start('one');
    await vt.advance(5_000);
    one.stop();
    await vt.settle();
    await one.done;
    expect(one.elector.isLeader()).toBe(false);
    expect((await lease()).spec).toMatchObject({ holderIdentity: 'one', renewTime: at(4) });
  });

  it('a standby stopped before it ever led returns without calling onStoppedLeading', async () => {
    const { vt, start, ready } = arena();
    await ready();
    start('one');
    await vt.settle();
    const two = start('two', { releaseOnCancel: true });
    await vt.advance(5_000);
    two.stop();
    await vt.settle();
    await two.done;
    expect(two.events).toEqual(['leader=one@0']);
  });

  it('work that returns ends leading (and releases); work that throws makes run reject after onStoppedLeading', async () => {
    const { vt, start, lease, ready } = arena();
    await ready();
    const one = start('one', { releaseOnCancel: true, work: () => Promise.resolve() });
    await vt.settle();
    await one.done;
    expect(one.events).toEqual(['leader=one@0', 'started@0', 'stopped@0']);
    expect((await lease()).spec?.holderIdentity).toBe('');

    const boom = new Error('boom');
    const two = start('two', { work: () => Promise.reject(boom) });
    await vt.settle();
    await expect(two.done).rejects.toBe(boom);
    expect(two.events.at(-1)).toBe('stopped@0');
    expect(two.elector.isLeader()).toBe(false);
  });

  it('run cannot be entered twice at once', async () => {
    const { vt, start, ready } = arena();
    await ready();
    const one = start('one');
    await vt.settle();
    await expect(
      one.elector.run(new AbortController().signal, { onStartedLeading: () => undefined }),
    ).rejects.toThrow('this elector is already running for lease verrazzano-system/vzmc-agent');
  });
});

describe('leader election: options', () => {
  const client = { name: 'x' } as never;
  const base = { client, namespace: NAMESPACE, name: LEASE };

  it.each([
    [{ retryPeriodMs: 0 }, 'retryPeriodMs must be greater than zero, got 0'],
    [{ renewDeadlineMs: 2_400 }, 'renewDeadlineMs (2400) must be greater than retryPeriodMs × 1.2'],
    [{ leaseDurationMs: 10_000 }, 'leaseDurationMs (10000) must be greater than renewDeadlineMs (10000)'],
    [{ leaseDurationMs: 15_500 }, 'leaseDurationMs must be whole seconds (leaseDurationSeconds), got 15500'],
    [{ name: '' }, 'the Lease needs a namespace and a name'],
  ])('rejects %j', (options, message) => {
    expect(() => createLeaderElector({ ...base, ...options })).toThrow(new RangeError(message));
  });

  it("defaults to client-go's timings", () => {
    expect(LeaderElectionDefaults).toEqual({
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    });
  });

  it('defaults the identity to hostname_UUID, drawn from the injected randomness', () => {
    let n = 0;
    const random = () => (n++ % 97) / 97;
    const first = createLeaderElector({ ...base, random }).identity;
    const second = createLeaderElector({ ...base, random }).identity;
    expect(first).toMatch(
      new RegExp(`^${hostname()}_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$`),
    );
    expect(second).not.toBe(first);
  });

  it('never leads on a Lease it cannot read, and says why in the log', async () => {
    const { vt, cluster, ready } = arena();
    await ready();
    cluster.injectFault(
      { verb: 'get', kind: 'Lease' },
      new ClusterError({ reason: 'Forbidden', status: 403, message: 'no' }),
    );
    const lines: string[] = [];
    const elector = createLeaderElector({
      ...base,
      client: cluster.client(),
      identity: 'one',
      clock: vt.clock,
      sleep: vt.sleep,
      logger: {
        log: (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`),
      },
    });
    const stop = new AbortController();
    const done = elector.run(stop.signal, { onStartedLeading: () => undefined });
    await vt.advance(30_000);
    expect(elector.isLeader()).toBe(false);
    stop.abort();
    await done;
    expect(lines).toContain(
      'warn cannot read the lease {"lease":"verrazzano-system/vzmc-agent","identity":"one","reason":"Forbidden"}',
    );
  });
});
