import { formatImpact, formatImpactMarkdown, impactOf, type Impact } from '../../impact/index.js';
import type { Fleet } from '../../placement/fleet.js';
import { readManifestSources } from '../../adapters/files.js';
import { fleetOfSources } from '../support/fleet.js';
import { gitSources } from '../support/git-sources.js';
import { inputLimits } from '../support/input-limit.js';
import { CliError, ExitCode, useColor, type CliIo, type CommandContext } from '../shared/io.js';

interface ImpactCliOptions {
  readonly before: string[];
  readonly after?: string[];
  readonly git?: string;
  readonly afterGit?: string;
  readonly output: 'text' | 'json' | 'markdown';
  readonly exitCode?: boolean;
  readonly protect?: string;
  readonly maxDeleteFraction: string;
  readonly color: boolean;
  readonly maxInputBytes?: string;
}

/** One side: the paths from the working tree, or as they are at a git revision. */
export async function side(
  paths: readonly string[],
  rev: string | undefined,
  io: CliIo,
  options: { readonly maxInputBytes?: string },
): Promise<Fleet> {
  const limits = inputLimits(options.maxInputBytes, io);
  const sources =
    rev === undefined
      ? await readManifestSources(paths, io.stdin, limits)
      : await gitSources(rev, paths, limits);
  // Strict: an invalid fleet would give an impact of objects that cannot be applied.
  return fleetOfSources(sources, io, true).fleet;
}

/** The protected clusters of `--protect a,b`. */
export function protectedClusters(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The exit code of `--exit-code`: 1 when the change deletes anything, or touches a protected
 * cluster; else 0. Without `--exit-code`, 0.
 */
export function impactExit(impact: Impact, exitCode: boolean, protect: readonly string[]): ExitCode {
  if (!exitCode) return ExitCode.Ok;
  if (impact.totals.deletes > 0) return ExitCode.Invalid;
  return impact.touched.some((c) => protect.includes(c)) ? ExitCode.Invalid : ExitCode.Ok;
}

async function impact({ io, setExit }: CommandContext, options: ImpactCliOptions): Promise<void> {
  const fraction = Number(options.maxDeleteFraction);
  if (!(fraction >= 0 && fraction <= 1)) throw new CliError('--max-delete-fraction must be between 0 and 1');
  const afterPaths = options.after ?? options.before;
  if (options.after === undefined && options.git === undefined && options.afterGit === undefined)
    throw new CliError('give --after, or --git REV to compare --before at REV with the working tree');
  const before: Fleet = await side(options.before, options.git, io, options);
  const after: Fleet = await side(afterPaths, options.afterGit, io, options);
  const result = impactOf(before, after, { maxDeleteFraction: fraction });
  const protect = protectedClusters(options.protect);
  if (options.output === 'json') io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (options.output === 'markdown') io.stdout.write(formatImpactMarkdown(result));
  else io.stdout.write(formatImpact(result, { color: useColor(io, options.color) }));
  const touchedProtected = result.touched.filter((c) => protect.includes(c));
  if (touchedProtected.length > 0 && options.output === 'text')
    io.stderr.write(`vzmc: the change touches protected cluster(s): ${touchedProtected.join(', ')}\n`);
  setExit(impactExit(result, options.exitCode ?? false, protect));
}

/** `vzmc impact`. With --exit-code, as `plan --exit-code`: errors exit 2, never 1 (which means deletes or a protected cluster). */
export async function run(context: CommandContext, options: ImpactCliOptions): Promise<void> {
  try {
    await impact(context, options);
  } catch (error) {
    if (!options.exitCode || (error instanceof CliError && error.exitCode === ExitCode.Usage)) throw error;
    throw new CliError(error instanceof Error ? error.message : String(error), ExitCode.Usage);
  }
}
