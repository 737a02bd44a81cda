/**
 * Renderings of a plan for people and machines. Secret data is redacted in every rendering unless
 * the caller explicitly asks for it; the plan object itself keeps full bodies for the executor.
 */
import type { JsonPatchOperation } from '../internal/json-patch.js';
import { REDACTED, holdsSecretData, redactSecretData } from '../types/redact.js';
import type { SyncAction, SyncPlan } from './plan.js';

const SYMBOL: Record<SyncAction['op'], string> = { create: '+', update: '~', delete: '-', status: '»' };

const SECRET_PATHS = [
  /^\/data(\/|$)/,
  /^\/stringData(\/|$)/,
  /^\/spec\/template\/data(\/|$)/,
  /^\/spec\/template\/stringData(\/|$)/,
];

/** A patch safe to show: values under Secret data paths replaced by {@link REDACTED}. */
export function redactPatch(
  action: Pick<SyncAction, 'kind' | 'apiVersion'>,
  patch: readonly JsonPatchOperation[],
): JsonPatchOperation[] {
  if (!holdsSecretData(action)) return [...patch];
  return patch.map((op) => {
    if (op.op === 'remove' || !SECRET_PATHS.some((re) => re.test(op.path))) return op;
    const value =
      op.value !== null && typeof op.value === 'object'
        ? Object.fromEntries(Object.keys(op.value).map((k) => [k, REDACTED]))
        : REDACTED;
    return { ...op, value };
  });
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

const where = (a: SyncAction) => `${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${a.name}`;

/**
 * A readable diff of a plan, in the style of `kubectl diff`: one line per action with its rule and
 * reason, the patch under each update, blocked actions marked, and the lists that could not be read.
 *
 * @example
 * console.log(formatPlan(plan));
 * // Plan for managed1: 2 to create, 1 to update, 0 to delete, 1 status update
 * // + create Secret mc-todo-list/tododomain-jdbc-tododb  [P10] listed in spec.secrets of todo-appconf; …
 */
export function formatPlan(plan: SyncPlan): string {
  const count = (op: SyncAction['op']) => plan.actions.filter((a) => a.op === op && !a.blocked).length;
  const blocked = plan.actions.filter((a) => a.blocked).length;
  const lines = [
    `Plan for ${plan.cluster}: ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${count('status')} status update${count('status') === 1 ? '' : 's'}${blocked ? `, ${blocked} blocked` : ''}`,
  ];
  if (plan.actions.length === 0) lines.push('  (nothing to do: the cluster has converged)');
  for (const raw of plan.actions) {
    const action = redactAction(raw);
    const target = action.target === 'admin' ? ' (admin)' : '';
    const prefix = action.blocked ? `✗ ${action.op} (blocked)` : `${SYMBOL[action.op]} ${action.op}`;
    lines.push(`${prefix} ${where(action)}${target}  [${action.ruleId}] ${action.reason}`);
    if (action.blocked) lines.push(`    blocked: ${action.blocked}`);
    for (const op of action.patch ?? []) {
      lines.push(
        op.op === 'remove'
          ? `    - ${op.path}`
          : `    ${op.op === 'add' ? '+' : '~'} ${op.path}: ${JSON.stringify(op.value)}`,
      );
    }
  }
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
  if (plan.guard.tripped) {
    lines.push(
      `! delete guard: ${plan.guard.deletes} of ${plan.guard.managed} managed objects would be deleted (max ${Math.round(plan.guard.maxDeleteFraction * 100)}%)`,
    );
  }
  if (plan.deferredStatus > 0)
    lines.push(`… ${plan.deferredStatus} status update(s) left for the next iteration`);
  return `${lines.join('\n')}\n`;
}
