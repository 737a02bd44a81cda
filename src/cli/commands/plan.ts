import { readManifestSources } from '../../adapters/files.js';
import { readAdminSnapshot, readLocalSnapshot } from '../../agent/snapshots.js';
import type { K8sClusterClient } from '../../k8s.js';
import { formatPlan, redactPlan } from '../../sync-plan/format.js';
import { adminSnapshotFromObjects, localSnapshotFromObjects } from '../../sync-plan/from-objects.js';
import { planSync, type SyncPlan } from '../../sync-plan/plan.js';
import type { Snapshot } from '../../sync-plan/snapshot.js';
import { Severity, formatIssue, loadSources } from '../../types/index.js';
import { CliError, ExitCode, useColor, type CliIo, type CommandContext } from '../io.js';
import { dataDocument, inNamespace } from '../print.js';

interface PlanOptions {
  readonly cluster: string;
  readonly admin?: string[];
  readonly adminContext?: string;
  readonly local?: string[];
  readonly context?: string;
  readonly localContext?: string;
  readonly kubeconfig?: string;
  readonly namespace?: string;
  readonly output: 'text' | 'json' | 'yaml';
  readonly showSecrets?: boolean;
  readonly maxDeleteFraction: string;
  readonly exitCode?: boolean;
  readonly color: boolean;
}

async function objectsFrom(paths: readonly string[], io: CliIo) {
  const loaded = loadSources(await readManifestSources(paths, io.stdin));
  const errors = loaded.issues.filter((i) => i.severity === Severity.Error);
  if (errors.length > 0) {
    for (const issue of errors) io.stderr.write(`${formatIssue(issue)}\n`);
    throw new CliError(`cannot read ${paths.join(', ')}: ${errors.length} error(s)`, ExitCode.Invalid);
  }
  return loaded.objects.map((o) => o.object);
}

/** `-n`: the actions (and unreadable lists) of one namespace; the guard's numbers stay the whole plan's. */
export function planInNamespace(plan: SyncPlan, namespace: string | undefined): SyncPlan {
  if (namespace === undefined) return plan;
  const wanted = inNamespace(namespace);
  return {
    ...plan,
    actions: plan.actions.filter((a) =>
      wanted({ kind: a.kind, metadata: { name: a.name, namespace: a.namespace } }),
    ),
    unknown: plan.unknown.filter((u) => u.namespace === namespace || u.namespace === '*'),
  };
}

/** Reads both sides, from files or clusters, and closes the clients it opened. */
async function snapshots(options: PlanOptions, io: CliIo): Promise<{ admin: Snapshot; local: Snapshot }> {
  const context = options.context ?? options.localContext;
  if (options.admin && options.adminContext) throw new CliError('give one of --admin and --admin-context');
  if (!options.admin && options.adminContext === undefined)
    throw new CliError("give the admin's state: --admin DIR or --admin-context CONTEXT");
  if (options.local && context !== undefined) throw new CliError('give one of --local and --context');
  const clients: K8sClusterClient[] = [];
  // The Kubernetes client loads only when a side is read from a cluster.
  const connect = async (name: string | undefined) => {
    const client = (await import('../clusters.js')).clientFor(name, options);
    clients.push(client);
    return client;
  };
  try {
    const local = options.local
      ? localSnapshotFromObjects(await objectsFrom(options.local, io))
      : await readLocalSnapshot(await connect(context));
    const admin = options.admin
      ? adminSnapshotFromObjects(await objectsFrom(options.admin, io))
      : await readAdminSnapshot(await connect(options.adminContext), options.cluster, local);
    return { admin, local };
  } finally {
    for (const client of clients) client.close();
  }
}

async function plan({ io, setExit }: CommandContext, options: PlanOptions): Promise<void> {
  const fraction = Number(options.maxDeleteFraction);
  if (!(fraction >= 0 && fraction <= 1)) throw new CliError('--max-delete-fraction must be between 0 and 1');
  const { admin, local } = await snapshots(options, io);
  const whole = planSync(options.cluster, admin, local, { now: new Date(), maxDeleteFraction: fraction });
  const shown = planInNamespace(whole, options.namespace);
  if (options.output === 'text')
    io.stdout.write(formatPlan(shown, { live: local, color: useColor(io, options.color) }));
  else io.stdout.write(dataDocument(options.showSecrets ? shown : redactPlan(shown), options.output));
  if (options.exitCode) setExit(shown.actions.length > 0 ? ExitCode.Invalid : ExitCode.Ok);
}

/** `vzmc plan`. With --exit-code, as `kubectl diff`: errors exit 2, never 1 (which means differences). */
export async function run(context: CommandContext, options: PlanOptions): Promise<void> {
  try {
    await plan(context, options);
  } catch (error) {
    if (!options.exitCode || (error instanceof CliError && error.exitCode === ExitCode.Usage)) throw error;
    throw new CliError(error instanceof Error ? error.message : String(error), ExitCode.Usage);
  }
}
