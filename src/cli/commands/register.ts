import type { Command } from 'commander';
import {
  adminObjectList,
  managedClusterClusterRole,
  renderRegistration,
  validateRegistration,
} from '../../registration/index.js';
import {
  CLUSTERS_API_VERSION,
  Namespaces,
  Wiring,
  type KubeObject,
  type VerrazzanoManagedCluster,
} from '../../model/index.js';
import { wiringMetadata } from '../../model/names.js';
import { loadText } from '../../manifest/index.js';
import { UnreadableInputError, readFileBounded, type ReadLimits } from '../../adapters/files.js';
import { envInputLimits } from '../support/input-limit.js';
import { CliError, ExitCode, type CommandContext } from '../shared/io.js';
import { outputWithShowSecrets } from '../shared/options.js';
import { manifests, objectTable } from '../support/print.js';

interface RegisterOptions {
  readonly adminServer?: string;
  readonly caFile?: string;
  readonly tokenFile?: string;
  readonly context?: string;
  readonly adminContext?: string;
  readonly kubeconfig?: string;
  readonly adminObjects?: boolean;
  readonly redact?: boolean;
  readonly showSecrets?: boolean;
  readonly allowInsecureHttp?: boolean;
  readonly wiring?: Wiring;
  readonly output: 'yaml' | 'json' | 'text';
}

async function readText(path: string, what: string, limits: ReadLimits): Promise<string> {
  try {
    return new TextDecoder().decode(await readFileBounded(path, limits));
  } catch (error) {
    const reason = error instanceof UnreadableInputError ? error.reason : (error as Error).message;
    throw new CliError(`cannot read the ${what} ${path}: ${reason}`);
  }
}

/**
 * Everything step 1 puts on the admin, in an order `kubectl apply` can follow on a cluster with the
 * CRDs: the namespace, the ClusterRole (wiring `verrazzano`), the VMC (with the fields the
 * controller sets, and its wiring), then the ServiceAccount, its token Secret, the access objects
 * or the RoleBinding, and the agent, registration and manifest Secrets.
 */
export function adminObjects(cluster: string, rendered: ReturnType<typeof renderRegistration>): KubeObject[] {
  const vmc: VerrazzanoManagedCluster = {
    apiVersion: CLUSTERS_API_VERSION,
    kind: 'VerrazzanoManagedCluster',
    metadata: {
      name: cluster,
      namespace: Namespaces.VerrazzanoMc,
      ...wiringMetadata(rendered.access ? Wiring.ClusterNamespace : Wiring.Verrazzano),
    },
    spec: { ...rendered.vmcSpec },
  };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: Namespaces.VerrazzanoMc } },
    ...(rendered.access ? [] : [managedClusterClusterRole()]),
    vmc,
    ...adminObjectList(rendered),
  ] as KubeObject[];
}

/** Checks the flag combinations; returns the admin context when vzmc talks to the admin. */
function mode(options: RegisterOptions): { offline: true } | { offline: false; context: string | undefined } {
  const context = options.context ?? options.adminContext;
  if (options.tokenFile !== undefined) {
    if (context !== undefined)
      throw new CliError('--token-file renders offline and --context talks to the admin: give one of them');
    if (options.adminServer === undefined) throw new CliError('--token-file needs --admin-server');
    return { offline: true };
  }
  if (options.adminObjects)
    throw new CliError(
      '--admin-objects prints the objects rendered offline (with --token-file); through the admin they are created',
    );
  return { offline: false, context };
}

/** `vzmc register`. */
export async function run(
  { io, setExit }: CommandContext,
  options: RegisterOptions,
  args: readonly unknown[],
  command: Command,
): Promise<void> {
  const cluster = String(args[0]);
  const how = mode(options);
  // The Kubernetes client loads only when vzmc talks to the admin.
  const clusters = how.offline ? undefined : await import('../support/clusters.js');
  const admin = how.offline ? undefined : clusters?.contextCluster(how.context, options);
  const caBundle = options.caFile
    ? await readText(options.caFile, 'CA file', envInputLimits(io))
    : (admin?.caPem ?? '');
  const adminServer = options.adminServer ?? admin?.server ?? '';
  const token = options.tokenFile
    ? (await readText(options.tokenFile, 'token file', envInputLimits(io))).trim()
    : undefined;
  const vmc: VerrazzanoManagedCluster = {
    apiVersion: CLUSTERS_API_VERSION,
    kind: 'VerrazzanoManagedCluster',
    metadata: { name: cluster, namespace: Namespaces.VerrazzanoMc },
  };
  const inputs = { adminServer, adminCaBundle: caBundle };
  const wiring = options.wiring ?? Wiring.ClusterNamespace;
  const findings = validateRegistration(
    vmc,
    { ...inputs, ...(token !== undefined ? { token } : {}) },
    { allowInsecureHttp: options.allowInsecureHttp ?? false },
  );
  if (findings.length > 0) {
    for (const finding of findings) io.stderr.write(`vzmc: ${finding.message}\n`);
    setExit(ExitCode.Usage);
    return;
  }
  const output = outputWithShowSecrets(options, command);
  const redact = options.redact ?? false;
  if (how.offline) {
    const rendered = renderRegistration(vmc, { ...inputs, token: token ?? '', wiring });
    if (options.adminObjects) {
      const objects = adminObjects(cluster, rendered);
      io.stdout.write(output === 'text' ? objectTable(objects) : manifests(objects, output, redact));
      return;
    }
    printManifest(
      io,
      Buffer.from(rendered.manifestSecret.data?.yaml ?? '', 'base64').toString('utf8'),
      output,
      redact,
    );
    return;
  }
  const { registerOnAdmin } = await import('../../agent/register.js');
  const client = clusters!.clientFor(how.context, options, 'admin', {
    onInsecureTls: (warning) => io.stderr.write(`vzmc: ${warning}\n`),
  });
  try {
    printManifest(io, await registerOnAdmin(client, cluster, { ...inputs, wiring }), output, redact);
  } finally {
    client.close();
  }
}

/** The step-2 manifest: as rendered (Verrazzano's own text) for yaml, else through the objects. */
function printManifest(
  io: CommandContext['io'],
  manifest: string,
  output: 'yaml' | 'json' | 'text',
  redact: boolean,
): void {
  if (output === 'yaml' && !redact) {
    io.stdout.write(manifest);
    return;
  }
  const objects = loadText(manifest, 'manifest').objects.map((o) => o.object);
  io.stdout.write(output === 'text' ? objectTable(objects) : manifests(objects, output, redact));
}
