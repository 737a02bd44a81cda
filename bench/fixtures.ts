/**
 * Deterministic benchmark inputs. A seeded generator, never Math.random, so every run measures
 * the same bytes.
 */
import type { KubeObject } from '../src/index.js';

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

// ---------------------------------------------------------------------------------------------
// Fleets as objects (placement, render, plan and agent benchmarks)

const V = 'clusters.verrazzano.io/v1alpha1';

/** A plain object of the shapes the fixtures build; the benchmarks cast it to the SDK's types. */
export interface FixtureObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

const vmc = (name: string): FixtureObject => ({
  apiVersion: V,
  kind: 'VerrazzanoManagedCluster',
  metadata: { name, namespace: 'verrazzano-mc' },
  spec: { description: `managed cluster ${name}` },
});

const project = (
  name: string,
  namespaces: readonly string[],
  clusters: readonly string[],
): FixtureObject => ({
  apiVersion: V,
  kind: 'VerrazzanoProject',
  metadata: { name, namespace: 'verrazzano-mc' },
  spec: {
    placement: { clusters: clusters.map((c) => ({ name: c })) },
    template: { namespaces: namespaces.map((ns) => ({ metadata: { name: ns } })) },
  },
});

/** The status the admin holds once `cluster` reported success: steady state, nothing to forward. */
const succeededOn = (cluster: string) => ({
  clusters: [{ name: cluster, state: 'Succeeded', lastUpdateTime: '2026-11-27T10:00:00Z' }],
  conditions: [
    {
      type: 'DeployComplete',
      status: 'True',
      message: `${cluster}: created successfully`,
      lastTransitionTime: '2026-11-27T10:00:00Z',
    },
  ],
  state: 'Succeeded',
});

/** The four wrapper kinds in the mix the sync benchmarks use: 4 MCConfigMaps, 3 MCSecrets, 2 MCComponents, 1 MCAppConfig per 10. */
const SYNC_KIND_MIX = [
  'MultiClusterConfigMap',
  'MultiClusterSecret',
  'MultiClusterComponent',
  'MultiClusterConfigMap',
  'MultiClusterSecret',
  'MultiClusterComponent',
  'MultiClusterConfigMap',
  'MultiClusterSecret',
  'MultiClusterConfigMap',
  'MultiClusterApplicationConfiguration',
] as const;

function wrapper(
  kind: string,
  name: string,
  namespace: string,
  placement: readonly string[],
  i: number,
  extra: { components?: readonly string[]; secrets?: readonly string[]; keys?: number } = {},
): FixtureObject {
  const keys = extra.keys ?? 4;
  const data = Object.fromEntries(
    Array.from({ length: keys }, (_, k) => [`key-${k}`, `value ${k} of ${name}`]),
  );
  let template: Record<string, unknown>;
  switch (kind) {
    case 'MultiClusterConfigMap':
      template = { metadata: { labels: { app: `app-${i % 50}` } }, data };
      break;
    case 'MultiClusterSecret':
      template = {
        type: 'Opaque',
        data: Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
      };
      break;
    case 'MultiClusterComponent':
      template = {
        spec: {
          workload: {
            apiVersion: 'oam.verrazzano.io/v1alpha1',
            kind: 'VerrazzanoHelidonWorkload',
            metadata: { name: `workload-${name}` },
            spec: {
              deploymentTemplate: {
                metadata: { name: `deploy-${name}` },
                podSpec: {
                  containers: [{ name: 'app', image: `ghcr.io/example/${name}:1.0.${i % 10}` }],
                },
              },
            },
          },
        },
      };
      break;
    default:
      template = {
        metadata: { annotations: { version: 'v1.0.0' } },
        spec: { components: (extra.components ?? []).map((componentName) => ({ componentName })) },
      };
  }
  return {
    apiVersion: V,
    kind,
    metadata: { name, namespace, labels: { app: `app-${i % 50}`, tier: 'backend' } },
    spec: {
      placement: { clusters: placement.map((c) => ({ name: c })) },
      ...(kind === 'MultiClusterApplicationConfiguration' && extra.secrets
        ? { secrets: [...extra.secrets] }
        : {}),
      template,
    },
  };
}

/** Options of {@link syncFleetObjects}. */
export interface SyncFleetOptions {
  /** MC wrappers, all placed on `cluster`. */
  readonly resources: number;
  readonly namespaces: number;
  /** Projects; each owns an equal share of the namespaces and places `cluster` and `managed2`. */
  readonly projects: number;
  /** Default `managed1`. */
  readonly cluster?: string;
  /** Give every wrapper and project the status `cluster` reports in steady state. Default false. */
  readonly reported?: boolean;
  /** Keys per ConfigMap / Secret template. Default 4. */
  readonly keys?: number;
}

/**
 * The admin objects of a fleet where `resources` MC wrappers in `namespaces` namespaces are all
 * placed on one cluster (a tenth of them on `managed2` too), in the kind mix of {@link SYNC_KIND_MIX}.
 * Every MCAppConfig references the two MCComponents before it in its namespace and lists the
 * namespace's registry Secret (P10), so render copies that Secret.
 */
