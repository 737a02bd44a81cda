import { describe, expect, it } from 'vitest';
import { createMemoryCluster } from '../../../../src/adapters/memory/index.js';
import { generateCrds } from '../../../../src/model/crds.js';
import { KINDS } from '../../../../src/model/kinds.js';
import { CLUSTERS, MC, configMap, failure, key, namespace, project, secret } from './helpers.js';

async function setup(options: Parameters<typeof createMemoryCluster>[0] = {}) {
  const cluster = createMemoryCluster(options);
  const client = cluster.client();
  await client.create(namespace(MC));
  return { cluster, client };
}

describe('memory cluster validation', () => {
  it('rejects an invalid vzmc object as Invalid (422) with field paths in causes', async () => {
    const { client } = await setup();
    const error = await failure(
      client.create({
        apiVersion: CLUSTERS,
        kind: 'MultiClusterSecret',
        metadata: { name: 's', namespace: MC },
        spec: { placement: {}, template: {} },
      } as any),
    );
    expect(error.reason).toBe('Invalid');
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      'MultiClusterSecret.clusters.verrazzano.io "s" is invalid: spec.placement.clusters: Required value',
    );
    expect(error.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.placement.clusters' },
    ]);
    expect(error.target).toMatchObject({ kind: 'MultiClusterSecret', namespace: MC, name: 's' });
  });

  it('words core kinds without a group and brackets map keys in field paths', async () => {
    const { client } = await setup();
    const error = await failure(client.create(secret(MC, 's', { '.dockerconfigjson': '<not base64>' })));
    expect(error.message).toBe(
      'Secret "s" is invalid: data[.dockerconfigjson]: illegal base64 data at input byte 0',
    );
    expect(error.causes[0]?.field).toBe('data[.dockerconfigjson]');
  });

  it('lists several problems in brackets, as an aggregate', async () => {
    const { client } = await setup();
    const error = await failure(
      client.create({
        apiVersion: CLUSTERS,
        kind: 'VerrazzanoProject',
        metadata: { name: 'p', namespace: MC },
        spec: { placement: {} },
      } as any),
    );
    expect(error.message).toBe(
      'VerrazzanoProject.clusters.verrazzano.io "p" is invalid: [spec.placement.clusters: Required value, spec.template: Required value]',
    );
    expect(error.causes.map((c) => c.field)).toEqual(['spec.placement.clusters', 'spec.template']);
  });

  it('checks names and labels on every kind, known or installed', async () => {
    const { cluster, client } = await setup();
    expect((await failure(client.create(namespace('Bad_Name')))).causes[0]?.field).toBe('metadata.name');
    expect((await failure(client.create(configMap(MC, 'cm', {}, { 'bad key!': 'x' })))).reason).toBe(
      'Invalid',
    );
    cluster.installKind({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      plural: 'widgets',
      namespaced: true,
    });
    const error = await failure(
      client.create({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'UPPER', namespace: MC },
      }),
    );
    expect(error.message).toMatch(
      /^Widget\.example\.com "UPPER" is invalid: metadata\.name: Invalid value: "UPPER": a lowercase RFC 1123 subdomain/,
    );
  });

  it('an object without a name is Invalid unless generateName is set', async () => {
    const { client } = await setup();
    const error = await failure(
      client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: MC } }),
    );
    expect(error.message).toBe(
      'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  });

  it('a kind discovery does not list is NotFound in the Kubernetes adapter words', async () => {
    const { client } = await setup();
    const error = await failure(
      client.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: MC } }),
    );
    expect(error.reason).toBe('NotFound');
    expect(error.status).toBeUndefined();
    expect(error.message).toBe('no matches for kind "Widget" in version "example.com/v1"');
    expect((await failure(client.list('example.com/v1', 'Widget'))).reason).toBe('NotFound');
  });

  it('a vzmc kind whose CRD is not installed is the server 404 for a missing route', async () => {
    const { client } = await setup({ crds: false });
    const error = await failure(client.list(CLUSTERS, 'VerrazzanoProject', { namespace: MC }));
    expect(error.reason).toBe('NotFound');
    expect(error.status).toBe(404);
    expect(error.message).toBe('the server could not find the requested resource');
  });

  it('installed kinds are accepted as opaque objects', async () => {
    const { cluster, client } = await setup();
    cluster.installKind({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      plural: 'widgets',
      namespaced: true,
      statusSubresource: true,
    });
    const created = await client.create({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: MC },
      spec: { anything: [1, { b: true }] },
      status: { x: 1 },
    } as any);
    expect(created.spec).toEqual({ anything: [1, { b: true }] });
    expect(created).not.toHaveProperty('status');
    expect(created.metadata.generation).toBe(1);
  });

  it('an installed built-in kind (custom: false) has no generation and allows unconditional replace', async () => {
    const { cluster, client } = await setup();
    cluster.installKind({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      plural: 'poddisruptionbudgets',
      namespaced: true,
      custom: false,
    });
    await client.create({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb', namespace: MC },
      spec: { a: 1 },
    } as any);
    const replaced = await client.replace({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb', namespace: MC },
      spec: { a: 2 },
    } as any);
    expect(replaced.metadata.generation).toBeUndefined();
    expect(() => {
      cluster.installKind({ apiVersion: 'x/v1', kind: 'X', plural: '', namespaced: true });
    }).toThrow(TypeError);
  });

  it('built-in kinds such as apps/v1 Deployment are served out of the box', async () => {
    const { client } = await setup();
    const created = await client.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: MC },
      spec: { replicas: 1 },
    } as any);
    expect(created.metadata.generation).toBe(1);
  });

  it('without crds, Verrazzano kinds are not served; creating their CRDs serves them', async () => {
    const { client } = await setup({ crds: false });
    expect((await failure(client.create(project('p', ['m1'], ['todo'])))).reason).toBe('NotFound');
    const crd = generateCrds().find((c) => c.spec.names.kind === 'VerrazzanoProject')!;
    const created = await client.create(crd as any);
    expect(created.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual([
      'NamesAccepted=True',
      'Established=True',
    ]);
    const p = await client.create(project('p', ['m1'], ['todo']));
    expect(p.metadata.generation).toBe(1);
    // vzmc's schema applies to kinds installed by a CRD too
    expect(
      (await failure(client.create({ ...project('q', [], []), spec: { placement: {} } } as any))).reason,
    ).toBe('Invalid');
  });

  it('deleting a CRD stops serving its kind and removes its objects', async () => {
    const { client } = await setup();
    await client.create(project('p', ['m1'], ['todo']));
    await client.delete({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      name: 'verrazzanoprojects.clusters.verrazzano.io',
    });
    const error = await failure(client.list(CLUSTERS, 'VerrazzanoProject'));
    expect(error.message).toBe('the server could not find the requested resource');
    await client.create(generateCrds().find((c) => c.spec.names.kind === 'VerrazzanoProject') as any);
    expect((await client.list(CLUSTERS, 'VerrazzanoProject')).items).toEqual([]);
  });

  it('a CRD whose name is not plural.group is Invalid', async () => {
    const { client } = await setup({ crds: false });
    const crd = generateCrds()[0]!;
    const error = await failure(client.create({ ...crd, metadata: { name: 'wrong' } } as any));
    expect(error.message).toBe(
      `CustomResourceDefinition.apiextensions.k8s.io "wrong" is invalid: metadata.name: Invalid value: "wrong": must be spec.names.plural+"."+spec.group`,
    );
  });

  it('every vzmc kind is served by default', async () => {
    const { client } = await setup();
    for (const info of Object.values(KINDS)) {
      const list = await client.list(info.apiVersion, info.kind);
      expect(Array.isArray(list.items)).toBe(true);
    }
  });

  it('an immutable Secret keeps its data', async () => {
    const { client } = await setup();
    const created = await client.create({ ...secret(MC, 's', { a: 'YQ==' }), immutable: true } as any);
    const error = await failure(client.replace({ ...created, data: { a: 'Yg==' } }));
    expect(error.message).toBe(
      'Secret "s" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
  });

  it("a RoleBinding's roleRef cannot change", async () => {
    const { client } = await setup();
    const created = await client.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb', namespace: MC },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    } as any);
    const error = await failure(
      client.replace({
        ...created,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      }),
    );
    expect(error.message).toBe(
      'RoleBinding.rbac.authorization.k8s.io "rb" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    );
  });

  it('CRD schema defaults are applied (Component parameters, NetworkPolicy ports)', async () => {
    const { client } = await setup();
    const component = await client.create({
      apiVersion: 'core.oam.dev/v1alpha2',
      kind: 'Component',
      metadata: { name: 'c', namespace: MC },
      spec: {
        workload: { apiVersion: 'v1', kind: 'ConfigMap' },
        parameters: [{ name: 'p', fieldPaths: ['data.x'] }],
      },
    } as any);
    expect(component.spec.parameters[0].required).toBe(false);
    expect(await client.get(key(component))).toEqual(component);
  });
});
