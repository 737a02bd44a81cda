/**
 * Leader election through a `coordination.k8s.io/v1` Lease, after client-go's
 * `tools/leaderelection` (`leaderelection.go`, `resourcelock/leaselock.go`), over the ClusterClient
 * port so it runs on a real API server and on the in-memory one alike.
 *
 * The algorithm is client-go's `tryAcquireOrRenew`: read (or create) the Lease; if another
 * identity holds it and the record has changed within the lease duration *as this process's clock
 * measures it* (client-go's `observedTime`: the renewTime in the record is never compared with the
 * local clock, so clock skew does not matter), wait; otherwise write the record with the
 * resourceVersion just read, so that of two candidates only one wins and the other gets Conflict.
 *
 * What makes "at most one leader" hold: a standby takes over only when the record it replaces has
 * not changed for `leaseDurationMs` since it first saw it, and the leader stops leading
 * `renewDeadlineMs` after the *start* of its last successful renewal (a timer, so a request that
 * hangs cannot stretch it). The record a standby first sees was written after that start, and
 * `renewDeadlineMs < leaseDurationMs`, so the two intervals never meet, given clocks that tick at
 * the same rate. (client-go measures the deadline from the start of each renewal round instead,
 * a retry period later; the guarantee is the same with its defaults, but only as long as requests
 * are fast.)
 */
import { hostname } from 'node:os';
import type { ClusterClient, ObjectKey, WatchHandle } from '../port/client.js';
import { ClusterErrorReason, errorReason } from '../port/errors.js';
import type { KubeObject } from '../model/meta.js';
import { silentLogger, type Logger } from './logger.js';
import { realSleep, type Sleep } from './retry.js';

import { LeaderElectionDefaults } from './leader-defaults.js';

export { LeaderElectionDefaults };

/** client-go's `JitterFactor`: acquire attempts are `retryPeriod × (1 + 1.2 × random)` apart. */
const JITTER_FACTOR = 1.2;
const LEASE_API_VERSION = 'coordination.k8s.io/v1';

/** The spec of a `coordination.k8s.io/v1` Lease, as leader election writes it. */
export interface LeaseSpec {
  /** Who holds the lease; empty when released. */
  readonly holderIdentity?: string;
  /** How long others wait for a change before taking over (whole seconds). */
  readonly leaseDurationSeconds?: number;
  /** When the current holder acquired it (MicroTime: RFC 3339 with microseconds, UTC). */
  readonly acquireTime?: string;
  /** When the holder last renewed it (MicroTime). */
  readonly renewTime?: string;
  /** How many times the holder changed. */
  readonly leaseTransitions?: number;
}

/** A `coordination.k8s.io/v1` Lease. */
export interface Lease extends KubeObject {
  /** The election record. */
  readonly spec?: LeaseSpec;
}

/** Options of {@link createLeaderElector}. */
export interface LeaderElectorOptions {
  /** The cluster that holds the Lease. */
  readonly client: ClusterClient;
  /** The Lease's namespace. */
  readonly namespace: string;
  /** The Lease's name (one per controller, e.g. `vzmc-agent`). */
  readonly name: string;
  /** This candidate's identity, unique among candidates. Default: `<hostname>_<random UUID>` (the pod name in a Deployment). */
  readonly identity?: string;
  /** Written into the Lease in whole seconds. Default 15 000 ms. */
  readonly leaseDurationMs?: number;
  /** Must be less than the lease duration. Default 10 000 ms. */
  readonly renewDeadlineMs?: number;
  /** Must be less than the renew deadline / 1.2. Default 2 000 ms. */
  readonly retryPeriodMs?: number;
  /**
   * When `run`'s signal aborts (SIGTERM), or leading ends otherwise, clear the holder once the work
   * has returned, so a standby takes over at once instead of after a lease duration. Default false.
   */
  readonly releaseOnCancel?: boolean;
  /**
   * While standing by, also watch the namespace's Leases (when the client can watch), so a renewal
   * is seen when it happens, not at the next poll: a standby then takes over within the lease
   * duration of the leader's last renewal, instead of up to a jittered retry later. It needs
   * `list` and `watch` on `leases`; without them the standby polls, as client-go does. Default true.
   */
  readonly watch?: boolean;
  /**
   * The time source, for the stamps written and the intervals measured. Default: the system clock
   * for the stamps and a monotonic clock (`performance.now()`) for the intervals, so a step of the
   * wall clock (NTP) neither stretches a leader's term nor cuts a standby's wait, as with Go's
   * monotonic time in client-go.
   */
  readonly clock?: () => Date;
  /** How to wait; must end early when its signal aborts. Default: a timer. */
  readonly sleep?: Sleep;
  /** Randomness for jitter and the default identity. Default `Math.random`. */
  readonly random?: () => number;
  /** Where to log acquisitions, losses and failed attempts. Default: nowhere. */
  readonly logger?: Logger;
}

