import { describe, expect, it } from 'vitest';
import { parseAgentKubeconfig, type KubeObject } from '../../../src/index.js';
import { createAgent, jsonLinesLogger, syncAdmin } from '../../../src/agent-entry.js';
import { adminPassFailed } from '../../../src/agent/admin-controller.js';
import {
  AGENT_READ_CONDITION,
  unreadableNamespaces,
  withAgentReadCondition,
} from '../../../src/agent/unreadable.js';
import { reportJson, reportText } from '../../../src/cli/commands/sync.js';
import { loadExample } from '../../../src/cli/demo/examples.js';
import { fleetPath } from '../../support/corpus.js';
import { memoryFleet, type MemoryFleet } from '../../support/memory-fleet.js';

const FORBIDDEN_TODO =
  'admin RoleBinding todo-list/verrazzano-cluster-managed1 is missing or insufficient (Forbidden); is vzmc admin running?';

/** managed1 registered, the ToDo project and app on the admin, but no admin pass: no V2 bindings. */
async function withoutAdminPass(): Promise<MemoryFleet> {
  const fleet = memoryFleet();
  await fleet.register('managed1');
  const objects = await loadExample(fleetPath('todo-list'));
  await fleet.admin.client().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'todo-list' } });
  await fleet.applyAdmin(objects);
  return fleet;
}

function agentWithLog(fleet: MemoryFleet, lines: string[]) {
  return createAgent({
    local: fleet.managed.managed1!.client(),
    connectAdmin: (kubeconfig) => fleet.admin.client({ token: parseAgentKubeconfig(kubeconfig).token }),
    clock: () => fleet.clock(),
    random: () => 0.5,
    sleep: () => Promise.resolve(),
    logger: jsonLinesLogger((line) => lines.push(line)),
  });
}

const vmcStatus = (fleet: MemoryFleet) =>
  fleet.admin
    .snapshot()
    .find((o: KubeObject) => o.kind === 'VerrazzanoManagedCluster' && o.metadata.name === 'managed1')!
    .status as { conditions?: { type: string; status: string; message?: string }[] };

