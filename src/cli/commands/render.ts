import type { Command } from 'commander';
import { renderCluster } from '../../desired/render.js';
import { loadFleet } from '../support/fleet.js';
import { inputLimits } from '../support/input-limit.js';
import type { CommandContext } from '../shared/io.js';
import { outputWithShowSecrets } from '../shared/options.js';
import { inNamespace, manifests, objectTable } from '../support/print.js';

interface RenderOptions {
  readonly file: string[];
  readonly cluster: string;
  readonly namespace?: string;
  readonly output: 'text' | 'yaml' | 'json';
  readonly redact?: boolean;
  readonly showSecrets?: boolean;
  readonly maxInputBytes?: string;
}

/** `vzmc render`. */
export async function run(
  { io }: CommandContext,
  options: RenderOptions,
  _args: readonly unknown[],
  command: Command,
): Promise<void> {
  const { fleet } = await loadFleet(options.file, io, inputLimits(options.maxInputBytes, io));
  const wanted = inNamespace(options.namespace);
  const desired = renderCluster(fleet, options.cluster).filter((d) => wanted(d.object));
  const objects = desired.map((d) => d.object);
  const output = outputWithShowSecrets(options, command);
  if (output !== 'text') {
    io.stdout.write(manifests(objects, output, options.redact ?? false));
    return;
  }
  io.stdout.write(
    objectTable(objects, {
      headers: ['RULE', 'WHY'],
      cells: (_o, i) => [desired[i]!.ruleId, desired[i]!.reason],
    }),
  );
}
