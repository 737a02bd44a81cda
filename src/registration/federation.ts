/**
 * Metrics federation on the admin (spec §10, M1–M5): the `managed-cluster-ca-certs` keys, the
 * Prometheus `additional-scrape-configs` jobs and the Thanos file-SD endpoints, computed as a merge
 * into what those objects already hold, so that entries vzmc does not own survive.
 */
import type { ConfigMap, Secret } from '../model/core.js';
import { Namespaces } from '../model/names.js';
import { toYamlDocument } from '../manifest/serialize.js';
import type { VerrazzanoManagedCluster } from '../model/verrazzano.js';
import { decodeYamlDocument } from '../manifest/yaml.js';
import { utf8ToBase64 } from '../internal/base64.js';

/** Names of the three admin objects (§10.2). */
export const FederationObjects = {
  /** Secret `verrazzano-monitoring/managed-cluster-ca-certs`: key `ca-<vmc>` per cluster (M1). */
  CaCertsSecret: 'managed-cluster-ca-certs',
  /** Secret `verrazzano-monitoring/additional-scrape-configs` (M4). */
  ScrapeConfigsSecret: 'additional-scrape-configs',
  /** Its key holding the list of scrape jobs. */
  ScrapeConfigsKey: 'jobs',
  /** ConfigMap `verrazzano-monitoring/verrazzano-thanos-endpoints` (M2). */
  ThanosEndpointsConfigMap: 'verrazzano-thanos-endpoints',
  /** Its key holding the Thanos file-SD list. */
  ThanosEndpointsKey: 'servicediscovery.yml',
  /** The basic-auth user of the scrape jobs, and the Secret in `verrazzano-system` holding its password. */
  PromInternalUser: 'verrazzano-prom-internal',
} as const;

/** What federation reads from the admin besides the VMC. */
export interface FederationFacts {
  /** Whether namespace `verrazzano-monitoring` exists (M1 does nothing otherwise). */
  readonly monitoringNamespaceExists: boolean;
  /** Whether Thanos is enabled in the Verrazzano CR (M2). */
  readonly thanosEnabled: boolean;
  /** `data.password` of `verrazzano-system/verrazzano-prom-internal`, for the jobs' basic auth (M4). */
  readonly promPassword: string;
  /** The `cacrt` of each VMC's CA Secret (`spec.caSecret`), by VMC name; absent or empty when none. */
  readonly caCerts: Readonly<Record<string, string | undefined>>;
}

/** The content of the three objects, decoded: what federation reads and writes. */
export interface FederationState {
  /** `managed-cluster-ca-certs` data, decoded text by key. */
  readonly caCerts: Readonly<Record<string, string>>;
  /** `additional-scrape-configs` `jobs`: the scrape configs, in order. */
  readonly scrapeJobs: readonly Record<string, unknown>[];
  /** `verrazzano-thanos-endpoints` `servicediscovery.yml`: the file-SD entries, in order. */
  readonly thanosEndpoints: readonly {
    /** `<host>:443` of the cluster's Thanos query store. */
    targets: string[];
    /** `verrazzano_cluster: <vmc>`. */
    labels: Record<string, string>;
  }[];
}

/** An empty state. */
export const EMPTY_FEDERATION: FederationState = { caCerts: {}, scrapeJobs: [], thanosEndpoints: [] };

/**
 * The Prometheus scrape job for a managed cluster (M4), or undefined when it gets none: only
 * without `status.prometheusHost` (M3). A VMC without `spec.caSecret` still gets its job, without
 * `tls_config`: Verrazzano passes a pointer to an empty Secret, never nil (vmc_controller.go
 * l.431, l.480; `newScrapeConfig`, sync_prometheus.go l.66–96).
 */
export function scrapeJob(
  vmc: VerrazzanoManagedCluster,
  facts: FederationFacts,
): Record<string, unknown> | undefined {
  const name = vmc.metadata.name ?? '';
  const host = vmc.status?.prometheusHost ?? '';
  const ca = facts.caCerts[name] ?? '';
  if (host === '') return undefined;
  const job: Record<string, unknown> = {
    job_name: name,
    scrape_interval: '20s',
    scrape_timeout: '15s',
    scheme: 'https',
    honor_labels: true,
    metrics_path: '/federate',
    params: { 'match[]': ['{__name__=~"..*"}'] },
    metric_relabel_configs: [
      {
        action: 'replace',
        source_labels: ['verrazzano_cluster'],
        target_label: 'verrazzano_cluster',
        replacement: name,
      },
    ],
    static_configs: [{ targets: [host], labels: { verrazzano_cluster: name } }],
    basic_auth: { username: FederationObjects.PromInternalUser, password: facts.promPassword },
  };
  if (ca !== '')
    job.tls_config = {
      ca_file: `/etc/prometheus/managed-cluster-ca-certs/ca-${name}`,
      insecure_skip_verify: false,
    };
  return job;
}

const caKey = (name: string) => `ca-${name}`;

