import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ClusterClient } from '../../../../src/port/client.js';
import type { K8sClusterClient } from '../../../../src/k8s.js';

describe('vzmc/k8s', () => {
  it('exposes exactly its public API', async () => {
    const mod = await import('../../../../src/k8s.js');
    expect(Object.keys(mod).sort()).toEqual([
      'ADMIN_KUBECONFIG_KEY',
      'K8sDefaults',
      'createK8sClusterClient',
      'kubeconfigFromAgentSecret',
    ]);
  });

  it('returns a client with the ClusterClient methods and no client-node objects on it', async () => {
    const { createK8sClusterClient } = await import('../../../../src/k8s.js');
    const yaml = JSON.stringify({
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    });
    const client = createK8sClusterClient({ kubeconfig: { yaml } });
    expect(Object.keys(client).sort()).toEqual(
      [
        'apply',
        'close',
        'create',
        'delete',
        'get',
        'list',
        'maxConcurrency',
        'name',
        'replace',
        'requestToken',
        'serverVersion',
        'updateStatus',
        'watch',
      ].sort(),
    );
    for (const value of Object.values(client))
      expect(['function', 'string', 'number']).toContain(typeof value);
    expectTypeOf<K8sClusterClient>().toExtend<ClusterClient>();
    client.close();
  });
});
