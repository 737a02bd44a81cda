/**
 * Cluster connections for the commands that talk to real clusters, with kubectl's conventions:
 * `--kubeconfig` (else $KUBECONFIG, ~/.kube/config, in-cluster) and `--context` (else the current
 * context).
 */
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { loadKubeconfigFile } from '../../adapters/k8s/kubeconfig.js';
import { createK8sClusterClient } from '../../adapters/k8s/client.js';
import type { K8sClusterClient, K8sClusterClientOptions } from '../../adapters/k8s/options.js';
import { CliError } from '../shared/io.js';

/** The kubeconfig option shared by the commands that connect to clusters. */
export interface ConnectOptions {
  readonly kubeconfig?: string;
}

/**
 * A client for a context of the given (or default) kubeconfig; `extra.onRequest` counts its requests,
 * `extra.onInsecureTls` hears once that the context weakens TLS (insecure-skip-tls-verify, no CA).
 */
export function clientFor(
  context: string | undefined,
  options: ConnectOptions,
  name?: string,
  extra: Pick<K8sClusterClientOptions, 'onRequest' | 'onInsecureTls'> = {},
): K8sClusterClient {
  return createK8sClusterClient({
    ...extra,
    ...(options.kubeconfig ? { kubeconfig: { file: options.kubeconfig } } : {}),
    ...(context ? { context } : {}),
    ...(name ? { name } : context ? { name: context } : {}),
  });
}

/** The server URL and CA bundle (PEM, `''` when none) of a context's cluster in the kubeconfig. */
export function contextCluster(
  context: string | undefined,
  options: ConnectOptions,
): { readonly server: string; readonly caPem: string } {
  const kc = new KubeConfig();
  if (options.kubeconfig) loadKubeconfigFile(kc, options.kubeconfig);
  else kc.loadFromDefault();
  if (context) {
    if (!kc.getContextObject(context)) throw new CliError(`context "${context}" not found in the kubeconfig`);
    kc.setCurrentContext(context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new CliError('the kubeconfig has no current context; pass --context');
  let caPem = '';
  if (cluster.caData) caPem = Buffer.from(cluster.caData, 'base64').toString('utf8');
  else if (cluster.caFile) caPem = readFileSync(cluster.caFile, 'utf8');
  return { server: cluster.server, caPem };
}
