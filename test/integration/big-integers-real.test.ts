/**
 * Issue 13, item 5 on a real kube-apiserver (the harness's admin): the server keeps 64-bit integers
 * exactly, so vzmc must too. An integer vzmc accepts reaches the server with the file's digits and
 * reads back the same; one written by someone else that a JavaScript number would round is refused,
 * never read rounded. The objects live in a preserve-unknown-fields CRD of the test's own, removed
 * afterwards.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createK8sClusterClient, type K8sClusterClient } from '../../src/k8s.js';
import { ClusterError, loadText, toJson, type CustomResourceDefinition } from '../../src/index.js';
import { installCrds } from '../../src/agent-entry.js';
import { connectTestClusters, type TestCluster } from '../../src/testing/harness/index.js';

const GROUP = 'numbers.vzmc.test';
const API_VERSION = `${GROUP}/v1`;
const NS = 'vzmc-big-integers';
const COLLECTION = `/apis/${GROUP}/v1/namespaces/${NS}/bignumbers`;
const MANAGER = 'vzmc-big-integers';

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `bignumbers.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: 'bignumbers', singular: 'bignumber', kind: 'BigNumber', listKind: 'BigNumberList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        },
      },
    ],
  },
} as unknown as CustomResourceDefinition;

let admin: TestCluster;
let client: K8sClusterClient;

/** One request with the body sent as it is and the answer's bytes returned as they are. */
function raw(method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, admin.server),
      {
        method,
        ca: admin.caPem,
        timeout: 30_000,
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  const info = inject('vzmcTestClusters');
  if (info === undefined) throw new Error('the integration globalSetup provided no test clusters');
  admin = (await connectTestClusters(info.stateDir)).cluster('admin');
  client = createK8sClusterClient({ kubeconfig: { yaml: admin.kubeconfig }, name: 'admin' });
  await client.apply(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    {
      fieldManager: MANAGER,
      force: true,
    },
  );
  await installCrds(client, [CRD], { fieldManager: MANAGER });
}, 120_000);

afterAll(async () => {
  await client
    .delete({ apiVersion: CRD.apiVersion, kind: CRD.kind, name: CRD.metadata.name })
    .catch(() => {});
  await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: NS }).catch(() => {});
  client.close();
});

describe('big integers on a real kube-apiserver', () => {
  it('integers vzmc accepts are stored with the digits of the file and read back the same', async () => {
    const yaml = [
      `apiVersion: ${API_VERSION}`,
      'kind: BigNumber',
      'metadata:',
      '  name: kept',
      `  namespace: ${NS}`,
      'spec:',
      '  above: 9007199254740994',
      '  below: -9007199254740994',
      '  large: 1152921504606847000',
      '  largest: 9223372036854775000',
      '  safe: 9007199254740991',
      '',
    ].join('\n');
    const { objects, issues } = loadText(yaml, 'kept.yaml');
    expect(issues).toEqual([]);
    await client.apply(objects[0]!.object, { fieldManager: MANAGER, force: true });

    const stored = await raw('GET', `${COLLECTION}/kept`);
    expect(stored.status).toBe(200);
    for (const digits of [
      '"above":9007199254740994',
      '"below":-9007199254740994',
      '"large":1152921504606847000',
      '"largest":9223372036854775000',
      '"safe":9007199254740991',
    ])
      expect(stored.body).toContain(digits);

    const read = await client.get({
      apiVersion: API_VERSION,
      kind: 'BigNumber',
      namespace: NS,
      name: 'kept',
    });
    expect(toJson((read as unknown as { spec: unknown }).spec)).toBe(
      toJson({
        above: 9007199254740994,
        below: -9007199254740994,
        large: 1152921504606847000,
        largest: 9223372036854775000,
        safe: 9007199254740991,
      }),
    );
    const listed = await client.list(API_VERSION, 'BigNumber', { namespace: NS });
    expect(listed.items.map((o) => o.metadata.name)).toEqual(['kept']);
  });

  it('the same integer refused at the input is refused with its position', () => {
    const { objects, issues } = loadText(
      `apiVersion: ${API_VERSION}\nkind: BigNumber\nmetadata: {name: changed, namespace: ${NS}}\nspec:\n  size: 9007199254740993\n`,
      'changed.yaml',
    );
    expect(objects).toEqual([]);
    expect(issues.map((i) => `${i.source?.file}:${i.source?.line}:${i.source?.column} ${i.message}`)).toEqual(
      [
        "changed.yaml:5:9 integer 9007199254740993 is outside JavaScript's safe range: vzmc would write it as 9007199254740992",
      ],
    );
  });

  it('an object someone else wrote with 9007199254740993 is refused on read, never read as …992', async () => {
    const body = `{"apiVersion":"${API_VERSION}","kind":"BigNumber","metadata":{"name":"foreign","namespace":"${NS}"},"spec":{"size":9007199254740993}}`;
    const created = await raw('POST', COLLECTION, body);
    expect(created.status).toBe(201);
    // The server keeps it exactly: this is what vzmc must not round.
    expect((await raw('GET', `${COLLECTION}/foreign`)).body).toContain('"size":9007199254740993');

    const get = client.get({ apiVersion: API_VERSION, kind: 'BigNumber', namespace: NS, name: 'foreign' });
    await expect(get).rejects.toBeInstanceOf(ClusterError);
    await expect(get).rejects.toThrow(
      "the answer holds the integer 9007199254740993 at spec.size, outside JavaScript's safe range (it would read as 9007199254740992); vzmc does not read it rounded",
    );
    const list = client.list(API_VERSION, 'BigNumber', { namespace: NS });
    await expect(list).rejects.toMatchObject({ reason: 'Unknown' });
    await expect(list).rejects.toThrow(/the integer 9007199254740993 at items\[\d\]\.spec\.size/);
  });
});
