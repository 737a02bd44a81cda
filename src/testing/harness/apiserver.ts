/** One simulated cluster: a kube-apiserver over the shared etcd, under its own key prefix. */
import { readFile } from 'node:fs/promises';
import type { ClusterLayout } from './paths.js';
import { probe, pollUntil } from './probe.js';
import { servingChainFromBundle, type ServingChain } from './serving-cert.js';
import { logTail, type ServerProcess } from './server-process.js';

/** The service-account issuer and audience (as in Kubernetes' StartTestServerProcess). */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc';

/** What one API server needs. */
export interface ApiServerConfig {
  readonly name: string;
  readonly port: number;
  readonly etcdUrl: string;
  readonly layout: ClusterLayout;
  /** Appended last, so they can override any default. */
  readonly extraArgs?: readonly string[];
}

/**
 * kube-apiserver's flags, composed from controller-runtime's envtest and Kubernetes' own
 * integration-test servers. `--cert-dir` doubles as the PID-file marker: only this cluster of this
 * state directory uses it.
 */
export function apiServerArgs(config: ApiServerConfig): string[] {
  const { layout } = config;
  return [
    `--etcd-servers=${config.etcdUrl}`,
    // One etcd, many clusters: each keeps its objects under its own prefix.
    `--etcd-prefix=/${config.name}/registry`,
    `--secure-port=${config.port}`,
    '--bind-address=127.0.0.1',
    // Mandatory on a host without a default route (controller-runtime#1749).
    '--advertise-address=127.0.0.1',
    `--cert-dir=${layout.certDir}`,
    '--authorization-mode=RBAC',
    `--token-auth-file=${layout.tokenFile}`,
    `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
    `--service-account-key-file=${layout.serviceAccountKey}`,
    `--service-account-signing-key-file=${layout.serviceAccountKey}`,
    `--api-audiences=${SERVICE_ACCOUNT_ISSUER}`,
    // Allocation only: nothing routes service traffic here.
    '--service-cluster-ip-range=10.0.0.0/24',
    // No controller-manager runs to create the default ServiceAccount the plugin would demand.
    '--disable-admission-plugins=ServiceAccount',
    // 127.0.0.1 is not a valid Endpoint address.
    '--endpoint-reconciler-type=none',
    '--allow-privileged=true',
    ...(config.extraArgs ?? []),
  ];
}

/** The marker argument for an API server's PID file. */
export function apiServerMarker(layout: ClusterLayout): string {
  return `--cert-dir=${layout.certDir}`;
}

/** Options for {@link waitForApiServer}. */
export interface WaitForApiServerOptions {
  readonly server: ServerProcess;
  readonly url: string;
  readonly token: string;
  readonly layout: ClusterLayout;
  readonly timeoutMs: number;
}

/**
 * Waits until the API server is ready, with TLS verification on from the first request: its
 * self-signed serving bundle exists and covers 127.0.0.1, `/readyz` answers 200 to the admin token,
 * and the `default` and `kube-system` namespaces exist. Resolves with the serving chain.
 */
export async function waitForApiServer(options: WaitForApiServerOptions): Promise<ServingChain> {
  const { server, url, token, layout } = options;
  const abortIf = () => {
    const reason = server.exitReason();
    return reason === undefined
      ? undefined
      : `kube-apiserver ${reason}; last lines of ${layout.log}:\n${logTail(layout.log)}`;
  };
  const deadline = Date.now() + options.timeoutMs;
  const common = {
    get timeoutMs() {
      return Math.max(0, deadline - Date.now());
    },
    abortIf,
    intervalMs: 200,
  };
  const chain = await pollUntil<ServingChain>(
    async () => {
      let bundle: string;
      try {
        bundle = await readFile(layout.servingCert, 'utf8');
      } catch {
        return { done: false, reason: `${layout.servingCert} does not exist yet` };
      }
      return { done: true, value: servingChainFromBundle(bundle, '127.0.0.1') };
    },
    { ...common, what: `the serving certificate of ${url}` },
  );
  await pollUntil(
    async () => {
      const res = await probe(`${url}/readyz`, { caPem: chain.caPem, token, timeoutMs: 5_000 });
      return res.status === 200
        ? { done: true, value: undefined }
        : { done: false, reason: `/readyz answered ${res.status}: ${res.body.trim().slice(-300)}` };
    },
    { ...common, what: `${url}/readyz` },
  );
  for (const namespace of ['default', 'kube-system']) {
    await pollUntil(
      async () => {
        const res = await probe(`${url}/api/v1/namespaces/${namespace}`, {
          caPem: chain.caPem,
          token,
          timeoutMs: 5_000,
        });
        return res.status === 200
          ? { done: true, value: undefined }
          : { done: false, reason: `namespace ${namespace}: HTTP ${res.status}` };
      },
      { ...common, what: `namespace ${namespace} on ${url}` },
    );
  }
  return chain;
}

/** True when an API server's log (from `offset` on) shows it lost the race for its port to another process. */
export async function lostPortRace(logFile: string, offset = 0): Promise<boolean> {
  try {
    return /address already in use/.test((await readFile(logFile)).subarray(offset).toString('utf8'));
  } catch {
    return false;
  }
}
