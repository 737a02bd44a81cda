/**
 * The platform team's placement rules, as unit tests over the fleet manifests in ./fleet. No
 * cluster is involved: vzmc decides placement from the admin's objects alone, the way Verrazzano's
 * controllers do, so these tests run in milliseconds on every pull request.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  Gate,
  explainPlacement,
  fleetFromObjects,
  isPlacedOn,
  loadSources,
  placedClusters,
  readManifestSources,
  validateManifests,
  type KubeObject,
  type PlacedResource,
  type VerrazzanoProject,
} from 'vzmc';

const loaded = loadSources(await readManifestSources([fileURLToPath(new URL('fleet', import.meta.url))]));
const objects: KubeObject[] = loaded.objects.map((entry) => entry.object);
const fleet = fleetFromObjects(objects);

const find = (kind: string, name: string): PlacedResource => {
  const found = [...fleet.projects, ...fleet.wrappers].find(
    (r) => r.kind === kind && r.metadata.name === name,
  );
  if (!found) throw new Error(`${kind} ${name} is not in ./fleet`);
  return found;
};
const settings = find('MultiClusterConfigMap', 'payments-settings');

describe('the fleet manifests', () => {
  it('load and pass the checks of `vzmc validate`', () => {
    expect(validateManifests(loaded).issues).toEqual([]);
  });
});

describe('payments: card data stays in the US', () => {
  it('never lands on prod-eu, although its own placement names prod-eu', () => {
    expect(isPlacedOn(fleet, settings, 'prod-eu')).toBe(false);
  });

  it('is kept off prod-eu by the project the platform team owns, not by chance', () => {
    // An app team cannot widen placement past its project: the project-placement gate (P6) fails.
    const decision = explainPlacement(fleet, settings, 'prod-eu');
    expect(decision.gates.find((gate) => !gate.ok)).toMatchObject({
      gate: Gate.ProjectPlacement,
      ruleId: 'P6',
    });
  });

  it('runs on both US production clusters and on staging, and nowhere else', () => {
    expect(placedClusters(fleet, settings).sort()).toEqual(['prod-us-east', 'prod-us-west', 'staging']);
  });
});

describe('what the rules catch in review', () => {
  // A proposed change, as plain objects: the rule holds or fails before anything is merged.
  const withProject = (clusters: string[]) => {
    const project = find('VerrazzanoProject', 'payments') as VerrazzanoProject;
    const placement = { clusters: clusters.map((name) => ({ name })) };
    const changed: VerrazzanoProject = { ...project, spec: { ...project.spec, placement } };
    return fleetFromObjects([...objects.filter((o) => o.kind !== 'VerrazzanoProject'), changed]);
  };

  it('adding prod-eu to the payments project would place the settings on prod-eu', () => {
    const proposed = withProject(['prod-us-east', 'prod-us-west', 'staging', 'prod-eu']);
    expect(isPlacedOn(proposed, settings, 'prod-eu')).toBe(true);
  });

  it('a cluster that is not registered gets nothing, whatever the placements say', () => {
    const proposed = withProject(['prod-us-east', 'prod-us-west', 'staging', 'prod-ap']);
    expect(explainPlacement(proposed, settings, 'prod-ap').gates[0]).toMatchObject({
      gate: Gate.ClusterRegistered,
      ok: false,
    });
  });
});
