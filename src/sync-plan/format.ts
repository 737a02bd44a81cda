/**
 * Renderings of a plan for people and machines. Secret data is redacted in every rendering unless
 * the caller explicitly asks for it; the plan object itself keeps full bodies for the executor.
 */
import { redactSecretData } from '../manifest/redact.js';
import type { KubeObject } from '../model/meta.js';
import type { PatchOperation, PlanWarning, SyncAction, SyncPlan } from './types.js';
import { objectsOf, type Snapshot } from './snapshot.js';

const SYMBOL: Record<SyncAction['op'], string> = {
  create: '+',
  update: '~',
  delete: '-',
  status: '»',
  state: '»',
  finalize: '⚑',
  replace: '~',
};

/** `value` placed at the JSON pointer `path` of an otherwise empty object. */
function nest(path: string, value: unknown): unknown {
  return path
    .split('/')
    .slice(1)
    .reverse()
    .reduce<unknown>((inner, raw) => ({ [raw.replaceAll('~1', '/').replaceAll('~0', '~')]: inner }), value);
}

/**
 * A value at `path` of the action's object, safe to show: what {@link redactSecretData} would
 * redact in the whole object (Secret data, a Secret's last-applied-configuration, an annotation
 * holding a Secret's JSON) replaced by `<redacted>`, whether the path is above, at or inside it.
 */
function redactValue(action: Pick<SyncAction, 'kind' | 'apiVersion'>, path: string, value: unknown): unknown {
  const nested = nest(path, value);
  if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) return value;
  const object = { ...nested, kind: action.kind, apiVersion: action.apiVersion } as KubeObject;
  const redacted = redactSecretData(object);
  return redacted === object ? value : at(redacted, path);
}

/** A patch safe to show: values wherever Secret data can hide replaced by `<redacted>`. */
export function redactPatch(
  action: Pick<SyncAction, 'kind' | 'apiVersion'>,
  patch: readonly PatchOperation[],
): PatchOperation[] {
  return patch.map((op) =>
    op.op === 'remove' ? op : { ...op, value: redactValue(action, op.path, op.value) },
  );
}

/** An action safe to print: body and patch redacted. */
export function redactAction(action: SyncAction): SyncAction {
  const out: { -readonly [K in keyof SyncAction]: SyncAction[K] } = { ...action };
  if (action.body) out.body = redactSecretData(action.body);
  if (action.patch) out.patch = redactPatch(action, action.patch);
  return out;
}

/** A plan safe to print as JSON or YAML. */
export function redactPlan(plan: SyncPlan): SyncPlan {
  return { ...plan, actions: plan.actions.map(redactAction) };
}

/** Options of {@link formatPlan}. */
export interface FormatPlanOptions {
  /**
   * The cluster's live state the plan was made against (the `local` snapshot of `planSync`): each
   * update then shows the changed fields old → new. Without it, updates show the new values only.
   */
  readonly live?: Snapshot;
  /** ANSI colours, as `kubectl diff` on a terminal: additions green, removals red. Default false. */
  readonly color?: boolean;
}

type Paint = (text: string, colour: keyof typeof ANSI) => string;
const ANSI = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1 } as const;
const OP_COLOUR: Record<SyncAction['op'], keyof typeof ANSI> = {
  create: 'green',
  update: 'yellow',
  delete: 'red',
  status: 'cyan',
  state: 'cyan',
  finalize: 'yellow',
  replace: 'yellow',
};

const where = (a: SyncAction) => `${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${a.name}`;

/** The value at a JSON pointer, or undefined. */
function at(document: unknown, pointer: string): unknown {
  let here = document;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (here === null || typeof here !== 'object' || !Object.hasOwn(here, token)) return undefined;
    here = (here as Record<string, unknown>)[token];
  }
  return here;
}

function liveObject(live: Snapshot | undefined, action: SyncAction): KubeObject | undefined {
  if (!live) return undefined;
  return objectsOf(live, action.apiVersion, action.kind).find(
    (o) => (o.metadata.namespace ?? '') === action.namespace && o.metadata.name === action.name,
  );
}

/** The lines under an update: one per changed field, `~ path: old → new`, `+ path: new`, `- path: old`. */
function patchLines(action: SyncAction, old: KubeObject | undefined, paint: Paint): string[] {
  const show = (path: string, value: unknown) => JSON.stringify(redactValue(action, path, value));
  return (action.patch ?? []).map((op) => {
    const before = old === undefined ? undefined : at(old, op.path);
    if (op.op === 'remove')
      return paint(`    - ${op.path}${before === undefined ? '' : `: ${show(op.path, before)}`}`, 'red');
    if (op.op === 'add') return paint(`    + ${op.path}: ${show(op.path, op.value)}`, 'green');
    if (before === undefined) return `    ~ ${op.path}: ${paint(show(op.path, op.value), 'green')}`;
    return `    ~ ${op.path}: ${paint(show(op.path, before), 'red')} → ${paint(show(op.path, op.value), 'green')}`;
  });
}

/**
 * A readable diff of a plan, in the style of `kubectl diff`: one line per action with its rule and
 * reason, the changed fields of each update (old → new when the live state is given), blocked
 * actions marked, and the lists that could not be read. Secret values are always redacted.
 *
 * @example
 * console.log(formatPlan(plan, { live: localSnapshot }));
 * // Plan for managed1: 2 to create, 1 to update, 0 to delete, 1 status update
 * // + create Secret mc-todo-list/tododomain-jdbc-tododb  [P10] listed in spec.secrets of todo-appconf; …
 * // ~ update ConfigMap hello-helidon/greeting  [P15] …; it differs
 * //     ~ /data/greeting: "Hello" → "Bonjour"
 */
