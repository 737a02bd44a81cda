/**
 * Installs CustomResourceDefinitions through a ClusterClient and waits until the API server
 * serves them (condition Established), so that objects of those kinds can be written right after.
 */
import type { CustomResourceDefinition } from '../model/crds.js';
import type { KubeObject } from '../model/meta.js';
import type { ClusterClient } from '../port/client.js';

/** Options of {@link installCrds}. */
export interface InstallCrdsOptions {
  /** The server-side apply field manager. Default `vzmc`. */
  readonly fieldManager?: string;
  /** How long to wait for Established. Default 60 s. */
  readonly timeoutMs?: number;
  /** Sleeps between polls (injected in tests). */
  readonly sleep?: (ms: number) => Promise<void>;
}

type CrdStatus = KubeObject & { status?: { conditions?: { type: string; status: string }[] } };

/**
 * Established is not enough: right after it, lists still answer 429 "storage is (re)initializing"
 * for a moment. A CRD is served once a list of its kind succeeds.
 */
async function serving(client: ClusterClient, crd: CustomResourceDefinition): Promise<boolean> {
  const version = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
  try {
    await client.list(`${crd.spec.group}/${version?.name ?? ''}`, crd.spec.names.kind);
    return true;
  } catch {
    return false;
  }
}

/**
 * Applies the CRDs (server-side apply) and waits until each is Established.
 *
 * @example
 * await installCrds(client, generateCrds());
 */
export async function installCrds(
  client: ClusterClient,
  crds: readonly CustomResourceDefinition[],
  options: InstallCrdsOptions = {},
): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (const crd of crds) {
    await client.apply(crd as unknown as KubeObject, {
      fieldManager: options.fieldManager ?? 'vzmc',
      force: true,
    });
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (const crd of crds) {
    for (;;) {
      const live = await client.get<CrdStatus>({
        apiVersion: crd.apiVersion,
        kind: crd.kind,
        name: crd.metadata.name,
      });
      if (
        live.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') &&
        (await serving(client, crd))
      )
        break;
      if (Date.now() > deadline)
        throw new Error(
          `CustomResourceDefinition ${crd.metadata.name} is not Established after ${options.timeoutMs ?? 60_000} ms`,
        );
      await sleep(200);
    }
  }
}
