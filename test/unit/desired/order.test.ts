/**
 * The one order table of a sync (desired/order.ts), pinned: the phases, the apply order and the GC
 * order of kinds are exactly those render and the planner used before they shared the table
 * (render's PHASE_WEIGHT and KIND_WEIGHT, the planner's KIND_ORDER and GC_KIND_ORDER).
 */
import { describe, expect, it } from 'vitest';
import { compareDesired, type DesiredObject } from '../../../src/desired/object.js';
import {
  APPLY_KIND_ORDER,
  GC_KIND_ORDER,
  kindWeight,
  orderKey,
  Phase,
  PHASE_WEIGHT,
  sortByKey,
  UNLISTED_KIND_WEIGHT,
} from '../../../src/desired/order.js';

const phasesInOrder = (Object.keys(PHASE_WEIGHT) as Phase[]).sort(
  (a, b) => PHASE_WEIGHT[a] - PHASE_WEIGHT[b],
);

describe('the order of a sync (desired/order.ts)', () => {
  it('P32: phases run projects, namespaces, RBAC, Secrets, wrappers, app configs, unwrapped, GC, status', () => {
    expect(phasesInOrder).toEqual([
      Phase.Projects,
      Phase.Namespaces,
      Phase.Rbac,
      Phase.Secrets,
      Phase.Wrappers,
      Phase.AppConfigs,
      Phase.Unwrapped,
      Phase.GarbageCollection,
      Phase.Status,
    ]);
    expect(phasesInOrder.map((p) => PHASE_WEIGHT[p])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Object.values(Phase).sort()).toEqual([...phasesInOrder].sort());
  });

  it('P32, P33, V5: the apply order of kinds puts what is depended on first', () => {
    expect(APPLY_KIND_ORDER).toEqual([
      'Namespace',
      'VerrazzanoProject',
      'RoleBinding', // V5: namespaces with their RoleBindings, then NetworkPolicies
      'NetworkPolicy',
      'Secret', // P33: before the MC app configs whose webhook checks them
      'MultiClusterSecret', // P32 b–d
      'MultiClusterConfigMap',
      'MultiClusterComponent',
      'Component', // P32 e, P33: Components before the app config that uses them
      'MultiClusterApplicationConfiguration',
      'ConfigMap',
      'ApplicationConfiguration',
    ]);
  });

  it('P20–P24: the GC order is the apply order reversed, without namespaces (P25) and project RoleBindings (P28)', () => {
    expect(GC_KIND_ORDER).toEqual([
      'ApplicationConfiguration',
      'ConfigMap',
      'MultiClusterApplicationConfiguration',
      'Component',
      'MultiClusterComponent',
      'MultiClusterConfigMap',
      'MultiClusterSecret',
      'Secret',
      'NetworkPolicy',
      'VerrazzanoProject',
    ]);
    expect(kindWeight(Phase.GarbageCollection, 'RoleBinding')).toBe(UNLISTED_KIND_WEIGHT);
    expect(kindWeight(Phase.GarbageCollection, 'Namespace')).toBe(UNLISTED_KIND_WEIGHT);
  });

  it('P32: a kind weighs its 1-based position in its phase’s order, an unlisted kind 99', () => {
    expect(APPLY_KIND_ORDER.map((k) => kindWeight(Phase.Unwrapped, k))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    expect(GC_KIND_ORDER.map((k) => kindWeight(Phase.GarbageCollection, k))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(kindWeight(Phase.Status, 'VerrazzanoManagedCluster')).toBe(99);
    expect(kindWeight(Phase.Status, 'MultiClusterSecret')).toBe(6);
  });

  it('P32: the order key is phase, two-digit kind weight, namespace and name, in the planner’s former encoding', () => {
    expect(orderKey(Phase.Secrets, 'Secret', 'mc-todo-list', 'db')).toBe('305mc-todo-list\u0000db');
    expect(orderKey(Phase.GarbageCollection, 'ApplicationConfiguration', 'ns', 'app')).toBe('701ns\u0000app');
    expect(orderKey(Phase.Status, 'Other', '', 'x')).toBe('899\u0000x');
  });

  it('P32: keys sort phase first, then kind, then namespace and name; sortByKey is stable', () => {
    const items = [
      { id: 'gc-secret', key: orderKey(Phase.GarbageCollection, 'Secret', 'a', 'a') },
      { id: 'gc-app', key: orderKey(Phase.GarbageCollection, 'ApplicationConfiguration', 'z', 'z') },
      { id: 'unlisted', key: orderKey(Phase.Unwrapped, 'Deployment', 'a', 'a') },
      { id: 'app', key: orderKey(Phase.Unwrapped, 'ApplicationConfiguration', 'z', 'z') },
      { id: 'ns-b', key: orderKey(Phase.Namespaces, 'Namespace', '', 'b') },
      { id: 'ns-a', key: orderKey(Phase.Namespaces, 'Namespace', '', 'a') },
      { id: 'ns-a-again', key: orderKey(Phase.Namespaces, 'Namespace', '', 'a') },
    ];
    expect(sortByKey(items, (i) => i.key).map((i) => i.id)).toEqual([
      'ns-a',
      'ns-a-again',
      'ns-b',
      'app',
      'unlisted',
      'gc-app',
      'gc-secret',
    ]);
  });

  it('P32: compareDesired follows the same table', () => {
    const desired = (phase: Phase, kind: string, name: string): DesiredObject => ({
      object: { apiVersion: 'v1', kind, metadata: { namespace: 'ns', name } },
      phase,
      ruleId: 'P32',
      reason: 'test',
      source: { kind: 'VerrazzanoProject', namespace: 'verrazzano-mc', name: 'p' },
    });
    const list = [
      desired(Phase.AppConfigs, 'MultiClusterApplicationConfiguration', 'a'),
      desired(Phase.AppConfigs, 'Component', 'b'),
      desired(Phase.Secrets, 'Secret', 'c'),
      desired(Phase.Projects, 'VerrazzanoProject', 'd'),
      desired(Phase.Projects, 'Namespace', 'e'),
    ];
    expect([...list].sort(compareDesired).map((d) => d.object.metadata.name)).toEqual([
      'e',
      'd',
      'c',
      'b',
      'a',
    ]);
  });
});
