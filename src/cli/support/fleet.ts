/** Reads a fleet from files for the commands that take `-f FLEET`. */
import { readManifestSources, type ReadLimits } from '../../adapters/files.js';
import { fleetFromObjects, type Fleet } from '../../placement/fleet.js';
import { Severity, formatIssue, type KubeObject } from '../../model/index.js';
import { loadSources, type ManifestSource } from '../../manifest/index.js';
import { validateManifests } from '../../validation/index.js';
import { CliError, ExitCode, type CliIo } from '../shared/io.js';

/** Loads the fleet; stops on unreadable YAML, and warns (on stderr) about invalid objects. */
export async function loadFleet(
  paths: readonly string[],
  io: CliIo,
  limits: ReadLimits = {},
): Promise<{ fleet: Fleet; objects: KubeObject[] }> {
  return fleetOfSources(await readManifestSources(paths, io.stdin, limits), io);
}

/**
 * {@link loadFleet} of sources already read (from git, say). `strict`: invalid objects are errors
 * too, each printed with its file, line, column and field path, as `vzmc validate` prints them.
 */
export function fleetOfSources(
  sources: Iterable<ManifestSource>,
  io: CliIo,
  strict = false,
): { fleet: Fleet; objects: KubeObject[] } {
  const loaded = loadSources(sources);
  const loadErrors = loaded.issues.filter((i) => i.severity === Severity.Error);
  if (loadErrors.length > 0) {
    for (const issue of loadErrors) io.stderr.write(`${formatIssue(issue)}\n`);
    throw new CliError(`cannot read the fleet: ${loadErrors.length} error(s)`, ExitCode.Invalid);
  }
  const report = validateManifests(loaded.objects);
  const errors = report.issues.filter((i) => i.severity === Severity.Error).length;
  if (errors > 0 && strict) {
    for (const issue of report.issues.filter((i) => i.severity === Severity.Error))
      io.stderr.write(`${formatIssue(issue)}\n`);
    throw new CliError(`the fleet is invalid: ${errors} error(s)`, ExitCode.Invalid);
  }
  if (errors > 0) {
    io.stderr.write(
      `warning: the fleet has ${errors} validation error(s); run \`vzmc validate\` for details\n`,
    );
  }
  const objects = loaded.objects.map((o) => o.object);
  return { fleet: fleetFromObjects(objects), objects };
}
