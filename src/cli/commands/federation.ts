import type { Command } from 'commander';
import {
  EMPTY_FEDERATION,
  federateFleet,
  federationObjects,
  parseScrapeJobs,
  type FederationFacts,
} from '../../registration/federation.js';
import type { KubeObject, Secret, VerrazzanoManagedCluster } from '../../model/index.js';
import { UnreadableInputError, readFileBounded, type ReadLimits } from '../../adapters/files.js';
import { loadFleet } from '../support/fleet.js';
import { inputLimits } from '../support/input-limit.js';
import { CliError, type CommandContext } from '../shared/io.js';
import { outputWithShowSecrets } from '../shared/options.js';
import { manifests, objectTable } from '../support/print.js';

interface FederationOptions {
  readonly file: string[];
  readonly existingJobs?: string;
  readonly thanos?: boolean;
  readonly output: 'text' | 'yaml' | 'json';
  readonly redact?: boolean;
  readonly showSecrets?: boolean;
  readonly maxInputBytes?: string;
}

const decode = (value: string | undefined) => (value ? Buffer.from(value, 'base64').toString('utf8') : '');

async function existingJobs(
  path: string | undefined,
  limits: ReadLimits,
): Promise<Record<string, unknown>[]> {
  if (!path) return [];
  try {
    return parseScrapeJobs(new TextDecoder().decode(await readFileBounded(path, limits)));
  } catch (error) {
    const reason = error instanceof UnreadableInputError ? error.reason : (error as Error).message;
    throw new CliError(`cannot read ${path}: ${reason}`);
  }
}

/** `vzmc federation`. */
export async function run(
  { io }: CommandContext,
  options: FederationOptions,
  _args: readonly unknown[],
  command: Command,
): Promise<void> {
  const limits = inputLimits(options.maxInputBytes, io);
  const { fleet, objects } = await loadFleet(options.file, io, limits);
  const secrets = objects.filter(
    (o): o is Secret & KubeObject => o.kind === 'Secret' && o.apiVersion === 'v1',
  );
  const secret = (namespace: string, name: string) =>
    secrets.find((s) => s.metadata.namespace === namespace && s.metadata.name === name);
  const vmcs: VerrazzanoManagedCluster[] = [...fleet.managedClusters];
  const facts: FederationFacts = {
    monitoringNamespaceExists: true,
    thanosEnabled: options.thanos ?? false,
    promPassword: decode(secret('verrazzano-system', 'verrazzano-prom-internal')?.data?.password),
    caCerts: Object.fromEntries(
      vmcs.map((vmc) => [
        vmc.metadata.name ?? '',
        decode(secret('verrazzano-mc', vmc.spec?.caSecret ?? '')?.data?.cacrt),
      ]),
    ),
  };
  const existing = { ...EMPTY_FEDERATION, scrapeJobs: await existingJobs(options.existingJobs, limits) };
  const out = federationObjects(federateFleet(vmcs, facts, existing)) as KubeObject[];
  const output = outputWithShowSecrets(options, command);
  io.stdout.write(output === 'text' ? objectTable(out) : manifests(out, output, options.redact ?? false));
}
