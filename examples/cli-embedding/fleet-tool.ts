#!/usr/bin/env node
/**
 * fleet-tool: a team's own CLI, embedding vzmc's `explain` and `render` as library calls. The
 * fleet is a directory of the admin cluster's manifests (VMCs, VerrazzanoProjects, MC resources),
 * as a GitOps repository holds them:
 *
 *   fleet-tool explain <fleet-dir> [--cluster NAME]   which cluster gets what, and why not
 *   fleet-tool render <fleet-dir> --cluster NAME      every object NAME holds once synced
 *
 * Exit codes: 0 done, 1 the fleet does not load, 2 usage.
 */
import { parseArgs } from 'node:util';
import {
  explainPlacement,
  fleetFromObjects,
  formatIssue,
  hasErrors,
  loadSources,
  placementMatrix,
  readManifestSources,
  redactSecretData,
  renderObjects,
  toYaml,
} from 'vzmc';

const usage =
  'usage: fleet-tool explain <fleet-dir> [--cluster NAME] | fleet-tool render <fleet-dir> --cluster NAME';
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { cluster: { type: 'string' } },
});
const [command, dir] = positionals;
if (!dir || (command !== 'explain' && command !== 'render') || (command === 'render' && !values.cluster)) {
  console.error(usage);
  process.exit(2);
}

// The loader `vzmc` itself uses: kubectl's YAML rules, and file:line:column in every problem.
const loaded = loadSources(await readManifestSources([dir]));
for (const issue of loaded.issues) console.error(formatIssue(issue));
if (hasErrors(loaded.issues)) process.exit(1);
const fleet = fleetFromObjects(loaded.objects.map((entry) => entry.object));

if (command === 'render') {
  // The output ends up in CI logs and review comments: Secret data never appears in it.
  const objects = renderObjects(fleet, values.cluster ?? '').map(redactSecretData);
  process.stdout.write(toYaml(objects));
} else {
  // Known clusters are the VMCs plus `local`, the admin itself.
  const matrix = placementMatrix(fleet);
  const clusters = values.cluster ? [values.cluster] : matrix.clusters;
  matrix.resources.forEach((resource, index) => {
    console.log(`${resource.kind} ${resource.metadata.namespace ?? ''}/${resource.metadata.name ?? ''}`);
    for (const cluster of clusters) {
      if (matrix.isPlaced(index, cluster)) {
        console.log(`  ${cluster}: placed`);
        continue;
      }
      // The gates are evaluated in order; the first one that fails is the one to fix.
      const failed = explainPlacement(fleet, resource, cluster).gates.find((gate) => !gate.ok);
      console.log(
        `  ${cluster}: not placed, ${failed?.gate ?? '?'}: ${failed?.detail ?? ''} (${failed?.ruleId ?? ''})`,
      );
    }
  });
}
