import { describe, expect, it } from 'vitest';
import type { IterationReport } from '../../../src/agent/agent.js';
import { onceExit, parseDuration, reportJson, reportText } from '../../../src/cli/commands/sync.js';
import type { SyncPlan } from '../../../src/sync-plan/types.js';
import { PASSWORD as password, secretPlan } from '../../support/plans.js';

const plan = secretPlan('managed1', 'listed in spec.secrets of app; it does not exist yet', 'P10');
const dryRun: IterationReport = {
  state: 'synced',
  cluster: 'managed1',
  plan,
  results: [],
  reportWritten: false,
  vmcState: 'Active',
  unreadable: [],
};

describe('vzmc sync output', () => {
  it('--dry-run prints the plan under the summary line; without it, the summary only', () => {
    expect(reportText(dryRun, true, false)).toBe(
      'synced managed1: 1 action(s), 0 applied, 0 deleted, 0 status, 0 failed, 0 blocked; VMC Active\n' +
        'Plan for managed1: 1 to create, 0 to update, 0 to delete, 0 status updates\n' +
        '+ create Secret app/db  [P10] listed in spec.secrets of app; it does not exist yet\n',
    );
    expect(reportText(dryRun, false, false).split('\n')).toHaveLength(2);
    expect(reportText({ state: 'idle', reason: 'not registered' }, true, false)).toBe(
      'idle: not registered\n',
    );
  });

  it('-o json: the counts, and on a dry run the plan with Secret data redacted', () => {
    const json = reportJson(dryRun, true) as { actions: number; plan: SyncPlan };
    expect(json).toMatchObject({
      state: 'synced',
      cluster: 'managed1',
      actions: 1,
      applied: 0,
      vmcState: 'Active',
    });
    expect(json.plan.actions[0]!.body).toMatchObject({ data: { password: '<redacted>' } });
    expect(JSON.stringify(reportJson(dryRun, true))).not.toContain(password);
    expect(reportJson(dryRun, false)).not.toHaveProperty('plan');
  });

  it('--interval takes 60s, 2m, 1500ms or plain seconds', () => {
    expect([parseDuration('60s'), parseDuration('2m'), parseDuration('1500ms'), parseDuration('5')]).toEqual([
      60_000, 120_000, 1500, 5000,
    ]);
    expect(() => parseDuration('soon')).toThrow('invalid duration "soon"; use e.g. 60s, 2m or 1500ms');
  });

  it('--once exits 1 after a failed or blocked action, a failed iteration or an unread namespace; 0 when synced or deregistered', () => {
    const result = (outcome: 'applied' | 'failed' | 'blocked') => ({
      key: 'local:/Secret/app/db',
      op: 'create' as const,
      kind: 'Secret',
      namespace: 'app',
      name: 'db',
      outcome,
    });
    expect(onceExit({ ...dryRun, results: [result('applied')] })).toBe(0);
    expect(onceExit({ ...dryRun, results: [result('failed')] })).toBe(1);
    expect(onceExit({ ...dryRun, results: [result('blocked')] })).toBe(1);
    expect(
      onceExit({
        ...dryRun,
        unreadable: [{ namespace: 'app', reason: 'Forbidden', kinds: ['ConfigMap'], message: 'forbidden' }],
      }),
    ).toBe(1);
    expect(
      onceExit({ state: 'failed', cluster: 'managed1', reason: 'the admin rejects the agent token; …' }),
    ).toBe(1);
    expect(onceExit({ state: 'deregistered', cluster: 'managed1', reason: 'the VMC is being deleted' })).toBe(
      0,
    );
    expect(onceExit({ state: 'idle', reason: 'not registered' })).toBe(0);
  });
});
