/** Small builders for fleets in tests: object literals, no YAML needed. */
import type {
  Component,
  MultiClusterApplicationConfiguration,
  MultiClusterConfigMap,
  MultiClusterSecret,
  Secret,
  VerrazzanoManagedCluster,
  VerrazzanoProject,
} from '../../src/index.js';

const V = 'clusters.verrazzano.io/v1alpha1' as const;
const placement = (clusters: string[]) => ({ clusters: clusters.map((name) => ({ name })) });

export const vmc = (name: string): VerrazzanoManagedCluster => ({
  apiVersion: V,
  kind: 'VerrazzanoManagedCluster',
  metadata: { name, namespace: 'verrazzano-mc' },
});

export const project = (name: string, namespaces: string[], clusters: string[]): VerrazzanoProject => ({
  apiVersion: V,
  kind: 'VerrazzanoProject',
  metadata: { name, namespace: 'verrazzano-mc' },
  spec: {
    placement: placement(clusters),
    template: { namespaces: namespaces.map((ns) => ({ metadata: { name: ns } })) },
  },
});

export const mcapp = (
  name: string,
  namespace: string,
  clusters: string[],
  extra: { secrets?: string[]; components?: string[] } = {},
): MultiClusterApplicationConfiguration => ({
  apiVersion: V,
  kind: 'MultiClusterApplicationConfiguration',
  metadata: { name, namespace },
  spec: {
    placement: placement(clusters),
    ...(extra.secrets ? { secrets: extra.secrets } : {}),
    template: {
      metadata: { annotations: { version: 'v1' } },
      spec: { components: (extra.components ?? []).map((componentName) => ({ componentName })) },
    },
  },
});

export const mccm = (name: string, namespace: string, clusters: string[]): MultiClusterConfigMap => ({
  apiVersion: V,
  kind: 'MultiClusterConfigMap',
  metadata: { name, namespace },
  spec: {
    placement: placement(clusters),
    template: { metadata: { name: 'ignored', namespace: 'ignored' }, data: { k: 'v' } },
  },
});

export const mcsecret = (name: string, namespace: string, clusters: string[]): MultiClusterSecret => ({
  apiVersion: V,
  kind: 'MultiClusterSecret',
  metadata: { name, namespace },
  spec: { placement: placement(clusters), template: { stringData: { password: 'pw' } } },
});

export const secret = (name: string, namespace: string, labels?: Record<string, string>): Secret => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace, ...(labels ? { labels } : {}) },
  type: 'Opaque',
  data: { k: 'dg==' },
});

export const component = (name: string, namespace: string): Component => ({
  apiVersion: 'core.oam.dev/v1alpha2',
  kind: 'Component',
  metadata: { name, namespace },
  spec: { workload: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } } },
});

/** Deep-freezes a value, so that a test proves a function never mutates its inputs. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
