import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addOrUpdateCondition,
  aggregateChanges,
  aggregateClusterStatus,
  clusterLevelStatus,
  computeEffectiveState,
  conditionFromResult,
  setClusterLevelStatus,
  statusNeedsUpdate,
  updateLocalStatus,
  type ClusterLevelStatus,
  type Condition,
} from '../../../src/index.js';
import { deepFreeze } from '../../support/fleet.js';

const now = new Date('2024-08-09T10:00:00.123Z');
const later = new Date('2024-08-09T10:05:00Z');
const placement = { clusters: [{ name: 'c1' }, { name: 'c2' }] };
const entry = (name: string, state: string): ClusterLevelStatus => ({
  name,
  state,
  lastUpdateTime: '2024-01-01T00:00:00Z',
});

describe('computeEffectiveState (§5.4, scenario 36)', () => {
  it.each([
    [
      [
        ['c1', 'Succeeded'],
        ['c2', 'Succeeded'],
      ],
      'Succeeded',
    ],
    [
      [
        ['c1', 'Succeeded'],
        ['c2', 'Pending'],
      ],
      'Pending',
    ],
    [
      [
        ['c1', 'Failed'],
        ['c2', 'Pending'],
      ],
      'Failed',
    ],
    [
      [
        ['c1', 'Succeeded'],
        ['c2', 'Failed'],
      ],
      'Failed',
    ],
    [
      [
        ['c3', 'Succeeded'],
        ['c2', 'Failed'],
      ],
      'Failed',
    ],
    [
      [
        ['c3', 'Succeeded'],
        ['c2', 'Pending'],
      ],
      'Pending',
    ],
  ])('%j → %s', (entries, state) => {
    const status = deepFreeze({ clusters: entries.map(([n, s]) => entry(n!, s!)) });
    expect(computeEffectiveState(status, placement)).toBe(state);
  });

  it('an empty placement is Succeeded (0 ≥ 0); S2: one entry of two placed clusters stays Pending', () => {
    expect(computeEffectiveState({}, { clusters: [] })).toBe('Succeeded');
    expect(computeEffectiveState({ clusters: [entry('c1', 'Succeeded')] }, placement)).toBe('Pending');
  });
});

describe('statusNeedsUpdate (§5.3, scenario 37)', () => {
  const condition: Condition = {
    type: 'DeployComplete',
    status: 'True',
    message: 'ConfigMap created',
    lastTransitionTime: 't1',
  };
  const status = deepFreeze({ clusters: [entry('c1', 'Succeeded')], conditions: [condition] });
  it('a new condition type → true', () => {
    expect(statusNeedsUpdate(status, { ...condition, type: 'DeployFailed' }, entry('c1', 'Succeeded'))).toBe(
      true,
    );
  });
  it('the same condition with only a different timestamp → false', () => {
    expect(
      statusNeedsUpdate(
        status,
        { ...condition, lastTransitionTime: 't2' },
        { ...entry('c1', 'Succeeded'), lastUpdateTime: 'x' },
      ),
    ).toBe(false);
  });
  it('a different message → true', () => {
    expect(
      statusNeedsUpdate(status, { ...condition, message: 'ConfigMap updated' }, entry('c1', 'Succeeded')),
    ).toBe(true);
  });
  it('an unknown cluster name → true; the same name with a different state → true', () => {
    expect(statusNeedsUpdate(status, condition, entry('c2', 'Succeeded'))).toBe(true);
    expect(statusNeedsUpdate(status, condition, entry('c1', 'Failed'))).toBe(true);
  });
});

