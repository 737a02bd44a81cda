/**
 * Acceptance of vzmc's generated CRDs against Verrazzano's own, on real API servers: every object
 * of Verrazzano's examples (read in place from the reference corpus) is accepted under both, and
 * stored identically (and as the in-memory cluster stores it), except the docker-registry Secret
 * whose data is the placeholder `<BASE 64 ENCODED DOCKER CONFIG JSON>`, which a real server
 * refuses as vzmc's validator does.
 *
 * The two CRD sets carry the same names, so each gets its own cluster. Both clusters are started
 * here, beside the run's admin/managed1/managed2: CRDs are cluster-wide, and installing
 * Verrazzano's over the vzmc CRDs that other integration tests rely on would change what those
 * tests run against, whatever the file order.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createK8sClusterClient, type K8sClusterClient } from '../../src/k8s.js';
import {
  ClusterErrorReason,
  generateCrds,
  loadSources,
  readManifestSources,
  type CustomResourceDefinition,
  type KubeObject,
  type LoadedObject,
} from '../../src/index.js';
import { installCrds } from '../../src/agent-entry.js';
import { createMemoryCluster } from '../../src/memory.js';
import { startTestClusters, type TestClusters } from '../../src/testing/harness/index.js';
import { corpusDir, describeWithCorpus, examplePath } from '../support/corpus.js';
import { failure } from '../unit/adapters/memory/helpers.js';

const MANAGER = 'vzmc-crd-acceptance';
/** The one example a real server must refuse: its `data` holds a placeholder that is not base64. */
const INVALID_SECRET = join('todo-list', 'docker-registry-secret.yaml');
const BASE64_REFUSAL =
  'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0';

interface CrdSet {
  /** How test names call it. */
  readonly title: string;
  readonly cluster: string;
  readonly crds: () => Promise<CustomResourceDefinition[]>;
}

const CRD_SETS: readonly CrdSet[] = [
  {
    title: "vzmc's generated CRDs",
    cluster: 'vzmc-crds',
    crds: () => Promise.resolve(generateCrds()),
  },
  {
    title: "Verrazzano's CRDs",
    cluster: 'verrazzano-crds',
    crds: async () => {
      const loaded = loadSources(await readManifestSources([join(corpusDir(), 'crds')]));
      expect(loaded.issues).toEqual([]);
      // Loaded as any manifest is; installCrds needs only their names, group, versions and kind.
      return loaded.objects.map((o) => o.object as unknown as CustomResourceDefinition);
    },
  },
];

const describeObject = (o: LoadedObject) =>
  `${o.object.kind} ${o.object.metadata.namespace ?? ''}/${o.object.metadata.name ?? ''} (${o.source.file.slice(examplePath().length + 1)})`;
const keyOf = (object: KubeObject) => ({
  apiVersion: object.apiVersion,
  kind: object.kind,
  namespace: object.metadata.namespace!,
  name: object.metadata.name!,
});
/** What a CRD's schema decides: everything but the server-managed metadata. */
const content = (object: KubeObject) => {
  const { metadata: _metadata, ...rest } = object;
  return rest;
};

let clusters: TestClusters | undefined;
let startError: unknown;
const clients = new Map<string, K8sClusterClient>();
let examples: readonly LoadedObject[] = [];
const isInvalidSecret = (o: LoadedObject) => o.source.file.endsWith(INVALID_SECRET);

function client(set: CrdSet): K8sClusterClient {
  const found = clients.get(set.cluster);
  if (found === undefined) {
    throw new Error(
      `the clusters for the CRD acceptance tests did not start: ${startError instanceof Error ? startError.message : String(startError)}`,
      { cause: startError },
    );
  }
  return found;
}

/** What each CRD set stored for each example, for the comparison at the end. */
const stored = new Map<string, Map<string, KubeObject>>();

