/**
 * What the demo deploys: vzmc's own example fleet (shipped in the package beside dist/, so the demo
 * works from a tarball install and from any working directory), or Verrazzano's original examples
 * with `--examples DIR`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { readManifestSources } from '../../adapters/files.js';
import { Severity, type KubeObject } from '../../model/index.js';
import { loadSources, type ManifestSource } from '../../manifest/index.js';
import { CliError } from '../shared/io.js';
import { withRegistryConfig } from './examples.js';

/** The example objects the demo deploys, and the patch it moves hello-helidon with. */
export interface DemoInputs {
  /** One line on where the inputs come from. */
  readonly description: string;
  /** The ToDo application: its project, Secrets, Components and MultiClusterApplicationConfiguration. */
  readonly todo: readonly KubeObject[];
  /** The Helidon application: its project, Component(s) and MC wrappers. */
  readonly helidon: readonly KubeObject[];
  /** The merge patch that moves hello-helidon to the admin (`local`, P19). */
  readonly toAdminPatch: unknown;
}

/** The installed vzmc package: the nearest folder above `from` whose package.json is vzmc's. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'vzmc'
    )
      return dir;
    if (dirname(dir) === dir) throw new Error(`no vzmc package.json above ${from}`);
  }
}

/** vzmc's own example fleet, `examples/fleet` in the package. */
export function ownFleetDir(root: string = packageRoot()): string {
  return join(root, 'examples', 'fleet');
}

/** The merge patch beside the own fleet that moves hello-helidon to the admin. */
export function ownToAdminPatchPath(root: string = packageRoot()): string {
  return join(root, 'examples', 'patches', 'patch-change-placement-to-admin.yaml');
}

function objectsOf(sources: readonly ManifestSource[]): KubeObject[] {
  const { objects, issues } = loadSources(sources);
  const errors = issues.filter((i) => i.severity === Severity.Error);
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new CliError(
      `the demo's inputs do not load: ${first.source?.file ?? ''}:${first.source?.line ?? 0} ${first.message}`,
    );
  }
  return objects.map((o) => o.object);
}

async function readPatch(path: string): Promise<unknown> {
  return load(await readFile(path, 'utf8'));
}

/** The own fleet: its two applications (the demo registers the clusters itself) and its patch. */
async function ownFleetInputs(root: string): Promise<DemoInputs> {
  const dir = ownFleetDir(root);
  return {
    description: `vzmc's example fleet, ${dir}`,
    todo: objectsOf(await readManifestSources([join(dir, 'todo-list')])),
    helidon: objectsOf(await readManifestSources([join(dir, 'hello-helidon')])),
    toAdminPatch: await readPatch(ownToAdminPatchPath(root)),
  };
}

/** Verrazzano's examples, with the ToDo registry Secret's placeholder replaced by a valid docker config. */
async function verrazzanoInputs(option: string): Promise<DemoInputs> {
  const dir = resolve(option);
  if (!existsSync(join(dir, 'todo-list')) || !existsSync(join(dir, 'hello-helidon'))) {
    throw new CliError(
      `${dir} is not Verrazzano's examples folder: --examples needs the folder holding todo-list/ and hello-helidon/`,
    );
  }
  const folder = async (name: string) =>
    objectsOf(withRegistryConfig(await readManifestSources([join(dir, name)])));
  return {
    description: `Verrazzano's examples, ${dir} (the ToDo registry Secret's placeholder is replaced by a sample, valid docker config)`,
    todo: await folder('todo-list'),
    // hello-helidon/ also holds the two placement patches: fragments, not objects.
    helidon: await folder('hello-helidon'),
    toAdminPatch: await readPatch(join(dir, 'hello-helidon', 'patch-change-placement-to-admin.yaml')),
  };
}

/** The demo's inputs: Verrazzano's examples in `examples` when given, else vzmc's own fleet. */
export function demoInputs(examples: string | undefined, root?: string): Promise<DemoInputs> {
  return examples === undefined ? ownFleetInputs(root ?? packageRoot()) : verrazzanoInputs(examples);
}
