import { describe, expect, it } from 'vitest';
import type { IterationReport } from '../../../src/agent/agent.js';
import { parseDuration, reportJson, reportText } from '../../../src/cli/commands/sync.js';
import type { SyncPlan } from '../../../src/sync-plan/plan.js';
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
});