/** What {@link LeaderElector.run} calls. */
export interface LeaderCallbacks {
  /**
   * Called once leadership is acquired, with a signal that aborts the moment it is lost (or `run`'s
   * signal aborts). Do the work until the signal aborts, then return: `run` waits for it before it
   * releases the Lease or returns. If the work returns (or throws) earlier, leading ends.
   */
  onStartedLeading(leaderSignal: AbortSignal): void | Promise<void>;
  /** Called after leading ended and the work returned (not called if this candidate never led). */
  onStoppedLeading?(): void;
  /** Called when the observed holder changes, including the first holder observed and this candidate. */
  onNewLeader?(identity: string): void;
}

/** A candidate in one election. */
export interface LeaderElector {
  /** This candidate's identity, as written into `holderIdentity`. */
  readonly identity: string;
  /**
   * Campaigns until leadership is acquired, leads until it is lost, then returns (as client-go's
   * `Run`: a caller that wants to campaign again calls `run` again; a Deployment usually exits).
   * Returns at once when `signal` aborts before leading; rethrows what `onStartedLeading` threw.
   */
  run(signal: AbortSignal, callbacks: LeaderCallbacks): Promise<void>;
  /** True from acquisition until the leader signal aborts. */
  isLeader(): boolean;
}

/** client-go's `LeaderElectionRecord`, the part of the Lease spec the election compares. */
interface ElectionRecord {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: string;
  readonly renewTime: string;
  readonly leaseTransitions: number;
}

/** The record as last observed, and when this process first saw it (its own clock). */
interface Observation {
  readonly raw: string;
  readonly record: ElectionRecord;
  readonly atMs: number;
}

/**
 * metav1.MicroTime on the wire: RFC 3339 with six fractional digits, in UTC
 * (`2006-01-02T15:04:05.000000Z07:00`). A JavaScript Date has milliseconds, so the last three are 0.
 */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function recordOf(spec: LeaseSpec | undefined): ElectionRecord {
  return {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: spec?.acquireTime ?? '',
    renewTime: spec?.renewTime ?? '',
    leaseTransitions: spec?.leaseTransitions ?? 0,
  };
}

/** A UUID-shaped suffix from the injected randomness. */
function randomUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function checkTimings(lease: number, renew: number, retry: number): void {
  if (!(retry > 0)) throw new RangeError(`retryPeriodMs must be greater than zero, got ${retry}`);
  if (!(renew > JITTER_FACTOR * retry))
    throw new RangeError(`renewDeadlineMs (${renew}) must be greater than retryPeriodMs × ${JITTER_FACTOR}`);
  if (!(lease > renew))
    throw new RangeError(`leaseDurationMs (${lease}) must be greater than renewDeadlineMs (${renew})`);
  if (lease % 1000 !== 0)
    throw new RangeError(`leaseDurationMs must be whole seconds (leaseDurationSeconds), got ${lease}`);
}

/** What the lock needs to read and write the Lease. */
interface LockDeps {
  readonly client: ClusterClient;
  readonly key: ObjectKey & { readonly namespace: string };
  readonly identity: string;
  readonly leaseDurationSeconds: number;
  /** For the stamps written into the record. */
  readonly clock: () => Date;
  /** For the intervals measured (observedTime). */
  readonly nowMs: () => number;
  readonly logger: Logger;
}

/** A standby's watch on its Lease. */
interface LeaseWatch {
  /** True once the watch failed to start or broke off (then the standby starts another). */
  ended(): boolean;
  stop(): void;
}

/** client-go's LeaseLock plus the elector's bookkeeping of the observed record. */
class LeaseLock {
  /** The Lease as last read or written: its resourceVersion makes the leader's renewal optimistic. */
  #lease: Lease | undefined;
  #observed: Observation | undefined;
  readonly #deps: LockDeps;
  readonly #fields: { readonly lease: string; readonly identity: string };
  #watchRefused = false;

  constructor(deps: LockDeps) {
    this.#deps = deps;
    this.#fields = { lease: `${deps.key.namespace}/${deps.key.name}`, identity: deps.identity };
  }

