import { describe, expect, it } from 'vitest';
import {
  IssueCode,
  Severity,
  loadSources,
  readManifestSources,
  validateManifests,
} from '../../../src/index.js';
import { withRegistryConfig } from '../../../src/cli/demo/examples.js';
import { describeWithCorpus, examplePath, fleetPath, patchPath } from '../../support/corpus.js';

describe("vzmc's example fleet (examples/fleet, shipped in the package)", async () => {
  const sources = await readManifestSources([fleetPath()]);

  it('loads and validates clean: 14 objects, no issue at all (its VMC files register managed1 and managed2)', () => {
    const loaded = loadSources(sources);
    expect(loaded.issues).toEqual([]);
    expect(loaded.objects).toHaveLength(14);
    expect(validateManifests(loaded).issues).toEqual([]);
  });

  it('holds what the demo needs: one ToDo app with a registry Secret in spec.secrets, and a Helidon app and MultiClusterConfigMap on both clusters', () => {
    const objects = loadSources(sources).objects.map((o) => o.object);
    const of = (kind: string) => objects.filter((o) => o.kind === kind);
    const todo = of('MultiClusterApplicationConfiguration').find((o) => o.metadata.namespace === 'todo-list');
    const secrets = (todo?.spec as { secrets: string[] }).secrets;
    const typeOf = (name: string) =>
      (of('Secret').find((s) => s.metadata.name === name) as { type?: string } | undefined)?.type;
    expect(secrets.map(typeOf)).toEqual(['kubernetes.io/dockerconfigjson', 'Opaque']);
    const both = { clusters: [{ name: 'managed1' }, { name: 'managed2' }] };
    for (const kind of ['MultiClusterApplicationConfiguration', 'MultiClusterConfigMap', 'VerrazzanoProject'])
      expect(
        objects.find((o) => o.kind === kind && o.metadata.name?.startsWith('hello-helidon'))?.spec,
      ).toMatchObject({ placement: both });
  });

  it('its two placement patches are fragments, not objects', async () => {
    const patches = loadSources(
      await readManifestSources([
        patchPath('patch-change-placement-to-admin.yaml'),
        patchPath('patch-return-placement-to-managed-clusters.yaml'),
      ]),
    );
    expect(patches.objects).toEqual([]);
    expect(patches.issues.map((i) => i.code)).toEqual([IssueCode.Fragment, IssueCode.Fragment]);
  });
});

describeWithCorpus('the Verrazzano examples', async () => {
  const sources = await readManifestSources([examplePath()]);

  it('every YAML file loads without a load error', () => {
    const { objects, issues } = loadSources(sources);
    expect(issues.filter((i) => i.severity === Severity.Error)).toEqual([]);
    expect(objects.length).toBe(22);
    // The two placement patches are fragments, reported as warnings and not as objects.
    expect(issues.map((i) => i.code)).toEqual([IssueCode.Fragment, IssueCode.Fragment]);
  });

  it('with managed1 registered, exactly one error: the invalid-base64 placeholder, with file, line and path', () => {
    const report = validateManifests(loadSources(sources), { registeredClusters: ['managed1'] });
    const errors = report.issues.filter((i) => i.severity === Severity.Error);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: IssueCode.InvalidBase64,
      path: ['data', '.dockerconfigjson'],
      message: 'illegal base64 data at input byte 0',
      object: { kind: 'Secret', namespace: 'mc-todo-list', name: 'tododomain-repo-credentials' },
      source: { line: 10, column: 3 },
    });
    expect(errors[0]?.source?.file).toMatch(/todo-list\/docker-registry-secret\.yaml$/);
    expect(report.valid).toBe(false);
  });

  it('with the placeholder replaced by valid base64, everything validates clean', () => {
    const fixed = withRegistryConfig(
      sources,
      JSON.stringify({ auths: { 'container-registry.oracle.com': { auth: 'dTpw' } } }),
    );
    const report = validateManifests(loadSources(fixed), { registeredClusters: ['managed1'] });
    expect(report.issues.filter((i) => i.severity === Severity.Error)).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('without managed1 registered, W2 names the unregistered cluster (the VMC file registers it)', () => {
    const todo = sources.filter((s) => s.file.includes('todo-list'));
    const report = validateManifests(loadSources(todo));
    expect(
      report.issues
        .filter((i) => i.code === IssueCode.PlacementUnregistered)
        .map((i) => [i.ruleId, i.object?.kind]),
    ).toEqual([
      ['W2', 'MultiClusterApplicationConfiguration'],
      ['W8', 'VerrazzanoProject'],
    ]);
  });
});
