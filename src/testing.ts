/**
 * vzmc/testing: the real-cluster harness (etcd and kube-apiservers built from the official Go
 * modules, started on 127.0.0.1) and the ClusterClient contract suite.
 *
 * @packageDocumentation
 */
export * from './testing/harness/index.js';
export * from './testing/contract.js';
