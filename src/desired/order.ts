/**
 * The one order table of a sync (P32): the phases, and within a phase the kinds. Render sorts what
 * a cluster should hold by it, and the planner sorts its actions by it: writes in the apply order,
 * deletes (P20–P24) in the garbage-collection order, which is the apply order reversed.
 *
 * Every sort goes through {@link orderKey}: one string per item, compared as strings, so a sort
 * builds each key once.
 */
import { Kind } from '../model/kinds.js';

/** The steps of a sync, in order (P32). */
export const Phase = {
  /** The `verrazzano-mc` namespace and the VerrazzanoProject copies (P12). */
  Projects: 'projects',
  /** Project namespaces (V1; P13 on the admin). */
  Namespaces: 'namespaces',
  /** Project RoleBindings and NetworkPolicies (V2, V4). */
  Rbac: 'rbac',
  /** Secrets that app configs list (P10). */
  Secrets: 'secrets',
  /** MultiClusterSecret, MultiClusterConfigMap and MultiClusterComponent copies. */
  Wrappers: 'wrappers',
  /** The OAM Components app configs reference (P11), then the MultiClusterApplicationConfiguration copies. */
  AppConfigs: 'app-configs',
  /** Objects unwrapped from wrappers (P9, P15). */
  Unwrapped: 'unwrapped',
  /** Deletes of what is no longer placed (P20–P24). */
  GarbageCollection: 'garbage-collection',
  /** Status reports to the admin (S4). */
  Status: 'status',
} as const;
/** One of {@link Phase}'s values. */
export type Phase = (typeof Phase)[keyof typeof Phase];

/**
 * The order of phases: a weight table over the union, so a new phase cannot be forgotten. Each
 * weight is one digit, the first character of the sort key (`orderKey`).
 */
export const PHASE_WEIGHT: { readonly [P in Phase]: number } = {
  projects: 0,
  namespaces: 1,
  rbac: 2,
  secrets: 3,
  wrappers: 4,
  'app-configs': 5,
  unwrapped: 6,
  'garbage-collection': 7,
  status: 8,
};

/**
 * The kind order within a phase when writing (P32). What is depended on comes first: the
 * namespace, then the project copy (P32 step 1), its RoleBindings, then its NetworkPolicies (V5);
 * Secrets before the MultiClusterApplicationConfigurations whose webhook checks them (P33);
 * MultiClusterSecrets, MultiClusterConfigMaps, MultiClusterComponents (P32 b–d); Components before
 * the app config that uses them (P32 e, P33).
 */
export const APPLY_KIND_ORDER: readonly string[] = [
  Kind.Namespace,
  Kind.VerrazzanoProject,
  Kind.RoleBinding,
  Kind.NetworkPolicy,
  Kind.Secret,
  Kind.MultiClusterSecret,
  Kind.MultiClusterConfigMap,
  Kind.MultiClusterComponent,
  Kind.Component,
  Kind.MultiClusterApplicationConfiguration,
  Kind.ConfigMap,
  Kind.ApplicationConfiguration,
];

/**
 * Kinds the agent never garbage-collects: namespaces (P25) and project RoleBindings (P28). The one
 * RoleBinding vzmc does delete, the admin's `verrazzano-cluster-<C>` binding, sorts after every
 * listed kind, like any unlisted kind.
 */
const NOT_COLLECTED: ReadonlySet<string> = new Set<string>([Kind.Namespace, Kind.RoleBinding]);

/**
 * The kind order of deletes (P20–P24): the apply order reversed, so what depends on an object goes
 * before it (the ApplicationConfiguration before its Components, the MC app config before the
 * Secrets it lists, the project copy last), without the kinds never collected.
 */
export const GC_KIND_ORDER: readonly string[] = APPLY_KIND_ORDER.filter(
  (k) => !NOT_COLLECTED.has(k),
).reverse();

/** The weight of a kind neither order lists: after every listed one. */
export const UNLISTED_KIND_WEIGHT = 99;

const weights = (order: readonly string[]) => new Map(order.map((kind, i) => [kind, i + 1]));
const APPLY_WEIGHT = weights(APPLY_KIND_ORDER);
const GC_WEIGHT = weights(GC_KIND_ORDER);

/**
 * The position of `kind` within `phase`: 1 for the first kind of the phase's order (the GC order in
 * {@link Phase.GarbageCollection}, the apply order in every other phase), {@link UNLISTED_KIND_WEIGHT}
 * for a kind it does not list.
 *
 * @example
 * kindWeight(Phase.Secrets, 'Secret') //=> 5
 * kindWeight(Phase.GarbageCollection, 'ApplicationConfiguration') //=> 1
 */
export function kindWeight(phase: Phase, kind: string): number {
  const weight = (phase === Phase.GarbageCollection ? GC_WEIGHT : APPLY_WEIGHT).get(kind);
  return weight ?? UNLISTED_KIND_WEIGHT;
}

/**
 * The sort key of an object in a sync: phase weight (one digit), kind weight (two digits), then
 * namespace and name. Keys compare as strings exactly as (phase, kind, namespace, name) do; a caller
 * with a further tie-breaker appends it after `\u0000` (the planner appends the action's target).
 *
 * @example
 * orderKey(Phase.Secrets, 'Secret', 'mc-todo-list', 'db') //=> '305mc-todo-list\u0000db'
 */
export function orderKey(phase: Phase, kind: string, namespace: string, name: string): string {
  return `${PHASE_WEIGHT[phase]}${String(kindWeight(phase, kind)).padStart(2, '0')}${namespace}\u0000${name}`;
}

/** Compares two {@link orderKey} strings. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `items` sorted by `key`, each key built once. Stable: equal keys keep their input order. */
export function sortByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map((k) => k.item);
}