describeWithCorpus("Verrazzano's examples on a real API server", () => {
  beforeAll(async () => {
    try {
      const sources = await readManifestSources([examplePath()]);
      examples = loadSources(sources).objects;
      clusters = await startTestClusters({ clusters: CRD_SETS.map((s) => s.cluster) });
      for (const set of CRD_SETS) {
        const cluster = clusters.cluster(set.cluster);
        clients.set(
          set.cluster,
          createK8sClusterClient({
            kubeconfig: { file: cluster.kubeconfigPath },
            name: set.cluster,
            timeoutMs: 30_000,
          }),
        );
      }
    } catch (error) {
      // Kept, not thrown: each test then fails with the harness's message instead of being skipped.
      startError = error;
    }
  });

  afterAll(async () => {
    for (const client of clients.values()) client.close();
    await clusters?.stop();
  });

  it('the corpus has the 22 example objects, exactly one of them the invalid-base64 Secret', () => {
    client(CRD_SETS[0]!);
    expect(examples).toHaveLength(22);
    expect(examples.filter(isInvalidSecret).map(describeObject)).toEqual([
      `Secret mc-todo-list/tododomain-repo-credentials (${INVALID_SECRET})`,
    ]);
  });

  for (const set of CRD_SETS) {
    describe(`under ${set.title}`, () => {
      it(`every CRD is accepted and becomes Established`, async () => {
        const admin = client(set);
        const crds = await set.crds();
        expect(crds.map((crd) => crd.metadata.name).sort()).toEqual(
          generateCrds().map((crd) => crd.metadata.name),
        );
        await installCrds(admin, crds, { fieldManager: MANAGER });
        for (const crd of crds) {
          const live = await admin.get({
            apiVersion: crd.apiVersion,
            kind: crd.kind,
            name: crd.metadata.name,
          });
          expect((live.status as { conditions?: unknown[] } | undefined)?.conditions).toContainEqual(
            expect.objectContaining({ type: 'Established', status: 'True' }),
          );
        }
        // The namespaces the examples live in, and verrazzano-mc for the VerrazzanoProjects and the VMC.
        const namespaces = new Set(['verrazzano-mc', ...examples.map((o) => o.object.metadata.namespace!)]);
        for (const name of namespaces)
          await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      });

      it('every example object but the invalid-base64 Secret passes a dry-run create, which stores nothing', async () => {
        const admin = client(set);
        const refused: string[] = [];
        for (const example of examples.filter((o) => !isInvalidSecret(o))) {
          try {
            const dry = await admin.create(example.object, { dryRun: true });
            expect(dry.metadata.resourceVersion ?? '').toBe('');
          } catch (error) {
            refused.push(`${describeObject(example)}: ${(error as Error).message}`);
          }
        }
        expect(refused).toEqual([]);
        for (const example of examples) {
          expect((await failure(admin.get(keyOf(example.object)))).reason).toBe(ClusterErrorReason.NotFound);
        }
      });

      it('every example object but the invalid-base64 Secret is created for real and reads back', async () => {
        const admin = client(set);
        const refused: string[] = [];
        const mine = new Map<string, KubeObject>();
        for (const example of examples.filter((o) => !isInvalidSecret(o))) {
          try {
            const created = await admin.create(example.object);
            expect(await admin.get(keyOf(created))).toEqual(created);
            mine.set(describeObject(example), created);
          } catch (error) {
            refused.push(`${describeObject(example)}: ${(error as Error).message}`);
          }
        }
        expect(refused).toEqual([]);
        expect(mine.size).toBe(21);
        stored.set(set.cluster, mine);
      });

      it('the docker-registry Secret with the invalid-base64 placeholder is refused as BadRequest (400), dry-run and for real', async () => {
        const admin = client(set);
        const secret = examples.find(isInvalidSecret)!;
        for (const dryRun of [true, false]) {
          expect(await failure(admin.create(secret.object, { dryRun }))).toMatchObject({
            reason: ClusterErrorReason.BadRequest,
            status: 400,
            message: BASE64_REFUSAL,
            target: { kind: 'Secret', namespace: 'mc-todo-list', name: 'tododomain-repo-credentials' },
          });
        }
        expect((await failure(admin.get(keyOf(secret.object)))).reason).toBe(ClusterErrorReason.NotFound);
      });
    });
  }

  it("the in-memory cluster stores every example as the real server does under vzmc's CRDs, and refuses the same Secret", async () => {
    const real = stored.get('vzmc-crds');
    if (real === undefined)
      throw new Error("the examples were not created under vzmc's CRDs (see the failures above)");
    const memory = createMemoryCluster({ name: 'examples' }).client();
    for (const name of new Set(['verrazzano-mc', ...examples.map((o) => o.object.metadata.namespace!)])) {
      await memory.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
    for (const example of examples.filter((o) => !isInvalidSecret(o))) {
      const created = await memory.create(example.object);
      const live = real.get(describeObject(example))!;
      expect(content(created), describeObject(example)).toEqual(content(live));
      for (const field of ['labels', 'annotations', 'generation'] as const) {
        expect(created.metadata[field], `${describeObject(example)} metadata.${field}`).toEqual(
          live.metadata[field],
        );
      }
    }
    // Refused too, though as Invalid (422) with the field path rather than BadRequest (400): see docs/adapters.md.
    const refusal = await failure(memory.create(examples.find(isInvalidSecret)!.object));
    expect(refusal.message).toContain('illegal base64 data at input byte 0');
  });

  it("vzmc's CRDs store every example exactly as Verrazzano's do: same fields kept, same defaults", () => {
    const [vzmc, verrazzano] = CRD_SETS.map((set) => stored.get(set.cluster));
    if (vzmc === undefined || verrazzano === undefined)
      throw new Error('the examples were not created under both CRD sets (see the failures above)');
    expect([...vzmc.keys()]).toEqual([...verrazzano.keys()]);
    for (const [name, object] of vzmc) {
      expect(content(object), name).toEqual(content(verrazzano.get(name)!));
    }
  });
});
