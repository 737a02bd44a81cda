/**
 * Deterministic benchmark inputs. A seeded generator, never Math.random, so every run measures
 * the same bytes.
 */

/** A small, fast, seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = [
  'MultiClusterApplicationConfiguration',
  'MultiClusterConfigMap',
  'MultiClusterSecret',
  'MultiClusterComponent',
] as const;

/** `count` MC resources across `namespaces` namespaces, as one multi-document YAML text of about `count` × 3 KB. */
export function mcResourcesYaml(count: number, namespaces = 100, clusters = 20): string {
  const random = prng(42);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const ns = `ns-${i % namespaces}`;
    const placed = Array.from(
      { length: 1 + Math.floor(random() * 3) },
      () => `      - name: managed${1 + Math.floor(random() * clusters)}`,
    ).join('\n');
    const labels = `    app: app-${i}\n    tier: backend\n    version: v${i % 7}`;
    let template: string;
    switch (kind) {
      case 'MultiClusterConfigMap':
        template = `    data:\n${Array.from({ length: 24 }, (_, k) => `      key-${k}: "value ${k} of configmap ${i} with some padding text to make it realistic"`).join('\n')}`;
        break;
      case 'MultiClusterSecret':
        template = `    type: Opaque\n    data:\n${Array.from({ length: 24 }, (_, k) => `      key-${k}: ${Buffer.from(`secret ${k} of ${i} padding padding padding`).toString('base64')}`).join('\n')}`;
        break;
      case 'MultiClusterComponent':
        template = `    spec:\n      workload:\n        apiVersion: oam.verrazzano.io/v1alpha1\n        kind: VerrazzanoHelidonWorkload\n        metadata:\n          name: workload-${i}\n        spec:\n          deploymentTemplate:\n            metadata:\n              name: deploy-${i}\n            podSpec:\n              containers:\n${Array.from({ length: 8 }, (_, k) => `                - name: c${k}\n                  image: "ghcr.io/example/app-${i}:1.${k}.0"\n                  ports:\n                    - containerPort: ${8000 + k}\n                      name: http-${k}\n                  env:\n                    - name: VAR_${k}\n                      value: "value-${k}"`).join('\n')}`;
        break;
      default:
        template = `    metadata:\n      annotations:\n        version: v1.0.0\n        description: "application ${i}"\n    spec:\n      components:\n${Array.from({ length: 10 }, (_, k) => `        - componentName: comp-${i}-${k}\n          traits:\n            - trait:\n                apiVersion: oam.verrazzano.io/v1alpha1\n                kind: MetricsTrait\n                spec:\n                  scraper: verrazzano-system/vmi-system-prometheus-0\n            - trait:\n                apiVersion: oam.verrazzano.io/v1alpha1\n                kind: IngressTrait\n                spec:\n                  rules:\n                    - paths:\n                        - path: "/app-${i}-${k}"\n                          pathType: Prefix`).join('\n')}`;
    }
    parts.push(
      `apiVersion: clusters.verrazzano.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: res-${i}\n  namespace: ${ns}\n  labels:\n${labels}\nspec:\n  placement:\n    clusters:\n${placed}\n  template:\n${template}\n`,
    );
  }
  return parts.join('---\n');
}
