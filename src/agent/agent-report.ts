/**
 * The agent's report back to the admin: the VMC status of §4.6 (with the state of §5.6 for the
 * iteration report), and under the secure wiring the cluster's report ConfigMap.
 */
import type { ClusterClient } from '../port/client.js';
import type { ConfigMap } from '../model/core.js';
import { Kind } from '../model/kinds.js';
import type { KubeObject } from '../model/meta.js';
import { Namespaces } from '../model/names.js';
import { CLUSTERS_API_VERSION, type Condition, type VerrazzanoManagedCluster } from '../model/verrazzano.js';
import { ClusterAccessNames, REPORT_KEY, clusterNamespace } from '../registration/cluster-access.js';
import { agentReport } from '../registration/report.js';
import { decodeReport, encodeReport, mergeReport, reportKey, vmcState } from '../status/index.js';
import type { FrozenNamespace } from '../sync-plan/frozen.js';
import type { Snapshot } from '../sync-plan/snapshot.js';
import type { AgentContext } from './agent-state.js';
import { readClusterFacts } from './facts.js';
import { withRetry } from './retry.js';
import { withAgentReadCondition, withFrozenCondition, type UnreadableNamespace } from './unreadable.js';

/**
 * §4.6: the VMC status, with the agent's read and frozen conditions; the state §5.6 gives after it.
 * `read` is the VMC as the iteration read it (checkRegistration): the first write is based on it,
 * with its resourceVersion, so a VMC changed since fails with Conflict and is read again; without
 * it, or on a retry, the VMC is read first. That saves the admin one read per iteration.
 */
export async function reportVmcStatus(
  context: AgentContext,
  admin: ClusterClient,
  cluster: string,
  unreadable: readonly UnreadableNamespace[],
  frozen: readonly FrozenNamespace[] = [],
  read?: VerrazzanoManagedCluster & KubeObject,
): Promise<{ written: boolean; state: string }> {
  const { options, clock, retry, sleep, random } = context;
  const facts = await (options.facts ?? readClusterFacts)(context.local);
  let state = '';
  let first = read;
  await withRetry(
    async () => {
      const vmc =
        first ??
        (await admin.get<VerrazzanoManagedCluster & KubeObject>({
          apiVersion: CLUSTERS_API_VERSION,
          kind: 'VerrazzanoManagedCluster',
          namespace: Namespaces.VerrazzanoMc,
          name: cluster,
        }));
      first = undefined;
      const now = clock();
      // The report keeps status.state as read: the admin's VMC pass is its only writer (B12), as
      // in Verrazzano (mcagent_syncer.go l.164–215 sets no state; update_status.go l.34–79 does).
      const status = agentReport(vmc.status, facts, now);
      // For the iteration report only: the state that pass computes right after this report
      // (§5.6), which reaches Active on its second evaluation.
      state = vmcState(
        now,
        status.lastAgentConnectTime,
        vmcState(now, status.lastAgentConnectTime, status.state),
      );
      const conditions = withFrozenCondition(
        withAgentReadCondition(status.conditions, unreadable, now),
        frozen,
        now,
      );
      const withConditions = conditions.length > 0 || status.conditions ? { ...status, conditions } : status;
      if (!options.dryRun) await admin.updateStatus({ ...vmc, status: withConditions });
    },
    retry,
    { sleep, random },
  );
  return { written: !options.dryRun, state };
}

/** The secure wiring's report: this iteration's conditions merged into the cluster's ConfigMap. */
export async function writeClusterReport(
  context: AgentContext,
  admin: ClusterClient,
  cluster: string,
  reported: ReadonlyMap<string, Condition>,
  adminSnapshot: Snapshot,
): Promise<void> {
  const keep = new Set(
    adminSnapshot.entries.flatMap((e) =>
      e.result.ok && e.kind !== Kind.Secret && e.kind !== Kind.Component
        ? e.result.items.map((o) => reportKey(o.kind, o.metadata.namespace ?? '', o.metadata.name ?? ''))
        : [],
    ),
  );
  await withRetry(
    async () => {
      const current = await admin.get<ConfigMap & KubeObject>({
        apiVersion: 'v1',
        kind: Kind.ConfigMap,
        namespace: clusterNamespace(cluster),
        name: ClusterAccessNames.Report,
      });
      const previous = current.data?.[REPORT_KEY];
      const next = encodeReport(mergeReport(decodeReport(previous), reported, keep));
      if (next !== previous)
        await admin.replace({ ...current, data: { ...current.data, [REPORT_KEY]: next } });
    },
    context.retry,
    { sleep: context.sleep, random: context.random },
  );
}
