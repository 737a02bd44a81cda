/**
 * An admin cluster of a test file's own, for `vzmc admin` as a process (the built CLI): the
 * controller acts on every project of its cluster, so it must not meet the other files' objects.
 * It talks to the admin only, so no managed cluster runs: managed1 and managed2 exist as VMCs.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { type ClusterClient } from '../../src/index.js';
import { installCrds } from '../../src/agent-entry.js';
import { createK8sClusterClient } from '../../src/k8s.js';
import { startTestClusters, type TestClusters } from '../../src/testing.js';
import { generateCrds } from '../../src/model/crds.js';
import { REPO } from './cli-shell.js';
import { vmc } from './fleet.js';

const CLI = join(REPO, 'dist', 'cli.js');

/**
 * `vzmc admin` flags for a long-running controller in a test: one process, no Lease (its namespace
 * is not there), a free port for the probes, and a resync of an hour, so its passes are watch-driven.
 */
export const WATCH_DRIVEN_ADMIN_FLAGS: readonly string[] = [
  '--resync-period',
  '1h',
  '--no-leader-elect',
  '--health-address',
  '127.0.0.1:0',
];

/** A started admin cluster of its own, with vzmc's CRDs, `verrazzano-mc` and two VMCs. */
export interface OwnAdminCluster {
  /** The harness, to stop and start the API server. */
  readonly clusters: TestClusters;
  /** A client of the admin, as its cluster-admin. */
  readonly admin: ClusterClient;
  /** `node` arguments that run `vzmc admin` against it: `dist/cli.js admin --kubeconfig … --context … <args>`. */
  adminArgs(...args: string[]): string[];
  /** Removes the kubeconfig's temporary directory and stops the cluster. */
  stop(): Promise<void>;
}

/**
 * Starts the cluster `name` (also the prefix of the temporary directory), installs vzmc's CRDs and
 * creates the VMCs of managed1 and managed2. Needs `npm run build` first; throws when dist/cli.js is
 * missing.
 *
 * @example
 * const own = await startOwnAdminCluster('adminctl');
 * spawn(process.execPath, own.adminArgs('--once'));
 */
export async function startOwnAdminCluster(name: string): Promise<OwnAdminCluster> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const clusters = await startTestClusters({ clusters: [name] });
  const info = clusters.cluster(name);
  const dir = mkdtempSync(join(tmpdir(), `vzmc-${name}-`));
  const stop = async () => {
    rmSync(dir, { recursive: true, force: true });
    await clusters.stop();
  };
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, info.kubeconfig);
    const context = (load(info.kubeconfig) as { 'current-context': string })['current-context'];
    const admin = createK8sClusterClient({ kubeconfig: { yaml: info.kubeconfig }, name: 'admin' });
    await installCrds(admin, generateCrds());
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'verrazzano-mc' } });
    for (const cluster of ['managed1', 'managed2']) await admin.create(vmc(cluster));
    return {
      clusters,
      admin,
      adminArgs: (...args) => [CLI, 'admin', '--kubeconfig', kubeconfig, '--context', context, ...args],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
