import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  EMPTY_FEDERATION,
  federateFleet,
  federationObjects,
  parseScrapeJobs,
  type FederationFacts,
} from '../../registration/federation.js';
import type { KubeObject, Secret, VerrazzanoManagedCluster } from '../../types/index.js';
import { loadFleet } from '../fleet.js';
import { CliError, type CommandContext } from '../io.js';
import { outputWithShowSecrets } from '../options.js';
import { manifests, objectTable } from '../print.js';

interface FederationOptions {
  readonly file: string[];
  readonly existingJobs?: string;
  readonly thanos?: boolean;
  readonly output: 'text' | 'yaml' | 'json';
  readonly redact?: boolean;
  readonly showSecrets?: boolean;
}

const decode = (value: string | undefined) => (value ? Buffer.from(value, 'base64').toString('utf8') : '');

async function existingJobs(path: string | undefined): Promise<Record<string, unknown>[]> {
  if (!path) return [];
  try {
    return parseScrapeJobs(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** `vzmc federation`. */
export async function run(
  { io }: CommandContext,
  options: FederationOptions,
  _args: readonly unknown[],
  command: Command,
): Promise<void> {
  const { fleet, objects } = await loadFleet(options.file, io);
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
  const existing = { ...EMPTY_FEDERATION, scrapeJobs: await existingJobs(options.existingJobs) };
  const out = federationObjects(federateFleet(vmcs, facts, existing)) as KubeObject[];
  const output = outputWithShowSecrets(options, command);
  io.stdout.write(output === 'text' ? objectTable(out) : manifests(out, output, options.redact ?? false));
}
