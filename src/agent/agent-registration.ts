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
    const vmc = await admin.get<VerrazzanoManagedCluster & KubeObject>({
      apiVersion: CLUSTERS_API_VERSION,
      kind: 'VerrazzanoManagedCluster',
      namespace: Namespaces.VerrazzanoMc,
      name: cluster,
    });
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
    admin.get<Secret & KubeObject>({
      ...REGISTRATION_SECRET,
      namespace: Namespaces.VerrazzanoMc,
      name: ClusterObjectNames.registrationSecret(cluster),
    }),
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
