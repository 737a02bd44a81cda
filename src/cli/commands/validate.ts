import type { Command } from 'commander';
import { readManifestSources } from '../../adapters/files.js';
import {
  Severity,
  formatIssue,
  formatPath,
  loadSources,
  validateManifests,
  type ValidationReport,
} from '../../types/index.js';
import { ExitCode, commaList, outputFormat, type CliIo } from '../io.js';

interface ValidateOptions {
  readonly file: string[];
  readonly output: string;
  readonly registered?: string;
  readonly managed?: boolean;
}

/** The JSON shape of `vzmc validate -o json`. */
export function reportToJson(report: ValidationReport): unknown {
  return {
    valid: report.valid,
    objects: report.objects,
    issues: report.issues.map((issue) => ({
      code: issue.code,
      severity: issue.severity,
      message: issue.message,
      file: issue.source?.file ?? null,
      line: issue.source?.line ?? null,
      column: issue.source?.column ?? null,
      path: formatPath(issue.path),
      kind: issue.object?.kind ?? null,
      namespace: issue.object?.namespace ?? null,
      name: issue.object?.name ?? null,
      ...(issue.ruleId ? { ruleId: issue.ruleId } : {}),
      ...(issue.hint !== undefined ? { hint: issue.hint } : {}),
    })),
  };
}

function summary(report: ValidationReport): string {
  const count = (severity: Severity) => report.issues.filter((i) => i.severity === severity).length;
  const errors = count(Severity.Error);
  const warnings = count(Severity.Warning);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(report.objects, 'object')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** `vzmc validate`. */
export function registerValidate(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('validate')
    .summary('check manifests against the schemas, Kubernetes rules and Verrazzano admission rules')
    .description(
      'Loads YAML or JSON manifests and checks every object: its schema, the rules a Kubernetes API server ' +
        'enforces (names, labels, base64 Secret data, sizes) and the Verrazzano admission rules W1-W11. ' +
        'Exit codes: 0 valid, 1 invalid, 2 unreadable input or bad usage.',
    )
    .requiredOption('-f, --file <path...>', 'files, directories (recursive) or - for stdin')
    .option('-o, --output <format>', 'text or json', 'text')
    .option(
      '--registered <names>',
      'comma-separated clusters registered on the admin (besides the VMCs in the input)',
    )
    .option('--managed', 'validate as on a managed cluster (W2 is skipped)')
    .addHelpText(
      'after',
      '\nExamples:\n  vzmc validate -f examples/todo-list --registered managed1\n  kubectl get mcappconf -A -o yaml | vzmc validate -f - -o json\n',
    )
    .action(async (options: ValidateOptions) => {
      const format = outputFormat(options.output, ['text', 'json'] as const);
      const sources = await readManifestSources(options.file, io.stdin);
      const report = validateManifests(loadSources(sources), {
        registeredClusters: commaList(options.registered),
        ...(options.managed ? { managedCluster: true } : {}),
      });
      if (format === 'json') io.stdout.write(`${JSON.stringify(reportToJson(report), null, 2)}\n`);
      else {
        for (const issue of report.issues) io.stdout.write(`${formatIssue(issue)}\n`);
        io.stdout.write(`${summary(report)}\n`);
      }
      setExit(report.valid ? ExitCode.Ok : ExitCode.Invalid);
    });
}
