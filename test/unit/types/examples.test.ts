import { describe, expect, it } from 'vitest';
import {
  IssueCode,
  Severity,
  loadSources,
  readManifestSources,
  validateManifests,
} from '../../../src/index.js';
import { withRegistryConfig } from '../../../src/cli/demo/examples.js';
import { examplePath } from '../../support/corpus.js';

describe('the Verrazzano examples', async () => {
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
