import { describe, expect, it } from 'vitest';
import { readClusterFacts } from '../../../src/agent-entry.js';
import { createMemoryCluster } from '../../../src/memory.js';

describe('readClusterFacts (§4.6)', () => {
  it('B22: an Ingress without rules counts as absent instead of crashing; hosts come from rules[0]', async () => {
    const cluster = createMemoryCluster({ name: 'm', serverVersion: 'v1.34.4' });
    cluster.installKind({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      plural: 'ingresses',
      namespaced: true,
    });
    const client = cluster.client();
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'verrazzano-system' } });
    await client.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'verrazzano-ingress', namespace: 'verrazzano-system' },
      spec: {},
    });
    await client.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'vmi-system-prometheus', namespace: 'verrazzano-system' },
      spec: { rules: [{ host: 'prometheus.m.example.com' }] },
    });
    expect(await readClusterFacts(client)).toEqual({
      ingressHosts: { prometheus: 'prometheus.m.example.com' },
      kubernetesVersion: 'v1.34.4',
      verrazzanoVersion: '',
    });
  });
});
