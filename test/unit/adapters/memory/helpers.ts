/** Shared fixtures of the in-memory cluster tests. */
import { isClusterError, type ClusterError } from '../../../../src/port/errors.js';
import type { KubeObject } from '../../../../src/model/meta.js';

/** The rejection of a call that must fail with a ClusterError. */
export async function failure(promise: Promise<unknown>): Promise<ClusterError> {
  try {
    await promise;
  } catch (error) {
    if (isClusterError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Freezes a value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Lets queued watch events arrive. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export const MC = 'verrazzano-mc';
export const CLUSTERS = 'clusters.verrazzano.io/v1alpha1';

export const namespace = (name: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...(labels ? { labels } : {}) },
});

export const configMap = (
  ns: string,
  name: string,
  data: Record<string, string> = {},
  labels?: Record<string, string>,
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
  data,
});

export const secret = (ns: string, name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: ns },
  data,
});

export const project = (name: string, clusters: string[], namespaces: string[]): KubeObject => ({
  apiVersion: CLUSTERS,
  kind: 'VerrazzanoProject',
  metadata: { name, namespace: MC },
  spec: {
    placement: { clusters: clusters.map((c) => ({ name: c })) },
    template: { namespaces: namespaces.map((n) => ({ metadata: { name: n } })) },
  },
});

export const vmc = (name: string, description?: string): KubeObject => ({
  apiVersion: CLUSTERS,
  kind: 'VerrazzanoManagedCluster',
  metadata: { name, namespace: MC },
  spec: description === undefined ? {} : { description },
});

export const key = (object: KubeObject) => ({
  apiVersion: object.apiVersion,
  kind: object.kind,
  ...(object.metadata.namespace !== undefined ? { namespace: object.metadata.namespace } : {}),
  name: object.metadata.name!,
});
