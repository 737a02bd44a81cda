/**
 * Contract cases: replace and delete under optimistic concurrency (resourceVersion and uid
 * preconditions), and the wording of their failures, which the in-memory cluster copies.
 */
import { ClusterErrorReason } from '../../port/errors.js';
import { MANAGER, contractCase, failure, keyOf, type ContractCase } from './kit.js';

const replaceStale = contractCase('replaceStale', async ({ admin, expect, namespace, configMap, vmc }) => {
  const ns = await namespace('replace');
  const created = await admin.create(configMap(ns, 'cm', { v: '1' }));
  const replaced = await admin.replace({ ...created, data: { v: '2' } });
  expect(replaced.data).toEqual({ v: '2' });
  expect(replaced.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);

  const error = await failure(admin.replace({ ...created, data: { v: '3' } }));
  expect(error).toMatchObject({
    reason: ClusterErrorReason.Conflict,
    status: 409,
    message:
      'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again',
  });
  expect((await admin.get(keyOf(created))).data).toEqual({ v: '2' });

  // A built-in kind allows an unconditional replace; a custom resource requires the version.
  const unconditional = await admin.replace({
    ...replaced,
    metadata: { ...replaced.metadata, resourceVersion: undefined },
    data: { v: '4' },
  });
  expect(unconditional.data).toEqual({ v: '4' });
  const custom = await admin.create(vmc(ns, 'versioned', { description: 'one' }));
  const unversioned = await failure(
    admin.replace({
      ...custom,
      metadata: { ...custom.metadata, resourceVersion: undefined },
      spec: { description: 'two' },
    }),
  );
  expect(unversioned).toMatchObject({ reason: ClusterErrorReason.Invalid, status: 422 });
  expect(unversioned.causes.map((c) => [c.field, c.reason])).toEqual([
    ['metadata.resourceVersion', 'FieldValueInvalid'],
  ]);
});

const applyForeignUid = contractCase('applyForeignUid', async ({ admin, expect, namespace, configMap }) => {
  const ns = await namespace('uid');
  const live = await admin.create(configMap(ns, 'cm', { v: '1' }));
  // The same data, so that no field conflict with the creator comes first.
  const foreign = {
    ...configMap(ns, 'cm', { v: '1' }),
    metadata: { name: 'cm', namespace: ns, uid: 'another-uid' },
  };
  const immutable = 'Invalid value: "another-uid": field is immutable';
  const error = await failure(admin.apply(foreign, { fieldManager: MANAGER }));
  expect(error).toMatchObject({
    reason: ClusterErrorReason.Invalid,
    status: 422,
    message: `ConfigMap "cm" is invalid: metadata.uid: ${immutable}`,
  });
  // Listed twice: the generic update checks and the kind's strategy both validate ObjectMeta.
  expect(error.causes).toEqual([
    { reason: 'FieldValueInvalid', message: immutable, field: 'metadata.uid' },
    { reason: 'FieldValueInvalid', message: immutable, field: 'metadata.uid' },
  ]);
  expect(await admin.get(keyOf(live))).toEqual(live);

  const absent = { ...foreign, metadata: { ...foreign.metadata, name: 'absent' } };
  expect(await failure(admin.apply(absent, { fieldManager: MANAGER }))).toMatchObject({
    reason: ClusterErrorReason.Conflict,
    status: 409,
    message:
      'Operation cannot be fulfilled on configmaps "absent": uid mismatch: the provided object specified uid another-uid, and no existing object was found',
  });
});

const deleteThenNotFound = contractCase(
  'deleteThenNotFound',
  async ({ admin, expect, namespace, configMap }) => {
    const ns = await namespace('delete');
    const created = await admin.create(configMap(ns, 'doomed', { v: '1' }));
    for (const preconditions of [
      { resourceVersion: `${created.metadata.resourceVersion}0` },
      { uid: 'another-uid' },
    ]) {
      expect(await failure(admin.delete(keyOf(created), { preconditions }))).toMatchObject({
        reason: ClusterErrorReason.Conflict,
        status: 409,
      });
    }

    await admin.delete(keyOf(created), { preconditions: { uid: created.metadata.uid! } });
    const notFound = {
      reason: ClusterErrorReason.NotFound,
      status: 404,
      message: 'configmaps "doomed" not found',
    };
    expect(await failure(admin.get(keyOf(created)))).toMatchObject(notFound);
    expect(await failure(admin.delete(keyOf(created)))).toMatchObject(notFound);
  },
);

const preconditionWording = contractCase(
  'preconditionWording',
  async ({ admin, expect, namespace, configMap, vmc }) => {
    const ns = await namespace('wording');
    const cm = await admin.create(configMap(ns, 'cm', { v: '1' }));
    const rv = cm.metadata.resourceVersion!;
    // rest.BeforeDelete checks delete preconditions first, naming the kind (GroupResource{Resource: Kind}).
    expect(
      (await failure(admin.delete(keyOf(cm), { preconditions: { resourceVersion: `${rv}0` } }))).message,
    ).toBe(
      `Operation cannot be fulfilled on ConfigMap "cm": the ResourceVersion in the precondition (${rv}0) does not match the ResourceVersion in record (${rv}). The object might have been modified`,
    );
    expect((await failure(admin.delete(keyOf(cm), { preconditions: { uid: 'another-uid' } }))).message).toBe(
      `Operation cannot be fulfilled on ConfigMap "cm": the UID in the precondition (another-uid) does not match the UID in record (${cm.metadata.uid}). The object might have been deleted and then recreated`,
    );
    const custom = await admin.create(vmc(ns, 'm1', {}));
    expect(
      (await failure(admin.delete(keyOf(custom), { preconditions: { resourceVersion: '1' } }))).message,
    ).toBe(
      `Operation cannot be fulfilled on VerrazzanoManagedCluster.clusters.verrazzano.io "m1": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${custom.metadata.resourceVersion}). The object might have been modified`,
    );
    // The registry names the plural here (qualifiedResource as the GroupKind) and prints the uint64 as is.
    const unversioned = await failure(
      admin.replace({ ...custom, metadata: { ...custom.metadata, resourceVersion: undefined } }),
    );
    expect(unversioned.message).toBe(
      `verrazzanomanagedclusters.clusters.verrazzano.io "m1" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update`,
    );
    // A replace turns the object's uid into a storage precondition; the key carries the server's etcd prefix.
    const foreign = await failure(admin.replace({ ...cm, metadata: { ...cm.metadata, uid: 'another-uid' } }));
    expect(foreign.message).toMatch(
      new RegExp(
        `^Operation cannot be fulfilled on configmaps "cm": StorageError: invalid object, Code: 4, Key: \\S*/configmaps/${ns}/cm, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: another-uid, UID in object meta: ${cm.metadata.uid}$`,
      ),
    );
  },
);

/** The cases of this file, in the suite's order. */
export const updateCases: readonly ContractCase[] = [
  replaceStale,
  applyForeignUid,
  deleteThenNotFound,
  preconditionWording,
];
