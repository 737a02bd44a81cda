/**
 * `createMemoryCluster`: vzmc's embedded cluster (used by `vzmc demo`) and its fast test double.
 * It keeps the state of one cluster and hands out {@link ClusterClient}s for identities.
 */
import type { KubeObject } from '../../model/meta.js';
import { fixedClock, sequentialIds, type Clock, type IdGenerator } from './clock.js';
import type { JsonObject } from './canonical.js';
import { createClient, type MemoryClientOptions, type MemoryClusterClient } from './client.js';
import { crdResource, vzmcCrds } from './crds.js';
import { unavailable } from './errors.js';
import type { FaultError, FaultHandle, FaultMatch } from './faults.js';
import { ADMIN, type Identity } from './identity.js';
import { builtinResources, resourceOf, type InstallKindOptions } from './resources.js';
import { ClusterState, StorageKey } from './state.js';
import type { RequestCounts } from './verbs.js';
import { createObject } from './writes.js';

/** The Kubernetes version an in-memory cluster reports unless told otherwise. */
export const DEFAULT_SERVER_VERSION = 'v1.34.4';

/** Options of {@link createMemoryCluster}. */
export interface MemoryClusterOptions {
  /** The cluster's name (client names, uid seed, messages). Default `memory`. */
  readonly name?: string;
  /** The time source. Default: a fixed clock at 2026-01-01T00:00:00Z. */
  readonly clock?: Clock;
  /** The uid source. Default: UUID-shaped ids from a counter, seeded with the name. */
  readonly ids?: IdGenerator;
  /** What serverVersion() answers. Default `v1.34.4`. */
  readonly serverVersion?: string;
  /**
   * Install vzmc's CustomResourceDefinitions (as CRD objects, so their kinds are served).
   * Default true; false gives a cluster where Verrazzano's kinds answer NotFound.
   */
  readonly crds?: boolean;
  /**
   * Create what a fresh kube-apiserver creates: the `default`, `kube-system`, `kube-public` and
   * `kube-node-lease` namespaces and the `cluster-admin` ClusterRole bound to `system:masters`.
   * Default true.
   */
  readonly bootstrap?: boolean;
  /**
   * Simulate kube-controller-manager's namespace controller: deleting a namespace deletes its
   * content, then the namespace. Default false, like a cluster without a controller manager,
   * where deleted namespaces stay Terminating forever.
   */
  readonly namespaceController?: boolean;
  /**
   * How many changes the watch history keeps, as the apiserver's watch cache does: a watch that
   * starts at an older resourceVersion ends with 410 Expired. Default 10,000.
   */
  readonly watchHistory?: number;
}

/** One in-memory cluster. */
export interface MemoryCluster {
  /** The cluster's name. */
  readonly name: string;
  /**
   * A client for an identity: the cluster admin without options, a user or a token otherwise
   * (authorized by the RBAC objects in the cluster).
   *
   * @example
   * const admin = cluster.client();
   * const agent = cluster.client({ token: await admin.requestToken('verrazzano-system', 'agent') });
   */
  client(options?: MemoryClientOptions): MemoryClusterClient;
  /**
   * Serves another kind, as installing a CRD or enabling an API group would.
   *
   * @example
   * cluster.installKind({ apiVersion: 'example.com/v1', kind: 'Widget', plural: 'widgets', namespaced: true });
   */
  installKind(kind: InstallKindOptions): void;
  /** Accepts a static bearer token for an identity (like kube-apiserver's `--token-auth-file`). */
  registerToken(token: string, identity: Identity): void;
  /**
   * Makes matching requests fail until cleared (or `times` of them).
   *
   * @example
   * const fault = cluster.injectFault({ verb: 'list', kind: 'Secret', times: 1 },
   *   new ClusterError({ reason: 'TooManyRequests', status: 429, message: 'slow down' }));
   * // … fault.hits === 1
   */
  injectFault(match: FaultMatch, error: FaultError): FaultHandle;
  /** Stops (false) or restarts (true) the API server: while stopped every call fails with Unavailable and watches end. */
  setAvailable(available: boolean): void;
  /** Whether the API server is up. */
  readonly available: boolean;
  /** Requests per verb since creation or the last reset; failed requests count too. */
  requestCounts(): RequestCounts;
  /** Starts counting requests from zero. */
  resetRequestCounts(): void;
  /** Every stored object, ordered by group and kind, namespace and name (for debugging and determinism checks). */
  snapshot(): KubeObject[];
}

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
const RBAC = 'rbac.authorization.k8s.io/v1';
const BOOTSTRAP_META = {
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
};

