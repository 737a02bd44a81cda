/**
 * How a managed cluster reports back (§4.6). Pure: the clock and the cluster's facts come in as
 * arguments. The VMC state that follows (§5.6) is status algebra: `vmcState` in src/status.
 */
import { rfc3339 } from '../status/index.js';
import type { VerrazzanoManagedClusterStatus } from '../model/verrazzano.js';

/** What the agent knows about its own cluster. */
export interface ClusterReportFacts {
  /**
   * The first rule's host of each Ingress the report reads, or `undefined` when the Ingress is
   * absent. An Ingress without rules counts as absent (Verrazzano indexes `rules[0]` unchecked, B22).
   */
  readonly ingressHosts: {
    /** `verrazzano-system/verrazzano-ingress` → `apiUrl`. */
    readonly verrazzanoIngress?: string;
    /** `verrazzano-system/vmi-system-prometheus` → `prometheusHost`. */
    readonly prometheus?: string;
    /** `verrazzano-system/thanos-query-store` → `thanosQueryStore`. */
    readonly thanosQueryStore?: string;
  };
  /** The discovery server version, e.g. `v1.34.4`. */
  readonly kubernetesVersion: string;
  /** `status.version` of the single Verrazzano CR; `''` when there is none. */
  readonly verrazzanoVersion?: string;
}

/** Formats a metav1.Time: RFC 3339, second precision. */
export const metav1Time = rfc3339;

/**
 * The VMC status after an agent report (§4.6): `lastAgentConnectTime = now`; `apiUrl` from the
 * Verrazzano ingress (else `''`); `prometheusHost` only when non-empty (never cleared);
 * `thanosQueryStore` (cleared when absent); the Kubernetes and Verrazzano versions. Other status
 * fields are kept, as the agent starts from the VMC it just read.
 *
 * @example
 * agentReport(vmc.status, { ingressHosts: { verrazzanoIngress: 'v.example.com' }, kubernetesVersion: 'v1.34.4' }, now)
 * //=> { …vmc.status, lastAgentConnectTime: '2026-11-27T10:00:00Z', apiUrl: 'https://v.example.com', thanosQueryStore: '', kubernetes: { version: 'v1.34.4' }, verrazzano: { version: '' } }
 */
export function agentReport(
  status: VerrazzanoManagedClusterStatus | undefined,
  facts: ClusterReportFacts,
  now: Date,
): VerrazzanoManagedClusterStatus {
  const host = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const next: VerrazzanoManagedClusterStatus = {
    ...(status ?? { state: '' }),
    lastAgentConnectTime: metav1Time(now),
    apiUrl: host(facts.ingressHosts.verrazzanoIngress)
      ? `https://${facts.ingressHosts.verrazzanoIngress ?? ''}`
      : '',
    thanosQueryStore: host(facts.ingressHosts.thanosQueryStore) ?? '',
    kubernetes: { version: facts.kubernetesVersion },
    verrazzano: { version: facts.verrazzanoVersion ?? '' },
  };
  const prometheus = host(facts.ingressHosts.prometheus);
  if (prometheus) next.prometheusHost = prometheus;
  return next;
}