export function formatPlan(plan: SyncPlan, options: FormatPlanOptions = {}): string {
  const paint: Paint = options.color
    ? (text, colour) => `\u001b[${ANSI[colour]}m${text}\u001b[0m`
    : (text) => text;
  const count = (op: SyncAction['op']) => plan.actions.filter((a) => a.op === op && !a.blocked).length;
  const blocked = plan.actions.filter((a) => a.blocked).length;
  const statuses = count('status') + count('state');
  const finalizers = count('finalize');
  const updates = count('update') + count('replace');
  const lines = [
    paint(
      `Plan for ${plan.cluster}: ${count('create')} to create, ${updates} to update, ${count('delete')} to delete, ${statuses} status update${statuses === 1 ? '' : 's'}${finalizers ? `, ${finalizers} finalizer change${finalizers === 1 ? '' : 's'}` : ''}${blocked ? `, ${blocked} blocked` : ''}`,
      'bold',
    ),
  ];
  if (plan.unknown.length > 0) lines.push(paint(`  ${unknownLine(plan)}`, 'red'));
  // What the plan could not check comes first: a long plan must not hide it.
  for (const warning of plan.warnings ?? []) lines.push(...warningLines(warning, paint));
  if (plan.unknown.length === 0 && plan.actions.length === 0)
    lines.push(
      plan.warnings?.length
        ? '  (nothing to do that vzmc can see: not known to have converged, see the warning above)'
        : '  (nothing to do: the cluster has converged)',
    );
  for (const action of plan.actions) {
    const target = action.target === 'admin' ? ' (admin)' : '';
    const prefix = action.blocked
      ? paint(`✗ ${action.op} (blocked)`, 'red')
      : paint(`${SYMBOL[action.op]} ${action.op}`, OP_COLOUR[action.op]);
    lines.push(`${prefix} ${where(action)}${target}  [${action.ruleId}] ${action.reason}`);
    if (action.blocked) lines.push(`    blocked: ${action.blocked}`);
    lines.push(...patchLines(action, liveObject(options.live, action), paint));
  }
  lines.push(...trailer(plan));
  return `${lines.join('\n')}\n`;
}

/**
 * Whether a plan is complete, converged, or has actions: `unknown` when any list failed, since
 * what could not be read may differ; `unverified` when it has no action but warnings (fields
 * removed from objects without managedFields cannot be seen). vzmc calls neither converged.
 */
export function planState(
  plan: Pick<SyncPlan, 'actions' | 'unknown' | 'warnings'>,
): 'unknown' | 'unverified' | 'converged' | 'pending' {
  if (plan.unknown.length > 0) return 'unknown';
  if (plan.actions.length > 0) return 'pending';
  return (plan.warnings?.length ?? 0) > 0 ? 'unverified' : 'converged';
}

/** How many of a warning's objects the text names. */
const WARNING_EXAMPLES = 5;

/** A warning, and the first few objects it concerns. */
function warningLines(warning: PlanWarning, paint: Paint): string[] {
  const named = warning.objects
    .slice(0, WARNING_EXAMPLES)
    .map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`);
  const more = warning.objects.length - named.length;
  return [
    paint(`  ! ${warning.message}`, 'yellow'),
    `    ${named.join(', ')}${more > 0 ? `, and ${more} more` : ''}`,
  ];
}

/** The line an incomplete plan opens with, naming what could not be read. */
function unknownLine(plan: SyncPlan): string {
  const kinds = new Map<string, Set<string>>();
  for (const u of plan.unknown) {
    const where = `in ${u.namespace === '*' ? 'all namespaces' : u.namespace} on the ${u.side}`;
    kinds.set(where, (kinds.get(where) ?? new Set()).add(u.kind));
  }
  const what = [...kinds].map(([where, k]) => `${[...k].join(', ')} ${where}`);
  return `(plan unknown: could not read ${what.join('; ')}; the cluster is not known to have converged)`;
}

/** The lines after the actions: unreadable lists, the delete guard, deferred status updates, foreign objects, frozen namespaces. */
function trailer(plan: SyncPlan): string[] {
  const lines: string[] = [];
  // One line per (side, namespace, reason): which kinds could not be read, so were left alone.
  const groups = new Map<string, string[]>();
  for (const u of plan.unknown) {
    const key = `${u.side}\u0000${u.namespace}\u0000${u.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), u.kind]);
  }
  for (const [key, kinds] of groups) {
    const [side = '', namespace = '', reason = ''] = key.split('\u0000');
    const where = namespace === '*' ? 'all namespaces' : namespace;
    lines.push(`? could not list ${kinds.join(', ')} in ${where} on the ${side} (${reason}): left alone`);
  }
  const window = plan.guard.window;
  if (window) {
    lines.push(
      `! delete guard: ${window.recent} deleted in the last ${Math.round(window.windowMs / 60_000)} min and ${plan.guard.deletes} more would exceed ${window.budget}`,
    );
  } else if (plan.guard.tripped) {
    lines.push(
      `! delete guard: ${plan.guard.deletes} of ${plan.guard.managed} managed objects would be deleted (max ${Math.round(plan.guard.maxDeleteFraction * 100)}%)`,
    );
  }
  if (plan.deferredStatus > 0)
    lines.push(`… ${plan.deferredStatus} status update(s) left for the next iteration`);
  // Labelled objects vzmc does not own (P20, P21): neither deleted nor updated, and said so.
  for (const f of plan.foreign ?? [])
    lines.push(`? not vzmc's: ${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ${f.reason}`);
  // Namespaces left as they are (P30, P5): nothing updated or deleted there, and said so.
  for (const f of plan.frozen ?? [])
    lines.push(
      `= frozen [${f.ruleId}]: ${f.objects} object(s) in ${f.namespace} kept as they are: ${f.reason}`,
    );
  return lines;
}
