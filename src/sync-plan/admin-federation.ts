/**
 * M5 (spec §10.2, D1): when a VMC is deleted, its metrics federation entries leave the admin's
 * three objects in `verrazzano-monitoring`, as Verrazzano's `reconcileManagedClusterDelete` does
 * before it removes the finalizer (`cluster-operator/controllers/vmc/vmc_controller.go`
 * l.522–536): the scrape job named after the cluster (`deleteClusterPrometheusConfiguration`,
 * `sync_prometheus.go` l.100–178), its Thanos file-SD endpoint (`removeThanosHostFromConfigMap`,
 * `sync_thanos.go` l.93–118) and the key `ca-<vmc>` of the CA Secret
 * (`mutateManagedClusterCACertsSecret`, vmc_controller.go l.387–416).
 *
 * Only objects that exist are written, and only when an entry of a deleted cluster is in them:
 * nothing is created to remove an entry, and every other key, job and endpoint stays as it is. Each
 * write replaces the object at the resourceVersion it was read at, so a concurrent change makes it
 * fail (Conflict) and the next pass plans again. Pure.
 */
import type { KubeObject } from '../model/meta.js';
import { decodeBase64Text } from '../validation/k8s-rules.js';
import { Namespaces } from '../model/names.js';
import { toYamlDocument } from '../manifest/serialize.js';
import { decodeYamlDocument } from '../manifest/yaml.js';
import { utf8ToBase64 } from '../internal/base64.js';
import type { JsonPatchOperation } from '../internal/json-patch.js';
import { FederationObjects } from '../registration/federation.js';
import { objectKey } from '../desired/object.js';
import { Phase } from '../desired/order.js';
import type { SyncAction } from './types.js';

/** A Secret or ConfigMap as listed: `data` by key. */
type DataObject = KubeObject & { data?: Record<string, string> };

/** One M5 write, and the clusters whose entries it removes. */
export interface FederationCleanup {
  /** The action (a `replace`, or a blocked one when the object cannot be read). */
  readonly action: SyncAction;
  /** The deleted clusters whose entries the action removes, sorted. */
  readonly clusters: readonly string[];
}

/** The result of an edit of one object's data: the new data, or why it cannot be edited. */
type Edit =
  | {
      readonly data: Record<string, string>;
      readonly removed: string[];
      readonly patch: JsonPatchOperation[];
    }
  | { readonly unreadable: string };

