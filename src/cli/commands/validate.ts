import { readManifestSources } from '../../adapters/files.js';
import { Severity, formatIssue, formatPath } from '../../model/index.js';
import { loadSources } from '../../manifest/index.js';
import { validateManifests, type ValidationReport } from '../../validation/index.js';
import { inputLimits } from '../support/input-limit.js';
import { ExitCode, commaList, type CommandContext } from '../shared/io.js';
import { dataDocument } from '../support/print.js';

interface ValidateOptions {
  readonly file: string[];
  readonly output: 'text' | 'json' | 'yaml';
  readonly registered?: string;
  readonly managed?: boolean;
  readonly maxInputBytes?: string;
}

/** The JSON shape of `vzmc validate -o json` (and of `-o yaml`). */
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
export async function run({ io, setExit }: CommandContext, options: ValidateOptions): Promise<void> {
  const sources = await readManifestSources(options.file, io.stdin, inputLimits(options.maxInputBytes, io));
  const report = validateManifests(loadSources(sources), {
    registeredClusters: commaList(options.registered),
    ...(options.managed ? { managedCluster: true } : {}),
  });
  if (options.output !== 'text') io.stdout.write(dataDocument(reportToJson(report), options.output));
  else {
    for (const issue of report.issues) io.stdout.write(`${formatIssue(issue)}\n`);
    io.stdout.write(`${summary(report)}\n`);
  }
  setExit(report.valid ? ExitCode.Ok : ExitCode.Invalid);
}
