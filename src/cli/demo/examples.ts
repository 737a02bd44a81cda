/**
 * Verrazzano's examples as the demo (and the tests that replay it) load them. The ToDo example's
 * registry Secret ships a placeholder that is not base64, which a real API server rejects; it is
 * replaced by a valid docker config before loading.
 */
import { readManifestSources } from '../../adapters/files.js';
import { type KubeObject } from '../../model/index.js';
import { loadSources, type ManifestSource } from '../../manifest/index.js';

/** The text the ToDo example has where its `.dockerconfigjson` should be. */
export const REGISTRY_PLACEHOLDER = '<BASE 64 ENCODED DOCKER CONFIG JSON>';

/** `sources` with the registry placeholder replaced by `dockerConfigJson`, base64-encoded. */
export function withRegistryConfig(
  sources: readonly ManifestSource[],
  dockerConfigJson = '{"auths":{}}',
): ManifestSource[] {
  const encoded = Buffer.from(dockerConfigJson).toString('base64');
  return sources.map((s) => ({
    file: s.file,
    content: Buffer.from(s.content).toString('utf8').replace(REGISTRY_PLACEHOLDER, encoded),
  }));
}

/** Every object of one example folder, with a sample docker config in place of the placeholder. */
export async function loadExample(folder: string): Promise<KubeObject[]> {
  const sources = await readManifestSources([folder]);
  return loadSources(withRegistryConfig(sources)).objects.map((o) => o.object);
}
