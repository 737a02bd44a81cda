import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  KINDS,
  generateCrds,
  loadSources,
  readManifestSources,
  type CustomResourceDefinition,
} from '../../../src/index.js';
import { corpusDir, describeWithCorpus, examplePath, fleetPath } from '../../support/corpus.js';
import { checkAgainstSchema, structuralProblems } from '../../support/openapi.js';

const ours = generateCrds();
const byKind = (crds: CustomResourceDefinition[], kind: string) =>
  crds.find((c) => c.spec.names.kind === kind);

function verrazzanoCrds(): CustomResourceDefinition[] {
  const dir = join(corpusDir(), 'crds');
  return readdirSync(dir)
    .sort()
    .map((file) => load(readFileSync(join(dir, file), 'utf8')) as CustomResourceDefinition);
}

describe('generateCrds', () => {
  it('emits one CRD per custom kind: six clusters.verrazzano.io kinds and two OAM kinds', () => {
    expect(ours.map((c) => c.metadata.name)).toEqual([
      'applicationconfigurations.core.oam.dev',
      'components.core.oam.dev',
      'multiclusterapplicationconfigurations.clusters.verrazzano.io',
      'multiclustercomponents.clusters.verrazzano.io',
      'multiclusterconfigmaps.clusters.verrazzano.io',
      'multiclustersecrets.clusters.verrazzano.io',
      'verrazzanomanagedclusters.clusters.verrazzano.io',
      'verrazzanoprojects.clusters.verrazzano.io',
    ]);
  });

  it.each(ours.map((crd) => [crd.metadata.name, crd] as const))('%s is structural', (_name, crd) => {
    expect(structuralProblems(crd.spec.versions[0]!.schema.openAPIV3Schema)).toEqual([]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(generateCrds())).toBe(JSON.stringify(ours));
  });
});

describeWithCorpus("generateCrds against Verrazzano's CRDs", () => {
  it("matches Verrazzano's CRDs in names, scope, short names, status subresource and deprecation", () => {
    for (const theirs of verrazzanoCrds()) {
      const mine = byKind(ours, theirs.spec.names.kind);
      expect(mine, theirs.spec.names.kind).toBeDefined();
      expect(mine!.spec.group).toBe(theirs.spec.group);
      expect(mine!.spec.scope).toBe(theirs.spec.scope);
      expect(mine!.spec.names.plural).toBe(theirs.spec.names.plural);
      expect(mine!.spec.names.shortNames ?? []).toEqual(theirs.spec.names.shortNames ?? []);
      const [v] = theirs.spec.versions;
      expect(mine!.spec.versions[0]!.subresources).toEqual(v!.subresources);
      expect(mine!.spec.versions[0]!.deprecationWarning).toBe(v!.deprecationWarning);
    }
  });
});

describe("every object of vzmc's example fleet is accepted by vzmc's CRDs", async () => {
  const { objects } = loadSources(await readManifestSources([fleetPath()]));
  const custom = objects.filter((o) =>
    Object.values(KINDS).some((k) => k.custom && k.kind === o.object.kind),
  );

  it('the fleet holds custom objects of five kinds', () => {
    expect(new Set(custom.map((o) => o.object.kind)).size).toBe(5);
  });

  it.each(
    custom.map(
      (o) => [`${o.object.kind} ${o.object.metadata.namespace}/${o.object.metadata.name}`, o.object] as const,
    ),
  )('%s', (_name, object) => {
    const crd = byKind(ours, object.kind)!;
    expect(checkAgainstSchema(object, crd.spec.versions[0]!.schema.openAPIV3Schema)).toEqual([]);
  });
});

describeWithCorpus("every example object is accepted by vzmc's CRDs and by Verrazzano's", async () => {
  const { objects } = loadSources(await readManifestSources([examplePath()]));
  const custom = objects.filter((o) =>
    Object.values(KINDS).some((k) => k.custom && k.kind === o.object.kind),
  );
  const theirs = verrazzanoCrds();

  it('the corpus holds custom objects to check', () => {
    expect(custom.length).toBeGreaterThanOrEqual(15);
  });

  it.each(
    custom.map(
      (o) => [`${o.object.kind} ${o.object.metadata.namespace}/${o.object.metadata.name}`, o.object] as const,
    ),
  )('%s', (_name, object) => {
    for (const crds of [ours, theirs]) {
      const crd = byKind(crds, object.kind)!;
      expect(checkAgainstSchema(object, crd.spec.versions[0]!.schema.openAPIV3Schema)).toEqual([]);
    }
  });
});