const pointer = (key: string) => `/data/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** The text of a base64 value, or undefined when it is not base64. */
function base64Text(value: string): string | undefined {
  try {
    return decodeBase64Text(value);
  } catch {
    return undefined;
  }
}

/** The YAML list held by `text`: `[]` when empty or null, undefined when it is not a list. */
function yamlList(text: string): unknown[] | undefined {
  if (text.trim() === '') return [];
  const doc = decodeYamlDocument(text);
  if (doc.value === null) return [];
  return Array.isArray(doc.value) ? doc.value : undefined;
}

/** M1: drop the keys `ca-<cluster>`. */
function editCaCerts(data: Record<string, string>, clusters: readonly string[]): Edit {
  const removed = clusters.filter((c) => Object.hasOwn(data, `ca-${c}`));
  const gone = new Set(removed.map((c) => `ca-${c}`));
  return {
    data: Object.fromEntries(Object.entries(data).filter(([k]) => !gone.has(k))),
    removed,
    patch: removed.map((c) => ({ op: 'remove', path: pointer(`ca-${c}`) })),
  };
}

/** M4: drop the jobs named after a cluster; a `jobs` text that is not a YAML list cannot be edited. */
function editScrapeJobs(data: Record<string, string>, clusters: readonly string[]): Edit {
  const key = FederationObjects.ScrapeConfigsKey;
  const text = base64Text(data[key] ?? '');
  const jobs = text === undefined ? undefined : yamlList(text);
  if (!jobs) return { unreadable: `its key ${key} is not a YAML list of scrape configs` };
  const named = (job: unknown) =>
    job !== null && typeof job === 'object' ? (job as Record<string, unknown>).job_name : undefined;
  const removed = clusters.filter((c) => jobs.some((j) => named(j) === c));
  const kept = jobs.filter((j) => !removed.includes(named(j) as string));
  const value = utf8ToBase64(toYamlDocument(kept));
  return { data: { ...data, [key]: value }, removed, patch: [{ op: 'replace', path: pointer(key), value }] };
}

/** The `verrazzano_cluster` label of a Thanos file-SD entry. */
function endpointCluster(entry: unknown): unknown {
  if (entry === null || typeof entry !== 'object') return undefined;
  const labels = (entry as { labels?: unknown }).labels;
  return labels !== null && typeof labels === 'object'
    ? (labels as Record<string, unknown>).verrazzano_cluster
    : undefined;
}

/** M2: drop the endpoints labelled with a cluster; an unparseable file is left alone (as Verrazzano). */
function editThanosEndpoints(data: Record<string, string>, clusters: readonly string[]): Edit {
  const key = FederationObjects.ThanosEndpointsKey;
  const endpoints = yamlList(data[key] ?? '');
  if (!endpoints) return { data, removed: [], patch: [] };
  const removed = clusters.filter((c) => endpoints.some((e) => endpointCluster(e) === c));
  const kept = endpoints.filter((e) => !removed.includes(endpointCluster(e) as string));
  const value = toYamlDocument(kept);
  return { data: { ...data, [key]: value }, removed, patch: [{ op: 'replace', path: pointer(key), value }] };
}

function cleanupAction(object: DataObject, edit: Edit, clusters: readonly string[]): FederationCleanup {
  const kind = object.kind;
  const where = `${kind} ${Namespaces.VerrazzanoMonitoring}/${object.metadata.name ?? ''}`;
  const base = {
    key: `admin:${objectKey(object)}`,
    target: 'admin' as const,
    apiVersion: object.apiVersion,
    kind,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name ?? '',
    phase: Phase.GarbageCollection,
    ruleId: 'M5',
    dependsOn: [],
  };
  if ('unreadable' in edit) {
    const reason = `VerrazzanoManagedCluster ${clusters.join(', ')} is being deleted; ${where} must lose its entries`;
    return { action: { ...base, op: 'replace', reason, blocked: edit.unreadable }, clusters };
  }
  const removed = edit.removed;
  return {
    action: {
      ...base,
      op: 'replace',
      reason: `VerrazzanoManagedCluster ${removed.join(', ')} is being deleted; its federation entries leave ${where}`,
      patch: edit.patch,
      body: { ...object, data: edit.data },
      ...(object.metadata.resourceVersion
        ? { preconditions: { resourceVersion: object.metadata.resourceVersion } }
        : {}),
    },
    clusters: removed,
  };
}

const EDITS: readonly {
  readonly kind: string;
  readonly name: string;
  readonly edit: (data: Record<string, string>, clusters: readonly string[]) => Edit;
}[] = [
  { kind: 'Secret', name: FederationObjects.CaCertsSecret, edit: editCaCerts },
  { kind: 'Secret', name: FederationObjects.ScrapeConfigsSecret, edit: editScrapeJobs },
  { kind: 'ConfigMap', name: FederationObjects.ThanosEndpointsConfigMap, edit: editThanosEndpoints },
];

/**
 * The M5 writes of one admin pass: for the clusters whose VMC is being deleted, each federation
 * object in `verrazzano-monitoring` that holds one of their entries, without those entries. An
 * object that is absent or holds none of them gets no action; a scrape-config Secret whose `jobs`
 * is not a YAML list gets a blocked action (Verrazzano's finalizer waits on the parse error too).
 *
 * @param clusters The clusters whose VMC is being deleted and still holds the finalizer.
 * @param objects The Secrets and ConfigMaps of `verrazzano-monitoring` (others are ignored).
 *
 * @example
 * federationCleanupActions(['managed1'], [caCertsSecret]) // data { 'ca-managed1': …, 'ca-managed2': … }
 * //=> [{ action: { op: 'replace', ruleId: 'M5', body: { …, data: { 'ca-managed2': … } }, … }, clusters: ['managed1'] }]
 */
export function federationCleanupActions(
  clusters: readonly string[],
  objects: readonly KubeObject[],
): FederationCleanup[] {
  if (clusters.length === 0) return [];
  const sorted = [...new Set(clusters)].sort();
  const out: FederationCleanup[] = [];
  for (const { kind, name, edit } of EDITS) {
    const object = (objects as readonly DataObject[]).find(
      (o) =>
        o.apiVersion === 'v1' &&
        o.kind === kind &&
        o.metadata.namespace === Namespaces.VerrazzanoMonitoring &&
        o.metadata.name === name,
    );
    if (!object) continue;
    const result = edit({ ...(object.data ?? {}) }, sorted);
    if ('unreadable' in result || result.removed.length > 0) out.push(cleanupAction(object, result, sorted));
  }
  return out;
}
