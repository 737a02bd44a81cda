/** The agent Secret (§7.1, P1): where the agent finds its cluster name and its admin kubeconfig. */
import type { Secret } from '../model/core.js';
import { ManagedClusterNames, Namespaces } from '../model/names.js';
import { agentKubeconfigAsData } from '../registration/objects.js';
import { isDns1123Subdomain } from '../validation/k8s-rules.js';

/** The key of the agent Secret on the managed cluster. */
export const AGENT_SECRET = {
  apiVersion: 'v1',
  kind: 'Secret',
  namespace: Namespaces.VerrazzanoSystem,
  name: ManagedClusterNames.AgentSecret,
} as const;
/** The key of the local registration Secret (§4.5). */
export const REGISTRATION_SECRET = { ...AGENT_SECRET, name: ManagedClusterNames.RegistrationSecret } as const;

/** The warning of every connection to the admin without TLS verification (allowInsecureAdmin). */
export const INSECURE_ADMIN_WARNING =
  'INSECURE: TLS verification of the admin cluster is OFF (insecure-skip-tls-verify, allowed by --allow-insecure-admin): ' +
  'anyone on the path can impersonate the admin and take the agent token';

/** A Secret's base64 data value as text. */
export const decode = (value: string | undefined): string | undefined =>
  value === undefined
    ? undefined
    : new TextDecoder().decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));

/**
 * Validates the agent Secret (§7.1), with Verrazzano's message for a missing field (scenario 3).
 * The kubeconfig it returns is rebuilt from the stored one's server, CA data and token
 * ({@link agentKubeconfigAsData}); a stored kubeconfig with anything else (an exec plugin, a file,
 * TLS verification turned off) is an error naming the field, so no connector ever runs code or
 * loosens TLS because of what a cluster holds.
 */
export function readAgentSecret(
  secret: Secret,
  options: { readonly allowInsecure?: boolean } = {},
):
  | {
      /** `managed-cluster-name`: the cluster's name (P1). */
      cluster: string;
      /** `admin-kubeconfig` reduced to data: server, CA data and token only. */
      kubeconfig: string;
      /** It keeps `insecure-skip-tls-verify: true` (only with `options.allowInsecure`). */
      insecure: boolean;
    }
  | {
      /** Verrazzano's message for the missing field. */
      error: string;
    } {
  const data = secret.data ?? {};
  for (const field of ['managed-cluster-name', 'admin-kubeconfig']) {
    if (!data[field]) {
      return {
        error: `Agent secret validation failed: the secret named ${ManagedClusterNames.AgentSecret} in namespace ${Namespaces.VerrazzanoSystem} is missing the required field ${field}`,
      };
    }
  }
  // A cluster is named by its VMC, so a name no VMC can have (" ", "Managed 1") matches nothing: refuse it (P1).
  const cluster = decode(data['managed-cluster-name']) ?? '';
  const problems = isDns1123Subdomain(cluster);
  if (problems.length > 0) {
    return {
      error: `Agent secret validation failed: the secret named ${ManagedClusterNames.AgentSecret} in namespace ${Namespaces.VerrazzanoSystem} has managed-cluster-name ${JSON.stringify(cluster)}, which no VerrazzanoManagedCluster can be named: ${problems.join('; ')}`,
    };
  }
  // A kubeconfig stored in a cluster is data, never code: only its server, CA and token are kept.
  const kubeconfig = agentKubeconfigAsData(decode(data['admin-kubeconfig']) ?? '', options);
  if ('error' in kubeconfig) {
    return {
      error: `Agent secret validation failed: the secret named ${ManagedClusterNames.AgentSecret} in namespace ${Namespaces.VerrazzanoSystem}: ${kubeconfig.error}`,
    };
  }
  return {
    cluster,
    kubeconfig: kubeconfig.kubeconfig,
    insecure: kubeconfig.insecure,
  };
}
