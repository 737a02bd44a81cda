/**
 * Command actions load on demand: the command tree (names, options, help) is all `vzmc` loads to
 * start, and a command's implementation, with the libraries it needs (the Kubernetes client, the
 * schemas, the agent), is imported only when that command runs. `--version`, `--help` and
 * `completion` therefore load nothing but commander.
 */
import type { Command } from 'commander';
import type { CommandContext } from './io.js';

/** What a command module exports: its action. */
export interface ActionModule<O> {
  run(context: CommandContext, options: O, args: readonly unknown[], command: Command): Promise<void> | void;
}

/**
 * An action handler for commander that imports the command's module and runs it with the parsed
 * options and positional arguments.
 *
 * @example
 * command.action(lazyAction(context, () => import('../commands/validate.js')));
 */
export function lazyAction<O>(
  context: CommandContext,
  load: () => Promise<ActionModule<O>>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const module = await load();
    await module.run(context, command.opts<O & object>(), command.processedArgs as unknown[], command);
  };
}
