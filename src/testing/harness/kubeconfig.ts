/** Kubeconfig files for the simulated clusters: token auth, CA data, TLS verification on. */
import { toYamlDocument } from '../../manifest/serialize.js';

/** What a kubeconfig needs. */
export interface KubeconfigInput {
  /** Cluster and context name. */
  readonly clusterName: string;
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
  /** The user entry's name. Default `<clusterName>-user`. */
  readonly user?: string;
}

/**
 * A kubeconfig (YAML) with one cluster, user and context, trusting `caPem` and authenticating
 * with a bearer token.
 *
 * @example
 * renderKubeconfig({ clusterName: 'admin', server: 'https://127.0.0.1:40123', caPem, token })
 */
export function renderKubeconfig(input: KubeconfigInput): string {
  const user = input.user ?? `${input.clusterName}-user`;
  return toYamlDocument({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: input.clusterName,
        cluster: {
          server: input.server,
          'certificate-authority-data': Buffer.from(input.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: user, user: { token: input.token } }],
    contexts: [{ name: input.clusterName, context: { cluster: input.clusterName, user } }],
    'current-context': input.clusterName,
    preferences: {},
  });
}

/**
 * One kubeconfig (YAML) holding every cluster of `inputs`, each as a context named after it, as
 * `kubectl config view --flatten` of the single-cluster files would give. The current context is the
 * first cluster.
 *
 * @example
 * renderMergedKubeconfig([admin, managed1, managed2]) // contexts admin, managed1, managed2
 */
export function renderMergedKubeconfig(inputs: readonly KubeconfigInput[]): string {
  const user = (input: KubeconfigInput) => input.user ?? `${input.clusterName}-user`;
  return toYamlDocument({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: inputs.map((input) => ({
      name: input.clusterName,
      cluster: {
        server: input.server,
        'certificate-authority-data': Buffer.from(input.caPem).toString('base64'),
      },
    })),
    users: inputs.map((input) => ({ name: user(input), user: { token: input.token } })),
    contexts: inputs.map((input) => ({
      name: input.clusterName,
      context: { cluster: input.clusterName, user: user(input) },
    })),
    'current-context': inputs[0]?.clusterName ?? '',
    preferences: {},
  });
}
