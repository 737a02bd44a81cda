/** The two places the demo runs: three in-memory clusters, or three real API servers from the harness. */
import { createMemoryCluster, manualClock } from '../../adapters/memory/index.js';
import { installCrds } from '../../install/crds.js';
import { createK8sClusterClient } from '../../adapters/k8s/client.js';
import { parseAgentKubeconfig } from '../../registration/objects.js';
import { generateCrds } from '../../model/crds.js';
import { loadHarness } from '../support/harness.js';
import type { DemoEnvironment } from './session.js';

/** Three in-memory clusters on one manual clock. */
export function memoryEnvironment(): DemoEnvironment {
  const clock = manualClock(new Date('2026-11-27T10:00:00Z'));
  const admin = createMemoryCluster({ name: 'admin', clock });
  const managed1 = createMemoryCluster({ name: 'managed1', clock });
  const managed2 = createMemoryCluster({ name: 'managed2', clock });
  return {
    description: 'in memory',
    admin: admin.client(),
    managed: { managed1: managed1.client(), managed2: managed2.client() },
    adminServer: 'https://admin.vzmc.invalid:6443',
    adminCaBundle: '',
    connectAdmin: (kubeconfig) => admin.client({ token: parseAgentKubeconfig(kubeconfig).token }),
    now: () => clock(),
    advance: (seconds) => {
      clock.advance(seconds);
    },
    pause: (seconds) => {
      clock.advance(seconds);
      return Promise.resolve();
    },
  };
}

/** Three real API servers (built and started by the harness), with vzmc's CRDs installed. */
export async function realEnvironment(
  log: (line: string) => void,
): Promise<{ env: DemoEnvironment; stop: () => Promise<void> }> {
  const { defaultCliStateDir, startTestClusters } = await loadHarness();
  const clusters = await startTestClusters({
    clusters: ['admin', 'managed1', 'managed2'],
    stateDir: `${defaultCliStateDir()}-demo`,
    log,
  });
  try {
    const client = (name: string) =>
      createK8sClusterClient({ kubeconfig: { yaml: clusters.cluster(name).kubeconfig }, name });
    const admin = client('admin');
    const managed = { managed1: client('managed1'), managed2: client('managed2') };
    for (const c of [admin, managed.managed1, managed.managed2]) await installCrds(c, generateCrds());
    return {
      env: {
        description: 'real API servers',
        admin,
        managed,
        adminServer: clusters.cluster('admin').server,
        adminCaBundle: clusters.cluster('admin').caPem,
        connectAdmin: (kubeconfig) =>
          createK8sClusterClient({ kubeconfig: { yaml: kubeconfig }, name: 'admin (agent)' }),
        now: () => new Date(),
        advance: () => undefined,
        pause: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
      },
      stop: () => clusters.stop(),
    };
  } catch (error) {
    await clusters.stop();
    throw error;
  }
}
