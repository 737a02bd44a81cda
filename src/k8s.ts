/**
 * vzmc/k8s: the ClusterClient port over a real Kubernetes API server, through
 * `@kubernetes/client-node`'s `KubeConfig` for kubeconfig loading, auth plugins and TLS, with
 * static REST paths for the kinds vzmc knows, keep-alive connections, bounded concurrency and a
 * timeout on every call. Failures are `ClusterError`s (exported by `vzmc`); no client-node type
 * appears in the returned client.
 *
 * @example
 * ```ts
 * import { createK8sClusterClient, kubeconfigFromAgentSecret } from 'vzmc/k8s';
 * import { errorReason } from 'vzmc';
 *
 * const local = createK8sClusterClient({ kubeconfig: { inCluster: true }, name: 'local' });
 * try {
 *   console.log(await local.serverVersion());
 * } catch (error) {
 *   console.error(errorReason(error)); // 'Unavailable', 'Timeout', 'Unauthorized', …
 * }
 * ```
 *
 * @packageDocumentation
 * @module vzmc/k8s
 */
export { createK8sClusterClient } from './adapters/k8s/client.js';
export { K8sDefaults } from './adapters/k8s/options.js';
export type {
  K8sApplyOptions,
  K8sClusterClient,
  K8sClusterClientOptions,
  K8sRequestEvent,
} from './adapters/k8s/options.js';
export { ADMIN_KUBECONFIG_KEY, kubeconfigFromAgentSecret } from './adapters/k8s/kubeconfig.js';
export type { AgentSecretLike, K8sKubeConfigLike, K8sKubeconfigSource } from './adapters/k8s/kubeconfig.js';
