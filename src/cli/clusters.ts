/** Cluster connections for the commands that talk to real clusters: one kubeconfig, any context. */
import { KubeConfig } from '@kubernetes/client-node';
import { createK8sClusterClient, type K8sClusterClient } from '../k8s.js';

/** Options shared by the commands that connect to clusters. */
export interface ConnectOptions {
  readonly kubeconfig?: string;
}

/** A client for a context of the given (or default) kubeconfig. */
export function clientFor(
  context: string | undefined,
  options: ConnectOptions,
  name?: string,
): K8sClusterClient {
  return createK8sClusterClient({
    ...(options.kubeconfig ? { kubeconfig: { file: options.kubeconfig } } : {}),
    ...(context ? { context } : {}),
    ...(name ? { name } : context ? { name: context } : {}),
  });
}

/** The CA bundle (PEM) of a context's cluster, from the kubeconfig; `''` when it has none. */
export function contextCa(context: string | undefined, options: ConnectOptions): string {
  const kc = new KubeConfig();
  if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
  else kc.loadFromDefault();
  if (context) kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  if (cluster?.caData) return Buffer.from(cluster.caData, 'base64').toString('utf8');
  return '';
}
