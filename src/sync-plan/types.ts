/**
 * The plan's data: its verbs, actions, and what it reports beside them. Shared by the planner, the
 * admin stages, the executor and every output; it imports none of them.
 */
import type { KubeObject } from '../model/meta.js';
import type { Condition } from '../model/verrazzano.js';
import type { Phase } from '../desired/order.js';
import type { FrozenNamespace } from './frozen.js';

/**
 * One operation of an update's RFC 6902 patch, as vzmc emits them: add, remove or replace (never
 * move or copy). `path` is a JSON pointer, e.g. `/metadata/labels/app`. For reading a plan; writes
 * use server-side apply.
 */
export type PatchOperation =
  | {
      /** Adds `value` at `path`. */
      readonly op: 'add';
      /** A JSON pointer. */
      readonly path: string;
      /** The value added. */
      readonly value: unknown;
    }
  | {
      /** Removes what is at `path`. */
      readonly op: 'remove';
      /** A JSON pointer. */
      readonly path: string;
    }
  | {
      /** Replaces what is at `path` with `value`. */
      readonly op: 'replace';
      /** A JSON pointer. */
      readonly path: string;
      /** The new value. */
      readonly value: unknown;
    };

/** Plan verbs, as wire strings. */
export const SyncOp = {
  /** Create the object (server-side apply). */
  Create: 'create',
  /** Bring the object to the desired state (server-side apply). */
  Update: 'update',
  /** Delete the object, with uid and resourceVersion preconditions. */
  Delete: 'delete',
  /** Fold a cluster's status into the admin object (S4). */
  Status: 'status',
  /** Write the recomputed `status.state` of an admin object (S1 for wrappers and projects, B12 for VMCs). */
  State: 'state',
  /** Add or remove a finalizer of an admin object (D1: the VMC's `managedcluster.verrazzano.io`). */
  Finalize: 'finalize',
  /**
   * Replace the whole object (an update, not server-side apply) at the resourceVersion it was read
   * at: for objects whose entries belong to several owners, where one entry leaves (M5).
   */
  Replace: 'replace',
} as const;
/** One of {@link SyncOp}'s values. */
export type SyncOp = (typeof SyncOp)[keyof typeof SyncOp];

/** Which cluster an action writes to. */
export const SyncTarget = {
  /** The admin cluster (status reports). */
  Admin: 'admin',
  /** The cluster being synced. */
  Local: 'local',
} as const;
/** One of {@link SyncTarget}'s values. */
export type SyncTarget = (typeof SyncTarget)[keyof typeof SyncTarget];

/** One step of a plan. */
export interface SyncAction {
  /** A stable identity: `<target>:<group>/<kind>/<namespace>/<name>`. */
  readonly key: string;
  /** What to do. */
  readonly op: SyncOp;
  /** Which cluster to write to. */
  readonly target: SyncTarget;
  /** API version of the object. */
  readonly apiVersion: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Namespace of the object; empty for cluster-scoped kinds. */
  readonly namespace: string;
  /** Name of the object. */
  readonly name: string;
  /** The sync phase (P32), which orders the plan. */
  readonly phase: Phase;
  /** Why, in one sentence. */
  readonly reason: string;
  /** The spec rule behind the action. */
  readonly ruleId: string;
  /** For updates: the RFC 6902 patch from the live object to the desired one (for reading; writes use SSA). */
  readonly patch?: readonly PatchOperation[];
  /**
   * For create and update: the desired object, applied with server-side apply. For replace: the
   * whole object, written with its resourceVersion. For status: the new status.
   */
  readonly body?: KubeObject;
  /** For create and update: take ownership of fields other managers own (true for vzmc's own objects). */
  readonly force?: boolean;
  /** For delete: delete only this incarnation. For replace: the resourceVersion the body carries. */
  readonly preconditions?: {
    /** The uid the object must still have. */
    readonly uid?: string;
    /** The resourceVersion the object must still have. */
    readonly resourceVersion?: string;
  };
  /** For status: what the executor folds into the freshest admin object. */
  readonly status?: {
    /** The reporting cluster. */
    readonly cluster: string;
    /** Its condition (§5.1). */
    readonly condition: Condition;
  };
  /** For finalize: the finalizer, and whether the object must carry it afterwards. */
  readonly finalizer?: {
    /** The finalizer's name. */
    readonly name: string;
    /** True to add it, false to remove it. */
    readonly present: boolean;
  };
  /** Keys of actions that must succeed first; after a failure, dependents are skipped. */
  readonly dependsOn: readonly string[];
  /** Set when the action must not run, with the reason. */
  readonly blocked?: string;
}

