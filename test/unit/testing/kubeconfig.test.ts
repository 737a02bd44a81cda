import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_IDENTITY,
  generateServiceAccountKey,
  tokenFileLine,
} from '../../../src/testing/harness/credentials.js';
import { renderKubeconfig } from '../../../src/testing/harness/kubeconfig.js';
import { apiServerArgs } from '../../../src/testing/harness/apiserver.js';
import { stateLayout } from '../../../src/testing/harness/paths.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('cluster credentials and kubeconfigs', () => {
  it('writes a kubeconfig that trusts the CA (verification on) and sends the token', () => {
    const config = parse(
      renderKubeconfig({
        clusterName: 'managed1',
        server: 'https://127.0.0.1:40123',
        caPem: CA,
        token: 't0k',
      }),
    );
    expect(config['current-context']).toBe('managed1');
    const cluster = config.clusters[0].cluster;
    expect(cluster.server).toBe('https://127.0.0.1:40123');
    expect(Buffer.from(cluster['certificate-authority-data'], 'base64').toString()).toBe(CA);
    expect(cluster['insecure-skip-tls-verify']).toBeUndefined();
    expect(config.users[0]).toEqual({ name: 'managed1-user', user: { token: 't0k' } });
  });

  it('puts the admin token in system:masters', () => {
    expect(tokenFileLine('s3cr3t', ADMIN_IDENTITY)).toBe('s3cr3t,vzmc-admin,vzmc-admin,"system:masters"\n');
    expect(() => tokenFileLine('a,b', ADMIN_IDENTITY)).toThrow();
  });

  it('generates an ECDSA P-256 service-account key as SEC1 PEM', () => {
    expect(generateServiceAccountKey()).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
  });

  it('gives every cluster its own etcd prefix, and always advertises 127.0.0.1', () => {
    const layout = stateLayout('/state');
    const args = apiServerArgs({
      name: 'managed2',
      port: 40000,
      etcdUrl: 'http://127.0.0.1:2379',
      layout: layout.cluster('managed2'),
    });
    expect(args).toContain('--etcd-prefix=/managed2/registry');
    expect(args).toContain('--advertise-address=127.0.0.1');
    expect(args).toContain('--cert-dir=/state/clusters/managed2/certs');
    expect(args).toContain('--service-account-key-file=/state/clusters/managed2/service-account.key');
    expect(args).toContain('--service-account-signing-key-file=/state/clusters/managed2/service-account.key');
  });
});
