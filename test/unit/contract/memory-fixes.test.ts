/**
 * Focused tests for the in-memory cluster bugs the contract suite found against a real
 * kube-apiserver v1.34 (expected texts copied from the real server's answers):
 * - type errors on custom resources were worded by zod ("expected string, got integer") instead
 *   of kube-openapi, and said `number` where the CRD declares `integer`;
 * - a null in a field the CRD does not declare nullable was refused instead of dropped;
 * - an apply carrying another uid was a precondition Conflict instead of Invalid (uid immutable).
 */
import { describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../src/adapters/memory/index.js';
import type { KubeObject } from '../../../src/model/meta.js';
import { failure } from '../adapters/memory/helpers.js';

const CLUSTERS = 'clusters.verrazzano.io/v1alpha1';
const MC = 'verrazzano-mc';

async function setup() {
  const client = createMemoryCluster().client();
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: MC } });
  return client;
}

/** A VerrazzanoProject with one NetworkPolicy ingress port. */
const projectWithPort = (port: Record<string, unknown>): KubeObject => ({
  apiVersion: CLUSTERS,
  kind: 'VerrazzanoProject',
  metadata: { name: 'p', namespace: MC },
  spec: {
    placement: { clusters: [{ name: 'managed1' }] },
    template: {
      namespaces: [{ metadata: { name: 'app' } }],
      networkPolicies: [
        { metadata: { name: 'np' }, spec: { podSelector: {}, ingress: [{ ports: [port] }] } },
      ],
    },
  },
});

const PORT_PATH = 'spec.template.networkPolicies[0].spec.ingress[0].ports[0]';

describe('in-memory cluster: custom resources as apiextensions-apiserver treats them', () => {
  it('a type error names the type the CRD declares (integer, not number), in kube-openapi words', async () => {
    const client = await setup();
    for (const [value, got] of [
      ['x', 'string'],
      [1.5, 'number'],
    ] as const) {
      const error = await failure(client.create(projectWithPort({ port: 80, endPort: value })));
      const message = `Invalid value: "${got}": ${PORT_PATH}.endPort in body must be of type integer: "${got}"`;
      expect(error.message).toBe(
        `VerrazzanoProject.clusters.verrazzano.io "p" is invalid: ${PORT_PATH}.endPort: ${message}`,
      );
      expect(error.causes).toEqual([
        { reason: 'FieldValueTypeInvalid', message, field: `${PORT_PATH}.endPort` },
      ]);
    }
  });

  it('a null list item is a type error, not dropped: only object fields are pruned', async () => {
    const client = await setup();
    const project = projectWithPort({ port: 80 });
    (project.spec as { placement: { clusters: unknown[] } }).placement.clusters.push(null);
    const error = await failure(client.create(project));
    expect(error.causes).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: "null": spec.placement.clusters[1] in body must be of type object: "null"',
        field: 'spec.placement.clusters[1]',
      },
    ]);
  });

  it('a status write words type errors from below status, as the status validator sees them', async () => {
    const client = await setup();
    const vmc = await client.create({
      apiVersion: CLUSTERS,
      kind: 'VerrazzanoManagedCluster',
      metadata: { name: 'm', namespace: MC },
      spec: {},
    });
    const error = await failure(
      client.updateStatus({ ...vmc, status: { state: 'Active', conditions: [{ type: 5, status: 'True' }] } }),
    );
    expect(error.causes).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: "integer": conditions[0].type in body must be of type string: "integer"',
        field: 'status.conditions[0].type',
      },
    ]);
  });

  it('a null where the CRD allows none is dropped, and a field with a default gets its default', async () => {
    const client = await setup();
    const created = await client.create(projectWithPort({ port: 80, protocol: null, endPort: null }));
    const policies = (created.spec as { template: { networkPolicies: unknown[] } }).template.networkPolicies;
    expect(policies).toEqual([
      {
        metadata: { name: 'np' },
        spec: { podSelector: {}, ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }] },
      },
    ]);
    const applied = await client.apply(
      {
        apiVersion: CLUSTERS,
        kind: 'VerrazzanoManagedCluster',
        metadata: { name: 'm', namespace: MC },
        spec: { description: null, caSecret: 'ca' },
      },
      { fieldManager: 'test' },
    );
    expect(applied.spec).toEqual({ caSecret: 'ca' });
  });

  it('map keys in a custom resource print after a dot, and base64 fields fail as type byte', async () => {
    const client = await setup();
    const error = await failure(
      client.create({
        apiVersion: CLUSTERS,
        kind: 'MultiClusterSecret',
        metadata: { name: 's', namespace: MC },
        spec: {
          placement: { clusters: [{ name: 'a' }] },
          template: { data: { k: '<not b64>' }, stringData: { n: 5 } },
        },
      }),
    );
    // Sorted: a real server lists several type errors in Go map order, which varies.
    expect([...error.causes].sort((a, b) => (a.field! < b.field! ? -1 : 1))).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: "<not b64>": spec.template.data.k in body must be of type byte: "<not b64>"',
        field: 'spec.template.data.k',
      },
      {
        reason: 'FieldValueTypeInvalid',
        message:
          'Invalid value: "integer": spec.template.stringData.n in body must be of type string: "integer"',
        field: 'spec.template.stringData.n',
      },
    ]);
  });

  it('built-in kinds keep their own wording: a real server refuses them earlier, as undecodable (400)', async () => {
    const client = await setup();
    const error = await failure(
      client.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: MC },
        data: { a: 1 },
      }),
    );
    expect(error.causes).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: expected string, got integer',
        field: 'data[a]',
      },
    ]);
  });

  it('apply carrying another uid is Invalid (metadata.uid is immutable), the cause listed twice as the server lists it', async () => {
    const client = await setup();
    const vmc: KubeObject = await client.create({
      apiVersion: CLUSTERS,
      kind: 'VerrazzanoManagedCluster',
      metadata: { name: 'm', namespace: MC },
      spec: {},
    });
    const error = await failure(
      client.apply(
        { ...vmc, metadata: { name: 'm', namespace: MC, uid: 'other' } },
        { fieldManager: 'vzmc' },
      ),
    );
    const cause = {
      reason: 'FieldValueInvalid',
      message: 'Invalid value: "other": field is immutable',
      field: 'metadata.uid',
    };
    expect(error).toMatchObject({
      reason: 'Invalid',
      status: 422,
      message:
        'VerrazzanoManagedCluster.clusters.verrazzano.io "m" is invalid: metadata.uid: Invalid value: "other": field is immutable',
    });
    expect(error.causes).toEqual([cause, cause]);
    // The live uid, given back, is no change at all.
    const same = await client.apply(
      { ...vmc, metadata: { name: 'm', namespace: MC, uid: vmc.metadata.uid! } },
      { fieldManager: 'vzmc' },
    );
    expect(same.metadata.uid).toBe(vmc.metadata.uid);
  });
});
