/**
 * Contract cases: the server's version, and create, get and list with their basic refusals
 * (AlreadyExists, a missing namespace, a kind the server does not serve).
 */
import { ClusterErrorReason, errorReason } from '../../port/errors.js';
import { MANAGER, RUN_LABEL, contractCase, failure, keyOf, uniqueName, type ContractCase } from './kit.js';

const serverVersion = contractCase('serverVersion', async ({ admin, expect }) => {
  expect(await admin.serverVersion()).toMatch(/^v\d+\.\d+\.\d+/);
});

const createGetList = contractCase(
  'createGetList',
  async ({ admin, expect, namespace, configMap, runId }) => {
    const ns1 = await namespace('list-a');
    const ns2 = await namespace('list-b');
    // Created out of key order, so the list order is the server's, not the creation order.
    await admin.create(configMap(ns1, 'web2', { v: '2' }, { env: 'prod', tier: 'web' }));
    const web1 = await admin.create(configMap(ns1, 'web1', { v: '1' }, { env: 'dev', tier: 'web' }));
    await admin.create(configMap(ns2, 'job', { v: '3' }, { env: 'dev' }));

    expect(web1).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { v: '1' } });
    expect(web1.metadata).toMatchObject({
      name: 'web1',
      namespace: ns1,
      labels: { env: 'dev', tier: 'web' },
    });
    expect(web1.metadata.uid).toEqual(expect.any(String));
    expect(web1.metadata.resourceVersion).toEqual(expect.any(String));
    expect(web1.metadata.creationTimestamp).toEqual(expect.any(String));
    expect(await admin.get(keyOf(web1))).toEqual(web1);

    const names = async (namespace: string | undefined, selector: string) => {
      const list = await admin.list('v1', 'ConfigMap', {
        ...(namespace !== undefined ? { namespace } : {}),
        labelSelector: `${RUN_LABEL}=${runId},${selector}`.replace(/,$/, ''),
      });
      expect(list.resourceVersion).toMatch(/^\d+$/);
      for (const item of list.items) expect(item).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
      return list.items.map((item) => `${item.metadata.namespace}/${item.metadata.name}`);
    };
    expect(await names(ns1, '')).toEqual([`${ns1}/web1`, `${ns1}/web2`]);
    expect(await names(ns1, 'env=dev')).toEqual([`${ns1}/web1`]);
    expect(await names(undefined, 'env=dev')).toEqual([`${ns1}/web1`, `${ns2}/job`]);
    expect(await names(undefined, 'env in (prod,staging)')).toEqual([`${ns1}/web2`]);
    expect(await names(undefined, 'env!=prod')).toEqual([`${ns1}/web1`, `${ns2}/job`]);
    expect(await names(undefined, '!tier')).toEqual([`${ns2}/job`]);
    expect(await names(undefined, 'tier,env notin (dev)')).toEqual([`${ns1}/web2`]);
  },
);

const createExisting = contractCase('createExisting', async ({ admin, expect, namespace, configMap }) => {
  const ns = await namespace('exists');
  const first = await admin.create(configMap(ns, 'once', { v: '1' }));
  const error = await failure(admin.create(configMap(ns, 'once', { v: '2' })));
  expect(error).toMatchObject({
    reason: ClusterErrorReason.AlreadyExists,
    status: 409,
    message: 'configmaps "once" already exists',
  });
  expect(await admin.get(keyOf(first))).toEqual(first);
});

const getAnyVersion = contractCase('getAnyVersion', async ({ admin, expect, namespace, configMap }) => {
  const ns = await namespace('any-version');
  const created = await admin.create(configMap(ns, 'cached', { v: '1' }));
  // The API server's watch cache follows etcd within milliseconds; a second is ample.
  let cached: unknown;
  for (let tries = 0; cached === undefined && tries < 40; tries++) {
    cached = await admin.get(keyOf(created), { resourceVersion: '0' }).catch((error: unknown) => {
      if (errorReason(error) !== ClusterErrorReason.NotFound) throw error;
      return new Promise((resolve) => {
        setTimeout(() => {
          resolve(undefined);
        }, 25);
      });
    });
  }
  expect(cached).toEqual(await admin.get(keyOf(created)));
  expect(
    await failure(admin.get({ ...keyOf(created), name: 'absent' }, { resourceVersion: '0' })),
  ).toMatchObject({
    reason: ClusterErrorReason.NotFound,
    status: 404,
    message: 'configmaps "absent" not found',
  });
});

const missingNamespace = contractCase('missingNamespace', async ({ admin, expect, configMap }) => {
  const missing = uniqueName('missing');
  const object = configMap(missing, 'orphan', { v: '1' });
  for (const write of [() => admin.create(object), () => admin.apply(object, { fieldManager: MANAGER })]) {
    expect(await failure(write())).toMatchObject({
      reason: ClusterErrorReason.NotFound,
      status: 404,
      message: `namespaces "${missing}" not found`,
    });
  }
  expect(await failure(admin.get(keyOf(object)))).toMatchObject({
    reason: ClusterErrorReason.NotFound,
    status: 404,
    message: 'configmaps "orphan" not found',
  });
  expect((await admin.list('v1', 'ConfigMap', { namespace: missing })).items).toEqual([]);
});

const unknownKind = contractCase('unknownKind', async ({ admin, expect }) => {
  const widget = { apiVersion: 'widgets.example.com/v1', kind: 'Widget' };
  const message = `no matches for kind "Widget" in version "widgets.example.com/v1"`;
  expect(await failure(admin.get({ ...widget, namespace: 'default', name: 'w' }))).toMatchObject({
    reason: ClusterErrorReason.NotFound,
    message,
  });
  expect(await failure(admin.list(widget.apiVersion, widget.kind))).toMatchObject({
    reason: ClusterErrorReason.NotFound,
    message,
  });
});

/** The cases of this file, in the suite's order. */
export const crudCases: readonly ContractCase[] = [
  serverVersion,
  createGetList,
  createExisting,
  missingNamespace,
  getAnyVersion,
  unknownKind,
];
