/** Small sync plans for tests of what the CLI prints. */
import type { SyncPlan } from '../../src/sync-plan/types.js';

/** The Secret data of {@link secretPlan}'s action: `hunter2`, base64-encoded (never to be printed). */
export const PASSWORD = Buffer.from('hunter2').toString('base64');

/**
 * A plan for `cluster` with one action: create the Secret `app/db` (holding {@link PASSWORD}) on
 * the local side, for `reason` under rule `ruleId`.
 */
export function secretPlan(cluster: string, reason: string, ruleId: string): SyncPlan {
  return {
    cluster,
    actions: [
      {
        key: 'local:/Secret/app/db',
        op: 'create',
        target: 'local',
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: 'app',
        name: 'db',
        phase: 'secrets',
        reason,
        ruleId,
        dependsOn: [],
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'db', namespace: 'app' },
          data: { password: PASSWORD },
        },
      },
    ],
    unknown: [],
    guard: { deletes: 0, managed: 0, maxDeleteFraction: 0.5, tripped: false },
    deferredStatus: 0,
  };
}
