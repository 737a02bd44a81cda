/**
 * Copies of stored objects, as a user makes them with `kubectl get -o yaml`, an edit and
 * `kubectl create -f -`: the tests of ownership (P20, P21) use them to prove that vzmc leaves
 * another writer's copy of its objects alone.
 */
import type { KubeObject, ObjectMeta } from '../../model/meta.js';

/**
 * A copy of a stored object under new metadata: the server's bookkeeping (managedFields, uid,
 * resourceVersion, creationTimestamp) is dropped, the rest (labels and annotations included) is
 * kept, and `metadata` (a new name, namespace, ...) is laid over it.
 *
 * @example
 * ```ts
 * const copy = copyOf(original, { name: 'cm-copy' });
 * await client.create({ ...copy, data: { k: 'changed' } }, { fieldManager: 'kubectl-create' });
 * ```
 */
export function copyOf(object: KubeObject, metadata: Partial<ObjectMeta>): KubeObject {
  const {
    managedFields: _managedFields,
    uid: _uid,
    resourceVersion: _resourceVersion,
    creationTimestamp: _creationTimestamp,
    ...kept
  } = object.metadata;
  return { ...object, metadata: { ...kept, ...metadata } };
}
