import { describe, expect, it } from 'vitest';
import {
  EMPTY_FEDERATION,
  federateCluster,
  federateFleet,
  federationObjects,
  parseScrapeJobs,
  parseThanosEndpoints,
  removeClusterFederation,
  type FederationFacts,
  type VerrazzanoManagedCluster,
} from '../../../src/index.js';
import { deepFreeze } from '../../support/fleet.js';

const vmc = (
  name: string,
  status: Partial<NonNullable<VerrazzanoManagedCluster['status']>> = {},
  caSecret = `ca-secret-${name}`,
): VerrazzanoManagedCluster =>
  deepFreeze({
    apiVersion: 'clusters.verrazzano.io/v1alpha1',
    kind: 'VerrazzanoManagedCluster',
    metadata: { name, namespace: 'verrazzano-mc' },
    spec: { caSecret },
    status: { state: 'Active', ...status },
  });
const facts: FederationFacts = {
  monitoringNamespaceExists: true,
  thanosEnabled: false,
  promPassword: 'pw',
  caCerts: { m1: 'PEM1', m2: '' },
};
const handWritten = { job_name: 'node-exporter', static_configs: [{ targets: ['localhost:9100'] }] };

describe('metrics federation (spec §10)', () => {
  it('M4: the exact job shape, with tls_config when the CA is known; M1: the ca-<vmc> key', () => {
    const state = federateCluster(
      vmc('m1', { prometheusHost: 'prom.m1.example.com' }),
      facts,
      EMPTY_FEDERATION,
    );
    expect(state.caCerts).toEqual({ 'ca-m1': 'PEM1' });
    expect(state.scrapeJobs).toEqual([
      {
        job_name: 'm1',
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
            replacement: 'm1',
          },
        ],
        static_configs: [{ targets: ['prom.m1.example.com'], labels: { verrazzano_cluster: 'm1' } }],
        basic_auth: { username: 'verrazzano-prom-internal', password: 'pw' },
        tls_config: {
          ca_file: '/etc/prometheus/managed-cluster-ca-certs/ca-m1',
          insecure_skip_verify: false,
        },
      },
    ]);
  });

  it('M4: a VMC without spec.caSecret (a well-known CA) still gets its job, without tls_config; M1: no CA key', () => {
    const state = federateCluster(
      vmc('m3', { prometheusHost: 'prom.m3.example.com' }, ''),
      facts,
      EMPTY_FEDERATION,
    );
    expect(state.caCerts).toEqual({});
    expect(state.scrapeJobs.map((j) => j.job_name)).toEqual(['m3']);
    expect(state.scrapeJobs[0]).not.toHaveProperty('tls_config');
    expect(state.scrapeJobs[0]).toMatchObject({
      static_configs: [{ targets: ['prom.m3.example.com'], labels: { verrazzano_cluster: 'm3' } }],
    });
  });

  it('M3: no prometheusHost → no job and no CA key (not registered yet)', () => {
    const state = federateCluster(vmc('m1'), facts, { ...EMPTY_FEDERATION, caCerts: { 'ca-m1': 'old' } });
    expect(state).toEqual({ caCerts: {}, scrapeJobs: [], thanosEndpoints: [] });
  });

  it('M2: Thanos takes precedence: an endpoint replaces the Prometheus job', () => {
    const withJob = federateCluster(vmc('m1', { prometheusHost: 'p' }), facts, EMPTY_FEDERATION);
    const thanos = federateCluster(
      vmc('m1', { prometheusHost: 'p', thanosQueryStore: 'store.m1' }),
      { ...facts, thanosEnabled: true },
      withJob,
    );
    expect(thanos.scrapeJobs).toEqual([]);
    expect(thanos.thanosEndpoints).toEqual([
      { targets: ['store.m1:443'], labels: { verrazzano_cluster: 'm1' } },
    ]);
    const moved = federateCluster(
      vmc('m1', { prometheusHost: 'p', thanosQueryStore: 'store2.m1' }),
      { ...facts, thanosEnabled: true },
      thanos,
    );
    expect(moved.thanosEndpoints).toEqual([
      { targets: ['store2.m1:443'], labels: { verrazzano_cluster: 'm1' } },
    ]);
  });

  it("registration and deregistration add and remove exactly that cluster's entries; others survive", () => {
    const existing = {
      caCerts: { 'ca-other': 'X' },
      scrapeJobs: [handWritten],
      thanosEndpoints: [{ targets: ['x:443'], labels: { verrazzano_cluster: 'other' } }],
    };
    const added = federateFleet(
      [vmc('m1', { prometheusHost: 'p1' }), vmc('m2', { prometheusHost: 'p2' })],
      facts,
      existing,
    );
    expect(added.scrapeJobs.map((j) => j.job_name)).toEqual(['node-exporter', 'm1', 'm2']);
    expect(added.scrapeJobs[2]).not.toHaveProperty('tls_config'); // m2's CA secret has no cacrt
    const removed = removeClusterFederation('m1', added);
    expect(removed.scrapeJobs.map((j) => j.job_name)).toEqual(['node-exporter', 'm2']);
    expect(removed.caCerts).toEqual({ 'ca-other': 'X' });
    expect(removed.thanosEndpoints).toEqual(existing.thanosEndpoints);
    expect(removeClusterFederation('m2', removed).scrapeJobs).toEqual([handWritten]);
  });

  it('the objects round-trip through their YAML; an unparseable endpoints file is cleared', () => {
    const state = federateFleet([vmc('m1', { prometheusHost: 'p1' })], facts, {
      ...EMPTY_FEDERATION,
      scrapeJobs: [handWritten],
    });
    const [, jobs, endpoints] = federationObjects(state);
    const text = Buffer.from(jobs.data!.jobs!, 'base64').toString('utf8');
    expect(parseScrapeJobs(text)).toEqual(state.scrapeJobs);
    expect(parseThanosEndpoints(endpoints.data!['servicediscovery.yml'])).toEqual([]);
    expect(parseThanosEndpoints('{not: [valid')).toEqual([]);
  });
});
