import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_FEDERATION,
  federateFleet,
  removeClusterFederation,
  toYamlDocument,
  type FederationFacts,
  type VerrazzanoManagedCluster,
} from '../../src/index.js';
import { ensurePromtool } from '../support/promtool.js';

const vmc = (name: string): VerrazzanoManagedCluster => ({
  apiVersion: 'clusters.verrazzano.io/v1alpha1',
  kind: 'VerrazzanoManagedCluster',
  metadata: { name, namespace: 'verrazzano-mc' },
  spec: { caSecret: `ca-secret-${name}` },
  status: { state: 'Active', prometheusHost: `prometheus.${name}.example.com` },
});

const facts: FederationFacts = {
  monitoringNamespaceExists: true,
  thanosEnabled: false,
  promPassword: 's3cret',
  caCerts: { managed1: 'PEM', managed2: 'PEM' },
};
const handWritten = {
  job_name: 'hand-written',
  scrape_interval: '30s',
  static_configs: [{ targets: ['localhost:9090'] }],
};

describe('M4: generated scrape jobs in a real prometheus.yml (promtool check config)', () => {
  const promtool = ensurePromtool();
  const dir = mkdtempSync(join(tmpdir(), 'vzmc-prom-'));
  // The CA files the jobs point at must exist for promtool; Prometheus mounts them from managed-cluster-ca-certs.
  const check = (jobs: readonly Record<string, unknown>[]) => {
    const config = {
      global: { scrape_interval: '15s' },
      scrape_configs: jobs.map((j): unknown =>
        JSON.parse(JSON.stringify(j).replaceAll('/etc/prometheus/managed-cluster-ca-certs/', `${dir}/`)),
      ),
    };
    const file = join(dir, 'prometheus.yml');
    writeFileSync(file, toYamlDocument(config));
    return execFileSync(promtool, ['check', 'config', file], { encoding: 'utf8' });
  };
  writeFileSync(join(dir, 'ca-managed1'), 'PEM');
  writeFileSync(join(dir, 'ca-managed2'), 'PEM');

  it('accepts the merged configuration, and the hand-written job survives registration and deregistration unchanged', () => {
    const registered = federateFleet([vmc('managed1'), vmc('managed2')], facts, {
      ...EMPTY_FEDERATION,
      scrapeJobs: [handWritten],
    });
    expect(check(registered.scrapeJobs)).toContain('SUCCESS');
    expect(registered.scrapeJobs[0]).toEqual(handWritten);
    const deregistered = removeClusterFederation('managed2', removeClusterFederation('managed1', registered));
    expect(deregistered.scrapeJobs).toEqual([handWritten]);
    expect(check(deregistered.scrapeJobs)).toContain('SUCCESS');
  });
});
