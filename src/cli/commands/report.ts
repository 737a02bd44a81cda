import { writeFile } from 'node:fs/promises';
import { readFleetSnapshot } from '../../agent/snapshots.js';
import type { ClusterClient } from '../../port/client.js';
import { fleetFromObjects, type Fleet } from '../../placement/fleet.js';
import { failedLists } from '../../sync-plan/snapshot.js';
import { fleetReport } from '../../report/html.js';
import { loadFleet } from '../support/fleet.js';
import { inputLimits } from '../support/input-limit.js';
import { CliError, ExitCode, type CliIo, type CommandContext } from '../shared/io.js';

interface ReportOptions {
  readonly file?: string[];
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

/** `vzmc report`. */
export async function run({ io }: CommandContext, options: ReportOptions): Promise<void> {
  if (options.file && options.context !== undefined) throw new CliError('give one of --file and --context');
  if (!options.file && options.context === undefined)
    throw new CliError('give the fleet: --file DIR, or --context ADMIN_CONTEXT to read it live');
  const fleet = options.file
    ? (await loadFleet(options.file, io, inputLimits(options.maxInputBytes, io))).fleet
    : await liveFleet(options, io);
  const html = fleetReport(fleet, {
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
