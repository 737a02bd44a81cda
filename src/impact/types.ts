/**
 * The data of an impact: what a change to the admin's fleet does to every cluster, object by
 * object, with why. Plain, self-describing data (every field below says what it holds), so any
 * renderer (the CLI's text, markdown and json, `vzmc report`) can show it without vzmc's code.
 */
import type { Gate } from '../placement/explain.js';
import type { DesiredSource } from '../desired/object.js';

/** The `kind` of an {@link Impact} document, so a reader can recognise one. */
export const IMPACT_KIND = 'Impact';
/** The `apiVersion` of an {@link Impact} document: bumped when a field changes meaning. */
export const IMPACT_API_VERSION = 'vzmc.dev/v1alpha1';

/** What happens to an object on a cluster. */
export const ImpactChange = {
  /** The cluster gets an object it did not hold. */
  Appear: 'appear',
  /** An object the cluster held is no longer wanted there. */
  Disappear: 'disappear',
  /** The object stays, with other fields. */
  Change: 'change',
} as const;
/** One of {@link ImpactChange}'s values. */
export type ImpactChange = (typeof ImpactChange)[keyof typeof ImpactChange];

/** What the cluster's agent (or, on `local`, the admin controller) does about it. */
export const ImpactAction = {
  /** Creates it (server-side apply). */
  Create: 'create',
  /** Updates it (server-side apply). */
  Update: 'update',
  /** Deletes it, unless the delete guard blocks it ({@link ImpactObject.guard}). */
  Delete: 'delete',
  /** Nothing: the object stays as it is ({@link ImpactObject.kept} says why). */
  None: 'none',
} as const;
/** One of {@link ImpactAction}'s values. */
export type ImpactAction = (typeof ImpactAction)[keyof typeof ImpactAction];

/** A placement gate whose outcome differs between the two fleets. */
export interface GateChange {
  /** The gate (see `placement/explain.ts`). */
  readonly gate: Gate;
  /** The rule the gate applies, as the after fleet's explanation cites it. */
  readonly ruleId: string;
  /** Whether the gate held before the change. */
  readonly before: boolean;
  /** Whether it holds after. */
  readonly after: boolean;
  /** The gate's explanation after the change (as `vzmc explain` prints it). */
  readonly detail: string;
}

/** Why an object that is no longer wanted (or changed) stays as it is. */
export interface KeptReason {
  /** The rule that keeps it: P25 (namespaces), P28 (project RoleBindings), P30 or P5 (frozen namespace), P1. */
  readonly ruleId: string;
  /** One sentence. */
  readonly reason: string;
}

/** The delete guard's verdict on one delete. */
export interface DeleteVerdict {
  /** `runs`: the agent deletes it; `blocked`: the guard stops the whole plan's deletes. */
  readonly verdict: 'runs' | 'blocked';
  /** When blocked: the guard's reason, as the plan says it. */
  readonly reason?: string;
}

/** One object of one cluster that appears, disappears or changes. */
export interface ImpactObject {
  /** Appear, disappear or change. */
  readonly change: ImpactChange;
  /** What the agent's plan does about it. */
  readonly action: ImpactAction;
  /** API version of the object. */
  readonly apiVersion: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Namespace of the object; empty for cluster-scoped kinds. */
  readonly namespace: string;
  /** Name of the object. */
  readonly name: string;
  /** The admin object it comes from (a project, wrapper, Secret or Component, or the cluster's VMC). */
  readonly source: DesiredSource;
  /** The rule behind it: the plan action's rule, else the rule that keeps it. */
  readonly ruleId: string;
  /** Why, in sentences, most specific first: the gates that changed, the source's fate, the plan's reason. */
  readonly reasons: readonly string[];
  /** The placement gates of {@link source} on this cluster whose outcome changed (empty when none). */
  readonly gates: readonly GateChange[];
  /**
   * For a change: the JSON field paths whose value differs (`spec.placement.clusters`,
   * `data.password`), sorted. Paths only: never a value, so no Secret data is ever shown.
   */
  readonly fields: readonly string[];
  /** For a delete: what the delete guard does with it. */
  readonly guard?: DeleteVerdict;
  /** For an object no longer wanted or changed that the plan leaves as it is: why. */
  readonly kept?: KeptReason;
}

/** Counts of one cluster, or of the whole fleet. */
export interface ImpactTotals {
  /** Objects that appear. */
  readonly appear: number;
  /** Objects that disappear (deleted or kept). */
  readonly disappear: number;
  /** Objects that change. */
  readonly change: number;
  /** Deletes the plans hold (blocked ones included). */
  readonly deletes: number;
  /** Deletes the delete guard blocks. */
  readonly blocked: number;
  /** Objects no longer wanted (or changed) that stay as they are. */
  readonly kept: number;
}

/** The delete guard of one cluster's plan, as the agent's first iteration after the change runs it. */
export interface ImpactGuard {
  /** Deletes in the plan. */
  readonly deletes: number;
  /** vzmc's objects on the cluster a plan may delete (the guard's base). */
  readonly managed: number;
  /** The largest share of `managed` one plan may delete (from 20 managed objects on). */
  readonly maxDeleteFraction: number;
  /** The deletes the 10-minute window allows (the larger of its minimum and the share). */
  readonly windowBudget: number;
  /** True when the plan's deletes are blocked. */
  readonly tripped: boolean;
}

/** What the change does to one cluster. */
export interface ClusterImpact {
  /** The cluster (`local` is the admin itself). */
  readonly cluster: string;
  /** Whether a VMC registers it before and after (`local` always is). */
  readonly registered: {
    /** Registered in the before fleet. */
    readonly before: boolean;
    /** Registered in the after fleet. */
    readonly after: boolean;
  };
  /** Its objects that appear, disappear or change, in sync order (desired/order.ts), deletes last. */
  readonly objects: readonly ImpactObject[];
  /** The cluster's counts. */
  readonly totals: ImpactTotals;
  /** The delete guard of the cluster's plan. */
  readonly guard: ImpactGuard;
}

/** What a change to the fleet does to every cluster. */
export interface Impact {
  /** Always {@link IMPACT_API_VERSION}. */
  readonly apiVersion: typeof IMPACT_API_VERSION;
  /** Always {@link IMPACT_KIND}. */
  readonly kind: typeof IMPACT_KIND;
  /** Every cluster of either fleet: the VMC names, sorted, then `local`. */
  readonly clusters: readonly ClusterImpact[];
  /** The counts over every cluster. */
  readonly totals: ImpactTotals;
  /** The clusters with at least one object that appears, disappears or changes, in {@link clusters} order. */
  readonly touched: readonly string[];
}
