/** The one etcd all simulated clusters share (each API server under its own key prefix). */
import { probe, pollUntil } from './probe.js';
import { logTail, type ServerProcess } from './server-process.js';

/** Where etcd listens and keeps its data. */
export interface EtcdConfig {
  readonly dataDir: string;
  readonly clientPort: number;
  readonly peerPort: number;
}

/** The client URL API servers use. */
export function etcdClientUrl(config: EtcdConfig): string {
  return `http://127.0.0.1:${config.clientPort}`;
}

/**
 * etcd's flags (those controller-runtime's envtest uses). `--data-dir` doubles as the
 * marker the PID-file check looks for, since no other etcd uses this state directory.
 */
export function etcdArgs(config: EtcdConfig): string[] {
  const client = etcdClientUrl(config);
  const peer = `http://127.0.0.1:${config.peerPort}`;
  return [
    '--name=vzmc',
    `--data-dir=${config.dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=vzmc=${peer}`,
    // Test data is disposable; skipping fsync makes writes fast on any disk.
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

/** Waits until etcd answers `/health` with `"health":"true"`. */
export async function waitForEtcd(
  server: ServerProcess,
  config: EtcdConfig,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  await pollUntil(
    async () => {
      const res = await probe(`${etcdClientUrl(config)}/health`, { timeoutMs: 3_000 });
      return res.status === 200 && /"health"\s*:\s*"true"/.test(res.body)
        ? { done: true, value: undefined }
        : { done: false, reason: `/health answered ${res.status} ${res.body.trim()}` };
    },
    {
      what: `etcd on ${etcdClientUrl(config)}`,
      timeoutMs,
      intervalMs: 100,
      abortIf: () => {
        const reason = server.exitReason();
        return reason === undefined
          ? undefined
          : `etcd ${reason}; last lines of ${logFile}:\n${logTail(logFile)}`;
      },
    },
  );
}
