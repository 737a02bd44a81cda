/**
 * stateOf: the one state rule the planner's admin recompute and the executor's fresh-object write
 * share (S1 for wrappers and projects, B12 for VMCs).
 */
import { describe, expect, it } from 'vitest';
import { stateOf } from '../../../src/status/index.js';

const now = new Date('2026-01-01T00:10:00Z');
const placement = { clusters: [{ name: 'managed1' }, { name: 'managed2' }] };
const entry = (name: string, state: string) => ({
  name,
  state,
  lastUpdateTime: '2026-01-01T00:00:00Z',
});

describe('stateOf', () => {
  it('S1: a wrapper is Pending until every placed cluster reports, then the clusters decide', () => {
    const wrapper = (clusters: ReturnType<typeof entry>[]) => ({
      kind: 'MultiClusterConfigMap',
      spec: { placement },
      status: { clusters },
    });
    expect(stateOf(wrapper([]), now)).toBe('Pending');
    expect(stateOf(wrapper([entry('managed1', 'Succeeded')]), now)).toBe('Pending');
    expect(stateOf(wrapper([entry('managed1', 'Succeeded'), entry('managed2', 'Succeeded')]), now)).toBe(
      'Succeeded',
    );
    expect(stateOf(wrapper([entry('managed1', 'Succeeded'), entry('managed2', 'Failed')]), now)).toBe(
      'Failed',
    );
  });

  it('S1: a project takes the same rule, over its current placement (a dropped Failed cluster no longer counts)', () => {
    const project = {
      kind: 'VerrazzanoProject',
      spec: { placement: { clusters: [{ name: 'managed1' }] } },
      status: { clusters: [entry('managed1', 'Succeeded'), entry('managed2', 'Failed')] },
    };
    expect(stateOf(project, now)).toBe('Succeeded');
  });

  it('B12: a VMC follows its agent connect time, with the clock given', () => {
    const vmc = (lastAgentConnectTime: string | undefined, state: string) => ({
      kind: 'VerrazzanoManagedCluster',
      status: { state, ...(lastAgentConnectTime ? { lastAgentConnectTime } : {}) },
    });
    expect(stateOf(vmc(undefined, 'Active'), now)).toBe('Active');
    expect(stateOf(vmc('2026-01-01T00:09:30Z', ''), now)).toBe('Pending');
    expect(stateOf(vmc('2026-01-01T00:09:30Z', 'Pending'), now)).toBe('Active');
    expect(stateOf(vmc('2026-01-01T00:09:00Z', 'Active'), now)).toBe('Inactive');
  });
});
