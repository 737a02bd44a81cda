import { readManifestSources, type ReadLimits } from '../../adapters/files.js';
import { readAgentSecret } from '../../agent/agent.js';
import { readAdminSnapshot, readAgentView, readLocalSnapshot } from '../../agent/snapshots.js';
import { placedNamespaces, unreadableNamespaces } from '../../agent/unreadable.js';
import type { Secret } from '../../model/core.js';
import type { KubeObject } from '../../model/meta.js';
import { ManagedClusterNames, Namespaces } from '../../model/names.js';
import type { K8sClusterClient } from '../../adapters/k8s/options.js';
import { formatPlan, planState, redactPlan } from '../../sync-plan/format.js';
import { adminSnapshotFromObjects, localSnapshotFromObjects } from '../../sync-plan/from-objects.js';
import { DEFAULT_DELETE_WINDOW, limitDeletesInWindow } from '../../sync-plan/delete-window.js';
import { noManagedFieldsWarning, planSync } from '../../sync-plan/plan.js';
import { type SyncPlan } from '../../sync-plan/types.js';
import type { Snapshot } from '../../sync-plan/snapshot.js';
import { Severity, formatIssue } from '../../model/index.js';
import { loadSources } from '../../manifest/index.js';
import { inputLimits } from '../support/input-limit.js';
import { CliError, ExitCode, useColor, type CliIo, type CommandContext } from '../shared/io.js';
import { dataDocument, inNamespace } from '../support/print.js';

interface PlanOptions {
  readonly cluster: string;
  readonly admin?: string[];
  readonly adminContext?: string;
  readonly asAgent?: boolean;
  readonly allowInsecureAdmin?: boolean;
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
  readonly maxInputBytes?: string;
}

async function objectsFrom(paths: readonly string[], io: CliIo, limits: ReadLimits) {
  const loaded = loadSources(await readManifestSources(paths, io.stdin, limits));
  const errors = loaded.issues.filter((i) => i.severity === Severity.Error);
  if (errors.length > 0) {
    for (const issue of errors) io.stderr.write(`${formatIssue(issue)}\n`);
    throw new CliError(`cannot read ${paths.join(', ')}: ${errors.length} error(s)`, ExitCode.Invalid);
  }
  return loaded.objects.map((o) => o.object);
}

/**
 * `-n`: the actions, unreadable lists and warnings of one namespace; the guard's numbers stay the
 * whole plan's.
 */
export function planInNamespace(plan: SyncPlan, namespace: string | undefined): SyncPlan {
  if (namespace === undefined) return plan;
  const inside = inNamespace(namespace);
  const wanted = (o: { kind: string; name: string; namespace: string }) =>
    inside({ kind: o.kind, metadata: { name: o.name, namespace: o.namespace } });
  const { warnings, ...rest } = plan;
  // The only warning names objects without managedFields: rebuilt for those in the namespace.
  const warning = noManagedFieldsWarning(warnings?.flatMap((w) => w.objects.filter(wanted)) ?? []);
  return {
    ...rest,
    actions: plan.actions.filter(wanted),
    unknown: plan.unknown.filter((u) => u.namespace === namespace || u.namespace === '*'),
    ...(warning ? { warnings: [warning] } : {}),
  };
}

/** The user name a kubeconfig context authenticates as (its `user` entry's name). */
async function contextUser(context: string | undefined, options: PlanOptions): Promise<string> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { loadKubeconfigFile } = await import('../../adapters/k8s/kubeconfig.js');
  const kc = new KubeConfig();
  if (options.kubeconfig) loadKubeconfigFile(kc, options.kubeconfig);
  else kc.loadFromDefault();
  const name = context ?? kc.getCurrentContext();
  return kc.getContextObject(name)?.user ?? '(unknown user)';
}

/**
 * The admin client the agent of the cluster would use: the `admin-kubeconfig` of the managed
 * cluster's agent Secret, reduced to its server, CA and token, so no exec plugin or auth provider
 * in it ever runs (the kubeconfig is data).
 */
async function agentAdminClient(
  local: K8sClusterClient,
  cluster: string,
  allowInsecure: boolean,
  onInsecureTls: (warning: string) => void,
): Promise<K8sClusterClient> {
  const secret = await local.get<Secret & KubeObject>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: Namespaces.VerrazzanoSystem,
    name: ManagedClusterNames.AgentSecret,
  });
  const agent = readAgentSecret(secret, { allowInsecure });
  if ('error' in agent) throw new CliError(agent.error, ExitCode.Invalid);
  if (agent.cluster !== cluster)
    throw new CliError(`the agent Secret names cluster "${agent.cluster}", not "${cluster}"`);
  const { createK8sClusterClient } = await import('../../adapters/k8s/client.js');
  // readAgentSecret rebuilt the kubeconfig from its server, CA data and token: it is data only.
  return createK8sClusterClient({
    kubeconfig: { yaml: agent.kubeconfig },
    name: 'admin',
    onInsecureTls,
  });
}

