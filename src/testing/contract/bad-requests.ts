/**
 * Contract cases: bodies the server refuses before or outside field validation (Secret data that
 * is not base64, a create carrying a resourceVersion) and how those refusals classify.
 */
import type { KubeObject } from '../../model/meta.js';
import { ClusterErrorReason } from '../../port/errors.js';
import { contractCase, failure, keyOf, type ContractCase, type ContractKit } from './kit.js';

const badSecret = (ns: string) =>
  ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'not-base64', namespace: ns },
    data: { '.dockerconfigjson': '<BASE 64 ENCODED DOCKER CONFIG JSON>' },
  }) as KubeObject;

const invalidBase64Refused = contractCase('invalidBase64Refused', async ({ admin, expect, namespace }) => {
  const ns = await namespace('b64');
  const error = await failure(admin.create(badSecret(ns)));
  expect(error.message).toContain('illegal base64 data at input byte 0');
  expect(await failure(admin.get(keyOf(badSecret(ns))))).toMatchObject({
    reason: ClusterErrorReason.NotFound,
  });
});

const invalidBase64IsBadRequest = contractCase(
  'invalidBase64IsBadRequest',
  async ({ admin, expect, namespace }) => {
    const ns = await namespace('b64');
    expect(await failure(admin.create(badSecret(ns)))).toMatchObject({
      reason: ClusterErrorReason.BadRequest,
      status: 400,
      message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0',
    });
  },
);

const withResourceVersion = (configMap: ContractKit['configMap'], ns: string) => {
  const object = configMap(ns, 'versioned', { v: '1' });
  return { ...object, metadata: { ...object.metadata, resourceVersion: '1' } } as KubeObject;
};

const createWithResourceVersion = contractCase(
  'createWithResourceVersion',
  async ({ admin, expect, namespace, configMap }) => {
    const ns = await namespace('rv');
    const error = await failure(admin.create(withResourceVersion(configMap, ns)));
    expect(error).toMatchObject({
      status: 500,
      message: 'resourceVersion should not be set on objects to be created',
    });
    expect(await failure(admin.get(keyOf(withResourceVersion(configMap, ns))))).toMatchObject({
      reason: ClusterErrorReason.NotFound,
    });
  },
);

const reasonlessServerErrorIsUnavailable = contractCase(
  'reasonlessServerErrorIsUnavailable',
  async ({ admin, expect, namespace, configMap }) => {
    const ns = await namespace('rv');
    expect(await failure(admin.create(withResourceVersion(configMap, ns)))).toMatchObject({
      reason: ClusterErrorReason.Unavailable,
      status: 500,
    });
  },
);

/** The cases of this file, in the suite's order. */
export const badRequestCases: readonly ContractCase[] = [
  invalidBase64Refused,
  invalidBase64IsBadRequest,
  createWithResourceVersion,
  reasonlessServerErrorIsUnavailable,
];
