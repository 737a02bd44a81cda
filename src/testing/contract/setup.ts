/**
 * What an adapter hands the contract suite (its clients and server controls) and the test API
 * the suite runs on.
 */
import type { ClusterClient } from '../../port/client.js';
import type { ContractSkipList } from './titles.js';

/**
 * What the contract needs from one adapter, once its server runs. Each factory returns a new
 * client; the setup's `stop` closes whatever they hold.
 *
 * @example
 * ```ts
 * const cluster = createMemoryCluster({ crds: false });
 * const context: ClusterClientContractContext = {
 *   adminClient: () => cluster.client(),
 *   tokenClient: (token) => cluster.client({ token }),
 *   timeoutMs: 1_000,
 *   stopServer: () => cluster.setAvailable(false),
 *   startServer: () => cluster.setAvailable(true),
 * };
 * ```
 */
export interface ClusterClientContractContext {
  /** A client acting as the cluster admin (RBAC allows it everything). */
  adminClient(): ClusterClient;
  /**
   * A client that authenticates with a bearer token: the suite passes ServiceAccount tokens from
   * `requestToken` (bound to a narrow Role, or to nothing) and made-up ones.
   */
  tokenClient(token: string): ClusterClient;
  /** The adapter's per-call timeout: with the server stopped, every call must settle within it. */
  readonly timeoutMs: number;
  /**
   * Makes the server the admin client talks to unreachable (in memory: `setAvailable(false)`; on a
   * real cluster: stop its API server). The suite always calls `startServer` afterwards.
   */
  stopServer(): Promise<void> | void;
  /** Makes the server reachable again; resolves once it serves. */
  startServer(): Promise<void> | void;
  /**
   * Installs vzmc's CRDs (`generateCrds()`) and resolves once their kinds are served. Default:
   * `installCrds` through the admin client (server-side apply, then wait until each is
   * Established and its kind answers a list).
   */
  installCrds?(client: ClusterClient): Promise<void>;
}

/**
 * How {@link clusterClientContract} runs against one adapter.
 *
 * @example
 * ```ts
 * const clients: K8sClusterClient[] = [];
 * const setup: ClusterClientContractSetup = {
 *   async start() {
 *     const control = await connectTestClusters(inject('vzmcTestClusters').stateDir);
 *     const client = (token: string) => {
 *       const made = createK8sClusterClient({ kubeconfig: { yaml: control.kubeconfigFor('managed2', token) }, timeoutMs: 10_000 });
 *       clients.push(made);
 *       return made;
 *     };
 *     return {
 *       adminClient: () => client(control.cluster('managed2').token),
 *       tokenClient: client,
 *       timeoutMs: 10_000,
 *       stopServer: () => control.stopCluster('managed2', { signal: 'SIGKILL' }),
 *       startServer: () => control.startCluster('managed2'),
 *     };
 *   },
 *   stop: () => clients.forEach((c) => c.close()),
 * };
 * ```
 */
export interface ClusterClientContractSetup {
  /**
   * Called once before the tests (vitest `beforeAll`). If it throws, every test fails with its
   * error: a server that cannot start is a failure, never a skip.
   */
  start(): Promise<ClusterClientContractContext> | ClusterClientContractContext;
  /** Called once after the tests (vitest `afterAll`): close clients, make sure the server runs. */
  stop?(): Promise<void> | void;
  /** Tests this adapter does not meet, each with its reason. */
  readonly skip?: ContractSkipList;
}

/** The assertions the contract suite uses; vitest's `expect` provides them. */
export interface ContractAssertion {
  /** Deep equality. */
  toEqual(expected: unknown): void;
  /** The actual object has at least these fields with these values. */
  toMatchObject(expected: object): void;
  /** `Object.is` equality. */
  toBe(expected: unknown): void;
  /** The string matches. */
  toMatch(expected: RegExp | string): void;
  /** The array or string contains the item. */
  toContain(item: unknown): void;
  /** The value is `undefined`. */
  toBeUndefined(): void;
  /** The array or string has this length. */
  toHaveLength(length: number): void;
  /** The number is smaller. */
  toBeLessThan(expected: number): void;
  /** The negated assertions. */
  readonly not: ContractAssertion;
}

/**
 * The test API the suite runs on: pass vitest's own functions. Taking them as an argument keeps
 * `vzmc/testing` free of a runtime dependency on vitest (an optional peer).
 *
 * @example
 * import { afterAll, beforeAll, describe, expect, it } from 'vitest';
 * clusterClientContract('mine', setup, { describe, it, beforeAll, afterAll, expect });
 */
export interface ContractRunner {
  /** Groups the suite's tests. */
  readonly describe: (name: string, body: () => void) => void;
  /** Defines one test; `skip` defines one reported as skipped. */
  readonly it: {
    (name: string, body: () => Promise<void>): void;
    /** Defines a test that is reported as skipped. */
    skip(name: string, body: () => Promise<void>): void;
  };
  /** Runs once before the suite's tests. */
  readonly beforeAll: (body: () => Promise<void>) => void;
  /** Runs once after them. */
  readonly afterAll: (body: () => Promise<void>) => void;
  /** Starts an assertion; `expect.any(Type)` matches any value of a type. */
  readonly expect: {
    (actual: unknown, message?: string): ContractAssertion;
    /** An asymmetric matcher for any value of a type. */
    any(type: unknown): unknown;
  };
}
