import { describe, expect, it } from 'vitest';
import { planExit } from '../../../src/cli/commands/plan.js';
import { secretPlan } from '../../support/plans.js';
import { FLEET, run } from './run.js';

describe('vzmc plan --as-agent', () => {
  it('is one way to give the admin side, and needs the cluster (not files) for the agent Secret', async () => {
    const both = await run(['plan', '--cluster', 'managed1', '--as-agent', '--admin', FLEET]);
    expect([both.code, both.stderr]).toEqual([
      2,
      'vzmc: give one of --admin, --admin-context and --as-agent\n',
    ]);
    const files = await run(['plan', '--cluster', 'managed1', '--as-agent', '--local', FLEET]);
    expect([files.code, files.stderr]).toEqual([
      2,
      'vzmc: --as-agent reads the agent Secret from the cluster: give --context, not --local\n',
    ]);
  }, 20_000);

  it('with the admin from files, the output names no identity (there is none)', async () => {
    const { code, stdout } = await run(['plan', '--cluster', 'managed1', '--admin', FLEET, '--local', FLEET]);
    expect(code).toBe(0);
    expect(stdout).not.toContain('view:');
  });
});

describe('vzmc plan exit codes (issue 13: an unread admin is never converged)', () => {
  const converged = { ...secretPlan('managed1', 'r', 'P10'), actions: [] };
  const unknown = {
    ...converged,
    unknown: [
      {
        side: 'admin' as const,
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'app',
        reason: 'Forbidden',
        message: 'forbidden',
      },
    ],
  };

  it('2 when a list failed, with or without --exit-code; else 1 for actions with --exit-code, 0 otherwise', () => {
    expect(planExit(unknown, false)).toBe(2);
    expect(planExit(unknown, true)).toBe(2);
    expect(planExit(converged, true)).toBe(0);
    expect(planExit(secretPlan('managed1', 'r', 'P10'), true)).toBe(1);
    expect(planExit(secretPlan('managed1', 'r', 'P10'), false)).toBe(0);
  });
});
