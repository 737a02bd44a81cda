/**
 * The agent's registration steps: whether it is still registered (D2: deregistration, once a
 * revocation is confirmed), and keeping the local registration Secret in sync with the admin's (§4.5).
 */
import type { ClusterClient } from '../port/client.js';
import { ClusterErrorReason, errorReason } from '../port/errors.js';
import type { Secret } from '../model/core.js';
import type { KubeObject } from '../model/meta.js';
import { ClusterObjectNames, Namespaces } from '../model/names.js';
import { CLUSTERS_API_VERSION, type VerrazzanoManagedCluster } from '../model/verrazzano.js';
import { deregistrationPlan } from '../registration/deregister.js';
import { REGISTRATION_KEYS } from '../registration/objects.js';
import { decode, REGISTRATION_SECRET } from './agent-secret.js';
import { dropAdmin } from './admin-connection.js';
import type { AgentContext } from './agent-state.js';
import type { IterationReport } from './agent-types.js';
import { deleteIfPresent } from './register.js';

/** D2: an answer of revocation deregisters once confirmed; until then the iteration ends, nothing deleted. */
export async function revoked(
  context: AgentContext,
  cluster: string,
  reason: string,
): Promise<IterationReport> {
  const verdict = context.revocation.suspect(cluster, context.connections);
  if (verdict.confirmed) return deregister(context, cluster, reason);
  const pending = `${reason}; deregistering if that is still so on a new connection from ${verdict.confirmAt.toISOString()} (D2)`;
  context.logger.log('warn', 'revocation suspected; nothing synced', { cluster, reason });
  return { state: 'failed', cluster, reason: pending };
}

/** D2: deletes the local agent and registration Secrets, and nothing else. */
export async function deregister(
  context: AgentContext,
  cluster: string,
  reason: string,
): Promise<IterationReport> {
  context.logger.log('warn', 'deregistering', { cluster, reason });
  dropAdmin(context);
  if (!context.options.dryRun) {
    for (const step of deregistrationPlan(cluster, [], []).managed)
      await deleteIfPresent(context.local, step);
  }
  return { state: 'deregistered', cluster, reason };
}

/**
 * The cluster's VMC, read from the API server's watch cache (`resourceVersion=0`: no etcd read,
 * once a minute per cluster). That copy may be a moment behind: a deletion timestamp only ever
 * appears, so one seen there is real; NotFound there is confirmed by a quorum read before anything
 * follows from it; and the status write based on it fails with Conflict if it was stale, and is
 * then based on a fresh read (reportVmcStatus).
 */
async function readVmc(
  admin: ClusterClient,
  cluster: string,
): Promise<VerrazzanoManagedCluster & KubeObject> {
  const key = {
    apiVersion: CLUSTERS_API_VERSION,
    kind: 'VerrazzanoManagedCluster',
    namespace: Namespaces.VerrazzanoMc,
    name: cluster,
  };
  try {
    return await admin.get<VerrazzanoManagedCluster & KubeObject>(key, { resourceVersion: '0' });
  } catch (error) {
    if (errorReason(error) !== ClusterErrorReason.NotFound) throw error;
    return admin.get<VerrazzanoManagedCluster & KubeObject>(key);
  }
}

/**
 * D2: a VMC being deleted deregisters at once; one that is gone, or a token that died with its
 * ServiceAccount, once confirmed; an unreachable admin ends the iteration (`done`). Else the VMC.
 */
export async function checkRegistration(
  context: AgentContext,
  admin: ClusterClient,
  cluster: string,
): Promise<{ done: IterationReport } | { vmc: VerrazzanoManagedCluster & KubeObject }> {
  let gone: string | undefined;
  try {
    const vmc = await readVmc(admin, cluster);
    context.revocation.clear();
    if (!vmc.metadata.deletionTimestamp) return { vmc };
  } catch (error) {
    const reason = errorReason(error);
    if (reason === ClusterErrorReason.NotFound) gone = 'the VMC no longer exists';
    else if (reason === ClusterErrorReason.Unauthorized) gone = 'the admin rejects the agent token';
    else {
      context.logger.log('error', 'admin unreachable; nothing synced', {
        cluster,
        reason,
        error: (error as Error).message,
      });
      return {
        done: {
          state: 'failed',
          cluster,
          reason: `the admin cluster is unreachable: ${(error as Error).message}`,
        },
      };
    }
  }
  return {
    done: await (gone
      ? revoked(context, cluster, gone)
      : deregister(context, cluster, 'the VMC is being deleted')),
  };
}

/** §4.5: copy the admin's registration keys (all but managed-cluster-name) into the local Secret when they differ. */
export async function syncRegistration(
  context: AgentContext,
  admin: ClusterClient,
  cluster: string,
): Promise<void> {
  const { local } = context;
  const [theirs, ours] = await Promise.all([
    // From the watch cache (no etcd read): a change reaches the local copy an iteration later at worst.
    admin.get<Secret & KubeObject>(
      {
        ...REGISTRATION_SECRET,
        namespace: Namespaces.VerrazzanoMc,
        name: ClusterObjectNames.registrationSecret(cluster),
      },
      { resourceVersion: '0' },
    ),
    local.get<Secret & KubeObject>(REGISTRATION_SECRET),
  ]);
  const keys = REGISTRATION_KEYS.filter((k) => k !== 'managed-cluster-name');
  const trimmed = (v: string | undefined) => (decode(v) ?? '').trim();
  const changed = keys.filter((k) => trimmed(theirs.data?.[k]) !== trimmed(ours.data?.[k]));
  if (changed.length === 0 || context.options.dryRun) return;
  const data = { ...ours.data };
  for (const key of changed) data[key] = theirs.data?.[key] ?? '';
  await local.replace({ ...ours, data });
  context.logger.log('info', 'registration secret synced', { keys: changed.join(',') });
}