function bootstrap(state: ClusterState, options: MemoryClusterOptions): void {
  const write = (object: JsonObject, manager: string) => {
    const resource = state.registry.lookup(object.apiVersion as string, object.kind as string)!;
    const metadata = object.metadata as JsonObject;
    const namespace = resource.namespaced ? (metadata.namespace as string) : '';
    createObject(state, { resource, namespace, dryRun: false, manager }, object);
  };
  if (options.bootstrap ?? true) {
    for (const name of SYSTEM_NAMESPACES)
      write({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'kube-apiserver');
    write(
      {
        apiVersion: RBAC,
        kind: 'ClusterRole',
        metadata: { name: 'cluster-admin', ...BOOTSTRAP_META },
        rules: [
          { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
          { nonResourceURLs: ['*'], verbs: ['*'] },
        ],
      },
      'kube-apiserver',
    );
    write(
      {
        apiVersion: RBAC,
        kind: 'ClusterRoleBinding',
        metadata: { name: 'cluster-admin', ...BOOTSTRAP_META },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }],
      },
      'kube-apiserver',
    );
  }
  if (options.crds ?? true) for (const crd of vzmcCrds()) write(crd, 'vzmc');
}

/**
 * Creates an in-memory cluster that behaves like a kube-apiserver in what vzmc relies on:
 * resourceVersions and conflicts, server-side apply with field ownership, status subresources,
 * validation with vzmc's schemas, label selectors, finalizers, watches, RBAC and tokens. Every
 * call is deterministic for a given clock and id generator.
 *
 * @example
 * const cluster = createMemoryCluster({ name: 'admin' });
 * const client = cluster.client();
 * await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'verrazzano-mc' } });
 * const ns = await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'verrazzano-mc' });
 * ns.metadata.resourceVersion //=> '15' (the bootstrap objects took 1–14)
 */
export function createMemoryCluster(options: MemoryClusterOptions = {}): MemoryCluster {
  const name = options.name ?? 'memory';
  const state = new ClusterState(
    {
      name,
      clock: options.clock ?? fixedClock(),
      ids: options.ids ?? sequentialIds(name),
      serverVersion: options.serverVersion ?? DEFAULT_SERVER_VERSION,
      namespaceController: options.namespaceController ?? false,
      ...(options.watchHistory !== undefined ? { watchHistory: options.watchHistory } : {}),
    },
    builtinResources().map((r) =>
      r.storageKey === StorageKey.CustomResourceDefinition ? crdResource(r) : r,
    ),
  );
  bootstrap(state, options);
  return {
    name,
    client: (clientOptions = {}) => createClient(state, clientOptions, ADMIN),
    installKind: (kind) => {
      if (kind.plural === '' || kind.kind === '' || kind.apiVersion === '')
        throw new TypeError('installKind needs apiVersion, kind and plural');
      state.registry.install(resourceOf(kind));
    },
    registerToken: (token, identity) => {
      state.tokens.register(token, identity);
    },
    injectFault: (match, error) => state.faults.inject(match, error),
    setAvailable: (available) => {
      state.available = available;
      if (!available) state.watches.failAll(unavailable(name));
    },
    get available() {
      return state.available;
    },
    requestCounts: () => state.counts.snapshot(),
    resetRequestCounts: () => {
      state.counts.reset();
    },
    snapshot: () => state.store.all().map(({ object }) => JSON.parse(object.json) as KubeObject),
  };
}