describe('conditions and cluster entries (§5.1–§5.3, scenarios 38–40)', () => {
  it('scenario 40: conditionFromResult gives DeployComplete "<prefix> <result>" or DeployFailed with the error text', () => {
    expect(conditionFromResult(undefined, 'created', 'X', now)).toEqual({
      type: 'DeployComplete',
      status: 'True',
      message: 'X created',
      lastTransitionTime: '2024-08-09T10:00:00Z',
    });
    expect(conditionFromResult(new Error('boom'), 'created', 'X', now)).toMatchObject({
      type: 'DeployFailed',
      status: 'True',
      message: 'boom',
    });
  });

  it('scenario 38: clusterLevelStatus maps DeployComplete → Succeeded, DeployFailed → Failed, copying message and time', () => {
    const ok = conditionFromResult(undefined, 'updated', 'ConfigMap', now);
    expect(clusterLevelStatus(ok, 'm1')).toEqual({
      name: 'm1',
      state: 'Succeeded',
      message: 'ConfigMap updated',
      lastUpdateTime: '2024-08-09T10:00:00Z',
    });
    expect(clusterLevelStatus(conditionFromResult(new Error('e'), 'created', 'X', now), 'm1').state).toBe(
      'Failed',
    );
    expect(clusterLevelStatus({ type: 'DeployPending', status: 'True' }, 'm1').state).toBe('Pending');
  });

  it('scenario 39: setClusterLevelStatus replaces in place (length unchanged) or appends', () => {
    const list = deepFreeze([entry('a', 'Pending'), entry('b', 'Pending')]);
    const replaced = setClusterLevelStatus(list, entry('a', 'Succeeded'), later);
    expect(replaced.map((e) => [e.name, e.state, e.lastUpdateTime])).toEqual([
      ['a', 'Succeeded', '2024-08-09T10:05:00Z'],
      ['b', 'Pending', '2024-01-01T00:00:00Z'],
    ]);
    expect(setClusterLevelStatus(list, entry('c', 'Failed'), later)).toHaveLength(3);
  });

  it('addOrUpdateCondition: exact match → no change; same type → overwrite; else append', () => {
    const c1: Condition = { type: 'DeployComplete', status: 'True', message: 'a created' };
    const list = deepFreeze([c1]);
    expect(addOrUpdateCondition(list, { ...c1 })).toEqual([c1]);
    expect(addOrUpdateCondition(list, { ...c1, message: 'a updated' })).toEqual([
      { ...c1, message: 'a updated' },
    ]);
    expect(addOrUpdateCondition(list, { type: 'DeployFailed', status: 'True', message: 'x' })).toHaveLength(
      2,
    );
  });

  it('§5.3: addOrUpdateCondition compares every same-type entry: an exact match after the first same-type entry changes nothing (Verrazzano compares only the first and overwrites it)', () => {
    const created: Condition = { type: 'DeployComplete', status: 'True', message: 'ConfigMap created' };
    const updated: Condition = { type: 'DeployComplete', status: 'True', message: 'ConfigMap updated' };
    const list = deepFreeze([created, updated]);
    // Verrazzano's loop breaks at `created` (same type, not equal) and overwrites it: [updated, updated].
    expect(addOrUpdateCondition(list, { ...updated, lastTransitionTime: 'later' })).toEqual([
      created,
      updated,
    ]);
    // Through the local update: the cluster's state changed, so a write is needed, and the list stays.
    const status = deepFreeze({ conditions: [created, updated], clusters: [entry('c1', 'Pending')] });
    const next = updateLocalStatus(status, updated, 'c1', { clusters: [{ name: 'c1' }] }, later);
    expect(next.changed).toBe(true);
    expect(next.status.conditions).toEqual([created, updated]);
    expect(next.status.state).toBe('Succeeded');
  });

  it('§5.3, §5.5: a cluster entry appended by setClusterLevelStatus or aggregateClusterStatus is stamped with the current time, like a replaced one (Verrazzano keeps the forwarded lastUpdateTime on append)', () => {
    const old = entry('c', 'Failed'); // lastUpdateTime 2024-01-01T00:00:00Z
    expect(setClusterLevelStatus([], old, later)).toEqual([
      { ...old, lastUpdateTime: '2024-08-09T10:05:00Z' },
    ]);
    const condition: Condition = {
      type: 'DeployComplete',
      status: 'True',
      message: 'ConfigMap created',
      lastTransitionTime: '2024-01-01T00:00:00Z',
    };
    const first = aggregateClusterStatus(undefined, 'c1', condition, placement, later);
    expect(first.status.clusters).toEqual([
      {
        name: 'c1',
        state: 'Succeeded',
        message: 'ConfigMap created',
        lastUpdateTime: '2024-08-09T10:05:00Z',
      },
    ]);
  });

  it('updateLocalStatus writes only when needed and recomputes the state', () => {
    const condition = conditionFromResult(undefined, 'created', 'ConfigMap', now);
    const first = updateLocalStatus(undefined, condition, 'c1', { clusters: [{ name: 'c1' }] }, now);
    expect(first.changed).toBe(true);
    expect(first.status.state).toBe('Succeeded');
    const again = updateLocalStatus(
      first.status,
      { ...condition, lastTransitionTime: 'later' },
      'c1',
      { clusters: [{ name: 'c1' }] },
      later,
    );
    expect(again.changed).toBe(false);
  });
});

