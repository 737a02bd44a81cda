import type { Command } from 'commander';
import type { CommandContext } from '../shared/io.js';
import { defaultImage, installManifests, type InstallHalf } from '../install/manifests.js';
import { manifests } from '../support/print.js';
import { VERSION } from '../shared/version.js';

interface InstallOptions {
  readonly image?: string;
  readonly cluster?: string;
  readonly output: 'yaml' | 'json';
}

/** `vzmc install admin|agent`. */
export function run(
  { io }: CommandContext,
  options: InstallOptions,
  _args: readonly unknown[],
  command: Command,
): void {
  const half = command.name() as InstallHalf;
  const objects = installManifests(half, {
    image: options.image ?? defaultImage(VERSION),
    ...(options.cluster ? { cluster: options.cluster } : {}),
  });
  io.stdout.write(manifests(objects, options.output, false));
}
