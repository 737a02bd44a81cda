/** Spawning a server and waiting until it is ready, as one step that cleans up after itself. */
import { waitForApiServer } from './apiserver.js';
import { waitForEtcd, type EtcdConfig } from './etcd.js';
import type { ClusterLayout } from './paths.js';
import { writePidFile } from './pid-files.js';
import type { ServingChain } from './serving-cert.js';
import { spawnServer, stopServer, type ServerProcess } from './server-process.js';
import type { LaunchSpec } from './state.js';

/** The PID-file role of a cluster's API server. */
export function apiServerRole(cluster: string): string {
  return `apiserver-${cluster}`;
}

/** The PID-file role of etcd. */
export const ETCD_ROLE = 'etcd';

interface LaunchCommon {
  readonly spec: LaunchSpec;
  readonly pidDir: string;
  readonly detached: boolean;
  readonly timeoutMs: number;
}

async function launch<T>(
  role: string,
  common: LaunchCommon,
  waitReady: (server: ServerProcess) => Promise<T>,
): Promise<{ server: ServerProcess; ready: T }> {
  const server = spawnServer({ role, ...common.spec, pidDir: common.pidDir, detached: common.detached });
  try {
    const ready = await waitReady(server);
    server.record = { ...server.record, readyMs: Date.now() - server.record.startedAt };
    writePidFile(common.pidDir, server.record);
    return { server, ready };
  } catch (error) {
    await stopServer(server, common.pidDir, { signal: 'SIGKILL' }).catch(() => undefined);
    throw error;
  }
}

/** Starts etcd and waits for `/health`. */
export async function launchEtcd(
  common: LaunchCommon & { readonly config: EtcdConfig },
): Promise<ServerProcess> {
  const { server } = await launch(ETCD_ROLE, common, (s) =>
    waitForEtcd(s, common.config, common.spec.logFile, common.timeoutMs),
  );
  return server;
}

/** Starts one API server and waits until it is ready; resolves with its serving chain. */
export async function launchApiServer(
  common: LaunchCommon & {
    readonly name: string;
    readonly url: string;
    readonly token: string;
    readonly layout: ClusterLayout;
  },
): Promise<{ server: ServerProcess; chain: ServingChain }> {
  const { server, ready } = await launch(apiServerRole(common.name), common, (s) =>
    waitForApiServer({
      server: s,
      url: common.url,
      token: common.token,
      layout: common.layout,
      timeoutMs: common.timeoutMs,
    }),
  );
  return { server, chain: ready };
}