/** A list that failed, and what it kept the plan from doing. */
export interface UnknownList {
  /** The cluster whose list failed. */
  readonly side: SyncTarget;
  /** API version of the kind. */
  readonly apiVersion: string;
  /** The kind. */
  readonly kind: string;
  /** The namespace listed, or `*` for all. */
  readonly namespace: string;
  /** The list's error reason (a {@link ClusterErrorReason}), or `NotListed` when the snapshot lacks it. */
  readonly reason: string;
  /** The error's message. */
  readonly message: string;
}

/** An object carrying vzmc's label that vzmc does not own: the plan leaves it alone, and says why. */
export interface ForeignObject {
  /** The object's key, as an action's key would be. */
  readonly key: string;
  /** API version of the object. */
  readonly apiVersion: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Namespace of the object; empty for cluster-scoped kinds. */
  readonly namespace: string;
  /** Name of the object. */
  readonly name: string;
  /** Why vzmc does not touch it. */
  readonly reason: string;
}

/** An object a plan names, as an action would. */
export interface PlanObjectRef {
  /** The object's key, as an action's key would be. */
  readonly key: string;
  /** API version of the object. */
  readonly apiVersion: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Namespace of the object; empty for cluster-scoped kinds. */
  readonly namespace: string;
  /** Name of the object. */
  readonly name: string;
}

/** The codes of a {@link PlanWarning}: what a plan could not check. */
export const PlanWarningCode = {
  /**
   * Live objects the plan compares carry no `metadata.managedFields` (as `kubectl get -o yaml`
   * prints them): the fields vzmc applied before and no longer sets, and vzmc's ownership, cannot
   * be seen (issue 14 item 9).
   */
  NoManagedFields: 'NoManagedFields',
} as const;
/** One of {@link PlanWarningCode}'s values. */
export type PlanWarningCode = (typeof PlanWarningCode)[keyof typeof PlanWarningCode];

/** Something the plan could not check: a plan with one is never called converged. */
export interface PlanWarning {
  /** What could not be checked. */
  readonly code: PlanWarningCode;
  /** One sentence: what cannot be seen, for how many objects, and the fix. */
  readonly message: string;
  /** The objects concerned, sorted by key. */
  readonly objects: readonly PlanObjectRef[];
}

/** The delete guard's numbers. */
export interface DeleteGuard {
  /** Deletes in the plan. */
  readonly deletes: number;
  /** Objects vzmc manages on the cluster that a plan may delete (namespaces and RoleBindings never are). */
  readonly managed: number;
  /** The largest share of `managed` one plan may delete. */
  readonly maxDeleteFraction: number;
  /** True when the plan's deletes are blocked. */
  readonly tripped: boolean;
  /** Set when the deletes were blocked by the window across iterations (`limitDeletesInWindow`). */
  readonly window?: {
    /** Deletes already done in the window. */
    readonly recent: number;
    /** Deletes the window allows. */
    readonly budget: number;
    /** The window's length, in ms. */
    readonly windowMs: number;
  };
}

/** A plan. */
export interface SyncPlan {
  /** The cluster the plan syncs (`local` for the admin's own reconcile). */
  readonly cluster: string;
  /** The actions, in execution order. */
  readonly actions: readonly SyncAction[];
  /** Failed lists, and therefore what the plan left alone. */
  readonly unknown: readonly UnknownList[];
  /** The delete guard's numbers. */
  readonly guard: DeleteGuard;
  /** Status updates left for a later iteration by the bound. */
  readonly deferredStatus: number;
  /**
   * Objects labelled `vzmc.dev/managed=true` that vzmc does not own (a copied or forged label, or a
   * namespace vzmc does not manage), which the plan therefore neither deletes nor updates. Present
   * only when there are some, sorted by key.
   */
  readonly foreign?: readonly ForeignObject[];
  /**
   * Namespaces whose vzmc objects the plan left as they are, neither updated nor deleted: one that
   * left a project still placing the cluster (P30), or one not labelled `verrazzano-managed=true`
   * (P5). Present only when there are some, sorted by namespace.
   */
  readonly frozen?: readonly FrozenNamespace[];
  /**
   * What the plan could not check (live objects without `metadata.managedFields`). Present only
   * when there is something, so a plan with warnings and no actions is not converged.
   */
  readonly warnings?: readonly PlanWarning[];
}

/** Options for {@link planSync}. */
export interface PlanOptions {
  /** The time written into forwarded conditions. */
  readonly now: Date;
  /** The field manager whose ownership counts as vzmc's (default `vzmc`). */
  readonly fieldManager?: string;
  /** Largest share of managed objects one plan may delete before its deletes are blocked. Default 0.5. */
  readonly maxDeleteFraction?: number;
  /** The guard only applies from this many deletable managed objects on, as node eviction limits apply only to large clusters. Default 20. */
  readonly guardMinObjects?: number;
  /** Most status updates forwarded per plan; the rest wait for the next. Default: no bound (all in one plan). */
  readonly maxStatusUpdates?: number;
}
