/**
 * What the leader-election tests share: an in-memory cluster on virtual time, candidates each with
 * a client of its own that the test can slow down, cut off or freeze, and a record of who led when.
 */
import { ClusterError } from '../../../src/port/errors.js';
import { createMemoryCluster, type MemoryCluster } from '../../../src/adapters/memory/index.js';
import type { ClusterClient } from '../../../src/port/client.js';
import {
  createLeaderElector,
  type Lease,
  type LeaderElector,
  type LeaderElectorOptions,
} from '../../../src/agent/leader.js';
import { virtualTime, type VirtualTime } from '../../support/virtual-time.js';

export const NAMESPACE = 'verrazzano-system';
export const LEASE = 'vzmc-agent';
export const LEASE_KEY = {
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  namespace: NAMESPACE,
  name: LEASE,
};

/** How a candidate's connection to the API server behaves. */
export type Link = 'up' | 'down' | 'frozen';

/** A ClusterClient whose calls take virtual time, and which a test can cut off (Unavailable) or freeze (calls never answer). */
export interface ControlledClient extends ClusterClient {
  link: Link;
  /** Latency of each request and each response, drawn per call. */
  latencyMs: () => number;
  /** `verb:reason` of each call the server refused, in order. */
  readonly refused: string[];
}

/** How long a frozen call hangs before it times out, as the Kubernetes adapter's default timeout. */
export const FROZEN_TIMEOUT_MS = 30_000;

/**
 * `watchable`: the client also watches (passed through, untouched by `link` and latency: a watch
 * event always arrives after the write it reports, which is all the elector relies on).
 */
export function controlledClient(inner: ClusterClient, vt: VirtualTime, watchable = false): ControlledClient {
  const client = {
    link: 'up',
    latencyMs: () => 0,
    refused: [] as string[],
  } as ControlledClient;
  const timeout = async (): Promise<never> => {
    await vt.sleep(FROZEN_TIMEOUT_MS);
    throw new ClusterError({ reason: 'Timeout', message: 'no answer in time' });
  };
  const call =
    <A extends unknown[], R>(verb: string, method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await vt.sleep(client.latencyMs());
      if (client.link === 'frozen') return timeout();
      if (client.link === 'down')
        throw new ClusterError({ reason: 'Unavailable', message: 'connection refused' });
      let result: R;
      try {
        result = await method.apply(inner, args);
      } catch (error) {
        client.refused.push(`${verb}:${(error as ClusterError).reason}`);
        throw error;
      }
      await vt.sleep(client.latencyMs());
      // The server did the work, but a response that arrives after the link froze is lost.
      if ((client.link as Link) === 'frozen') return timeout();
      return result;
    };
  Object.assign(client, {
    name: inner.name,
    get: call('get', inner.get.bind(inner)),
    list: call('list', inner.list.bind(inner)),
    create: call('create', inner.create.bind(inner)),
    replace: call('replace', inner.replace.bind(inner)),
    apply: call('apply', inner.apply.bind(inner)),
    delete: call('delete', inner.delete.bind(inner)),
    updateStatus: call('updateStatus', inner.updateStatus.bind(inner)),
    serverVersion: call('serverVersion', inner.serverVersion.bind(inner)),
    requestToken: call('requestToken', inner.requestToken.bind(inner)),
    ...(watchable && inner.watch ? { watch: inner.watch.bind(inner) } : {}),
  });
  return client;
}

/** One candidate: its elector, client, run and what its callbacks saw. */
export interface Candidate {
  readonly name: string;
  readonly elector: LeaderElector;
  readonly client: ControlledClient;
  readonly events: string[];
  /** The leader signals handed to onStartedLeading, in order. */
  readonly leaderSignals: AbortSignal[];
  /** Aborts the run's signal (SIGTERM). */
  readonly stop: () => void;
  /** Resolves when run() returns; rejects with what it threw. */
  readonly done: Promise<void>;
  /** Whether run() has returned. */
  readonly finished: () => boolean;
}

export interface Arena {
  readonly vt: VirtualTime;
  readonly cluster: MemoryCluster;
  /** Starts a candidate that leads (doing nothing) until its leader signal aborts. */
  readonly start: (
    name: string,
    options?: Partial<LeaderElectorOptions> & {
      work?: (signal: AbortSignal) => Promise<void>;
      /** Give the candidate a client that can watch (default: it can only poll). */
      watchable?: boolean;
    },
  ) => Candidate;
  /** The Lease as the cluster admin reads it. */
  readonly lease: () => Promise<Lease>;
  /** Creates the Lease's namespace (a fresh cluster lacks it, as a real one would). */
  readonly ready: () => Promise<void>;
}

export function arena(): Arena {
  const vt = virtualTime();
  const cluster = createMemoryCluster({ name: 'managed1', clock: vt.clock });
  const admin = cluster.client();
  const start: Arena['start'] = (name, options = {}) => {
    const client = controlledClient(cluster.client(), vt, options.watchable);
    const elector = createLeaderElector({
      client,
      namespace: NAMESPACE,
      name: LEASE,
      identity: name,
      clock: vt.clock,
      sleep: vt.sleep,
      random: () => 0.5,
      ...options,
    });
    const events: string[] = [];
    const leaderSignals: AbortSignal[] = [];
    const stop = new AbortController();
    let finished = false;
    const work =
      options.work ??
      ((signal: AbortSignal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            resolve();
          });
        }));
    const done = elector
      .run(stop.signal, {
        onStartedLeading: (signal) => {
          leaderSignals.push(signal);
          events.push(`started@${vt.elapsedMs()}`);
          return work(signal);
        },
        onStoppedLeading: () => events.push(`stopped@${vt.elapsedMs()}`),
        onNewLeader: (identity) => events.push(`leader=${identity}@${vt.elapsedMs()}`),
      })
      .finally(() => {
        finished = true;
      });
    done.catch(() => undefined);
    return {
      name,
      elector,
      client,
      events,
      leaderSignals,
      stop: () => {
        stop.abort();
      },
      done,
      finished: () => finished,
    };
  };
  return {
    vt,
    cluster,
    start,
    lease: () => admin.get<Lease>(LEASE_KEY),
    ready: async () => {
      await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
    },
  };
}
