/**
 * B1 on a real API server: Verrazzano's comma-joined label value is rejected, vzmc's annotation is
 * accepted, for a Secret shared by two app configs.
 */
import { describe, expect, inject, it } from 'vitest';
import { copySecret, type KubeObject, type Secret } from '../../src/index.js';
import { createK8sClusterClient } from '../../src/k8s.js';

describe('B1 fixed, on a real API server', () => {
  const cluster = inject('vzmcTestClusters').clusters.find((c) => c.name === 'managed2')!;
  const client = createK8sClusterClient({ kubeconfig: { yaml: cluster.kubeconfig }, name: 'managed2' });
  const namespace = `b1-${Date.now().toString(36)}`;
  const source: Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'shared', namespace },
    type: 'Opaque',
    data: { k: 'dg==' },
  };

  it('accepts the Secret shared by two app configs, recording both in an annotation', async () => {
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    const copy = copySecret(source, 'managed2', ['app-b', 'app-a']) as KubeObject;
    const stored = await client.apply(copy, { fieldManager: 'vzmc' });
    expect(stored.metadata.annotations?.['verrazzano.io/mc-app-configs']).toBe('app-a,app-b');
    expect(stored.metadata.labels?.['verrazzano.io/managed-cluster']).toBe('managed2');
  });

  it("rejects Verrazzano's comma-joined label value as Invalid, naming the field", async () => {
    const faithful = {
      ...source,
      metadata: { name: 'faithful', namespace, labels: { 'verrazzano.io/mc-app-configs': 'app-a,app-b' } },
    } as KubeObject;
    await expect(client.create(faithful)).rejects.toMatchObject({
      reason: 'Invalid',
      causes: [expect.objectContaining({ field: 'metadata.labels' })],
    });
  });
});
