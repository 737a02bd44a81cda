import { describe, expect, it } from 'vitest';
import {
  EMPTY_FLEET,
  Gate,
  explainPlacement,
  fleetFromObjects,
  isPlacedOn,
  knownClusters,
  placedClusters,
  placementMatrix,
  type Fleet,
} from '../../../src/index.js';
import { deepFreeze, mcapp, mccm, project, vmc } from '../../support/fleet.js';

const fleet = (parts: Partial<Fleet>): Fleet => deepFreeze({ ...EMPTY_FLEET, ...parts });
const failing = (d: { gates: readonly { gate: string; ok: boolean }[] }) => d.gates.find((g) => !g.ok)?.gate;

describe('placement gates on a managed cluster (spec §2.2)', () => {
  const base = fleet({
    managedClusters: [vmc('managed1'), vmc('managed2')],
    projects: [project('p', ['app'], ['managed1'])],
    wrappers: [mcapp('a', 'app', ['managed1', 'managed2']), mcapp('orphan', 'nowhere', ['managed1'])],
  });

  it('P5–P7: placed when registered, in a project namespace, the project places C and the wrapper places C', () => {
    const decision = explainPlacement(base, base.wrappers[0]!, 'managed1');
    expect(decision.placed).toBe(true);
    expect(decision.gates.map((g) => [g.gate, g.ok, g.ruleId])).toEqual([
      [Gate.ClusterRegistered, true, 'P1'],
      [Gate.ProjectMembership, true, 'P5'],
      [Gate.ProjectPlacement, true, 'P6'],
      [Gate.NamespaceManaged, true, 'P5'],
      [Gate.ResourcePlacement, true, 'P7'],
    ]);
  });

  it('P6: the project must place the cluster too, whatever the wrapper says', () => {
    const decision = explainPlacement(base, base.wrappers[0]!, 'managed2');
    expect(decision.placed).toBe(false);
    expect(failing(decision)).toBe(Gate.ProjectPlacement);
    expect(decision.gates[2]?.detail).toBe('project p places [managed1], not managed2');
  });

  it('P5: a wrapper in a namespace of no project reaches no managed cluster (B21, scenario 54)', () => {
    const decision = explainPlacement(base, base.wrappers[1]!, 'managed1');
    expect(failing(decision)).toBe(Gate.ProjectMembership);
    expect(decision.gates[1]?.detail).toBe('namespace nowhere is in no VerrazzanoProject');
  });

  it('P1: an unregistered cluster takes nothing', () => {
    const f = fleet({
      projects: [project('p', ['app'], ['ghost'])],
      wrappers: [mcapp('a', 'app', ['ghost'])],
    });
    expect(failing(explainPlacement(f, f.wrappers[0]!, 'ghost'))).toBe(Gate.ClusterRegistered);
    expect(placedClusters(f, f.wrappers[0]!)).toEqual([]);
  });

  it('P4: matching is exact and case-sensitive; duplicates are irrelevant (scenario 1)', () => {
    const f = fleet({
      managedClusters: [vmc('mycluster1'), vmc('othercluster')],
      projects: [project('p', ['app'], ['mycluster1', 'othercluster'])],
      wrappers: [
        mcapp('a', 'app', ['othercluster', 'mycluster1', 'mycluster1']),
        mcapp('b', 'app', ['MyCluster1']),
      ],
    });
    expect(isPlacedOn(f, f.wrappers[0]!, 'mycluster1')).toBe(true);
    expect(isPlacedOn(f, f.wrappers[1]!, 'mycluster1')).toBe(false);
    expect(placedClusters(f, f.wrappers[0]!)).toEqual(['mycluster1', 'othercluster']);
  });

  it('U6: wrappers in kube-system are placed nowhere', () => {
    const f = fleet({
      managedClusters: [vmc('m')],
      projects: [project('p', ['kube-system'], ['m'])],
      wrappers: [mccm('c', 'kube-system', ['m', 'local'])],
    });
    expect(placedClusters(f, f.wrappers[0]!)).toEqual([]);
    expect(explainPlacement(f, f.wrappers[0]!, 'local').gates[4]).toMatchObject({ ok: false, ruleId: 'U6' });
  });
});

describe('placement on local, the admin cluster (spec §2.4)', () => {
  const f = fleet({
    managedClusters: [vmc('managed1')],
    projects: [project('p', ['app'], ['managed1'])],
    wrappers: [mcapp('on-local', 'nowhere', ['local']), mcapp('on-managed', 'app', ['managed1'])],
  });

  it('P15: a wrapper is unwrapped on the admin iff local is in its placement, project or not', () => {
    expect(explainPlacement(f, f.wrappers[0]!, 'local').placed).toBe(true);
    const notLocal = explainPlacement(f, f.wrappers[1]!, 'local');
    expect(notLocal.placed).toBe(false);
    expect(notLocal.gates.find((g) => !g.ok)).toMatchObject({ gate: Gate.ResourcePlacement, ruleId: 'P15' });
  });

  it('P13: a project is always placed on the admin, whatever its placement (B16)', () => {
    const decision = explainPlacement(f, f.projects[0]!, 'local');
    expect(decision.placed).toBe(true);
    expect(decision.gates[2]).toMatchObject({ ruleId: 'P13', ok: true });
  });

  it('P12: a project is placed on a managed cluster iff its placement names it', () => {
    expect(explainPlacement(f, f.projects[0]!, 'managed1').placed).toBe(true);
    const g = fleet({ ...f, managedClusters: [vmc('managed1'), vmc('managed2')] });
    expect(failing(explainPlacement(g, g.projects[0]!, 'managed2'))).toBe(Gate.ProjectPlacement);
  });
});

describe('placementMatrix', () => {
  it('covers every resource × known cluster, VMC names then local, with explanations on demand', () => {
    const f = fleet({
      managedClusters: [vmc('m2'), vmc('m1')],
      projects: [project('p', ['app'], ['m1'])],
      wrappers: [mcapp('a', 'app', ['m1', 'local'])],
    });
    expect(knownClusters(f)).toEqual(['m1', 'm2', 'local']);
    const matrix = placementMatrix(f);
    expect(matrix.resources.map((r) => r.kind)).toEqual([
      'VerrazzanoProject',
      'MultiClusterApplicationConfiguration',
    ]);
    expect([...matrix.placedOn(1)]).toEqual(['m1', 'local']);
    const decisions = [...matrix.decisions()];
    expect(decisions).toHaveLength(6);
    expect(decisions.map((d) => d.placed)).toEqual([true, false, true, true, false, true]);
    expect(decisions.every((d, i) => d.placed === matrix.isPlaced(Math.floor(i / 3), d.cluster))).toBe(true);
  });

  it("fleetFromObjects ignores VMCs and projects outside verrazzano-mc and reads the admin's istio-injection label", () => {
    const outside = { ...vmc('x'), metadata: { name: 'x', namespace: 'default' } };
    const ns = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'verrazzano-system', labels: { 'istio-injection': 'disabled' } },
    };
    const f = fleetFromObjects([vmc('m1'), outside, ns] as never);
    expect(f.managedClusters.map((v) => v.metadata.name)).toEqual(['m1']);
    expect(f.clusterFacts.local?.verrazzanoSystemLabels).toEqual({ 'istio-injection': 'disabled' });
  });
});
