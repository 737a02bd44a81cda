/**
 * The local facts an agent reports (§4.6), read through the local ClusterClient. Every read that
 * fails counts as "absent": an unreadable Ingress never stops the report, and an Ingress without
 * rules is absent instead of a crash (B22).
 */
import type { ClusterClient } from '../port/client.js';
import type { KubeObject } from '../model/meta.js';
import { Namespaces } from '../model/names.js';
import type { ClusterReportFacts } from '../registration/report.js';

async function ingressHost(local: ClusterClient, name: string): Promise<string | undefined> {
  try {
    const ingress = await local.get<KubeObject & { spec?: { rules?: { host?: string }[] } }>({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      namespace: Namespaces.VerrazzanoSystem,
      name,
    });
    const host = ingress.spec?.rules?.[0]?.host;
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
}

async function verrazzanoVersion(local: ClusterClient): Promise<string> {
  try {
    const list = await local.list<KubeObject & { status?: { version?: string } }>(
      'install.verrazzano.io/v1beta1',
      'Verrazzano',
    );
    return list.items.length === 1 ? (list.items[0]?.status?.version ?? '') : '';
  } catch {
    return '';
  }
}

/** Reads the facts of §4.6 from the local cluster. */
export async function readClusterFacts(local: ClusterClient): Promise<ClusterReportFacts> {
  const [verrazzanoIngress, prometheus, thanosQueryStore, kubernetesVersion, version] = await Promise.all([
    ingressHost(local, 'verrazzano-ingress'),
    ingressHost(local, 'vmi-system-prometheus'),
    ingressHost(local, 'thanos-query-store'),
    local.serverVersion(),
    verrazzanoVersion(local),
  ]);
  const hosts: { verrazzanoIngress?: string; prometheus?: string; thanosQueryStore?: string } = {};
  if (verrazzanoIngress) hosts.verrazzanoIngress = verrazzanoIngress;
  if (prometheus) hosts.prometheus = prometheus;
  if (thanosQueryStore) hosts.thanosQueryStore = thanosQueryStore;
  return { ingressHosts: hosts, kubernetesVersion, verrazzanoVersion: version };
}
