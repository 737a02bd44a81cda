/**
 * The state of one in-memory cluster: its served kinds, objects, watches, tokens, faults and
 * counters, and the injected clock and id generator. Clients and writes share it.
 */
import { timestamp, type Clock, type IdGenerator } from './clock.js';
import { isObject, type JsonObject } from './canonical.js';
import { FaultTable } from './faults.js';
import { TokenRegistry } from './identity.js';
import type { RbacObjects } from './rbac.js';
import { ResourceRegistry, type Resource } from './resources.js';
import { ObjectStore, type StoredObject } from './store.js';
import { RequestCounter } from './verbs.js';
import { WatchHub } from './watch.js';

/** Storage keys of the kinds the cluster itself reads. */
export const StorageKey = {
  Namespace: '|Namespace',
  ServiceAccount: '|ServiceAccount',
  Role: 'rbac.authorization.k8s.io|Role',
  ClusterRole: 'rbac.authorization.k8s.io|ClusterRole',
  RoleBinding: 'rbac.authorization.k8s.io|RoleBinding',
  ClusterRoleBinding: 'rbac.authorization.k8s.io|ClusterRoleBinding',
  CustomResourceDefinition: 'apiextensions.k8s.io|CustomResourceDefinition',
} as const;

/** The settings a cluster keeps for its lifetime. */
export interface ClusterSettings {
  readonly name: string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly serverVersion: string;
  readonly namespaceController: boolean;
  /** How many changes the watch history keeps. */
  readonly watchHistory?: number;
}

/** One cluster's state. */
export class ClusterState {
  readonly registry: ResourceRegistry;
  readonly store = new ObjectStore();
  readonly watches: WatchHub;
  readonly tokens: TokenRegistry;
  readonly faults = new FaultTable();
  readonly counts = new RequestCounter();
  available = true;
  /** Namespaces the simulated namespace controller is emptying, so it does not re-enter itself. */
  readonly reconciling = new Set<string>();

  constructor(
    readonly settings: ClusterSettings,
    resources: Iterable<Resource>,
  ) {
    this.registry = new ResourceRegistry(resources);
    this.watches = new WatchHub(settings.watchHistory);
    this.tokens = new TokenRegistry(settings.name);
  }

  get name(): string {
    return this.settings.name;
  }

  /** The clock's time in milliseconds. */
  nowMs(): number {
    return this.settings.clock().getTime();
  }

  /** The clock's time as metav1.Time writes it. */
  now(): string {
    return timestamp(this.settings.clock());
  }

  /** A served resource that stores its objects under `storageKey`. */
  resourceFor(storageKey: string): Resource | undefined {
    return this.registry.all().find((r) => r.storageKey === storageKey);
  }

  /** A namespace object, if it exists. */
  namespace(name: string): StoredObject | undefined {
    return this.store.get(StorageKey.Namespace, '', name);
  }

  /** The uid of a ServiceAccount, if it exists (tokens bound to it are valid only while it does). */
  serviceAccountUid(namespace: string, name: string): string | undefined {
    const account = this.store.get(StorageKey.ServiceAccount, namespace, name);
    const metadata = account && isObject(account.object.metadata) ? account.object.metadata : undefined;
    return typeof metadata?.uid === 'string' ? metadata.uid : undefined;
  }

  /** The RBAC objects, read live for every decision. */
  rbacObjects(): RbacObjects {
    const objects = (key: string, namespace?: string): JsonObject[] =>
      this.store.list(key, namespace).map((o) => o.object);
    return {
      clusterRoleBindings: () => objects(StorageKey.ClusterRoleBinding, ''),
      roleBindings: (namespace) => objects(StorageKey.RoleBinding, namespace),
      clusterRole: (name) => this.store.get(StorageKey.ClusterRole, '', name)?.object,
      role: (namespace, name) => this.store.get(StorageKey.Role, namespace, name)?.object,
    };
  }
}