function withoutKey(record: Readonly<Record<string, string>>, key: string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/**
 * Folds one VMC into the federation state, M1–M4 in order. Entries of other clusters and
 * hand-written jobs are untouched.
 *
 * @example
 * const next = federateCluster(vmc, facts, EMPTY_FEDERATION);
 * next.scrapeJobs.map((j) => j.job_name) //=> ['managed1']
 */
export function federateCluster(
  vmc: VerrazzanoManagedCluster,
  facts: FederationFacts,
  state: FederationState,
): FederationState {
  const name = vmc.metadata.name ?? '';
  let { caCerts, scrapeJobs, thanosEndpoints } = state;
  // M1
  if (facts.monitoringNamespaceExists) {
    const ca = facts.caCerts[name] ?? '';
    caCerts =
      ca !== '' && vmc.spec?.caSecret ? { ...caCerts, [caKey(name)]: ca } : withoutKey(caCerts, caKey(name));
  }
  // M2: Thanos takes precedence over Prometheus federation.
  const store = vmc.status?.thanosQueryStore ?? '';
  const mine = (e: { labels: Record<string, string> }) => e.labels.verrazzano_cluster === name;
  let thanos = false;
  if (store !== '' && facts.thanosEnabled) {
    const target = `${store}:443`;
    thanosEndpoints = thanosEndpoints.some(mine)
      ? thanosEndpoints.map((e) => (mine(e) ? { ...e, targets: [target] } : e))
      : [...thanosEndpoints, { targets: [target], labels: { verrazzano_cluster: name } }];
    thanos = true;
  } else {
    thanosEndpoints = thanosEndpoints.filter((e) => !mine(e));
  }
  // M3: not registered yet.
  if ((vmc.status?.prometheusHost ?? '') === '') {
    caCerts = withoutKey(caCerts, caKey(name));
    return {
      caCerts,
      scrapeJobs: thanos ? scrapeJobs.filter((j) => j.job_name !== name) : scrapeJobs,
      thanosEndpoints,
    };
  }
  // M4
  const job = thanos ? undefined : scrapeJob(vmc, facts);
  if (!job) scrapeJobs = scrapeJobs.filter((j) => j.job_name !== name);
  else if (scrapeJobs.some((j) => j.job_name === name))
    scrapeJobs = scrapeJobs.map((j) => (j.job_name === name ? job : j));
  else scrapeJobs = [...scrapeJobs, job];
  return { caCerts, scrapeJobs, thanosEndpoints };
}

/** M5: removes one cluster's job, CA key and Thanos endpoint (on VMC deletion). */
export function removeClusterFederation(cluster: string, state: FederationState): FederationState {
  return {
    caCerts: withoutKey(state.caCerts, caKey(cluster)),
    scrapeJobs: state.scrapeJobs.filter((j) => j.job_name !== cluster),
    thanosEndpoints: state.thanosEndpoints.filter((e) => e.labels.verrazzano_cluster !== cluster),
  };
}

/** Folds every VMC in order of name. */
export function federateFleet(
  vmcs: readonly VerrazzanoManagedCluster[],
  facts: FederationFacts,
  state: FederationState = EMPTY_FEDERATION,
): FederationState {
  return [...vmcs]
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))
    .reduce((acc, vmc) => federateCluster(vmc, facts, acc), state);
}

/** Parses the `jobs` text of `additional-scrape-configs` (a YAML list). Unparseable text counts as empty. */
export function parseScrapeJobs(text: string | undefined): Record<string, unknown>[] {
  if (!text || text.trim() === '') return [];
  const doc = decodeYamlDocument(text);
  return Array.isArray(doc.value)
    ? (doc.value.filter((j) => j !== null && typeof j === 'object') as Record<string, unknown>[])
    : [];
}

/** Parses `servicediscovery.yml`; an unparseable file is cleared and repopulated (M2). */
export function parseThanosEndpoints(text: string | undefined): FederationState['thanosEndpoints'] {
  if (!text || text.trim() === '') return [];
  const doc = decodeYamlDocument(text);
  if (!Array.isArray(doc.value)) return [];
  return doc.value
    .filter(
      (e): e is { targets: string[]; labels: Record<string, string> } =>
        e !== null && typeof e === 'object' && Array.isArray((e as { targets?: unknown }).targets),
    )
    .map((e) => ({ targets: [...e.targets], labels: { ...(e.labels ?? {}) } }));
}

/**
 * The three admin objects holding a federation state, ready to apply. Data values are base64 in
 * the two Secrets; YAML lists are written deterministically.
 */
export function federationObjects(state: FederationState): [Secret, Secret, ConfigMap] {
  const encode = (data: Record<string, string>) =>
    Object.fromEntries(Object.entries(data).map(([k, v]) => [k, utf8ToBase64(v)]));
  const sortedCa = Object.fromEntries(
    Object.keys(state.caCerts)
      .sort()
      .map((k) => [k, state.caCerts[k] ?? '']),
  );
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: FederationObjects.CaCertsSecret, namespace: Namespaces.VerrazzanoMonitoring },
      type: 'Opaque',
      data: encode(sortedCa),
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: FederationObjects.ScrapeConfigsSecret, namespace: Namespaces.VerrazzanoMonitoring },
      type: 'Opaque',
      data: encode({ [FederationObjects.ScrapeConfigsKey]: toYamlDocument(state.scrapeJobs) }),
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: FederationObjects.ThanosEndpointsConfigMap,
        namespace: Namespaces.VerrazzanoMonitoring,
      },
      data: { [FederationObjects.ThanosEndpointsKey]: toYamlDocument(state.thanosEndpoints) },
    },
  ];
}