export function syncFleetObjects(options: SyncFleetOptions): FixtureObject[] {
  const cluster = options.cluster ?? 'managed1';
  const random = prng(7);
  const namespaces = Array.from({ length: options.namespaces }, (_, i) => `app-ns-${i}`);
  const objects: FixtureObject[] = [vmc(cluster), vmc('managed2')];
  const perProject = Math.ceil(namespaces.length / options.projects);
  for (let p = 0; p < options.projects; p++) {
    const owned = namespaces.slice(p * perProject, (p + 1) * perProject);
    const vp = project(`project-${p}`, owned, [cluster, 'managed2']);
    if (options.reported) vp.status = succeededOn(cluster);
    objects.push(vp);
  }
  for (const ns of namespaces) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'registry-credentials', namespace: ns },
      type: 'Opaque',
      data: { token: Buffer.from(`token of ${ns}`).toString('base64') },
    });
  }
  const components = new Map<string, string[]>();
  for (let i = 0; i < options.resources; i++) {
    const ns = namespaces[i % namespaces.length]!;
    const kind = SYNC_KIND_MIX[Math.floor(i / namespaces.length) % SYNC_KIND_MIX.length]!;
    const name = `res-${i}`;
    const placement = random() < 0.1 ? [cluster, 'managed2'] : [cluster];
    const seen = components.get(ns) ?? [];
    const w = wrapper(kind, name, ns, placement, i, {
      components: seen.slice(-2),
      secrets: ['registry-credentials'],
      ...(options.keys !== undefined ? { keys: options.keys } : {}),
    });
    if (kind === 'MultiClusterComponent') components.set(ns, [...seen, name]);
    if (options.reported) w.status = succeededOn(cluster);
    objects.push(w);
  }
  return objects;
}

/** Options of {@link placementFleetObjects}. */
export interface PlacementFleetOptions {
  /** VMCs `c0001`…: the managed clusters. */
  readonly clusters: number;
  /** MC wrappers. */
  readonly resources: number;
  readonly namespaces: number;
  /** Projects, each owning `namespaces / projects` namespaces. */
  readonly projects: number;
  /** Clusters each project places: a contiguous window of the sorted cluster names. */
  readonly projectWidth: number;
}

/**
 * A large fleet for the placement matrix: each project places a window of `projectWidth`
 * clusters; each wrapper names 1 to 3 clusters, mostly inside its project's window (80%), some
 * anywhere (15%, so the project gate refuses them) and some `local` (5%).
 */
export function placementFleetObjects(options: PlacementFleetOptions): FixtureObject[] {
  const random = prng(2000);
  const width = String(options.clusters).length;
  const clusters = Array.from(
    { length: options.clusters },
    (_, i) => `c${String(i + 1).padStart(width, '0')}`,
  );
  const namespaces = Array.from({ length: options.namespaces }, (_, i) => `ns-${i}`);
  const objects: FixtureObject[] = clusters.map(vmc);
  const perProject = Math.ceil(namespaces.length / options.projects);
  const windowOf = new Map<string, string[]>();
  for (let p = 0; p < options.projects; p++) {
    const start = Math.floor(random() * (clusters.length - options.projectWidth));
    const window = clusters.slice(start, start + options.projectWidth);
    const owned = namespaces.slice(p * perProject, (p + 1) * perProject);
    for (const ns of owned) windowOf.set(ns, window);
    objects.push(project(`project-${p}`, owned, window));
  }
  for (let i = 0; i < options.resources; i++) {
    const ns = namespaces[Math.floor(random() * namespaces.length)]!;
    const window = windowOf.get(ns) ?? clusters;
    const placement = new Set<string>();
    const count = 1 + Math.floor(random() * 3);
    for (let k = 0; k < count; k++) {
      const roll = random();
      if (roll < 0.8) placement.add(window[Math.floor(random() * window.length)]!);
      else if (roll < 0.95) placement.add(clusters[Math.floor(random() * clusters.length)]!);
      else placement.add('local');
    }
    objects.push(
      wrapper(SYNC_KIND_MIX[i % SYNC_KIND_MIX.length]!, `res-${i}`, ns, [...placement], i, { keys: 2 }),
    );
  }
  return objects;
}

/** `count` ConfigMaps of about 1 KB each in `namespace`, for the server-side apply benchmark. */
export function configMaps(count: number, namespace: string): FixtureObject[] {
  const random = prng(3);
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, namespace, labels: { app: `app-${i % 20}`, bench: 'ssa' } },
    data: Object.fromEntries(
      Array.from({ length: 8 }, (_, k) => [
        `key-${k}`,
        `value ${k} of configmap ${i}: ${Math.floor(random() * 1e9).toString(36)} ${'x'.repeat(80)}`,
      ]),
    ),
  }));
}

/**
 * One project's fleet of `resources` MC resources in `namespaces` namespaces, without VMCs (those
 * come from registration): every object, the projects, and the rest (applied after the projects).
 */
export function projectFleet(resources: number, namespaces: number) {
  const objects = syncFleetObjects({ resources, namespaces, projects: 1 }).filter(
    (o) => o.kind !== 'VerrazzanoManagedCluster',
  ) as unknown as KubeObject[];
  return {
    objects,
    projects: objects.filter((o) => o.kind === 'VerrazzanoProject'),
    content: objects.filter((o) => o.kind !== 'VerrazzanoProject'),
  };
}