/** Both sides, and whose view of the admin they show (`undefined` when the admin came from files). */
interface Sides {
  readonly admin: Snapshot;
  readonly local: Snapshot;
  readonly view?: string;
}

/** Reads both sides, from files or clusters, and closes the clients it opened. */
async function snapshots(options: PlanOptions, io: CliIo): Promise<Sides> {
  const context = options.context ?? options.localContext;
  const adminSources = [options.admin, options.adminContext, options.asAgent].filter((s) => s !== undefined);
  if (adminSources.length > 1) throw new CliError('give one of --admin, --admin-context and --as-agent');
  if (adminSources.length === 0)
    throw new CliError("give the admin's state: --admin DIR or --admin-context CONTEXT");
  if (options.local && context !== undefined) throw new CliError('give one of --local and --context');
  if (options.local && options.asAgent)
    throw new CliError('--as-agent reads the agent Secret from the cluster: give --context, not --local');
  const clients: K8sClusterClient[] = [];
  // The Kubernetes client loads only when a side is read from a cluster.
  const onInsecureTls = (warning: string) => io.stderr.write(`vzmc: ${warning}\n`);
  const connect = async (name: string | undefined) => {
    const client = (await import('../support/clusters.js')).clientFor(name, options, undefined, {
      onInsecureTls,
    });
    clients.push(client);
    return client;
  };
  try {
    if (options.asAgent) {
      const localClient = await connect(context);
      const local = await readLocalSnapshot(localClient);
      const adminClient = await agentAdminClient(
        localClient,
        options.cluster,
        options.allowInsecureAdmin ?? false,
        onInsecureTls,
      );
      clients.push(adminClient);
      const admin = await readAgentView(adminClient, options.cluster, local);
      const from = context ?? options.cluster;
      const view = `admin as the agent of ${options.cluster} (token from ${from}'s ${Namespaces.VerrazzanoSystem}/${ManagedClusterNames.AgentSecret})`;
      return { admin, local, view };
    }
    const local = options.local
      ? localSnapshotFromObjects(await objectsFrom(options.local, io, inputLimits(options.maxInputBytes, io)))
      : await readLocalSnapshot(await connect(context));
    if (options.admin)
      return {
        admin: adminSnapshotFromObjects(
          await objectsFrom(options.admin, io, inputLimits(options.maxInputBytes, io)),
        ),
        local,
      };
    const admin = await readAdminSnapshot(await connect(options.adminContext), options.cluster, local);
    const view = `admin as ${await contextUser(options.adminContext, options)} (user of context ${options.adminContext ?? '(current)'})`;
    return { admin, local, view };
  } finally {
    for (const client of clients) client.close();
  }
}

async function plan({ io, setExit }: CommandContext, options: PlanOptions): Promise<void> {
  const fraction = Number(options.maxDeleteFraction);
  if (!(fraction >= 0 && fraction <= 1)) throw new CliError('--max-delete-fraction must be between 0 and 1');
  const { admin, local, view } = await snapshots(options, io);
  const planned = planSync(options.cluster, admin, local, { now: new Date(), maxDeleteFraction: fraction });
  // As the agent's first iteration would: the window's budget, with nothing deleted yet.
  const whole = limitDeletesInWindow(planned, 0, DEFAULT_DELETE_WINDOW);
  const shown = planInNamespace(whole, options.namespace);
  const unreadable = unreadableNamespaces(
    options.cluster,
    shown.unknown,
    placedNamespaces(options.cluster, admin),
  );
  if (options.output === 'text') {
    if (view !== undefined) io.stdout.write(`view: ${view}\n`);
    for (const u of unreadable) io.stdout.write(`unreadable: ${u.message}\n`);
    io.stdout.write(formatPlan(shown, { live: local, color: useColor(io, options.color) }));
  } else {
    // As kubectl's warnings: on stderr too, so a pipe into jq does not hide them.
    for (const w of shown.warnings ?? []) io.stderr.write(`vzmc: warning: ${w.message}\n`);
    const body = options.showSecrets ? shown : redactPlan(shown);
    const state = planState(shown);
    const document = view === undefined ? { state, ...body } : { state, view, unreadable, ...body };
    io.stdout.write(dataDocument(document, options.output));
  }
  setExit(planExit(shown, options.exitCode ?? false));
}

/**
 * The exit code: 2 when a list failed, so the plan is unknown (as `kubectl diff` on an error),
 * with or without --exit-code; with it, 1 for actions, 2 for none when the plan is unverified (it
 * cannot say there are no differences) and 0 for none.
 */
export function planExit(plan: SyncPlan, exitCode: boolean): ExitCode {
  const state = planState(plan);
  if (state === 'unknown') return ExitCode.Usage;
  if (!exitCode) return ExitCode.Ok;
  if (state === 'unverified') return ExitCode.Usage;
  return state === 'pending' ? ExitCode.Invalid : ExitCode.Ok;
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
