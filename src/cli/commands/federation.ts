import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  EMPTY_FEDERATION,
  federateFleet,
  federationObjects,
  parseScrapeJobs,
  type FederationFacts,
} from '../../registration/federation.js';
import {
  redactSecretData,
  toJson,
  toYaml,
  type KubeObject,
  type Secret,
  type VerrazzanoManagedCluster,
} from '../../types/index.js';
import { loadFleet } from '../fleet.js';
import { CliError, outputFormat, type CliIo } from '../io.js';

const decode = (value: string | undefined) => (value ? Buffer.from(value, 'base64').toString('utf8') : '');

/** `vzmc federation`. */
export function registerFederation(program: Command, io: CliIo): void {
  program
    .command('federation')
    .summary("print the admin's metrics-federation objects for its managed clusters (M1-M5)")
    .description(
      'Computes verrazzano-monitoring/managed-cluster-ca-certs, additional-scrape-configs (one Prometheus job per ' +
        'cluster with a prometheusHost, in the exact shape of M4) and verrazzano-thanos-endpoints from the VMCs, their CA ' +
        'Secrets (spec.caSecret, key cacrt) and verrazzano-system/verrazzano-prom-internal. Existing jobs are kept. ' +
        'Secret data is redacted unless --show-secrets.',
    )
    .requiredOption(
      '-f, --file <path...>',
      'VMCs and the Secrets they refer to: files, directories or - for stdin',
    )
    .option(
      '--existing-jobs <file>',
      'the current `jobs` of additional-scrape-configs (a YAML list) to merge into',
    )
    .option('--thanos', 'Thanos is enabled (Thanos endpoints take precedence over Prometheus jobs)')
    .option('--show-secrets', 'print Secret data instead of <redacted>')
    .option('-o, --output <format>', 'yaml or json', 'yaml')
    .addHelpText(
      'after',
      '\nExamples:\n  vzmc federation -f vmcs/ --existing-jobs jobs.yaml\n  kubectl get vmc,secret -n verrazzano-mc -o yaml | vzmc federation -f - -o json\n',
    )
    .action(
      async (options: {
        file: string[];
        existingJobs?: string;
        thanos?: boolean;
        showSecrets?: boolean;
        output: string;
      }) => {
        const format = outputFormat(options.output, ['yaml', 'json'] as const);
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
        let existing = EMPTY_FEDERATION;
        if (options.existingJobs) {
          let text: string;
          try {
            text = await readFile(options.existingJobs, 'utf8');
          } catch (error) {
            throw new CliError(`cannot read ${options.existingJobs}: ${(error as Error).message}`);
          }
          existing = { ...EMPTY_FEDERATION, scrapeJobs: parseScrapeJobs(text) };
        }
        const state = federateFleet(vmcs, facts, existing);
        const out = federationObjects(state).map((o) =>
          options.showSecrets ? o : redactSecretData(o),
        ) as KubeObject[];
        io.stdout.write(
          format === 'json' ? toJson({ apiVersion: 'v1', kind: 'List', items: out }) : toYaml(out),
        );
      },
    );
}
