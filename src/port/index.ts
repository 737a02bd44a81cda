/**
 * The port: what vzmc needs from a Kubernetes cluster ({@link ClusterClient}) and the errors a
 * cluster answers with ({@link ClusterError}). Types and pure error classes only, no I/O: the core
 * may name them, the adapters (memory, k8s) implement them, the agent and the use cases call them.
 */
export type {
  ApplyOptions,
  ClusterClient,
  DeleteOptions,
  GetOptions,
  ListOptions,
  ObjectKey,
  ObjectList,
  TokenRequestOptions,
  WatchEvent,
  WatchHandle,
  WatchOptions,
  WriteOptions,
} from './client.js';
export {
  ClusterError,
  ClusterErrorReason,
  errorReason,
  isClusterError,
  isRetryable,
  type ClusterErrorCause,
  type ClusterErrorInit,
} from './errors.js';