describe('no silent idling: the agent names the admin namespaces it cannot read (V2)', () => {
  it('V2: without the verrazzano-cluster-managed1 binding the report, log and VMC condition name the namespace and the cause', async () => {
    const fleet = await withoutAdminPass();
    const lines: string[] = [];
    const report = await agentWithLog(fleet, lines).runOnce();
    expect(report.state).toBe('synced');
    if (report.state !== 'synced') return;
    expect(report.unreadable.map((u) => [u.namespace, u.reason, u.message])).toEqual([
      ['todo-list', 'Forbidden', FORBIDDEN_TODO],
    ]);
    // The project's Namespace and RoleBindings come from verrazzano-mc; nothing of todo-list's content.
    expect(report.plan.actions.map((a) => a.kind)).not.toContain('ApplicationConfiguration');
    const logged = lines.map((l) => JSON.parse(l) as Record<string, string>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: `cannot read 1 admin namespace(s): ${FORBIDDEN_TODO}`,
        namespaces: 'todo-list',
      }),
    );
    expect(vmcStatus(fleet).conditions).toEqual([
      {
        type: AGENT_READ_CONDITION,
        status: 'False',
        message: `cannot read 1 admin namespace(s): ${FORBIDDEN_TODO}`,
        lastTransitionTime: '2026-11-27T10:00:00Z',
      },
    ]);
    const text = reportText(report, false, false);
    expect(text).toBe(
      `not synced managed1: cannot read 1 admin namespace(s): ${FORBIDDEN_TODO}; ${report.plan.actions.length} action(s) on what it could read, 0 failed; VMC Active\n`,
    );
    expect(text).not.toContain('synced managed1: 0 action(s)');
    expect(reportJson(report, false)).toMatchObject({ unreadable: [{ namespace: 'todo-list' }] });
  });

  it('V2: once the admin pass creates the binding, the agent syncs and the condition turns True', async () => {
    const fleet = await withoutAdminPass();
    await agentWithLog(fleet, []).runOnce();
    await fleet.syncAdmin();
    const report = await agentWithLog(fleet, []).runOnce();
    expect(report.state === 'synced' && report.unreadable).toEqual([]);
    expect(report.state === 'synced' && report.plan.actions.length).toBeGreaterThan(0);
    expect(reportText(report, false, false)).toMatch(/^synced managed1: \d+ action\(s\)/);
    expect(vmcStatus(fleet).conditions).toEqual([
      expect.objectContaining({
        type: AGENT_READ_CONDITION,
        status: 'True',
        message: 'the agent read every placed namespace on the admin',
      }),
    ]);
  });

  it('a healthy VMC gets no condition it never had (as Verrazzano)', () => {
    expect(withAgentReadCondition(undefined, [], new Date(0))).toEqual([]);
  });

  it('distinguishes Forbidden from an unavailable admin, and ignores local, NotFound and unplaced lists', () => {
    const list = (namespace: string, reason: string, side: 'admin' | 'local' = 'admin', kind = 'Secret') => ({
      side,
      apiVersion: 'v1',
      kind,
      namespace,
      reason,
      message: 'x',
    });
    const out = unreadableNamespaces('managed1', [
      list('b', 'Timeout'),
      list('a', 'Unavailable', 'admin', 'ConfigMap'),
      list('a', 'Forbidden'),
      list('c', 'NotFound'),
      list('d', 'Forbidden', 'local'),
    ]);
    // A namespace no project places any more (its binding gone with the placement) is not a problem.
    expect(
      unreadableNamespaces('managed1', [list('a', 'Forbidden'), list('b', 'Forbidden')], new Set(['b'])).map(
        (u) => u.namespace,
      ),
    ).toEqual(['b']);
    expect(out.map((u) => [u.namespace, u.reason, u.kinds, u.message])).toEqual([
      [
        'a',
        'Forbidden',
        ['ConfigMap', 'Secret'],
        'admin RoleBinding a/verrazzano-cluster-managed1 is missing or insufficient (Forbidden); is vzmc admin running?',
      ],
      [
        'b',
        'Timeout',
        ['Secret'],
        'admin namespace b could not be read: the admin API server is unavailable (Timeout); will retry',
      ],
    ]);
  });
});

describe('no silent idling: the admin pass names the lists it cannot read', () => {
  it('a Forbidden list is logged as an error with the server message (the missing verb) and fails the pass, so vzmc admin --once exits 1', async () => {
    const fleet = await withoutAdminPass();
    // A user with list and watch on everything but VerrazzanoProjects, as a Role missing one verb.
    const root = fleet.admin.client();
    await root.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'reads-but-projects' },
      rules: [
        {
          apiGroups: ['', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'core.oam.dev'],
          resources: ['*'],
          verbs: ['list'],
        },
        {
          apiGroups: ['clusters.verrazzano.io'],
          resources: [
            'verrazzanomanagedclusters',
            'multiclusterapplicationconfigurations',
            'multiclustercomponents',
            'multiclusterconfigmaps',
            'multiclustersecrets',
          ],
          verbs: ['list'],
        },
      ],
    });
    await root.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'reads-but-projects' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reads-but-projects' },
      subjects: [{ kind: 'User', name: 'alice' }],
    });
    const lines: string[] = [];
    const { plan, results } = await syncAdmin(fleet.admin.client({ user: 'alice' }), {
      clock: () => fleet.clock(),
      random: () => 0.5,
      sleep: () => Promise.resolve(),
      logger: jsonLinesLogger((line) => lines.push(line)),
    });
    // Without the project list nothing is known, so nothing is done: that must not look like success.
    expect(plan.actions).toEqual([]);
    expect(adminPassFailed({ trigger: 'start', plan, results, durationMs: 0 })).toBe(true);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, string>);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'list failed',
        kind: 'VerrazzanoProject',
        namespace: 'verrazzano-mc',
        reason: 'Forbidden',
        error: expect.stringContaining(
          'User "alice" cannot list resource "verrazzanoprojects" in API group "clusters.verrazzano.io"',
        ),
      }),
    ]);
  });
});
