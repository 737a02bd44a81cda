/**
 * The executor's schedule (issue 16 item 1): which actions may run at the same time, how many, and
 * how their log lines stay in plan order.
 *
 * - **Stages.** The plan's phases (P32) run one after the other: a stage starts only when the one
 *   before it has finished. So namespaces are written before anything in them, Secrets before the
 *   app configs that list them (P10, P33), wrapper copies before what is unwrapped from them, and
 *   every create and update before any delete. Two phases are split further, one stage per kind:
 *   RoleBindings before NetworkPolicies (V5), and deletes in the garbage-collection order (P20–P24,
 *   the app config before its Components, the project copy last). Within a phase, the kind order
 *   that matters is a `dependsOn` edge of the plan (dependencies.ts: a project copy after its
 *   namespace, an app config after the Components it uses), and an action waits for the earlier
 *   actions it depends on and for an earlier action on the same object; everything else in a stage
 *   runs concurrently.
 * - **Status last.** Status and state writes to admin objects ({@link SyncOp.Status},
 *   {@link SyncOp.State}) are taken out of the stages and run after all of them, grouped by object:
 *   one write per admin object (execute-status.ts).
 * - **A bound.** At most `limit` actions are in flight at once ({@link limiter}).
 */
import { SyncOp, type SyncAction } from '../sync-plan/types.js';
import type { LogFields, Logger, LogLevel } from './logger.js';

/** Phases whose kinds run one after the other (V5; the garbage-collection order, P20–P24). */
const KIND_BY_KIND: ReadonlySet<SyncAction['phase']> = new Set<SyncAction['phase']>([
  'rbac',
  'garbage-collection',
]);

/** The stage an action belongs to: its phase, and its kind where the phase orders kinds. */
const stageOf = (a: SyncAction): string =>
  KIND_BY_KIND.has(a.phase) ? `${a.phase}\u0000${a.kind}` : a.phase;

/** The schedule of a plan: stages of action indices, then the status writes grouped by object. */
export interface Schedule {
  /** Indices into the plan's actions, stage by stage, each stage in plan order. */
  readonly stages: readonly (readonly number[])[];
  /** Indices of the status and state actions, one group per admin object, in plan order. */
  readonly statusGroups: readonly (readonly number[])[];
}

const isStatusWrite = (a: SyncAction) => a.op === SyncOp.Status || a.op === SyncOp.State;

/** The object an action writes, whatever its verb. */
export const objectOf = (a: SyncAction): string =>
  `${a.target}\u0000${a.apiVersion}\u0000${a.kind}\u0000${a.namespace}\u0000${a.name}`;

/**
 * Splits `actions` into stages (runs of one phase; of one kind in the phases that order kinds)
 * and status groups (one per admin object).
 *
 * @example
 * scheduleOf([ns, cmA, cmB, statusA]) //=> { stages: [[0], [1, 2]], statusGroups: [[3]] }
 */
export function scheduleOf(actions: readonly SyncAction[]): Schedule {
  const stages: number[][] = [];
  const groups = new Map<string, number[]>();
  let previous: SyncAction | undefined;
  actions.forEach((action, i) => {
    if (isStatusWrite(action)) {
      const object = objectOf(action);
      groups.set(object, [...(groups.get(object) ?? []), i]);
      return;
    }
    if (previous && stageOf(previous) === stageOf(action)) stages.at(-1)!.push(i);
    else stages.push([i]);
    previous = action;
  });
  return { stages, statusGroups: [...groups.values()] };
}

/** Runs functions with at most `limit` in flight; the rest wait their turn in call order. */
export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * A {@link Limiter} of `limit` slots.
 *
 * @example
 * const run = limiter(2);
 * await Promise.all(urls.map((u) => run(() => fetch(u)))); // two at a time
 */
export function limiter(limit: number): Limiter {
  const bound = Math.max(1, Math.floor(limit));
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active < bound) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next waiter, so the count never exceeds the bound.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/** One buffered log line. */
interface Line {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/**
 * Log lines of concurrent actions, written in plan order: an action's lines wait until every
 * earlier action has finished, so the same plan and the same outcomes log the same lines in the
 * same order, however the actions interleaved.
 */
export class PlanOrderLog {
  readonly #lines: (Line[] | undefined)[];
  #next = 0;

  constructor(
    readonly logger: Logger,
    count: number,
  ) {
    this.#lines = new Array<Line[] | undefined>(count);
  }

  /** Action `index` has finished with these lines; writes every line that is now due. */
  finish(index: number, lines: readonly Line[]): void {
    this.#lines[index] = [...lines];
    while (this.#next < this.#lines.length && this.#lines[this.#next]) {
      for (const line of this.#lines[this.#next]!) this.logger.log(line.level, line.message, line.fields);
      this.#lines[this.#next] = [];
      this.#next++;
    }
  }
}
