/**
 * Contract case: NamespaceLifecycle admission runs before validation. The create handler
 * (endpoints/handlers/create.go) runs mutating admission, NamespaceLifecycle among it, before the
 * registry's create validates, so an object both invalid and in a missing namespace is NotFound.
 */
import type { KubeObject } from '../../model/meta.js';
import { ClusterErrorReason } from '../../port/errors.js';
import { contractCase, failure, uniqueName, type ContractCase } from './kit.js';

const invalidInMissingNamespace = contractCase('invalidInMissingNamespace', async ({ admin, expect }) => {
  const ns = uniqueName('absent');
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'broken', namespace: ns },
    type: 'kubernetes.io/tls',
    stringData: { 'bad key!': 'x' },
  };
  const error = await failure(admin.create(secret));
  expect(error).toMatchObject({
    reason: ClusterErrorReason.NotFound,
    status: 404,
    message: `namespaces "${ns}" not found`,
  });
  expect(error.causes).toEqual([]);
});

/** The cases of this file, in the suite's order. */
export const invalidInMissingNamespaceCases: readonly ContractCase[] = [invalidInMissingNamespace];