describe('admin aggregation keeps one condition per cluster (deviation from B10/S3)', () => {
  it('conditions stay bounded and attributable however often clusters report', () => {
    let status = {};
    for (let i = 0; i < 50; i++) {
      for (const c of ['c1', 'c2']) {
        const condition = conditionFromResult(
          i % 2 ? new Error(`fail ${i}`) : undefined,
          'updated',
          'ConfigMap',
          now,
        );
        status = aggregateClusterStatus(status, c, condition, placement, now).status;
      }
    }
    const final = status as { conditions: Condition[]; clusters: ClusterLevelStatus[]; state: string };
    expect(final.conditions.map((c) => c.message)).toEqual(['c1: fail 49', 'c2: fail 49']);
    expect(final.clusters.map((c) => c.name)).toEqual(['c1', 'c2']);
    expect(final.state).toBe('Failed');
  });

  it('reports no change when a cluster repeats its status, and Succeeded once every placed cluster succeeded', () => {
    const ok = conditionFromResult(undefined, 'created', 'OAM Application Configuration', now);
    const one = aggregateClusterStatus(undefined, 'c1', ok, placement, now);
    expect(one.status.state).toBe('Pending');
    const two = aggregateClusterStatus(one.status, 'c2', ok, placement, now);
    expect(two.status.state).toBe('Succeeded');
    expect(
      aggregateClusterStatus(two.status, 'c2', { ...ok, lastTransitionTime: 'x' }, placement, later).changed,
    ).toBe(false);
  });

  it('aggregateChanges answers exactly what aggregateClusterStatus reports as changed (S4)', () => {
    const cluster = fc.constantFrom('c1', 'c2', 'c3');
    const state = fc.constantFrom('Succeeded', 'Failed', 'Pending', 'Unknown');
    const reported = fc.record({
      cluster,
      fail: fc.boolean(),
      result: fc.constantFrom('created', 'updated', 'unchanged'),
    });
    const statusArb = fc.option(
      fc.record(
        {
          clusters: fc.array(
            fc.record({ name: cluster, state, lastUpdateTime: fc.constant('2024-01-01T00:00:00Z') }),
            { maxLength: 3 },
          ),
          conditions: fc.array(
            fc.record({
              type: fc.constantFrom('DeployComplete', 'DeployFailed'),
              status: fc.constant('True'),
              message: fc.constantFrom('c1: ConfigMap created', 'c2: boom', 'c1: boom', 'other'),
            }),
            { maxLength: 3 },
          ),
          state,
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        statusArb,
        fc.array(reported, { maxLength: 4 }),
        reported,
        fc.option(state, { nil: undefined }),
        (start, history, last, forcedState) => {
          // Histories built by aggregation itself, then one more report, also arbitrary starts.
          let status: Parameters<typeof aggregateChanges>[0] = start;
          for (const r of history) {
            const condition = conditionFromResult(
              r.fail ? new Error('boom') : undefined,
              r.result,
              'ConfigMap',
              now,
            );
            status = aggregateClusterStatus(status, r.cluster, condition, placement, now).status;
          }
          // Sometimes a stored state that disagrees with the clusters (an older vzmc, a hand edit).
          if (forcedState && status) status = { ...status, state: forcedState };
          const condition = conditionFromResult(
            last.fail ? new Error('boom') : undefined,
            last.result,
            'ConfigMap',
            now,
          );
          expect(aggregateChanges(status, last.cluster, condition, placement, later)).toBe(
            aggregateClusterStatus(status, last.cluster, condition, placement, later).changed,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
