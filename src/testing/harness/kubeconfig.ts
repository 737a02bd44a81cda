/** Kubeconfig files for the simulated clusters: token auth, CA data, TLS verification on. */
import { toYamlDocument } from '../../types/serialize.js';

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