  /** The holder of the record last observed; empty when none (or released). */
  get holder(): string {
    return this.#observed?.record.holderIdentity ?? '';
  }

  /**
   * Watches the Lease (when the client can), observing each change as it happens; a standby's
   * polls continue regardless, so a watch that fails or ends only costs time.
   */
  watch(): LeaseWatch {
    const { client, key, logger } = this.#deps;
    if (client.watch === undefined) return { ended: () => false, stop: () => undefined };
    let handle: WatchHandle | undefined;
    let stopped = false;
    let ended = false;
    const polling = (error: unknown) => {
      ended = true;
      if (stopped) return;
      // Said once at info (RBAC without list/watch stays that way); repeats go to debug.
      logger.log(this.#watchRefused ? 'debug' : 'info', 'not watching the lease; polling', {
        ...this.#fields,
        reason: errorReason(error),
      });
      this.#watchRefused = true;
    };
    client
      .watch(
        key.apiVersion,
        key.kind,
        { namespace: key.namespace },
        (event) => {
          // A change seen on the watch was written before it arrived: observing it now is safe.
          if (!stopped && event.type !== 'DELETED' && event.object.metadata.name === key.name)
            this.#observe((event.object as Lease).spec, false);
        },
        polling,
      )
      .then((started) => {
        if (stopped) started.stop();
        else handle = started;
      }, polling);
    return {
      ended: () => ended,
      stop: () => {
        stopped = true;
        handle?.stop();
      },
    };
  }

  /** Milliseconds until the observed record expires by this process's clock (≤ 0: expired). */
  expiresInMs(nowMs: number): number {
    if (this.#observed === undefined) return 0;
    return this.#observed.atMs + this.#observed.record.leaseDurationSeconds * 1000 - nowMs;
  }

  /**
   * client-go's `tryAcquireOrRenew`: true when this candidate now holds a freshly written record.
   * Once `signal` aborts, it starts no further request.
   */
  async tryAcquireOrRenew(signal?: AbortSignal): Promise<boolean> {
    const { client, key, identity, logger } = this.#deps;
    const nowMs = this.#deps.nowMs();
    const stamp = microTime(this.#deps.clock());
    const spec = (acquireTime: string, leaseTransitions: number): LeaseSpec => ({
      holderIdentity: identity,
      leaseDurationSeconds: this.#deps.leaseDurationSeconds,
      acquireTime,
      renewTime: stamp,
      leaseTransitions,
    });
    // 1. The leader's fast path: write over the Lease it last wrote, trusting it is still current.
    const mine = this.#observed?.record;
    if (this.#lease && mine?.holderIdentity === identity && this.expiresInMs(nowMs) > 0) {
      if (await this.#write(spec(mine.acquireTime, mine.leaseTransitions), this.#lease)) return true;
      if (signal?.aborted) return false;
    }
    // 2. Read the Lease, or create it.
    let current: Lease;
    try {
      current = await client.get<Lease>(key);
    } catch (error) {
      if (errorReason(error) !== ClusterErrorReason.NotFound) {
        logger.log('warn', 'cannot read the lease', { ...this.#fields, reason: errorReason(error) });
        return false;
      }
      const metadata = { namespace: key.namespace, name: key.name };
      return this.#write(spec(stamp, 0), { apiVersion: key.apiVersion, kind: key.kind, metadata }, true);
    }
    this.#lease = current;
    this.#observe(current.spec, false);
    if (signal?.aborted) return false;
    const record = recordOf(current.spec);
    // 3. Held by another identity, and not yet expired by this process's clock: wait.
    if (record.holderIdentity !== '' && record.holderIdentity !== identity && this.expiresInMs(nowMs) > 0)
      return false;
    // 4. Renew (same term, acquireTime kept), or take over (a new term), with the resourceVersion just read.
    return record.holderIdentity === identity
      ? this.#write(spec(record.acquireTime, record.leaseTransitions), current)
      : this.#write(spec(stamp, record.leaseTransitions + 1), current);
  }

  /** Clears the holder (client-go's `release`), retried after a Conflict with a renewal still in flight. */
  async release(): Promise<void> {
    const { client, key, identity, logger } = this.#deps;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const current = await client.get<Lease>(key);
        if (current.spec?.holderIdentity !== identity) return;
        const stamp = microTime(this.#deps.clock());
        const spec: LeaseSpec = {
          holderIdentity: '',
          leaseDurationSeconds: 1,
          acquireTime: stamp,
          renewTime: stamp,
          leaseTransitions: current.spec.leaseTransitions ?? 0,
        };
        this.#lease = await client.replace<Lease>({ ...current, spec });
        this.#observe(this.#lease.spec, true);
        logger.log('info', 'released the leader lease', this.#fields);
        return;
      } catch (error) {
        if (errorReason(error) === ClusterErrorReason.Conflict) continue;
        logger.log('warn', 'failed to release the leader lease', {
          ...this.#fields,
          reason: errorReason(error),
        });
        return;
      }
    }
  }

  async #write(spec: LeaseSpec, base: Lease, create = false): Promise<boolean> {
    try {
      const object = { ...base, spec };
      this.#lease = create
        ? await this.#deps.client.create<Lease>(object)
        : await this.#deps.client.replace<Lease>(object);
      this.#observe(this.#lease.spec, true);
      return true;
    } catch (error) {
      // Conflict: another candidate (or our own earlier write) moved the Lease on since we read it.
      const verb = create ? 'create' : 'update';
      this.#deps.logger.log('debug', `failed to ${verb} the lease`, {
        ...this.#fields,
        reason: errorReason(error),
      });
      return false;
    }
  }

  /** client-go's observedTime: restarts when the record changed, and after every write of ours. */
  #observe(spec: LeaseSpec | undefined, own: boolean): void {
    const record = recordOf(spec);
    const raw = JSON.stringify(record);
    if (own || this.#observed?.raw !== raw) this.#observed = { raw, record, atMs: this.#deps.nowMs() };
  }
}

/** Everything one election needs, resolved from the options. */
interface Election {
  readonly lock: LeaseLock;
  readonly identity: string;
  readonly leaseName: string;
  readonly renewMs: number;
  readonly retryMs: number;
  /** For intervals: monotonic unless a clock was injected. */
  readonly nowMs: () => number;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly logger: Logger;
  /** Reports a change of holder to `onNewLeader`, once per holder. */
  readonly reportTransition: (callbacks: LeaderCallbacks) => void;
  /** Flips `isLeader()`. */
  readonly setLeading: (leading: boolean) => void;
  /** Whether a standby watches the Lease. */
  readonly watch: boolean;
}

/** Tries until acquired: the start time of the winning attempt, or undefined once `signal` aborts. */
async function acquire(
  e: Election,
  signal: AbortSignal,
  callbacks: LeaderCallbacks,
): Promise<number | undefined> {
  e.logger.log('info', 'attempting to acquire the leader lease', {
    lease: e.leaseName,
    identity: e.identity,
  });
  let watching = e.watch ? e.lock.watch() : undefined;
  try {
    while (!signal.aborted) {
      // A watch that broke off (410 Gone, a lost connection) is started again, once per attempt.
      if (watching?.ended()) watching = e.lock.watch();
      const startedMs = e.nowMs();
      const won = await e.lock.tryAcquireOrRenew(signal);
      e.reportTransition(callbacks);
      if (won || signal.aborted) return won && !signal.aborted ? startedMs : undefined;
      let waitMs = e.retryMs * (1 + JITTER_FACTOR * e.random());
      // Wake when the observed record expires, if that comes before the next jittered attempt.
      const expiresInMs = e.lock.expiresInMs(e.nowMs());
      if (e.lock.holder !== '' && expiresInMs > 0) waitMs = Math.min(waitMs, expiresInMs);
      await e.sleep(waitMs, signal);
    }
  } finally {
    watching?.stop();
  }
  return undefined;
}

/**
 * Leads from `acquiredAtMs` until the renew deadline passes, the Lease shows another holder, the
 * work returns or `signal` aborts; resolves once the work has returned, with what it threw.
 */
async function lead(
  e: Election,
  signal: AbortSignal,
  callbacks: LeaderCallbacks,
  acquiredAtMs: number,
): Promise<{ readonly error: unknown } | undefined> {
  const fields = { lease: e.leaseName, identity: e.identity };
  const leadership = new AbortController();
  let renewByMs = acquiredAtMs + e.renewMs;
  const stepDown = (why: string) => {
    if (leadership.signal.aborted) return;
    e.setLeading(false);
    leadership.abort();
    e.logger.log(signal.aborted ? 'info' : 'warn', 'stopped leading', { ...fields, why });
  };
  const onAbort = () => {
    stepDown('cancelled');
  };
  signal.addEventListener('abort', onAbort, { once: true });
  e.setLeading(true);
  e.logger.log('info', 'acquired the leader lease', fields);

  // The deadline is a timer of its own: a renewal that hangs cannot keep this process leading.
  const deadline = async () => {
    while (!leadership.signal.aborted) {
      const leftMs = renewByMs - e.nowMs();
      if (leftMs <= 0) stepDown('the renew deadline passed');
      else await e.sleep(leftMs, leadership.signal);
    }
  };
  const renew = async () => {
    while (!leadership.signal.aborted) {
      await e.sleep(e.retryMs, leadership.signal);
      if (leadership.signal.aborted) return;
      const startedMs = e.nowMs();
      const renewed = await e.lock.tryAcquireOrRenew(leadership.signal);
      e.reportTransition(callbacks);
      // A renewal that succeeds after the step-down changes nothing: leading has ended.
      if (leadership.signal.aborted) return;
      if (renewed) renewByMs = startedMs + e.renewMs;
      else if (e.lock.holder !== e.identity) stepDown(`the lease is held by ${e.lock.holder || 'nobody'}`);
    }
  };
  let failure: { readonly error: unknown } | undefined;
  const work = (async () => {
    try {
      await callbacks.onStartedLeading(leadership.signal);
    } catch (error) {
      failure = { error };
    } finally {
      stepDown(failure === undefined ? 'the work returned' : 'the work failed');
    }
  })();
  await Promise.all([deadline(), renew(), work]);
  signal.removeEventListener('abort', onAbort);
  return failure;
}

/**
 * Creates a candidate for the Lease `namespace/name`. Its identity needs `get`, `create` and
 * `update` on `leases` in that namespace.
 *
 * @example
 * const elector = createLeaderElector({ client: local, namespace: 'verrazzano-system', name: 'vzmc-agent', releaseOnCancel: true });
 * await elector.run(shutdown.signal, {
 *   onStartedLeading: (leaderSignal) => agent.run(leaderSignal),
 *   onNewLeader: (identity) => logger.log('info', 'leader', { identity }),
 * });
 */
export function createLeaderElector(options: LeaderElectorOptions): LeaderElector {
  const leaseMs = options.leaseDurationMs ?? LeaderElectionDefaults.leaseDurationMs;
  const renewMs = options.renewDeadlineMs ?? LeaderElectionDefaults.renewDeadlineMs;
  const retryMs = options.retryPeriodMs ?? LeaderElectionDefaults.retryPeriodMs;
  checkTimings(leaseMs, renewMs, retryMs);
  if (!options.namespace || !options.name) throw new RangeError('the Lease needs a namespace and a name');
  const injected = options.clock;
  const clock = injected ?? (() => new Date());
  const nowMs = injected ? () => injected().getTime() : () => performance.now();
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  const identity = options.identity ?? `${hostname()}_${randomUuid(random)}`;
  const key = {
    apiVersion: LEASE_API_VERSION,
    kind: 'Lease',
    namespace: options.namespace,
    name: options.name,
  };
  const lock = new LeaseLock({
    client: options.client,
    key,
    identity,
    leaseDurationSeconds: leaseMs / 1000,
    clock,
    nowMs,
    logger,
  });
  let leading = false;
  let running = false;
  let reported = '';
  const election: Election = {
    lock,
    identity,
    leaseName: `${options.namespace}/${options.name}`,
    renewMs,
    retryMs,
    nowMs,
    sleep: options.sleep ?? realSleep,
    random,
    logger,
    setLeading: (value) => {
      leading = value;
    },
    watch: options.watch ?? true,
    reportTransition: (callbacks) => {
      if (lock.holder === '' || lock.holder === reported) return;
      reported = lock.holder;
      logger.log('info', 'new leader observed', { lease: election.leaseName, leader: reported });
      try {
        callbacks.onNewLeader?.(reported);
      } catch (error) {
        logger.log('error', 'onNewLeader failed', { error: (error as Error).message });
      }
    },
  };

  async function run(signal: AbortSignal, callbacks: LeaderCallbacks): Promise<void> {
    if (running) throw new Error(`this elector is already running for lease ${election.leaseName}`);
    running = true;
    try {
      const acquiredAtMs = await acquire(election, signal, callbacks);
      if (acquiredAtMs === undefined) {
        // Won in the same moment as the signal aborted: hand the Lease back unused.
        if (options.releaseOnCancel && lock.holder === identity) await lock.release();
        return;
      }
      const failure = await lead(election, signal, callbacks, acquiredAtMs);
      if (options.releaseOnCancel) await lock.release();
      callbacks.onStoppedLeading?.();
      if (failure !== undefined) throw failure.error;
    } finally {
      running = false;
    }
  }

  return { identity, run, isLeader: () => leading };
}
