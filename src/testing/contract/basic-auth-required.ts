/**
 * Contract case: a basic-auth Secret needs `username` or `password`. ValidateSecret
 * (pkg/apis/core/validation) adds `field.Required` at `data[username]` and at `data[password]`
 * when neither key is present; one of them, even empty, is enough.
 */
import type { KubeObject } from '../../model/meta.js';
import { ClusterErrorReason } from '../../port/errors.js';
import { contractCase, failure, type ContractCase } from './kit.js';

const basicAuth = (ns: string, name: string, stringData: Record<string, string>) =>
  ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: ns },
    type: 'kubernetes.io/basic-auth',
    stringData,
  }) as KubeObject;

const basicAuthRequired = contractCase('basicAuthRequired', async ({ admin, expect, namespace }) => {
  const ns = await namespace('basic');
  const error = await failure(admin.create(basicAuth(ns, 'neither', { other: 'x' })));
  expect(error).toMatchObject({
    reason: ClusterErrorReason.Invalid,
    status: 422,
    message: 'Secret "neither" is invalid: [data[username]: Required value, data[password]: Required value]',
  });
  expect(error.causes).toEqual([
    { reason: 'FieldValueRequired', message: 'Required value', field: 'data[username]' },
    { reason: 'FieldValueRequired', message: 'Required value', field: 'data[password]' },
  ]);
  const created = await admin.create(basicAuth(ns, 'empty-password', { password: '' }));
  expect(created.metadata.name).toBe('empty-password');
});

/** The cases of this file, in the suite's order. */
export const basicAuthRequiredCases: readonly ContractCase[] = [basicAuthRequired];
