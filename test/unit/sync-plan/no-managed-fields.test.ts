/**
 * Issue 14 item 9: planning from files whose live objects carry no `metadata.managedFields` (as
 * `kubectl get -o yaml` prints them without `--show-managed-fields`). vzmc writes no last-applied
 * record, so nothing else shows which fields it applied: the plan cannot see removed fields, and
 * says so instead of claiming convergence.
 */
import { describe, expect, it } from 'vitest';
import { formatPlan, planState, type SyncPlan } from '../../../src/index.js';
import { converged, planM1 as plan, stripped, withoutPolicies } from '../../support/policies-removed.js';

const synced = () => converged().local;

const ops = (p: SyncPlan) =>
  p.actions.map((a) => `${a.op} ${a.kind} ${a.namespace}/${a.name}${a.blocked ? ' (blocked)' : ''}`);

describe('planning from files without managedFields (issue 14 item 9)', () => {
  it('P22, V4, P20: with managedFields, NetworkPolicies removed from the project update the project copy and delete the policy', () => {
    const p = plan(withoutPolicies(), synced());
    expect(ops(p)).toEqual(['update VerrazzanoProject verrazzano-mc/p', 'delete NetworkPolicy app/deny-all']);
    expect(p.actions[0]?.patch).toEqual([{ op: 'remove', path: '/spec/template/networkPolicies' }]);
    expect(p.warnings).toBeUndefined();
    expect(planState(p)).toBe('pending');
  });

  it('P22, V4, P20: without managedFields the same plan is never called converged: it warns that removed fields cannot be detected, and how to fix it', () => {
    const p = plan(withoutPolicies(), stripped(synced()));
    // Nothing shows vzmc applied the removed policy nor owns the policy: no action…
    expect(p.actions).toEqual([]);
    // …so the plan says what it could not check.
    expect(p.warnings).toHaveLength(1);
    const warning = p.warnings![0]!;
    expect(warning.code).toBe('NoManagedFields');
    expect(warning.message).toContain('removed fields cannot be detected for');
    expect(warning.message).toContain('kubectl get --show-managed-fields -o yaml');
    expect(warning.objects.map((o) => `${o.kind} ${o.namespace}/${o.name}`)).toContain(
      'VerrazzanoProject verrazzano-mc/p',
    );
    expect(warning.objects.map((o) => `${o.kind} ${o.namespace}/${o.name}`)).toContain(
      'NetworkPolicy app/deny-all',
    );
    expect(warning.message).toContain(`for ${warning.objects.length} live objects`);
    expect(planState(p)).toBe('unverified');
    const text = formatPlan(p);
    expect(text).not.toContain('the cluster has converged');
    expect(text).toContain(`removed fields cannot be detected for ${warning.objects.length} live objects`);
    expect(text).toContain('kubectl get --show-managed-fields -o yaml');
  });

  it("P20: a labelled object without managedFields is still not vzmc's (foreign), and says why", () => {
    const p = plan(withoutPolicies(), stripped(synced()));
    const policy = p.foreign?.find((f) => f.name === 'deny-all');
    expect(policy?.reason).toContain('no metadata.managedFields');
    expect(p.actions.some((a) => a.op === 'delete')).toBe(false);
  });

  it('P20: an update of an object without managedFields stays blocked, naming the missing managedFields', () => {
    const local = stripped(synced()).map((o) =>
      o.kind === 'ConfigMap' ? { ...o, data: { drift: 'x' } } : o,
    );
    const update = plan(converged().admin, local).actions.find((a) => a.kind === 'ConfigMap');
    expect(update).toMatchObject({ op: 'update', force: false });
    expect(update?.blocked).toContain('no metadata.managedFields');
    expect(update?.blocked).toContain('--show-managed-fields');
  });

  it('objects with managedFields plan exactly as before: no warnings, converged when nothing differs', () => {
    const p = plan(converged().admin, synced());
    expect(p.actions).toEqual([]);
    expect('warnings' in p).toBe(false);
    expect(planState(p)).toBe('converged');
    expect(formatPlan(p)).toContain('(nothing to do: the cluster has converged)');
  });

  it('a plan with actions keeps them, and carries the warning beside them', () => {
    const p = plan(
      converged().admin,
      stripped(synced()).filter((o) => o.kind !== 'ConfigMap'),
    );
    expect(ops(p)).toContain('create ConfigMap app/cm');
    expect(p.warnings?.[0]?.code).toBe('NoManagedFields');
    expect(planState(p)).toBe('pending');
  });
});
