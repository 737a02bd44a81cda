import { describe, expect, it } from 'vitest';
import { adminPassFailed, type AdminPassReport } from '../../../src/agent/admin-controller.js';
import { adminReportJson, adminReportText } from '../../../src/cli/commands/admin.js';
import type { SyncPlan } from '../../../src/sync-plan/types.js';
import { PASSWORD as password, secretPlan } from '../../support/plans.js';
import { run } from './run.js';

const plan = secretPlan('local', 'placed on local by MultiClusterSecret app/db', 'P15');
const pass: AdminPassReport = { trigger: 'event', plan, results: [], durationMs: 12 };

describe('vzmc admin', () => {
  it('prints one summary line per pass, and on --dry-run the plan under it', () => {
    expect(adminReportText(pass, false, false)).toBe(
      'admin pass (event): 1 action(s), 0 applied, 0 deleted, 0 status, 0 failed, 0 blocked\n',
    );
    expect(adminReportText(pass, true, false)).toContain('+ create Secret app/db  [P15]');
  });

  it('-o json: the counts, and on a dry run the plan with Secret data redacted', () => {
    const json = adminReportJson(pass, true) as { plan: SyncPlan };
    expect(json).toMatchObject({ pass: 'event', actions: 1, applied: 0, failed: 0 });
    expect(json.plan.actions[0]!.body).toMatchObject({ data: { password: '<redacted>' } });
    expect(JSON.stringify(json)).not.toContain(password);
    expect(adminReportJson(pass, false)).not.toHaveProperty('plan');
  });

  it('a list it could not read is counted on the summary line and named on its own, with the server message (the missing verb)', () => {
    const message =
      'verrazzanoprojects.clusters.verrazzano.io is forbidden: User "system:serviceaccount:verrazzano-system:vzmc-admin" cannot list resource "verrazzanoprojects" in API group "clusters.verrazzano.io" in the namespace "verrazzano-mc"';
    const list = {
      apiVersion: 'clusters.verrazzano.io/v1alpha1',
      kind: 'VerrazzanoProject',
      namespace: 'verrazzano-mc',
      reason: 'Forbidden',
      message,
    };
    // The admin and local sides of one list are the same request: named once. NotFound (a kind not served) is not a failure.
    const notServed = {
      ...list,
      kind: 'Component',
      namespace: '*',
      reason: 'NotFound',
      message: 'not served',
    };
    const unreadable: AdminPassReport = {
      ...pass,
      plan: {
        ...plan,
        actions: [],
        unknown: [
          { side: 'admin', ...list },
          { side: 'local', ...list },
          { side: 'admin', ...notServed },
        ],
      },
    };
    expect(adminReportText(unreadable, false, false)).toBe(
      'admin pass (event): 0 action(s), 0 applied, 0 deleted, 0 status, 0 failed, 0 blocked, 1 unreadable\n' +
        `! cannot list VerrazzanoProject in verrazzano-mc (Forbidden): ${message}\n`,
    );
    expect(adminReportJson(unreadable, false)).toEqual({
      pass: 'event',
      actions: 0,
      applied: 0,
      deleted: 0,
      status: 0,
      failed: 0,
      blocked: 0,
      unreadable: [{ kind: 'VerrazzanoProject', namespace: 'verrazzano-mc', reason: 'Forbidden', message }],
    });
    expect(adminPassFailed(unreadable)).toBe(true);
    const onlyNotServed = {
      ...unreadable,
      plan: { ...unreadable.plan, unknown: [{ side: 'admin' as const, ...notServed }] },
    };
    expect(adminPassFailed(onlyNotServed)).toBe(false);
    expect(adminReportJson(onlyNotServed, false)).not.toHaveProperty('unreadable');
  });

  it.each([
    [['admin', '--frobnicate'], "error: unknown option '--frobnicate'"],
    [
      ['admin', '-o', 'yaml'],
      "error: option '-o, --output <format>' argument 'yaml' is invalid. Allowed choices are text, json.",
    ],
    [
      ['admin', '--log-format', 'xml'],
      "error: option '--log-format <format>' argument 'xml' is invalid. Allowed choices are text, json.",
    ],
  ])('%j is a usage error: one line, where to read more, exit 2', async (argv, line) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${line}\nSee 'vzmc admin --help' for usage.\n`);
  });

  it('a bad --resync-period is a usage error before any cluster is contacted', async () => {
    const soon = await run(['admin', '--resync-period', 'soon', '--kubeconfig', '/nonexistent']);
    expect(soon.code).toBe(2);
    expect(soon.stderr).toContain('invalid duration "soon"');
    const tiny = await run(['admin', '--resync-period', '10ms', '--kubeconfig', '/nonexistent']);
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toContain('--resync-period must be at least 1s');
  });

  it('--help names what it watches, its flags, and examples', async () => {
    const { stdout } = await run(['admin', '--help']);
    for (const text of [
      '--once',
      '--dry-run',
      '--resync-period <duration>',
      '--log-format',
      'Examples:',
      'SIGTERM',
    ])
      expect(stdout).toContain(text);
  });
});
