/**
 * Contract cases: a CRD's structural schema (Invalid with one cause per field, in the server's
 * words; undeclared fields and nulls pruned rather than refused).
 */
import { ClusterErrorReason } from '../../port/errors.js';
import { CLUSTERS, contractCase, failure, keyOf, type ContractCase } from './kit.js';

const crdSchemaInvalid = contractCase('crdSchemaInvalid', async ({ admin, expect, namespace, vmc }) => {
  const ns = await namespace('invalid');
  const wrongType = await failure(admin.create(vmc(ns, 'typed', { description: 42 })));
  const typeMessage = 'Invalid value: "integer": spec.description in body must be of type string: "integer"';
  expect(wrongType).toMatchObject({
    reason: ClusterErrorReason.Invalid,
    status: 422,
    message: `VerrazzanoManagedCluster.clusters.verrazzano.io "typed" is invalid: spec.description: ${typeMessage}`,
  });
  expect(wrongType.causes).toEqual([
    { reason: 'FieldValueTypeInvalid', message: typeMessage, field: 'spec.description' },
  ]);

  const project = {
    apiVersion: CLUSTERS,
    kind: 'VerrazzanoProject',
    metadata: { name: 'empty', namespace: ns },
    spec: {},
  };
  const missing = await failure(admin.create(project));
  expect(missing).toMatchObject({
    reason: ClusterErrorReason.Invalid,
    status: 422,
    message:
      'VerrazzanoProject.clusters.verrazzano.io "empty" is invalid: [spec.placement: Required value, spec.template: Required value]',
  });
  expect(missing.causes).toEqual([
    { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.placement' },
    { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template' },
  ]);

  const live = await admin.create(vmc(ns, 'stateless', { description: 'ok' }));
  const badStatus = await failure(admin.updateStatus({ ...live, status: { apiUrl: 'https://x' } }));
  expect(badStatus).toMatchObject({
    reason: ClusterErrorReason.Invalid,
    status: 422,
    message:
      'VerrazzanoManagedCluster.clusters.verrazzano.io "stateless" is invalid: status.state: Required value',
  });
  expect(badStatus.causes).toEqual([
    { reason: 'FieldValueRequired', message: 'Required value', field: 'status.state' },
  ]);
  // A status write validates the status alone: the path in the text starts below `status`.
  const statusType = await failure(
    admin.updateStatus({ ...live, status: { state: 'Active', imported: 'yes' } }),
  );
  expect(statusType.causes).toEqual([
    {
      reason: 'FieldValueTypeInvalid',
      message: 'Invalid value: "string": imported in body must be of type boolean: "string"',
      field: 'status.imported',
    },
  ]);
  expect(await failure(admin.get(keyOf(vmc(ns, 'typed', {}))))).toMatchObject({
    reason: ClusterErrorReason.NotFound,
  });
});

const unknownFieldsPruned = contractCase('unknownFieldsPruned', async ({ admin, expect, namespace, vmc }) => {
  const ns = await namespace('prune');
  const created = await admin.create(vmc(ns, 'extra', { description: 'd', notInTheSchema: 'dropped' }));
  expect(created.spec).toEqual({ description: 'd' });
  expect((await admin.get(keyOf(created))).spec).toEqual({ description: 'd' });
});

const nullsPruned = contractCase('nullsPruned', async ({ admin, expect, namespace, vmc }) => {
  const ns = await namespace('nulls');
  const created = await admin.create(vmc(ns, 'nullable', { description: null, caSecret: 'ca' }));
  expect(created.spec).toEqual({ caSecret: 'ca' });
  // Dropped before validation: a required field that is null is missing, not mistyped.
  const project = {
    apiVersion: CLUSTERS,
    kind: 'VerrazzanoProject',
    metadata: { name: 'nulls', namespace: ns },
    spec: { placement: { clusters: null }, template: { namespaces: [] } },
  };
  const error = await failure(admin.create(project));
  expect(error).toMatchObject({
    reason: ClusterErrorReason.Invalid,
    message:
      'VerrazzanoProject.clusters.verrazzano.io "nulls" is invalid: spec.placement.clusters: Required value',
  });
});

/** The cases of this file, in the suite's order. */
export const schemaCases: readonly ContractCase[] = [crdSchemaInvalid, unknownFieldsPruned, nullsPruned];
