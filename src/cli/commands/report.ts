import { writeFile } from 'node:fs/promises';
import { readFleetSnapshot } from '../../agent/snapshots.js';
import type { ClusterClient } from '../../port/client.js';
import { fleetFromObjects, type Fleet } from '../../placement/fleet.js';
import { failedLists } from '../../sync-plan/snapshot.js';
import { fleetReport } from '../../report/html.js';
import { impactSection } from '../../report/impact-section.js';
import { impactOf } from '../../impact/impact.js';
import { loadFleet } from '../support/fleet.js';
import { side } from './impact.js';
import { inputLimits } from '../support/input-limit.js';
import { CliError, ExitCode, type CliIo, type CommandContext } from '../shared/io.js';

interface ReportOptions {
  readonly file?: string[];
  readonly before?: string[];
  readonly after?: string[];
  readonly git?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly out?: string;
  readonly title: string;
  readonly generatedAt?: string;
  readonly maxInputBytes?: string;
}

/**
 * The admin's fleet as the admin holds it (VMC status and every wrapper's per-cluster status
 * included), read through any ClusterClient; a failed list is an error, named on stderr.
 */
export async function readAdminFleet(client: ClusterClient, io: CliIo): Promise<Fleet> {
  const snap = await readFleetSnapshot(client);
  const failed = failedLists(snap);
  if (failed.length > 0) {
    for (const f of failed)
      if (!f.result.ok)
        io.stderr.write(`vzmc: cannot list ${f.kind} in ${f.namespace}: ${f.result.message}\n`);
    throw new CliError(`cannot read the fleet: ${failed.length} list(s) failed`, ExitCode.Invalid);
  }
  return fleetFromObjects(snap.entries.flatMap((e) => (e.result.ok ? e.result.items : [])));
}

/** The admin's fleet, read live through a kubeconfig context. */
async function liveFleet(options: ReportOptions, io: CliIo): Promise<Fleet> {
  const onInsecureTls = (warning: string) => io.stderr.write(`vzmc: ${warning}\n`);
  const client = (await import('../support/clusters.js')).clientFor(options.context, options, undefined, {
    onInsecureTls,
  });
  try {
    return await readAdminFleet(client, io);
  } finally {
    client.close();
  }
}

/** The fleet the matrix shows: --after, --file or the live admin. */
async function shownFleet(options: ReportOptions, io: CliIo): Promise<Fleet> {
  const files = options.after ?? options.file;
  if (files && options.context !== undefined)
    throw new CliError('give one of --file and --context (--after counts as --file)');
  if (options.after && options.file)
    throw new CliError('give one of --file and --after: both are the fleet shown');
  if (!files && options.context === undefined)
    throw new CliError('give the fleet: --file DIR, or --context ADMIN_CONTEXT to read it live');
  if (options.before === undefined && options.git !== undefined) throw new CliError('--git needs --before');
  if (!files) return liveFleet(options, io);
  // With --before, the fleet is read strictly, as `vzmc impact` reads it.
  if (options.before !== undefined) return side(files, undefined, io, options);
  return (await loadFleet(files, io, inputLimits(options.maxInputBytes, io))).fleet;
}

/** `vzmc report`. */
export async function run({ io }: CommandContext, options: ReportOptions): Promise<void> {
  const fleet = await shownFleet(options, io);
  const impact =
    options.before === undefined
      ? undefined
      : impactSection(impactOf(await side(options.before, options.git, io, options), fleet));
  const html = fleetReport(fleet, {
    ...(impact ? { impact } : {}),
    title: options.title,
    source: options.file ? 'from files' : `from context ${options.context ?? ''}`,
    ...(options.generatedAt !== undefined ? { generatedAt: options.generatedAt } : {}),
  });
  if (options.out === undefined || options.out === '-') io.stdout.write(html);
  else {
    await writeFile(options.out, html);
    io.stderr.write(`wrote ${options.out}\n`);
  }
}
