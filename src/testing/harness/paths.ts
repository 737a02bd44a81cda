/**
 * Where the harness keeps things. The cache (wrapper modules and built binaries, keyed by version)
 * outlives runs; a state directory belongs to one set of running clusters.
 */
import { join, resolve } from 'node:path';

/** The default cache directory: `$VZMC_CACHE_DIR`, else `<cwd>/.cache/vzmc` (gitignored). */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env['VZMC_CACHE_DIR'];
  return resolve(fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(process.cwd(), '.cache', 'vzmc'));
}

/** The state directory `vzmc test-clusters up/down` use by default: `<cache>/state/cli`. */
export function defaultCliStateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(defaultCacheDir(env), 'state', 'cli');
}

/** The layout of a state directory. */
export interface StateLayout {
  readonly root: string;
  /** Serialisable facts about the running clusters (see `TestClustersState`). */
  readonly stateFile: string;
  /** One `<role>.pid.json` per running process. */
  readonly pidDir: string;
  readonly etcdDataDir: string;
  readonly etcdLog: string;
  /** Per cluster: cert dir, token file, service-account key, kubeconfig and log. */
  cluster(name: string): ClusterLayout;
}

/** The files of one simulated cluster. */
export interface ClusterLayout {
  readonly dir: string;
  /** `--cert-dir`: the API server writes its self-signed `apiserver.crt` here and reuses it on restart. */
  readonly certDir: string;
  readonly servingCert: string;
  readonly tokenFile: string;
  readonly serviceAccountKey: string;
  readonly kubeconfig: string;
  readonly log: string;
}

/** The layout of the state directory at `root`. */
export function stateLayout(root: string): StateLayout {
  const abs = resolve(root);
  return {
    root: abs,
    stateFile: join(abs, 'state.json'),
    pidDir: join(abs, 'pids'),
    etcdDataDir: join(abs, 'etcd', 'data'),
    etcdLog: join(abs, 'etcd', 'etcd.log'),
    cluster(name) {
      const dir = join(abs, 'clusters', name);
      return {
        dir,
        certDir: join(dir, 'certs'),
        servingCert: join(dir, 'certs', 'apiserver.crt'),
        tokenFile: join(dir, 'tokens.csv'),
        serviceAccountKey: join(dir, 'service-account.key'),
        kubeconfig: join(dir, 'kubeconfig'),
        log: join(dir, 'kube-apiserver.log'),
      };
    },
  };
}
