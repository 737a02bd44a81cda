import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { registerOnAdmin } from '../../agent/register.js';
import {
  adminObjectList,
  managedClusterClusterRole,
  renderRegistration,
  validateRegistration,
} from '../../registration/index.js';
import {
  loadText,
  redactSecretData,
  toJson,
  toYaml,
  type KubeObject,
  type VerrazzanoManagedCluster,
} from '../../types/index.js';
import { clientFor, contextCa } from '../clusters.js';
import { CliError, ExitCode, outputFormat, type CliIo } from '../io.js';

interface RegisterOptions {
  readonly adminServer: string;
  readonly caFile?: string;
  readonly tokenFile?: string;
  readonly adminContext?: string;
  readonly kubeconfig?: string;
  readonly adminObjects?: boolean;
  readonly showSecrets?: boolean;
  readonly allowInsecureHttp?: boolean;
  readonly output: string;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** `vzmc register`. */
export function registerRegister(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('register')
    .summary('render (or create) the registration of a managed cluster, and print the step-2 manifest')
    .description(
      'Step 1 of registration happens on the admin, step 2 on the managed cluster (apply the printed manifest there). ' +
        'With --token-file, vzmc renders everything from the inputs alone. With --admin-context, it creates or updates the ' +
        'VMC and the admin objects through the Kubernetes API and gets a bound token with the TokenRequest API. ' +
        'By default it prints the step-2 manifest; --admin-objects prints the admin-side objects instead (Secret data ' +
        'redacted unless --show-secrets). Tokens and Secret data appear nowhere else.',
    )
    .argument('<cluster>', 'the managed cluster name (a DNS-1123 label, not "local")')
    .requiredOption('--admin-server <url>', 'the admin API server URL, as managed clusters reach it')
    .option(
      '--ca-file <file>',
      "the admin CA bundle (PEM); default: the admin context's CA, else none (well-known CA)",
    )
    .option('--token-file <file>', "the agent ServiceAccount's token")
    .option('--admin-context <context>', 'create the admin objects through this kubeconfig context')
    .option('--kubeconfig <file>', 'kubeconfig for --admin-context')
    .option('--admin-objects', 'print the admin-side objects instead of the manifest')
    .option('--show-secrets', 'with --admin-objects, print Secret data')
    .option('--allow-insecure-http', 'accept an http:// admin server (the token then travels in clear text)')
    .option('-o, --output <format>', 'yaml or json', 'yaml')
    .addHelpText(
      'after',
      '\nExamples:\n  vzmc register managed1 --admin-server https://admin.example.com:6443 --ca-file ca.pem --token-file token > register.yaml\n' +
        '  vzmc register managed1 --admin-server https://admin.example.com:6443 --admin-context admin | kubectl --context managed1 apply -f -\n',
    )
    .action(async (cluster: string, options: RegisterOptions) => {
      const format = outputFormat(options.output, ['yaml', 'json'] as const);
      if (!options.tokenFile === !options.adminContext)
        throw new CliError('give exactly one of --token-file and --admin-context');
      const caBundle = options.caFile
        ? await readText(options.caFile, 'CA file')
        : options.adminContext
          ? contextCa(options.adminContext, options)
          : '';
      const token = options.tokenFile ? (await readText(options.tokenFile, 'token file')).trim() : undefined;
      const vmc: VerrazzanoManagedCluster = {
        apiVersion: 'clusters.verrazzano.io/v1alpha1',
        kind: 'VerrazzanoManagedCluster',
        metadata: { name: cluster, namespace: 'verrazzano-mc' },
      };
      const findings = validateRegistration(
        vmc,
        {
          adminServer: options.adminServer,
          adminCaBundle: caBundle,
          ...(token !== undefined ? { token } : {}),
        },
        { allowInsecureHttp: options.allowInsecureHttp ?? false },
      );
      if (findings.length > 0) {
        for (const finding of findings) io.stderr.write(`vzmc: ${finding.message}\n`);
        setExit(ExitCode.Usage);
        return;
      }
      let manifest: string;
      let objects: KubeObject[];
      if (options.adminContext) {
        const admin = clientFor(options.adminContext, options, 'admin');
        manifest = await registerOnAdmin(admin, cluster, {
          adminServer: options.adminServer,
          adminCaBundle: caBundle,
        });
        objects = [];
        if (options.adminObjects)
          throw new CliError(
            '--admin-objects prints rendered objects; with --admin-context they are created instead',
          );
      } else {
        const rendered = renderRegistration(vmc, {
          adminServer: options.adminServer,
          adminCaBundle: caBundle,
          token: token ?? '',
        });
        manifest = Buffer.from(rendered.manifestSecret.data?.yaml ?? '', 'base64').toString('utf8');
        objects = [managedClusterClusterRole(), ...adminObjectList(rendered)] as KubeObject[];
      }
      if (options.adminObjects) {
        const printable = options.showSecrets ? objects : objects.map(redactSecretData);
        io.stdout.write(
          format === 'json'
            ? toJson({ apiVersion: 'v1', kind: 'List', items: printable })
            : toYaml(printable),
        );
        return;
      }
      if (format === 'yaml') io.stdout.write(manifest);
      else
        io.stdout.write(
          toJson({
            apiVersion: 'v1',
            kind: 'List',
            items: loadText(manifest, 'manifest').objects.map((o) => o.object),
          }),
        );
    });
}
